import { v7 as uuidv7 } from "uuid";
import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Db } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { uniqueViolationFields } from "@/lib/domain/prisma-errors";
import { enqueueJob } from "@/lib/domain/queue";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { decimalToMinor, minorToDecimal } from "@/lib/money";
import { getProvider } from "@/lib/providers/registry";
import { loadAlertForOutcome, toAlertForOutcome } from "./alert";
import { refundGuard } from "./guard";
import { requestOutcomeSchema, type RequestOutcomeInput } from "./schemas";

export const OUTCOME_TASK = "outcomes.send";
export const OUTCOME_MAX_ATTEMPTS = 8;

/**
 * Records a person's decision for an alert and enqueues its delivery to the provider, in one
 * transaction (the outbox). Checks, in SQL, that the alert still waits for a decision and that no
 * other submission is live: two people clicking at once give one submission, the other a clear
 * message. Returns the submission id.
 */
export async function requestOutcome(scope: AccessScope, input: RequestOutcomeInput, actor: AuditActor & { type: "user" | "rule" }, db: Db = defaultDb as Db) {
  const data = parseInput(requestOutcomeSchema, input);
  return db.$transaction(async (tx) => {
    const alert = await loadAlertForOutcome(tx, { AND: [scopedWhere(scope), { id: data.alertId }] });
    if (!alert) throw new AppError("NOT_FOUND", { userMessage: "Alert not found." });
    const provider = getProvider(alert.provider);
    if (!provider?.outcomes) throw new AppError("CONFLICT", { userMessage: "Outcomes cannot be sent to this provider from Recourse." });
    if (!alert.connectionId) throw new AppError("CONFLICT", { userMessage: "This alert did not arrive through a connection, so there is nowhere to send an outcome." });
    const offer = provider.outcomes.offer(toAlertForOutcome(alert));
    if (!offer.ok) throw new AppError("CONFLICT", { userMessage: offer.reason });
    const choice = offer.choices.find((c) => c.value === data.outcome);
    if (!choice) throw new AppError("VALIDATION", { userMessage: "Choose one of the offered outcomes.", fieldErrors: { outcome: ["Choose one of the offered outcomes."] } });

    let guardOverride: { reason: string; conflicts: string[] } | null = null;
    if (choice.refunds) {
      const guard = await refundGuard(tx, alert.id);
      if (guard.blocked) {
        // rules and bulk runs never override; a person may, with a reason, and it is audited
        if (actor.type !== "user" || !data.overrideReason) {
          throw new AppError("CONFLICT", {
            userMessage: guard.reason,
            fieldErrors: actor.type === "user" ? { overrideReason: ["To refund anyway, give your reason."] } : undefined,
          });
        }
        guardOverride = { reason: data.overrideReason, conflicts: guard.conflicts.map((c) => c.message) };
      }
    }

    const payload: Record<string, unknown> = {};
    if (data.orderId) payload.orderId = data.orderId;
    if (data.refundAmount) {
      const minor = alert.currency ? decimalToMinor(data.refundAmount, alert.currency) : null;
      if (minor === null || (alert.amountMinor !== null && minor > alert.amountMinor)) {
        throw new AppError("VALIDATION", {
          userMessage: "Check the refund amount.",
          fieldErrors: { refundAmount: [alert.amountMinor !== null && alert.currency ? `At most ${minorToDecimal(alert.amountMinor, alert.currency)} ${alert.currency}.` : "Enter a valid amount."] },
        });
      }
      payload.refundAmountMinor = minor;
    }

    // the state is checked in SQL, not only in the form
    const claimed = await tx.$executeRawUnsafe(`UPDATE "Alert" SET status = 'AWAITING_PROVIDER', "updatedAt" = now() WHERE id = $1 AND status = 'ACTION_REQUIRED'`, alert.id);
    if (claimed === 0) throw new AppError("CONFLICT", { userMessage: "This alert no longer waits for a decision. Reload to see its state." });

    const id = uuidv7();
    try {
      await tx.outcomeSubmission.create({
        data: {
          id,
          alertId: alert.id,
          organisationId: alert.organisationId,
          outcome: choice.value,
          note: data.note ?? null,
          payload: payload as object,
          status: "QUEUED",
          liveAlertId: alert.id,
          idempotencyKey: uuidv7(),
          requestedById: actor.type === "user" ? actor.id : null,
          ruleId: actor.type === "rule" ? actor.id : null,
        },
      });
    } catch (error) {
      if (uniqueViolationFields(error)) throw new AppError("CONFLICT", { userMessage: "An outcome for this alert is already on its way." });
      throw error;
    }
    await enqueueJob(tx, { task: OUTCOME_TASK, payload: { submissionId: id }, jobKey: `outcome:${id}`, maxAttempts: OUTCOME_MAX_ATTEMPTS });
    await recordAudit(
      {
        actor,
        action: "outcome.request",
        targetType: "Alert",
        targetId: alert.id,
        organisationId: alert.organisationId,
        after: { submissionId: id, outcome: choice.value, consequence: choice.consequence, note: data.note ?? null, ...payload },
      },
      tx,
    );
    if (guardOverride) {
      await recordAudit(
        { actor, action: "outcome.guard_override", targetType: "Alert", targetId: alert.id, organisationId: alert.organisationId, after: { submissionId: id, ...guardOverride } },
        tx,
      );
    }
    await notifyChange(tx, { type: "Alert", id: alert.id, organisationId: alert.organisationId });
    return { id, outcome: choice.value, consequence: choice.consequence };
  });
}

