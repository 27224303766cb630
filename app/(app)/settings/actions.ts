"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/action";
import { z } from "zod";
import { defineAdminAction } from "../admin/_lib/define-admin-action";
import { signIn } from "@/lib/auth";
import { requestActor } from "@/lib/auth/viewer";
import { changeOwnPassword, updateProfileName, updateTimeZone } from "@/lib/domain/users/commands";
import { isValidTimeZone } from "@/lib/format";
import { logger, errorFields } from "@/lib/logger";

const timeZoneSchema = z.object({
  timeZone: z.string().trim().min(1, "Choose a time zone.").refine(isValidTimeZone, "Unknown time zone."),
});

export const updateTimeZoneAction = defineAdminAction({ permission: "records.read", schema: timeZoneSchema }, async ({ viewer, input }) => {
  await updateTimeZone(viewer.id, input.timeZone);
  revalidatePath("/", "layout");
  return { ok: true, message: `Dates are now shown in ${input.timeZone}.` };
});

export const updateProfileAction = defineAdminAction({ permission: "records.read", schema: z.object({ name: z.string().default("") }) }, async ({ viewer, input }) => {
  const result = await updateProfileName(viewer.id, input, await requestActor(viewer));
  revalidatePath("/", "layout");
  return { ok: true, message: result.name ? `Your name is now ${result.name}.` : "Name removed." };
});

const changePassword = defineAdminAction(
  { permission: "records.read", schema: z.object({ currentPassword: z.string().default(""), newPassword: z.string().default(""), confirmPassword: z.string().default("") }) },
  async ({ viewer, input }) => {
    const { email } = await changeOwnPassword(viewer.id, input, await requestActor(viewer));
    try {
      await signIn("credentials", { email, password: input.newPassword, redirect: false });
    } catch (error) {
      logger.warn("settings.re_sign_in_failed", errorFields(error));
      return { ok: true, data: { next: "/sign-in?callbackUrl=%2Fsettings" } };
    }
    return { ok: true, data: { next: "/settings?password=changed" } };
  },
);

/**
 * Changes your password. Every session issued before now ends (other browsers, other devices);
 * this one is signed in again with the new password. The redirect matters: Next renders its
 * target with the new session cookie, while a re-render of this request would still carry the
 * old (now ended) one.
 */
export async function changePasswordAction(state: ActionState, formData: FormData): Promise<ActionState> {
  const result = await changePassword(state, formData);
  if (result.ok && result.data?.next) redirect(result.data.next);
  return result;
}
