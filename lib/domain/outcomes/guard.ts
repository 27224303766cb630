import type { DbClient } from "@/lib/db";
import { REFUNDING_OUTCOMES, refundConflicts, type RefundConflict } from "@/lib/matching";

/** Every guard refusal starts with this (bulk runs tell "blocked" from other refusals by it). */
export const GUARD_MESSAGE_PREFIX = "Blocked by the double-refund guard";

export type RefundGuard = { blocked: false } | { blocked: true; reason: string; conflicts: RefundConflict[] };

/**
 * The double-refund guard: a refunding outcome for an alert whose payment shows a refund, a lost or
 * open chargeback, an RDR refund or a refund sent for another of its alerts is held back. A person
 * may override it with a reason (audited); rules and bulk runs never do.
 */
export async function refundGuard(tx: DbClient, alertId: string): Promise<RefundGuard> {
  const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { transactionId: true } });
  if (!alert?.transactionId) return { blocked: false };
  // two refunds for two alerts of one payment at once: the second waits here and then sees the first
  await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('refund:' || $1))", alert.transactionId);
  const conflicts = await refundConflicts(tx, alertId);
  const inFlight = await tx.outcomeSubmission.findMany({
    where: { alertId: { not: alertId }, alert: { transactionId: alert.transactionId }, status: { in: ["QUEUED", "SENDING", "UNKNOWN"] }, outcome: { in: [...REFUNDING_OUTCOMES] } },
    select: { alertId: true, outcome: true },
  });
  for (const s of inFlight) {
    conflicts.push({ kind: "outcome_refunded", message: `A refund ("${s.outcome}") is on its way for another alert on this payment.`, href: `/alerts/${s.alertId}` });
  }
  if (conflicts.length === 0) return { blocked: false };
  const first = conflicts[0]!;
  const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : "";
  return { blocked: true, reason: `${GUARD_MESSAGE_PREFIX}: ${first.message}${more}`, conflicts };
}
