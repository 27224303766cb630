import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { notifyChange } from "@/lib/live/notify";

/**
 * Alerts still waiting for a decision after their deadline become EXPIRED (DESIGN.md,
 * "Normalized vocabularies"). Runs every minute from the job queue; compares instants exactly.
 */
export async function expireOverdueAlerts(now: Date, tx: DbClient = defaultDb): Promise<number> {
  const rows = await tx.$queryRawUnsafe<{ organisationId: string | null }[]>(
    `UPDATE "Alert" SET status = 'EXPIRED', "updatedAt" = now() WHERE status = 'ACTION_REQUIRED' AND "deadlineAt" < $1::timestamptz RETURNING "organisationId"`,
    now,
  );
  if (rows.length) {
    const organisationIds = [...new Set(rows.map((r) => r.organisationId).filter((id): id is string => id !== null))];
    await notifyChange(tx, { type: "Alert", organisationId: rows.some((r) => r.organisationId === null) ? null : (organisationIds[0] ?? null), organisationIds });
  }
  return rows.length;
}
