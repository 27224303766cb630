/**
 * Every server action checks who is calling: a static scan of every "use server" module under
 * app/. An exported action is either built with defineAction / defineAdminAction and a permission
 * from the table, or a function whose body authorises (authorize, requireViewer, getViewer) or
 * delegates to such a built action; the only exceptions are the pre-sign-in actions listed here.
 * A new action that skips the check fails this test.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { permissions } from "./permissions";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** actions that run before there is a session (their own checks: password, one-time token) */
const PUBLIC_ACTIONS = new Set(["signInAction", "resetPasswordAction", "acceptInvitationAction", "signOutAction"]);

function serverModules(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...serverModules(full));
    else if (/\.tsx?$/.test(entry.name) && /^\s*["']use server["']/.test(fs.readFileSync(full, "utf8"))) out.push(full);
  }
  return out;
}

type Finding = { file: string; name: string; problem: string };

function check(file: string): { actions: string[]; findings: Finding[] } {
  const text = fs.readFileSync(file, "utf8");
  const rel = path.relative(ROOT, file);
  const findings: Finding[] = [];
  const actions: string[] = [];
  const built = new Map<string, string | null>();
  // const NAME = defineAction({ permission: "…", …
  for (const m of text.matchAll(/(?:export\s+)?const\s+(\w+)\s*=\s*(defineAction|defineAdminAction)\(\s*\{\s*permission:\s*"([^"]+)"/g)) built.set(m[1]!, m[3]!);
  for (const m of text.matchAll(/(?:export\s+)?const\s+(\w+)\s*=\s*(defineAction|defineAdminAction)\(/g)) if (!built.has(m[1]!)) built.set(m[1]!, null);
  for (const m of text.matchAll(/^export\s+(const|async function|function)\s+(\w+)/gm)) {
    const name = m[2]!;
    actions.push(name);
    if (m[1] === "const") {
      if (!built.has(name)) findings.push({ file: rel, name, problem: "exported without defineAction/defineAdminAction" });
      else if (!built.get(name)) findings.push({ file: rel, name, problem: "no literal permission" });
      else if (!(permissions as readonly string[]).includes(built.get(name)!)) findings.push({ file: rel, name, problem: `unknown permission ${built.get(name)}` });
      continue;
    }
    if (PUBLIC_ACTIONS.has(name)) continue;
    const start = m.index!;
    const next = text.slice(start + 1).search(/^export\s/m);
    const body = next === -1 ? text.slice(start) : text.slice(start, start + 1 + next);
    const authorises = /\b(authorize|requireViewer|getViewer)\(/.test(body);
    const delegates = [...built.entries()].some(([local, permission]) => permission && new RegExp(`\\b${local}\\(`).test(body));
    if (!authorises && !delegates) findings.push({ file: rel, name, problem: "a function action that neither authorises nor delegates to a defined action" });
  }
  return { actions, findings };
}

describe("server actions", () => {
  const modules = serverModules(path.join(ROOT, "app"));

  it("are found (the scan works)", () => {
    expect(modules.length).toBeGreaterThan(10);
    const names = modules.flatMap((m) => check(m).actions);
    expect(names).toEqual(expect.arrayContaining(["sendOutcomeAction", "prepareBulkAction", "ruleFormAction", "replayEventAction"]));
  });

  it("each check the caller's permission", () => {
    const findings = modules.flatMap((m) => check(m).findings);
    expect(findings).toEqual([]);
  });

  it("the scan catches an action without a check", () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "node_modules", ".actions-scan-"));
    try {
      const file = path.join(dir, "actions.ts");
      fs.writeFileSync(
        file,
        `"use server";\nexport async function leakyAction() { return db.alert.findMany(); }\nexport const fine = defineAction({ permission: "records.read", schema }, async () => {});\nexport const bad = defineAction({ permission: "root", schema }, async () => {});\n`,
      );
      expect(check(file).findings.map((f) => f.name)).toEqual(["leakyAction", "bad"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
