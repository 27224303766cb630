/**
 * The operations CLI as a user runs it: a child process, one line of JSON out, errors on stderr
 * with exit code 1, against the test database (DATABASE_URL).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { unique } from "@/lib/testing/factories";

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/cli.ts", ...args], {
      cwd: root,
      env: { ...process.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("operations CLI", () => {
  it("creates and lists organisations, users and memberships", async () => {
    const name = `Cli Org ${unique()}`;
    const org = await cli("org:create", "--name", name, "--provider-org-id", unique("org"));
    expect(org.code).toBe(0);
    expect(org.stdout.trim().split("\n")).toHaveLength(1);
    const created = JSON.parse(org.stdout);
    expect(created).toEqual({ id: expect.any(String), name, slug: name.toLowerCase().replaceAll(" ", "-"), providerOrgId: expect.stringMatching(/^org-/) });

    const list = JSON.parse((await cli("org:list")).stdout);
    expect(list.items.some((o: { id: string }) => o.id === created.id)).toBe(true);

    const email = `${unique("cli")}@example.test`;
    const user = await cli("user:create", "--email", email, "--password", "a sound passphrase", "--role", "OPS");
    expect(JSON.parse(user.stdout)).toEqual({ id: expect.any(String), email, role: "OPS" });

    const member = await cli("membership:add", "--email", email, "--org", created.slug, "--role", "VIEWER");
    expect(JSON.parse(member.stdout)).toEqual({ id: expect.any(String), userId: JSON.parse(user.stdout).id, organisationId: created.id, role: "VIEWER" });
  }, 60_000);

  it("reports errors as JSON on stderr with exit code 1", async () => {
    const cases = [
      { args: ["org:create"], code: "VALIDATION" },
      { args: ["user:create", "--email", "nope", "--password", "x"], code: "VALIDATION" },
      { args: ["membership:add", "--email", "nobody@example.test", "--org", "no-such-org", "--role", "AGENT"], code: "NOT_FOUND" },
      { args: ["user:create", "--email", "a@example.test", "--password", "a sound passphrase", "--role", "GOD"], code: "VALIDATION" },
      { args: ["frobnicate"], code: "UNKNOWN_COMMAND" },
      { args: ["org:list", "--bogus"], code: "BAD_ARGUMENTS" },
    ];
    const results = await Promise.all(cases.map((c) => cli(...c.args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]!.args.join(" ")).toBe(1);
      expect(result.stdout).toBe("");
      expect(JSON.parse(result.stderr.trim())).toEqual({ error: { code: cases[i]!.code, message: expect.any(String) } });
    });
  }, 60_000);
});
