import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { assertGlobalScope } from "@/lib/domain/admin/scope";
import { withTransaction } from "@/lib/domain/admin/transaction";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import type { AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";

export const retryJobSchema = z.object({ jobId: z.string().regex(/^\d{1,19}$/, "Not a job id.") });

/**
 * Gives a failed job (attempts used up) a fresh set of attempts, due now: attempts = 0, run_at =
 * now(), unlocked. Only failed jobs: a waiting or running job is left alone. Audited.
 */
export async function retryFailedJob(scope: AccessScope, input: z.input<typeof retryJobSchema>, actor: AuditActor, db: DbClient = defaultDb) {
  assertGlobalScope(scope);
  const data = parseInput(retryJobSchema, input);
  return withTransaction(db, async (tx) => {
    const [job] = await tx.$queryRawUnsafe<{ id: string; task: string; attempts: number; maxAttempts: number; lastError: string | null; key: string | null }[]>(
      `SELECT j.id::text AS id, t.identifier AS task, j.attempts, j.max_attempts AS "maxAttempts", j.last_error AS "lastError", j.key
         FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
        WHERE j.id = $1::bigint FOR UPDATE OF j`,
      data.jobId,
    );
    if (!job) throw new AppError("NOT_FOUND", { userMessage: "That job no longer exists." });
    if (job.attempts < job.maxAttempts) throw new AppError("CONFLICT", { userMessage: "That job has not failed: it is waiting or running already." });
    await tx.$executeRawUnsafe(
      `UPDATE graphile_worker._private_jobs SET attempts = 0, run_at = now(), locked_at = NULL, locked_by = NULL, updated_at = now() WHERE id = $1::bigint`,
      data.jobId,
    );
    await recordAudit(
      {
        actor,
        action: "job.retry",
        targetType: "Job",
        targetId: job.id,
        before: { task: job.task, key: job.key, attempts: job.attempts, maxAttempts: job.maxAttempts, lastError: job.lastError?.slice(0, 500) ?? null },
        after: { attempts: 0 },
      },
      tx,
    );
    return { id: job.id, task: job.task };
  });
}
