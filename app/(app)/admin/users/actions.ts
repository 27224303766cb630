"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAdminAction } from "../_lib/define-admin-action";
import { requestActor } from "@/lib/auth/viewer";
import { publicBaseUrl } from "@/lib/domain/connections/commands";
import { createPasswordResetLink, createUser, setGlobalRole, setUserActive } from "@/lib/domain/users/commands";
import { formString, idField, optionalString } from "../_lib/form-schemas";
import { authLinkEmailNote, emailAuthLink } from "@/lib/notifications/auth-links";

const refresh = () => revalidatePath("/admin/users");

/** Same rules as `user:create` (createUserSchema): email, password strength, optional role. */
export const createUserAction = defineAdminAction(
  { permission: "admin.manage", schema: z.object({ email: formString, name: optionalString, password: formString, role: optionalString }) },
  async ({ viewer, input }) => {
    const user = await createUser({ ...input, role: input.role as "ADMIN" | "OPS" | undefined }, await requestActor(viewer));
    refresh();
    return { ok: true, message: `Created ${user.email}. Give them their password in person, or send a reset link.` };
  },
);

export const setGlobalRoleAction = defineAdminAction(
  { permission: "admin.manage", schema: z.object({ userId: idField, role: formString }) },
  async ({ viewer, scope, input }) => {
    const result = await setGlobalRole(scope, { userId: input.userId, role: input.role as "ADMIN" | "OPS" | "" }, await requestActor(viewer));
    refresh();
    if (!result.changed) return { ok: true, message: "No change." };
    return { ok: true, message: result.globalRole ? `Global role set to ${result.globalRole === "ADMIN" ? "Admin" : "Ops"}.` : "Global role removed: access now comes from memberships only." };
  },
);

export const setUserActiveAction = defineAdminAction(
  { permission: "admin.manage", schema: z.object({ userId: idField, active: z.enum(["true", "false"]).transform((v) => v === "true") }) },
  async ({ viewer, scope, input }) => {
    const result = await setUserActive(scope, input, await requestActor(viewer));
    refresh();
    if (!result.changed) return { ok: true, message: "No change." };
    return { ok: true, message: result.active ? "Reactivated: they can sign in again." : "Deactivated: their sessions end on their next request, and sign-in is refused." };
  },
);

export const createResetLinkAction = defineAdminAction({ permission: "admin.manage", schema: z.object({ userId: idField }) }, async ({ viewer, scope, input }) => {
  const reset = await createPasswordResetLink(scope, input, await requestActor(viewer));
  const link = publicBaseUrl() + reset.path;
  const email = await emailAuthLink("reset", reset.email, link);
  return {
    ok: true,
    message: `Reset link for ${reset.email}, valid for 1 hour. Earlier reset links no longer work. ${authLinkEmailNote(email, reset.email)}`,
    data: { link },
  };
});
