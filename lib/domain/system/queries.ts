import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { assertGlobalScope } from "@/lib/domain/admin/scope";
import { countRejections } from "@/lib/domain/connections/queries";
import type { AccessScope } from "@/lib/domain/scope";

/** Operational counters for /admin/system (system.read holders only). */
export async function getSystemSummary(tx: DbClient = defaultDb) {
  const hourAgo = new Date(Date.now() - 3600_000);
  const dayAgo = new Date(Date.now() - 24 * 3600_000);
  const [deliveriesLastHour, failedLast24h, activeConnections, organisations, users] = await Promise.all([
    tx.webhookEvent.count({ where: { receivedAt: { gte: hourAgo } } }),
    tx.webhookEvent.count({ where: { status: "FAILED", receivedAt: { gte: dayAgo } } }),
    tx.connection.count({ where: { status: "ACTIVE" } }),
    tx.organisation.count(),
    tx.user.count(),
  ]);
  return { database: "ok", deliveriesLastHour, failedLast24h, activeConnections, organisations, users };
}

/** Health check: one round trip. Throws when the database is unreachable. */
export async function pingDatabase(tx: DbClient = defaultDb): Promise<void> {
  await tx.$queryRaw`SELECT 1`;
}

export type QueueStats = { waiting: number; scheduled: number; running: number; retrying: number; failed: number };

/**
 * Depth of the graphile-worker queue: waiting (due, unlocked), scheduled (due later), running
 * (locked by a worker), retrying (failed before, will run again) and failed (attempts used up).
 */
export async function getQueueStats(scope: AccessScope, tx: DbClient = defaultDb): Promise<QueueStats & { byTask: (QueueStats & { task: string })[] }> {
  assertGlobalScope(scope);
  const rows = await tx.$queryRawUnsafe<(QueueStats & { task: string })[]>(`
    SELECT task_identifier AS task,
           count(*) FILTER (WHERE attempts < max_attempts AND locked_at IS NULL AND run_at <= now())::int AS waiting,
           count(*) FILTER (WHERE attempts < max_attempts AND locked_at IS NULL AND run_at > now())::int AS scheduled,
           count(*) FILTER (WHERE attempts < max_attempts AND locked_at IS NOT NULL)::int AS running,
           count(*) FILTER (WHERE attempts > 0 AND attempts < max_attempts AND locked_at IS NULL)::int AS retrying,
           count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed
      FROM graphile_worker.jobs GROUP BY task_identifier ORDER BY task_identifier`);
  const total: QueueStats = { waiting: 0, scheduled: 0, running: 0, retrying: 0, failed: 0 };
  for (const row of rows) for (const key of Object.keys(total) as (keyof QueueStats)[]) total[key] += row[key];
  return { ...total, byTask: rows };
}

export type FailedJob = { id: string; task: string; attempts: number; maxAttempts: number; lastError: string | null; key: string | null; createdAt: Date; updatedAt: Date };

/** Jobs whose attempts are used up, most recent first (their last_error says why). */
export async function listFailedJobs(scope: AccessScope, limit = 50, tx: DbClient = defaultDb): Promise<FailedJob[]> {
  assertGlobalScope(scope);
  return tx.$queryRawUnsafe<FailedJob[]>(
    `SELECT id::text AS id, task_identifier AS task, attempts, max_attempts AS "maxAttempts", last_error AS "lastError", key,
            created_at AS "createdAt", updated_at AS "updatedAt"
       FROM graphile_worker.jobs WHERE attempts >= max_attempts ORDER BY updated_at DESC, id DESC LIMIT $1`,
    Math.min(Math.max(limit, 1), 200),
  );
}

export type WorkerStatus = { workerId: string; host: string; pid: number; concurrency: number; startedAt: Date; lastSeenAt: Date; live: boolean };

/** Job workers by heartbeat: live when seen within `staleAfterSeconds` (workers beat every 10 s). */
export async function listWorkers(scope: AccessScope, options: { staleAfterSeconds?: number; now?: Date } = {}, tx: DbClient = defaultDb): Promise<WorkerStatus[]> {
  assertGlobalScope(scope);
  const now = options.now ?? new Date();
  const staleMs = (options.staleAfterSeconds ?? 30) * 1000;
  const rows = await tx.workerHeartbeat.findMany({ orderBy: [{ lastSeenAt: "desc" }, { workerId: "asc" }], take: 100 });
  return rows.map((r) => ({ ...r, live: now.getTime() - r.lastSeenAt.getTime() <= staleMs }));
}

export type ConnectionHealth = {
  id: string;
  provider: string;
  label: string | null;
  status: "ACTIVE" | "DISABLED";
  scope: "ORG" | "PARTNER";
  organisation: { id: string; name: string } | null;
  lastSyncAt: Date | null;
  /** deliveries per minute over the last hour, oldest minute first (60 buckets) */
  perMinute: number[];
  lastHour: number;
  rejectedLast24h: number;
  /** the newest delivery of the last 7 days (null: none that recent) */
  lastDeliveryAt: Date | null;
};

/** Per connection: deliveries per minute over the last hour, rejected deliveries in 24 h, last sync. */
export async function listConnectionHealth(scope: AccessScope, now = new Date(), tx: DbClient = defaultDb): Promise<ConnectionHealth[]> {
  assertGlobalScope(scope);
  const end = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000;
  const start = end - 60 * 60_000;
  const connections = await tx.connection.findMany({
    select: { id: true, provider: true, label: true, status: true, scope: true, lastSyncAt: true, organisation: { select: { id: true, name: true } } },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }],
  });
  const [buckets, last, rejected] = await Promise.all([
    tx.$queryRawUnsafe<{ connectionId: string; minute: Date; n: number }[]>(
      `SELECT "connectionId", date_trunc('minute', "receivedAt") AS minute, count(*)::int AS n
         FROM "WebhookEvent" WHERE "receivedAt" >= $1 AND "receivedAt" < $2 GROUP BY 1, 2`,
      new Date(start),
      new Date(end),
    ),
    // bounded to a week so the receivedAt index serves it however large the log grows
    tx.webhookEvent.groupBy({ by: ["connectionId"], where: { receivedAt: { gte: new Date(now.getTime() - 7 * 24 * 3600_000) } }, _max: { receivedAt: true } }),
    countRejections(connections.map((c) => c.id), new Date(now.getTime() - 24 * 3600_000), tx),
  ]);
  const series = new Map<string, number[]>();
  for (const b of buckets) {
    const index = Math.floor((b.minute.getTime() - start) / 60_000);
    if (index < 0 || index >= 60) continue;
    const s = series.get(b.connectionId) ?? Array.from({ length: 60 }, () => 0);
    s[index] = (s[index] ?? 0) + b.n;
    series.set(b.connectionId, s);
  }
  const lastBy = new Map(last.map((l) => [l.connectionId, l._max.receivedAt]));
  return connections.map((c) => {
    const perMinute = series.get(c.id) ?? Array.from({ length: 60 }, () => 0);
    return {
      ...c,
      perMinute,
      lastHour: perMinute.reduce((a, b) => a + b, 0),
      rejectedLast24h: rejected.get(c.id) ?? 0,
      lastDeliveryAt: lastBy.get(c.id) ?? null,
    };
  });
}
