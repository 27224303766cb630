import type { SqlClient } from "@/lib/db";
import { Sql } from "@/lib/domain/sql";

export type Job = { task: string; payload: Record<string, unknown>; jobKey?: string | null; runAt?: Date | null; maxAttempts?: number };

/**
 * Enqueues a background job (graphile-worker) inside the caller's transaction: the job exists if
 * and only if the change that needs it commits. A job key makes repeats replace, not duplicate.
 */
export async function enqueueJob(tx: SqlClient, job: Job): Promise<void> {
  const sql = new Sql();
  await tx.$executeRawUnsafe(`SELECT ${addJobCall(sql, job)}`, ...sql.params);
}

/** The `graphile_worker.add_job(…)` call for `job`, its parameters added to `sql`. */
export function addJobCall(sql: Sql, job: Job): string {
  return `graphile_worker.add_job(${sql.param(job.task)}, ${sql.param(JSON.stringify(job.payload), "json")}, job_key => ${sql.param(job.jobKey ?? null)}, run_at => ${sql.param(job.runAt ?? null, "timestamptz")}, max_attempts => ${sql.param(job.maxAttempts ?? 10, "int")})`;
}
