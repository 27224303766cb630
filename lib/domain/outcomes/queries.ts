import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";
import { refundConflicts, type RefundConflict } from "@/lib/matching";
import { getProvider } from "@/lib/providers/registry";
import type { OutcomeOffer } from "@/lib/providers/types";
import { loadAlertForOutcome, toAlertForOutcome } from "./alert";

export type SubmissionRow = {
  id: string;
  outcome: string;
  status: string;
  attempts: number;
  lastError: string | null;
  note: string | null;
  createdAt: Date;
  completedAt: Date | null;
  requestedBy: string | null;
  ruleId: string | null;
  ruleName: string | null;
};

/** Outcomes sent (or being sent) for an alert, newest first, within scope. */
export async function listSubmissions(scope: AccessScope, alertId: string, tx: DbClient = defaultDb): Promise<SubmissionRow[]> {
  const rows = await tx.outcomeSubmission.findMany({
    where: { alertId, alert: scopedWhere(scope) },
    select: { id: true, outcome: true, status: true, attempts: true, lastError: true, note: true, createdAt: true, completedAt: true, ruleId: true, requestedBy: { select: { email: true } } },
    orderBy: { createdAt: "desc" },
  });
  const ruleIds = [...new Set(rows.map((r) => r.ruleId).filter((id): id is string => id !== null))];
  const rules = ruleIds.length ? await tx.rule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, name: true } }) : [];
  const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
  return rows.map(({ requestedBy, ...r }) => ({ ...r, requestedBy: requestedBy?.email ?? null, ruleName: r.ruleId ? (ruleNames.get(r.ruleId) ?? "a deleted rule") : null }));
}

/** What may be sent for this alert now (provider rules), or why nothing can be. */
export async function getOutcomeOffer(scope: AccessScope, alertId: string, tx: DbClient = defaultDb): Promise<OutcomeOffer> {
  const alert = await loadAlertForOutcome(tx, { AND: [scopedWhere(scope), { id: alertId }] });
  if (!alert) return { ok: false, reason: "Alert not found." };
  const provider = getProvider(alert.provider);
  if (!provider?.outcomes) return { ok: false, reason: `Outcomes for ${provider?.label ?? alert.provider} are answered in the provider's dashboard.` };
  if (!alert.connectionId) return { ok: false, reason: "This alert did not arrive through a connection, so there is nowhere to send an outcome." };
  if (alert.status === "AWAITING_PROVIDER") return { ok: false, reason: "An outcome is on its way to the provider." };
  return provider.outcomes.offer(toAlertForOutcome(alert));
}

/** The double-refund guard's reasons for an alert in scope (empty when it has no matched payment). */
export async function getRefundConflicts(scope: AccessScope, alertId: string, tx: DbClient = defaultDb): Promise<RefundConflict[]> {
  const alert = await tx.alert.findFirst({ where: { AND: [scopedWhere(scope), { id: alertId }] }, select: { id: true } });
  return alert ? refundConflicts(tx, alert.id) : [];
}
