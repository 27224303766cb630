import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";

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
