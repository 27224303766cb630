import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Db } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { alertForOutcomeSelect, toAlertForOutcome, type AlertOutcomeRow } from "@/lib/domain/outcomes/alert";
import { requestOutcome } from "@/lib/domain/outcomes/commands";
import { GUARD_MESSAGE_PREFIX, refundGuard } from "@/lib/domain/outcomes/guard";
import { enqueueJob } from "@/lib/domain/queue";
import { intentLabel } from "@/lib/domain/rules/conditions";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";
import { AppError, isAppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import { getProvider } from "@/lib/providers/registry";
import { OUTCOME_INTENTS, type OutcomeIntent } from "@/lib/providers/types";

/**
 * Bulk triage: one provider-neutral outcome (an intent) for many alerts. A run is prepared as a
 * draft (the confirmation shows what each provider will be told), started by its author, and
 * worked through in the background, each alert exactly like a person's single decision (the same
 * checks, the same outbox), with a result per alert: sent, refused (the provider's rules or the
 * alert's state) or blocked (the double-refund guard, never overridden in bulk).
 */
export const BULK_LIMIT = 1_000;
export const BULK_TASK = "bulk.run";

export type BulkVerdict = { verdict: "send"; value: string; label: string; consequence: string } | { verdict: "refused" | "blocked"; reason: string };

/** What the provider would be told for one alert now (pure, but the guard reads the payment). */
export async function planAlert(tx: DbClient, alert: AlertOutcomeRow, intent: OutcomeIntent): Promise<BulkVerdict> {
  const provider = getProvider(alert.provider);
  if (!provider?.outcomes) return { verdict: "refused", reason: `Outcomes for ${provider?.label ?? alert.provider} are answered in the provider's dashboard.` };
  if (!alert.connectionId) return { verdict: "refused", reason: "Did not arrive through a connection: there is nowhere to send an outcome." };
  if (alert.status === "AWAITING_PROVIDER") return { verdict: "refused", reason: "An outcome is already on its way." };
  if (alert.status !== "ACTION_REQUIRED") return { verdict: "refused", reason: `The alert is ${alert.status.toLowerCase().replace(/_/g, " ")}.` };
  const offer = provider.outcomes.offer(toAlertForOutcome(alert));
  if (!offer.ok) return { verdict: "refused", reason: offer.reason };
  const choice = offer.choices.find((c) => c.intent === intent);
  if (!choice) return { verdict: "refused", reason: `${provider.label} does not accept “${intentLabel(intent).toLowerCase()}” for this alert.` };
  if (offer.fields.some((f) => f.required && f.name !== "note" && !(f.name === "orderId" && alert.merchantReference))) {
    return { verdict: "refused", reason: `${provider.label} needs details for this outcome; answer this alert on its own page.` };
  }
  if (choice.refunds) {
    const guard = await refundGuard(tx, alert.id);
    if (guard.blocked) return { verdict: "blocked", reason: guard.reason };
  }
  return { verdict: "send", value: choice.value, label: choice.label, consequence: choice.consequence };
}

const bulkInput = (intent: string) => {
  if (!OUTCOME_INTENTS.some((i) => i.value === intent)) {
    throw new AppError("VALIDATION", { userMessage: "Choose an outcome.", fieldErrors: { intent: ["Choose an outcome."] } });
  }
  return intent as OutcomeIntent;
};

/** Creates a draft run for the given alerts (those in scope; at most 1,000). */
export async function prepareBulkRun(
  scope: AccessScope,
  input: { intent: string; alertIds: string[]; note?: string | null },
  actor: Extract<AuditActor, { type: "user" }>,
  db: Db = defaultDb as Db,
): Promise<{ id: string; total: number }> {
  const intent = bulkInput(input.intent);
  const ids = [...new Set(input.alertIds)];
  if (ids.length === 0) throw new AppError("VALIDATION", { userMessage: "Select at least one alert." });
  if (ids.length > BULK_LIMIT) throw new AppError("VALIDATION", { userMessage: `At most ${BULK_LIMIT.toLocaleString("en")} alerts at once; narrow the filter.` });
  return db.$transaction(async (tx) => {
    const alerts = await tx.alert.findMany({ where: { AND: [scopedWhere(scope), { id: { in: ids } }] }, select: { id: true, organisationId: true } });
    if (alerts.length === 0) throw new AppError("NOT_FOUND", { userMessage: "None of the selected alerts can be found." });
    const order = new Map(ids.map((id, i) => [id, i]));
    alerts.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const run = await tx.bulkRun.create({ data: { createdById: actor.id, outcome: intent, note: input.note ?? null, total: alerts.length, status: "draft" }, select: { id: true } });
    await tx.bulkRunItem.createMany({ data: alerts.map((a) => ({ runId: run.id, alertId: a.id, organisationId: a.organisationId })) });
    return { id: run.id, total: alerts.length };
  });
}

async function ownRun(tx: DbClient, runId: string, userId: string) {
  const run = await tx.bulkRun.findFirst({ where: { id: runId, createdById: userId } });
  if (!run) throw new AppError("NOT_FOUND", { userMessage: "Bulk run not found." });
  return run;
}

/** The author confirms a draft: audited, queued for the worker. */
export async function startBulkRun(runId: string, input: { note?: string | null }, actor: Extract<AuditActor, { type: "user" }>, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const run = await ownRun(tx, runId, actor.id);
    if (run.status !== "draft") throw new AppError("CONFLICT", { userMessage: "This bulk run has already been started." });
    const note = input.note?.trim() ? input.note.trim().slice(0, 500) : run.note;
    const updated = await tx.bulkRun.updateMany({ where: { id: run.id, status: "draft" }, data: { status: "queued", note } });
    if (updated.count === 0) throw new AppError("CONFLICT", { userMessage: "This bulk run has already been started." });
    await enqueueJob(tx, { task: BULK_TASK, payload: { runId: run.id }, jobKey: `bulk:${run.id}`, maxAttempts: 5 });
    const organisations = await tx.bulkRunItem.findMany({ where: { runId: run.id }, distinct: ["organisationId"], select: { organisationId: true } });
    for (const { organisationId } of organisations) {
      await recordAudit({ actor, action: "bulk.start", targetType: "BulkRun", targetId: run.id, organisationId, after: { outcome: run.outcome, total: run.total, note } }, tx);
    }
    return { id: run.id };
  });
}

