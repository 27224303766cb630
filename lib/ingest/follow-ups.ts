import type { DbClient, SqlClient } from "@/lib/db";
import { enqueueJob, type Job } from "@/lib/domain/queue";
import { ALERT_ARRIVED_TASK } from "@/lib/domain/rules/automatic";
import { notifyEnrolmentEnabled } from "@/lib/notifications/notify";
import type { DomainInput } from "@/lib/providers/types";

/**
 * What a newly applied row sets in motion, in the same transaction (both commit or neither): a new
 * alert waiting for a decision gets the auto-response rules and, if no rule answers it, the "new
 * action-required alert" notifications (a job, idempotent by key); an enrolment that became
 * enabled is announced (at most once per recipient and status period).
 */
export async function followUpApplied(
  tx: SqlClient,
  applied: { subjectType: string; subjectId: string; outcome: "inserted" | "updated" | "stale" },
  input: DomainInput,
  organisationId: string | null,
  /** the same transaction as a Prisma client: required for enrolments */
  models: DbClient | null,
): Promise<void> {
  if (organisationId === null || applied.outcome === "stale") return;
  // an enrolment that became enabled (the notification is keyed by the status's start, so a
  // repeat of the same status sends nothing)
  if (input.entity === "enrolment" && input.fields.status === "ENABLED") {
    if (!models) throw new Error("Enrolment follow-ups need the Prisma transaction.");
    await notifyEnrolmentEnabled(models, applied.subjectId);
  }
  if (applied.outcome !== "inserted") return;
  const job = arrivalJob(applied.subjectId, input, organisationId);
  if (job) await enqueueJob(tx, job);
}

/**
 * The job a newly inserted record sets in motion, if any: a new alert waiting for a decision
 * gets the auto-response rules and, if no rule answers it, the "new action-required alert"
 * notifications. Also used by the one-statement path (./fast-path.ts), which enqueues it only
 * when its upsert inserted the row.
 */
export function arrivalJob(subjectId: string, input: DomainInput, organisationId: string | null): Job | null {
  if (organisationId === null || input.entity !== "alert" || input.fields.status !== "ACTION_REQUIRED" || input.partial) return null;
  return { task: ALERT_ARRIVED_TASK, payload: { alertId: subjectId }, jobKey: `alert-arrived:${subjectId}`, maxAttempts: 5 };
}
