import type { DbClient } from "@/lib/db";
import { enqueueJob } from "@/lib/domain/queue";
import { ALERT_ARRIVED_TASK } from "@/lib/domain/rules/automatic";
import type { DomainInput } from "@/lib/providers/types";

/**
 * What a newly applied row sets in motion, enqueued in the same transaction (both commit or
 * neither): a new alert waiting for a decision gets the auto-response rules and, if no rule
 * answers it, the "new action-required alert" notifications. Idempotent by job key.
 */
export async function followUpApplied(
  tx: DbClient,
  applied: { subjectType: string; subjectId: string; outcome: "inserted" | "updated" | "stale" },
  input: DomainInput,
  organisationId: string | null,
): Promise<void> {
  if (organisationId === null || applied.outcome !== "inserted") return;
  if (input.entity === "alert" && applied.subjectType === "Alert" && input.fields.status === "ACTION_REQUIRED" && !input.partial) {
    await enqueueJob(tx, { task: ALERT_ARRIVED_TASK, payload: { alertId: applied.subjectId }, jobKey: `alert-arrived:${applied.subjectId}`, maxAttempts: 5 });
  }
}
