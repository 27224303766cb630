import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enqueueJob } from "@/lib/domain/queue";
import type { AccessScope } from "@/lib/domain/scope";
import { unique } from "@/lib/testing/factories";
import { retryFailedJob } from "./commands";
import { getQueueStats, listConnectionHealth, listFailedJobs, listWorkers } from "./queries";

const ADMIN: AccessScope = { kind: "all", includeUnassigned: true };
const actor = { type: "system" as const };

/** A job for a task no worker runs (nothing picks it up during the test). */
async function failedJob() {
  const task = unique("admin-test.noop");
  const key = unique("job");
  await enqueueJob(db, { task, payload: {}, jobKey: key, maxAttempts: 3 });
  await db.$executeRawUnsafe(`UPDATE graphile_worker._private_jobs SET attempts = 3, last_error = 'boom: provider said 500' WHERE key = $1`, key);
  const [job] = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM graphile_worker.jobs WHERE key = $1`, key);
  return { id: job!.id, task, key };
}

describe("retryFailedJob", () => {
  it("gives a failed job fresh attempts due now, audited; a job that has not failed is left alone", async () => {
    const job = await failedJob();
    const failed = await listFailedJobs(ADMIN);
    expect(failed.find((j) => j.id === job.id)).toMatchObject({ task: job.task, attempts: 3, maxAttempts: 3, lastError: "boom: provider said 500" });
    const stats = await getQueueStats(ADMIN);
    expect(stats.byTask.find((t) => t.task === job.task)).toMatchObject({ failed: 1, waiting: 0 });

    await retryFailedJob(ADMIN, { jobId: job.id }, actor);
    const [row] = await db.$queryRawUnsafe<{ attempts: number; run_at: Date; locked_at: Date | null }[]>(`SELECT attempts, run_at, locked_at FROM graphile_worker.jobs WHERE key = $1`, job.key);
    expect(row).toMatchObject({ attempts: 0, locked_at: null });
    expect(row!.run_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await getQueueStats(ADMIN)).byTask.find((t) => t.task === job.task)).toMatchObject({ failed: 0, waiting: 1 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "job.retry", targetId: job.id } });
    expect(audit.before).toMatchObject({ attempts: 3, task: job.task });

    await expect(retryFailedJob(ADMIN, { jobId: job.id }, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(retryFailedJob(ADMIN, { jobId: "999999999999" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(retryFailedJob(ADMIN, { jobId: "1; DROP TABLE x" }, actor)).rejects.toMatchObject({ code: "VALIDATION" });
    await db.$executeRawUnsafe(`DELETE FROM graphile_worker._private_jobs WHERE key = $1`, job.key);
  });

  it("needs a global scope", async () => {
    await expect(retryFailedJob({ kind: "orgs", organisationIds: ["x"] }, { jobId: "1" }, actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listFailedJobs({ kind: "orgs", organisationIds: ["x"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("system queries", () => {
  it("workers are live or stale by heartbeat; connections get 60 one-minute buckets", async () => {
    const id = unique("worker");
    await db.workerHeartbeat.create({ data: { workerId: id, pid: 1, host: "test", concurrency: 2, lastSeenAt: new Date(Date.now() - 120_000) } });
    try {
      const workers = await listWorkers(ADMIN);
      expect(workers.find((w) => w.workerId === id)).toMatchObject({ live: false });
      const health = await listConnectionHealth(ADMIN);
      for (const c of health) expect(c.perMinute).toHaveLength(60);
    } finally {
      await db.workerHeartbeat.delete({ where: { workerId: id } });
    }
  });
});