/** Sends a failed submission again (same idempotency key), if nothing else is live meanwhile. */
export async function retryOutcome(scope: AccessScope, submissionId: string, actor: AuditActor, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const submission = await tx.outcomeSubmission.findFirst({
      where: { id: submissionId, alert: scopedWhere(scope) },
      select: { id: true, alertId: true, organisationId: true, status: true },
    });
    if (!submission) throw new AppError("NOT_FOUND", { userMessage: "Submission not found." });
    if (submission.status !== "FAILED") throw new AppError("CONFLICT", { userMessage: "Only a failed submission can be sent again." });
    const claimed = await tx.$executeRawUnsafe(
      `UPDATE "Alert" SET status = 'AWAITING_PROVIDER', "updatedAt" = now() WHERE id = $1 AND status IN ('ACTION_REQUIRED', 'EXPIRED')`,
      submission.alertId,
    );
    if (claimed === 0) throw new AppError("CONFLICT", { userMessage: "This alert no longer waits for a decision." });
    try {
      await tx.outcomeSubmission.update({ where: { id: submission.id }, data: { status: "QUEUED", liveAlertId: submission.alertId, lastError: null } });
    } catch (error) {
      if (uniqueViolationFields(error)) throw new AppError("CONFLICT", { userMessage: "Another outcome for this alert is already on its way." });
      throw error;
    }
    await enqueueJob(tx, { task: OUTCOME_TASK, payload: { submissionId: submission.id }, jobKey: `outcome:${submission.id}`, maxAttempts: OUTCOME_MAX_ATTEMPTS });
    await recordAudit({ actor, action: "outcome.retry", targetType: "Alert", targetId: submission.alertId, organisationId: submission.organisationId, after: { submissionId: submission.id } }, tx);
    await notifyChange(tx, { type: "Alert", id: submission.alertId, organisationId: submission.organisationId });
    return { id: submission.id };
  });
}

/** Puts an alert back in the queue after its submission ended without effect. */
export async function reopenAlert(tx: DbClient, alertId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE "Alert" SET status = CASE WHEN "deadlineAt" IS NOT NULL AND "deadlineAt" < now() THEN 'EXPIRED'::"AlertStatus" ELSE 'ACTION_REQUIRED'::"AlertStatus" END, "updatedAt" = now()
      WHERE id = $1 AND status = 'AWAITING_PROVIDER'`,
    alertId,
  );
}
