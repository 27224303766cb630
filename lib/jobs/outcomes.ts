import type { JobHelpers } from "graphile-worker";
import { db as defaultDb, Prisma, type Db } from "@/lib/db";
import { recordAudit } from "@/lib/domain/audit/commands";
import { loadAlertForOutcome, toAlertForOutcome } from "@/lib/domain/outcomes/alert";
import { reopenAlert } from "@/lib/domain/outcomes/commands";
import { applyInput } from "@/lib/ingest/apply";
import { notifyChange } from "@/lib/live/notify";
import { notifyOutcomeFailed } from "@/lib/notifications/notify";
import { logger } from "@/lib/logger";
import { getProvider } from "@/lib/providers/registry";
import type { DomainInput, OutcomeRequest, ProviderApiContext, ProviderOutcomes } from "@/lib/providers/types";
import { apiContextFor } from "./api-context";

/**
 * Delivers one outcome submission (the outbox's worker side). Idempotent: a job that runs twice,
 * or after a crash mid-call, finds the submission SENDING/UNKNOWN and asks the provider first
 * (reconcile) before sending again with the same idempotency key. Never resends blindly after a
 * timeout. 4xx → rejected (no retry); 5xx/429/network → retried with backoff, failed at the end.
 */
export async function sendOutcome(
  submissionId: string,
  options: {
    db?: Db;
    fetch?: typeof fetch;
    attempt?: number;
    maxAttempts?: number;
    context?: ProviderApiContext;
    /** tests: the provider's outcomes built with shorter timeouts */
    outcomes?: ProviderOutcomes;
  } = {},
): Promise<"succeeded" | "rejected" | "failed" | "retry" | "unknown" | "noop"> {
  const db = options.db ?? (defaultDb as Db);
  const submission = await db.outcomeSubmission.findUnique({
    where: { id: submissionId },
    select: { id: true, alertId: true, organisationId: true, outcome: true, note: true, payload: true, status: true, idempotencyKey: true, attempts: true },
  });
  if (!submission || ["SUCCEEDED", "REJECTED", "FAILED"].includes(submission.status)) return "noop";
  const alert = await loadAlertForOutcome(db, { id: submission.alertId });
  const definition = alert ? getProvider(alert.provider) : undefined;
  const provider = definition?.outcomes ? { outcomes: options.outcomes ?? definition.outcomes } : undefined;
  if (!alert || !provider || !alert.connectionId) {
    await finish(db, submission, "REJECTED", { error: "The alert, its provider or its connection is gone." });
    return "rejected";
  }
  const context = options.context ?? (await apiContextFor(alert.connectionId, { db, fetch: options.fetch }));
  const request: OutcomeRequest = {
    alert: toAlertForOutcome(alert),
    outcome: submission.outcome,
    note: submission.note,
    payload: (submission.payload ?? {}) as Record<string, unknown>,
    idempotencyKey: submission.idempotencyKey,
  };
  const actor = { type: "system" as const, label: "outcome worker" };
  const last = (options.attempt ?? 1) >= (options.maxAttempts ?? Number.POSITIVE_INFINITY);

  // A previous attempt may have reached the provider (timeout, or a crash mid-call): ask first.
  if (submission.status === "SENDING" || submission.status === "UNKNOWN") {
    const check = await provider.outcomes.reconcile(context, request);
    await recordAudit({ actor, action: "outcome.reconcile", targetType: "Alert", targetId: alert.id, organisationId: alert.organisationId, after: { submissionId, result: check.kind } });
    if (check.kind === "applied") {
      await succeed(db, submission, alert, { reconciled: true }, check.inputs ?? []);
      return "succeeded";
    }
    if (check.kind === "unknown") {
      await db.outcomeSubmission.update({ where: { id: submission.id }, data: { status: "UNKNOWN", lastError: `Could not check with the provider: ${check.message}` } });
      if (last) return fail(db, submission, alert.id, `Outcome unknown after retries: ${check.message}`);
      throw new Error(`outcome ${submissionId}: reconcile inconclusive: ${check.message}`);
    }
  }

  // optimistic: only the run that read this exact state sends (two runs at once → one call)
  const claimed = await db.outcomeSubmission.updateMany({
    where: { id: submission.id, status: submission.status, attempts: submission.attempts },
    data: { status: "SENDING", attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return "noop";
  await notifyChange(db, { type: "Alert", id: alert.id, organisationId: alert.organisationId });
  const result = await provider.outcomes.send(context, request);
  switch (result.kind) {
    case "succeeded":
      await succeed(db, submission, alert, result.response, result.inputs ?? []);
      return "succeeded";
    case "rejected":
      await finish(db, submission, "REJECTED", { error: result.message, response: result.response ?? null });
      await recordAudit({ actor, action: "outcome.rejected", targetType: "Alert", targetId: alert.id, organisationId: alert.organisationId, after: { submissionId, status: result.status, message: result.message } });
      return "rejected";
    case "unknown":
      await db.outcomeSubmission.update({ where: { id: submission.id }, data: { status: "UNKNOWN", lastError: result.message } });
      await recordAudit({ actor, action: "outcome.unknown", targetType: "Alert", targetId: alert.id, organisationId: alert.organisationId, after: { submissionId, message: result.message } });
      await notifyChange(db, { type: "Alert", id: alert.id, organisationId: alert.organisationId });
      if (last) return fail(db, submission, alert.id, `Outcome unknown after retries: ${result.message}`);
      throw new Error(`outcome ${submissionId}: result unknown (${result.message}); will reconcile`);
    case "retry":
      await db.outcomeSubmission.update({ where: { id: submission.id }, data: { status: "QUEUED", lastError: result.message } });
      if (last) return fail(db, submission, alert.id, result.message);
      throw new Error(`outcome ${submissionId}: ${result.message}`);
  }
}

async function succeed(
  db: Db,
  submission: { id: string; alertId: string; organisationId: string | null; outcome: string },
  alert: { id: string; provider: string; connectionId: string | null; organisationId: string | null },
  response: unknown,
  inputs: DomainInput[],
) {
  await db.$transaction(async (tx) => {
    // the provider's copy first, in the order a webhook takes its locks (merchant, then the alert
    // row): its own follow-up webhook may be applying the same alert right now
    for (const input of inputs) {
      await applyInput({ tx, models: tx, provider: alert.provider, connectionId: alert.connectionId!, organisationId: alert.organisationId, webhookEventId: null }, input);
    }
    await tx.outcomeSubmission.update({
      where: { id: submission.id },
      data: { status: "SUCCEEDED", completedAt: new Date(), lastError: null, providerResponse: (response ?? Prisma.JsonNull) as Prisma.InputJsonValue },
    });
    await tx.alert.update({ where: { id: alert.id }, data: { providerOutcome: submission.outcome, decidedAt: new Date() } });
    await recordAudit({ actor: { type: "system", label: "outcome worker" }, action: "outcome.succeeded", targetType: "Alert", targetId: alert.id, organisationId: alert.organisationId, after: { submissionId: submission.id, outcome: submission.outcome } }, tx);
    await notifyChange(tx, { type: "Alert", id: alert.id, organisationId: alert.organisationId });
  });
}

async function finish(db: Db, submission: { id: string; alertId: string; organisationId: string | null }, status: "REJECTED" | "FAILED", detail: { error: string; response?: unknown }) {
  await db.$transaction(async (tx) => {
    await tx.outcomeSubmission.update({
      where: { id: submission.id },
      data: { status, liveAlertId: null, completedAt: new Date(), lastError: detail.error.slice(0, 1000), providerResponse: (detail.response ?? Prisma.JsonNull) as Prisma.InputJsonValue },
    });
    await reopenAlert(tx, submission.alertId);
    await notifyOutcomeFailed(tx, submission.id);
    await notifyChange(tx, { type: "Alert", id: submission.alertId, organisationId: submission.organisationId });
  });
}

async function fail(db: Db, submission: { id: string; alertId: string; organisationId: string | null }, alertId: string, message: string) {
  await finish(db, submission, "FAILED", { error: message });
  await recordAudit({ actor: { type: "system", label: "outcome worker" }, action: "outcome.failed", targetType: "Alert", targetId: alertId, organisationId: submission.organisationId, after: { submissionId: submission.id, message } });
  logger.warn("outcome.failed", { submissionId: submission.id, message });
  return "failed" as const;
}

/** graphile-worker task: payload { submissionId }. */
export async function outcomeTask(payload: unknown, helpers: JobHelpers) {
  const submissionId = (payload as { submissionId?: unknown })?.submissionId;
  if (typeof submissionId !== "string") return;
  await sendOutcome(submissionId, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
}
