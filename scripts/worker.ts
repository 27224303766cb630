/**
 * `npm run worker`: a job worker on the Postgres queue (graphile-worker), alone. `npm start` runs
 * one beside the web server; start more of these to scale out. Stops cleanly on SIGINT/SIGTERM.
 */
import { applySecretsToEnv, ensureDatabase, migrateIfNeeded } from "./lib/runtime.ts";

applySecretsToEnv();
const database = await ensureDatabase();
process.env.DATABASE_URL = database.url;
await migrateIfNeeded(database.url);
const { startWorker } = await import("@/lib/jobs/worker");
const concurrency = Number(process.env.RECOURSE_WORKER_CONCURRENCY ?? 5);
const runner = await startWorker({
  connectionString: database.url,
  concurrency,
  staleAfterSeconds: process.env.RECOURSE_WORKER_STALE_SECONDS ? Number(process.env.RECOURSE_WORKER_STALE_SECONDS) : undefined,
  heartbeatSeconds: process.env.RECOURSE_WORKER_HEARTBEAT_SECONDS ? Number(process.env.RECOURSE_WORKER_HEARTBEAT_SECONDS) : undefined,
});
process.stdout.write(JSON.stringify({ t: new Date().toISOString(), level: "info", event: "worker.started", concurrency, pid: process.pid }) + "\n");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await runner.stop().catch(() => undefined);
  const { getDb } = await import("@/lib/db");
  await getDb().$disconnect().catch(() => undefined);
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
await runner.promise.catch((error: unknown) => {
  process.stderr.write(`worker stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
