import { EventEmitter } from "node:events";
import os from "node:os";
import { Logger, makeWorkerUtils, run, runMigrations, type Runner, type WorkerEvents } from "graphile-worker";
import { db } from "@/lib/db";
import { errorFields } from "@/lib/logger";
import { logger } from "@/lib/logger";
import { CRONTAB, taskList } from "./tasks";

/** Installs or upgrades graphile-worker's own schema (graphile_worker); idempotent. */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: quietLogger() });
}

function quietLogger() {
  // graphile-worker's log lines, routed to our JSON logs (debug dropped)
  return new Logger(() => (level: string, message: string, meta?: unknown) => {
    if (level === "debug") return;
    const fields = { message, ...(meta && typeof meta === "object" ? { meta: Object.keys(meta as object) } : {}) };
    if (level === "error") logger.error("worker", fields);
    else if (level === "warning") logger.warn("worker", fields);
    else logger.debug("worker", fields);
  });
}

/**
 * Starts a worker on the Postgres queue. Several workers (processes) may run at once: jobs are
 * locked with SKIP LOCKED; a crashed worker's jobs are retried after their lock expires.
 */
export async function startWorker(options: {
  connectionString: string;
  concurrency?: number;
  pollInterval?: number;
  /** seconds without a heartbeat after which a worker counts as dead (default 60) */
  staleAfterSeconds?: number;
  heartbeatSeconds?: number;
}): Promise<Runner> {
  const concurrency = options.concurrency ?? 5;
  const events = new EventEmitter() as WorkerEvents;
  const workerIds = new Set<string>();
  events.on("worker:create", ({ worker }) => workerIds.add(worker.workerId));
  const runner = await run({
    connectionString: options.connectionString,
    concurrency,
    pollInterval: options.pollInterval ?? 1000,
    noHandleSignals: true,
    taskList: taskList(),
    crontab: CRONTAB,
    logger: quietLogger(),
    events,
  });
  const stopHeartbeat = startHeartbeat({
    connectionString: options.connectionString,
    workerIds,
    concurrency,
    staleAfterSeconds: options.staleAfterSeconds ?? 60,
    intervalSeconds: options.heartbeatSeconds ?? 10,
  });
  const stop = runner.stop.bind(runner);
  runner.stop = async (reason?: string) => {
    await stopHeartbeat();
    await stop(reason);
  };
  return runner;
}

/**
 * Crash recovery: every worker records a heartbeat; each one also unlocks the jobs of workers
 * whose heartbeat stopped (a SIGKILLed process never releases its locks; graphile-worker would
 * otherwise wait hours), so their jobs run again within about a minute.
 */
function startHeartbeat(options: { connectionString: string; workerIds: Set<string>; concurrency: number; staleAfterSeconds: number; intervalSeconds: number }) {
  const utilsPromise = makeWorkerUtils({ connectionString: options.connectionString, logger: quietLogger() });
  let running = false;
  const beat = async () => {
    if (running) return;
    running = true;
    try {
      const now = new Date();
      for (const workerId of options.workerIds) {
        await db.workerHeartbeat.upsert({
          where: { workerId },
          create: { workerId, pid: process.pid, host: os.hostname(), concurrency: options.concurrency, lastSeenAt: now },
          update: { lastSeenAt: now },
        });
      }
      const stale = await db.workerHeartbeat.findMany({
        where: { lastSeenAt: { lt: new Date(now.getTime() - options.staleAfterSeconds * 1000) } },
        select: { workerId: true },
      });
      if (stale.length) {
        const ids = stale.map((s) => s.workerId);
        await (await utilsPromise).forceUnlockWorkers(ids);
        await db.workerHeartbeat.deleteMany({ where: { workerId: { in: ids } } });
        logger.warn("worker.unlocked_dead_workers", { workerIds: ids });
      }
    } catch (error) {
      logger.warn("worker.heartbeat_failed", errorFields(error));
    } finally {
      running = false;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalSeconds * 1000);
  return async () => {
    clearInterval(timer);
    await db.workerHeartbeat.deleteMany({ where: { workerId: { in: [...options.workerIds] } } }).catch(() => undefined);
    await (await utilsPromise).release();
  };
}
