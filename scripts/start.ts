/**
 * `npm start`: everything needed to run Recourse on one machine.
 *  1. secrets (AUTH_SECRET, RECOURSE_ENCRYPTION_KEYS) from the environment or generated once into
 *     the data directory;
 *  2. the database: DATABASE_URL, or an embedded PostgreSQL in RECOURSE_DATA_DIR;
 *  3. migrations, and demo data when the database has no organisation (unless RECOURSE_SEED=never);
 *  4. `next build` when the sources changed since the last build;
 *  5. `next start` on PORT and a job worker (unless RECOURSE_WORKER=0), until Ctrl-C, which
 *     stops everything.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { applySecretsToEnv, bin, dataDir, ensureDatabase, migrateDeploy, projectRoot } from "./lib/runtime.ts";
import { buildIfNeeded } from "./lib/build.ts";

const log = (line: string) => process.stdout.write(`[recourse] ${line}\n`);

const port = Number(process.env.PORT || 3000);
applySecretsToEnv();
log(`Data directory: ${dataDir()}`);
const database = await ensureDatabase({ log: process.env.RECOURSE_LOG_LEVEL === "debug" ? log : undefined });
process.env.DATABASE_URL = database.url;
log(database.embedded ? "Database: embedded PostgreSQL" : "Database: DATABASE_URL");

const children: ChildProcess[] = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("Stopping…");
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once("exit", resolve)))));
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  log("Applying migrations…");
  await migrateDeploy(database.url);

  // the demo deliveries include deliberately broken ones: keep their warnings out of the console
  const userLogLevel = process.env.RECOURSE_LOG_LEVEL;
  process.env.RECOURSE_LOG_LEVEL = "error";
  const { createPrismaClient } = await import("@/lib/db");
  const { seedDemoData, DEMO_USERS, DEMO_PASSWORD } = await import("../prisma/seed.ts");
  const db = createPrismaClient({ url: database.url, applicationName: "recourse-start", max: 2 });
  const organisations = await db.organisation.count();
  let seeded = false;
  if (organisations === 0 && (process.env.RECOURSE_SEED ?? "auto") !== "never") {
    log("Empty database: adding demo data…");
    await seedDemoData(db, { databaseUrl: database.url });
    seeded = true;
  }
  const demoUsers = await db.user.count({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
  await db.$disconnect();
  if (userLogLevel === undefined) delete process.env.RECOURSE_LOG_LEVEL;
  else process.env.RECOURSE_LOG_LEVEL = userLogLevel;

  await buildIfNeeded(log);

  const server = spawn(bin("next"), ["start", "-p", String(port)], {
    cwd: projectRoot,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  children.push(server);
  server.on("exit", (code) => {
    if (!stopping) {
      log(`The web server exited (code ${code}).`);
      void shutdown(code ?? 1);
    }
  });

  if ((process.env.RECOURSE_WORKER ?? "1") !== "0") {
    const worker = spawn(bin("tsx"), ["--conditions=react-server", "scripts/worker.ts"], {
      cwd: projectRoot,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    children.push(worker);
    worker.on("exit", (code) => {
      if (!stopping) {
        log(`The job worker exited (code ${code}).`);
        void shutdown(code ?? 1);
      }
    });
  }

  const url = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  log(`Recourse is running at ${url}`);
  if (demoUsers > 0) {
    log(`Demo logins${seeded ? "" : " (from an earlier start)"}, password "${DEMO_PASSWORD}":`);
    for (const u of DEMO_USERS) log(`  ${u.email.padEnd(20)} ${u.description}`);
  }
  log("Press Ctrl-C to stop.");
} catch (error) {
  process.stderr.write(`[recourse] Start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
}