/** Throws a draft away (nothing was sent). */
export async function discardBulkRun(runId: string, actor: Extract<AuditActor, { type: "user" }>, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const run = await ownRun(tx, runId, actor.id);
    if (run.status !== "draft") throw new AppError("CONFLICT", { userMessage: "A started run cannot be discarded." });
    await tx.bulkRun.delete({ where: { id: run.id } });
    return { id: run.id };
  });
}

/**
 * Works through a started run (the job). `scope` is the author's outcome scope now (access may
 * have changed since the draft); `actor` the author. Resumable: items already done are skipped.
 */
export async function runBulkItems(runId: string, scope: AccessScope, actor: Extract<AuditActor, { type: "user" }>, db: Db = defaultDb as Db): Promise<Record<string, number>> {
  const run = await db.bulkRun.findUnique({ where: { id: runId } });
  if (!run || run.status === "draft" || run.status === "completed") return {};
  await db.bulkRun.update({ where: { id: run.id }, data: { status: "running" } });
  const intent = run.outcome as OutcomeIntent;
  const items = await db.bulkRunItem.findMany({ where: { runId, status: "pending" }, orderBy: { id: "asc" } });
  for (const item of items) {
    const result = await runItem(db, scope, actor, run, intent, item.alertId);
    await db.$transaction(async (tx) => {
      await tx.bulkRunItem.update({ where: { id: item.id }, data: { status: result.status, message: result.message?.slice(0, 500) ?? null, submissionId: result.submissionId ?? null } });
      await notifyChange(tx, { type: "BulkRun", id: run.id, organisationId: item.organisationId });
    });
  }
  await db.bulkRun.update({ where: { id: run.id }, data: { status: "completed", completedAt: new Date() } });
  const counts = await db.bulkRunItem.groupBy({ by: ["status"], where: { runId }, _count: true });
  return Object.fromEntries(counts.map((c) => [c.status, c._count]));
}

async function runItem(
  db: Db,
  scope: AccessScope,
  actor: Extract<AuditActor, { type: "user" }>,
  run: { id: string; note: string | null },
  intent: OutcomeIntent,
  alertId: string,
): Promise<{ status: "sent" | "refused" | "blocked" | "failed"; message?: string; submissionId?: string }> {
  try {
    const alert = (await db.alert.findFirst({ where: { AND: [scopedWhere(scope), { id: alertId }] }, select: alertForOutcomeSelect })) as AlertOutcomeRow | null;
    if (!alert) return { status: "refused", message: "You can no longer act on this alert." };
    const plan = await planAlert(db, alert, intent);
    if (plan.verdict !== "send") return { status: plan.verdict, message: plan.reason };
    const submission = await requestOutcome(scope, { alertId, outcome: plan.value, note: run.note ?? undefined, orderId: alert.merchantReference ?? undefined }, actor, db);
    return { status: "sent", message: plan.consequence, submissionId: submission.id };
  } catch (error) {
    if (isAppError(error) && (error.code === "CONFLICT" || error.code === "VALIDATION" || error.code === "NOT_FOUND")) {
      return { status: error.userMessage.startsWith(GUARD_MESSAGE_PREFIX) ? "blocked" : "refused", message: error.userMessage };
    }
    logger.warn("bulk.item_failed", { runId: run.id, alertId, error: error instanceof Error ? error.message : String(error) });
    return { status: "failed", message: "Something went wrong; the error was logged. Answer this alert on its own page." };
  }
}
