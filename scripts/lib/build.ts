import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { bin, projectRoot, run } from "./runtime.ts";

const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"];
const SKIP = new Set(["generated", "node_modules", ".next"]);

function walk(entry: string, hash: ReturnType<typeof createHash>) {
  const full = path.join(projectRoot, entry);
  if (!fs.existsSync(full)) return;
  const stat = fs.statSync(full);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) {
      if (SKIP.has(name) || name.endsWith(".test.ts") || name.endsWith(".test.tsx")) continue;
      walk(path.join(entry, name), hash);
    }
  } else {
    hash.update(entry).update(String(stat.size)).update(String(stat.mtimeMs));
  }
}

/** Fingerprint of everything that goes into the production build. */
export function sourceFingerprint(): string {
  const hash = createHash("sha256");
  for (const entry of SOURCES) walk(entry, hash);
  return hash.digest("hex");
}

const marker = () => path.join(projectRoot, ".next", "recourse-build.json");

export function buildIsCurrent(): boolean {
  if (!fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID")) || !fs.existsSync(marker())) return false;
  const stored = JSON.parse(fs.readFileSync(marker(), "utf8")) as { fingerprint?: string };
  return stored.fingerprint === sourceFingerprint();
}

/** Runs `next build` unless the last build came from the same sources. */
export async function buildIfNeeded(log: (line: string) => void, force = false): Promise<void> {
  if (!force && buildIsCurrent()) return;
  const fingerprint = sourceFingerprint();
  log("Building the app (next build); this takes a minute the first time…");
  const code = await run(bin("next"), ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  fs.writeFileSync(marker(), JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
}
