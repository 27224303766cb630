import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";

/**
 * Alerts still waiting for a decision after their deadline become EXPIRED (DESIGN.md,
 * "Normalized vocabularies"). Runs every minute from the job queue; compares instants exactly.
 */
export async function expireOverdueAlerts(now: Date, tx: DbClient = defaultDb): Promise<number> {
  const result = await tx.alert.updateMany({
    where: { status: "ACTION_REQUIRED", deadlineAt: { lt: now } },
    data: { status: "EXPIRED" },
  });
  return result.count;
}
