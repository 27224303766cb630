import type { DbClient, SqlClient } from "@/lib/db";
import { enqueueJob } from "@/lib/domain/queue";
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
  if (input.entity === "alert" && applied.subjectType === "Alert" && input.fields.status === "ACTION_REQUIRED" && !input.partial) {
    await enqueueJob(tx, { task: ALERT_ARRIVED_TASK, payload: { alertId: applied.subjectId }, jobKey: `alert-arrived:${applied.subjectId}`, maxAttempts: 5 });
  }
}
