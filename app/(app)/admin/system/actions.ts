"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAdminAction } from "../_lib/define-admin-action";
import { requestActor } from "@/lib/auth/viewer";
import { retryFailedJob } from "@/lib/domain/system/commands";

/** Retrying a failed job is re-running failed work, like replaying a delivery: ADMIN and OPS (events.replay). */
export const retryJobAction = defineAdminAction({ permission: "events.replay", schema: z.object({ jobId: z.string().max(20) }) }, async ({ viewer, scope, input }) => {
  const job = await retryFailedJob(scope, input, await requestActor(viewer));
  revalidatePath("/admin/system");
  return { ok: true, message: `Queued ${job.task} (job ${job.id}) to run again now.` };
});
