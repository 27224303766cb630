import type { DbClient, Prisma } from "@/lib/db";
import { recordNotifications } from "./deliveries";
import { renderMessage, type AlertFacts, type EnrolmentFacts } from "./messages";
import { resolveRecipients } from "./recipients";

/**
 * Event-driven notifications. Each takes the caller's transaction client, so the notification
 * rows and their send jobs commit (or roll back) with the change that caused them, and each is
 * safe to call more than once for the same event (at most one delivery per event and recipient).
 * They return the ids of the deliveries they created (empty when nothing applies).
 */

export const alertFactsSelect = {
  id: true,
  provider: true,
  kind: true,
  status: true,
  amountMinor: true,
  currency: true,
  cardLast4: true,
  descriptor: true,
  deadlineAt: true,
  organisationId: true,
  organisation: { select: { name: true } },
  merchant: { select: { name: true } },
} satisfies Prisma.AlertSelect;

export type AlertFactsRow = Prisma.AlertGetPayload<{ select: typeof alertFactsSelect }>;

export function toAlertFacts(row: AlertFactsRow): AlertFacts {
  return {
    id: row.id,
    provider: row.provider,
    kind: row.kind,
    amountMinor: row.amountMinor,
    currency: row.currency,
    cardLast4: row.cardLast4,
    descriptor: row.descriptor,
    merchantName: row.merchant?.name ?? null,
    deadlineAt: row.deadlineAt,
    organisationName: row.organisation?.name ?? null,
  };
}

export const enrolmentFactsSelect = {
  id: true,
  provider: true,
  service: true,
  status: true,
  statusChangedAt: true,
  organisationId: true,
  organisation: { select: { name: true } },
  merchants: { select: { merchant: { select: { name: true } } }, orderBy: { merchant: { name: "asc" } } },
} satisfies Prisma.EnrolmentSelect;

export type EnrolmentFactsRow = Prisma.EnrolmentGetPayload<{ select: typeof enrolmentFactsSelect }>;

export function toEnrolmentFacts(row: EnrolmentFactsRow): EnrolmentFacts {
  return {
    id: row.id,
    provider: row.provider,
    service: row.service,
    status: row.status,
    statusChangedAt: row.statusChangedAt,
    merchantNames: row.merchants.map((m) => m.merchant.name),
    organisationName: row.organisation?.name ?? null,
  };
}

/** A new alert that needs a decision (call when an alert is created in, or enters, ACTION_REQUIRED). */
export async function notifyAlertActionRequired(tx: DbClient, alertId: string): Promise<string[]> {
  const alert = await tx.alert.findUnique({ where: { id: alertId }, select: alertFactsSelect });
  if (!alert || alert.status !== "ACTION_REQUIRED") return [];
  const recipients = await resolveRecipients(tx, "alert.action_required", alert.organisationId);
  if (recipients.length === 0) return [];
  const facts = toAlertFacts(alert);
  return recordNotifications(
    tx,
    {
      kind: "alert.action_required",
      organisationId: alert.organisationId,
      eventKey: `alert.action_required:${alert.id}`,
      render: (r) => renderMessage({ kind: "alert.action_required", alert: facts }, { timeZone: r.timeZone }),
    },
    recipients,
  );
}

/** An outcome submission ended REJECTED or FAILED (call in the transaction that records it). */
export async function notifyOutcomeFailed(tx: DbClient, submissionId: string): Promise<string[]> {
  const submission = await tx.outcomeSubmission.findUnique({
    where: { id: submissionId },
    select: { id: true, status: true, outcome: true, lastError: true, alert: { select: alertFactsSelect } },
  });
  if (!submission || (submission.status !== "REJECTED" && submission.status !== "FAILED")) return [];
  const organisationId = submission.alert.organisationId;
  const recipients = await resolveRecipients(tx, "outcome.failed", organisationId);
  if (recipients.length === 0) return [];
  const facts = { submissionId: submission.id, status: submission.status, outcome: submission.outcome, lastError: submission.lastError, alert: toAlertFacts(submission.alert) };
  return recordNotifications(
    tx,
    {
      kind: "outcome.failed",
      organisationId,
      eventKey: `outcome.failed:${submission.id}`,
      render: (r) => renderMessage({ kind: "outcome.failed", outcome: facts }, { timeZone: r.timeZone }),
    },
    recipients,
  );
}

/**
 * An enrolment became ENABLED. The key includes the time the status began, so an enrolment
 * enabled again after a later change notifies again; a repeat of the same change does not.
 */
export async function notifyEnrolmentEnabled(tx: DbClient, enrolmentId: string): Promise<string[]> {
  const enrolment = await tx.enrolment.findUnique({ where: { id: enrolmentId }, select: enrolmentFactsSelect });
  if (!enrolment || enrolment.status !== "ENABLED") return [];
  const recipients = await resolveRecipients(tx, "enrolment.enabled", enrolment.organisationId);
  if (recipients.length === 0) return [];
  const facts = toEnrolmentFacts(enrolment);
  return recordNotifications(
    tx,
    {
      kind: "enrolment.enabled",
      organisationId: enrolment.organisationId,
      eventKey: `enrolment.enabled:${enrolment.id}:${enrolment.statusChangedAt.toISOString()}`,
      render: (r) => renderMessage({ kind: "enrolment.enabled", enrolment: facts }, { timeZone: r.timeZone }),
    },
    recipients,
  );
}
