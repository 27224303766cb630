"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { requestActor } from "@/lib/auth/viewer";
import { requestOutcome, retryOutcome } from "@/lib/domain/outcomes/commands";
import { requestOutcomeSchema } from "@/lib/domain/outcomes/schemas";

export const sendOutcomeAction = defineAction({ permission: "outcomes.send", schema: requestOutcomeSchema }, async ({ viewer, scope, input }) => {
  const result = await requestOutcome(scope, input, await requestActor(viewer));
  revalidatePath(`/alerts/${input.alertId}`);
  return { ok: true, message: `Queued: ${result.consequence}. The provider's answer appears below.` };
});

export const retryOutcomeAction = defineAction(
  { permission: "outcomes.send", schema: z.object({ submissionId: z.string().min(1).max(64), alertId: z.string().min(1).max(64) }) },
  async ({ viewer, scope, input }) => {
    await retryOutcome(scope, input.submissionId, await requestActor(viewer));
    revalidatePath(`/alerts/${input.alertId}`);
    return { ok: true, message: "Sending again." };
  },
);
