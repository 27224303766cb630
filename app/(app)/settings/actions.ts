"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { updateTimeZone } from "@/lib/domain/users/commands";
import { isValidTimeZone } from "@/lib/format";

const timeZoneSchema = z.object({
  timeZone: z.string().trim().min(1, "Choose a time zone.").refine(isValidTimeZone, "Unknown time zone."),
});

export const updateTimeZoneAction = defineAction({ permission: "records.read", schema: timeZoneSchema }, async ({ viewer, input }) => {
  await updateTimeZone(viewer.id, input.timeZone);
  revalidatePath("/", "layout");
  return { ok: true, message: `Dates are now shown in ${input.timeZone}.` };
});
