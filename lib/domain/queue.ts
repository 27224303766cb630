import type { SqlClient } from "@/lib/db";

/**
 * Enqueues a background job (graphile-worker) inside the caller's transaction: the job exists if
 * and only if the change that needs it commits. A job key makes repeats replace, not duplicate.
 */
export async function enqueueJob(
  tx: SqlClient,
  job: { task: string; payload: Record<string, unknown>; jobKey?: string | null; runAt?: Date | null; maxAttempts?: number },
): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT graphile_worker.add_job($1, $2::json, job_key => $3, run_at => $4::timestamptz, max_attempts => $5)`,
    job.task,
    JSON.stringify(job.payload),
    job.jobKey ?? null,
    job.runAt ?? null,
    job.maxAttempts ?? 10,
  );
}
