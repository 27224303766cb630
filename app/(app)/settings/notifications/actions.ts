"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { EVENT_KINDS } from "@/lib/notifications/kinds";
import { DIGEST_MODES, MAX_DEADLINE_HOURS, saveNotificationPreferences } from "@/lib/notifications/preferences";

const toList = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === "" ? [] : [v]);

const schema = z.object({
  email: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  events: z.preprocess(toList, z.array(z.enum(EVENT_KINDS, { message: "Unknown notification." })).max(EVENT_KINDS.length)),
  mode: z.enum(DIGEST_MODES, { message: "Choose when to be notified." }),
  deadlineHours: z.coerce
    .number({ message: "Enter a number of hours." })
    .int("Use whole hours.")
    .min(1, "At least 1 hour.")
    .max(MAX_DEADLINE_HOURS, `At most ${MAX_DEADLINE_HOURS} hours.`),
});

const modeWords = { immediate: "as they happen", hourly: "in an hourly digest", daily: "in a daily digest" } as const;

export const saveNotificationPreferencesAction = defineAction({ permission: "records.read", schema }, async ({ viewer, input }) => {
  await saveNotificationPreferences(viewer.id, input);
  revalidatePath("/settings/notifications");
  if (!input.email || input.events.length === 0) return { ok: true, message: "Saved. Recourse will not email you notifications." };
  return { ok: true, message: `Saved. Notifications go to ${viewer.email} ${modeWords[input.mode]}.` };
});
