"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { requestActor } from "@/lib/auth/viewer";
import { replayEvent } from "@/lib/ingest/replay";

export const replayEventAction = defineAction(
  { permission: "events.replay", schema: z.object({ eventId: z.string().min(1).max(64) }) },
  async ({ viewer, scope, input }) => {
    const result = await replayEvent(scope, input.eventId, await requestActor(viewer));
    revalidatePath(`/events/${input.eventId}`);
    revalidatePath("/events");
    return result.status === "FAILED"
      ? { ok: false, message: `Replayed, and it failed again: ${result.error}` }
      : { ok: true, message: result.status === "PROCESSED" ? "Replayed: the delivery was processed." : "Replayed: the delivery is still ignored." };
  },
);
