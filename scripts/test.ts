/**
 * `npm test`: the whole suite, set up from nothing.
 *   1. typecheck (tsc) and lint (eslint);
 *   2. Vitest (unit + integration) on a fresh database built from the migrations;
 *   3. Playwright in Chromium against the production build (next build + next start) on another
 *      fresh database with the demo data.
 * The database server is DATABASE_URL's, or an embedded PostgreSQL when it is unset.
 * Options: --only static|unit|e2e (repeatable), --keep (leave the test databases for inspection);
 * further arguments filter test files (passed to Vitest and Playwright).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { applySecretsToEnv, bin, ensureDatabase, projectRoot, run } from "./lib/runtime.ts";
import { buildIfNeeded } from "./lib/build.ts";
import { createTestDatabase, dropDatabase } from "./lib/test-db.ts";
import { startMailSink } from "./lib/mail-sink.ts";

const { values, positionals } = parseArgs({
  options: { only: { type: "string", multiple: true }, keep: { type: "boolean", default: false } },
  allowPositionals: true,
});
const only = new Set(values.only ?? []);
const want = (step: string) => only.size === 0 || only.has(step);
const log = (line: string) => process.stdout.write(`\n[test] ${line}\n`);
const started = Date.now();
const timings: string[] = [];

async function step(name: string, fn: () => Promise<void>) {
  const t0 = Date.now();
  log(`${name}…`);
  await fn();
  timings.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function mustRun(command: string, args: string[], env?: NodeJS.ProcessEnv) {
  const code = await run(command, args, { env: env ?? process.env });
  if (code !== 0) throw new Error(`${[command.split("/").pop(), ...args].join(" ")} failed (exit ${code})`);
}

function findBrowser(): string | null {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (fs.existsSync(candidate)) return candidate;
  return null;
}

async function playwrightBrowserInstalled(): Promise<boolean> {
  try {
    const { chromium } = await import("@playwright/test");
    return fs.existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 3100));
    });
  });
}

applySecretsToEnv();
let database: Awaited<ReturnType<typeof ensureDatabase>> | null = null;
const cleanups: (() => Promise<void>)[] = [];
let failed: unknown = null;

try {
  if (want("static")) {
    await step("typecheck", () => mustRun(bin("tsc"), ["--noEmit"]));
    await step("lint", () => mustRun(bin("eslint"), ["--max-warnings", "0", "."]));
  }

  if (want("unit") || want("e2e")) {
    database = await ensureDatabase({ log: () => undefined });
    log(database.embedded ? "Database server: embedded PostgreSQL" : "Database server: DATABASE_URL");
  }

  if (want("unit")) {
    await step("vitest", async () => {
      const url = await createTestDatabase(database!.url, "test");
      if (!values.keep) cleanups.push(() => dropDatabase(url));
      await mustRun(bin("vitest"), ["run", ...positionals], { ...process.env, RECOURSE_TEST_DATABASE_URL: url });
    });
  }

  if (want("e2e")) {
    await step("playwright", async () => {
      if (!findBrowser() && !(await playwrightBrowserInstalled())) {
        throw new Error(
          "No browser for the end-to-end tests. Install Debian's Chromium (`sudo apt-get install -y chromium`) " +
            "or Playwright's own browser (`npx playwright install chromium`), then run `npm test` again.",
        );
      }
      const url = await createTestDatabase(database!.url, "e2e");
      if (!values.keep) cleanups.push(() => dropDatabase(url));
      process.env.RECOURSE_LOG_LEVEL ??= "error"; // the demo deliveries include deliberately broken ones
      const { createPrismaClient } = await import("@/lib/db");
      const { seedDemoData } = await import("../prisma/seed.ts");
      const db = createPrismaClient({ url, applicationName: "recourse-e2e-seed", max: 2 });
      await seedDemoData(db, { databaseUrl: url });
      await db.$disconnect();

      await buildIfNeeded((line) => log(line));
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      // a local SMTP sink: the notification tests read what the app sends from this directory
      const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "recourse-e2e-mail-"));
      const mailSink = await startMailSink({ port: 0, dir: mailDir });
      cleanups.push(async () => {
        await mailSink.close();
        if (!values.keep) fs.rmSync(mailDir, { recursive: true, force: true });
      });
      const env = {
        ...process.env,
        DATABASE_URL: url,
        NODE_ENV: "production" as const,
        PORT: String(port),
        PUBLIC_BASE_URL: baseUrl,
        NEXT_TELEMETRY_DISABLED: "1",
        RECOURSE_LOG_LEVEL: process.env.RECOURSE_LOG_LEVEL ?? "warn",
        SMTP_URL: mailSink.url,
        SMTP_FROM: "Recourse <recourse@e2e.test>",
      };
      const server = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "inherit"] });
      server.stdout?.on("data", () => undefined);
      cleanups.unshift(
        () =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null) return resolve();
            server.once("exit", () => resolve());
            server.kill("SIGTERM");
          }),
      );
      const worker = spawn(bin("tsx"), ["--conditions=react-server", "scripts/worker.ts"], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] });
      cleanups.unshift(
        () =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null) return resolve();
            worker.once("exit", () => resolve());
            worker.kill("SIGTERM");
          }),
      );
      let healthy = false;
      for (let i = 0; i < 120 && !healthy; i++) {
        try {
          healthy = (await fetch(`${baseUrl}/api/health`)).ok;
        } catch {
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      if (!healthy) throw new Error("The app did not become healthy for the end-to-end tests");
      await mustRun(bin("playwright"), ["test", ...positionals], { ...env, E2E_BASE_URL: baseUrl, E2E_MAIL_DIR: mailDir, NODE_ENV: "test" });
    });
  }
} catch (error) {
  failed = error;
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  await database?.stop().catch(() => undefined);
}

log(`${timings.join(" · ")} · total ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failed) {
  process.stderr.write(`\n[test] FAILED: ${failed instanceof Error ? failed.message : String(failed)}\n`);
  process.exit(1);
}
log("All green.");
process.exit(0);
