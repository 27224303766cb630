"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/action";
import { z } from "zod";
import { defineAdminAction } from "../_lib/define-admin-action";
import { requestActor } from "@/lib/auth/viewer";
import { attachUnassignedToOrganisation, describeAttached, totalAttached } from "@/lib/domain/admin/unassigned";
import { formString } from "../_lib/form-schemas";

const attach = defineAdminAction(
  { permission: "unassigned.manage", schema: z.object({ providerOrgId: formString, organisationId: formString }) },
  async ({ viewer, scope, input }) => {
    const result = await attachUnassignedToOrganisation(scope, input, await requestActor(viewer));
    revalidatePath("/admin/unassigned");
    revalidatePath("/admin/organisations");
    revalidatePath(`/admin/organisations/${result.organisationId}`);
    return {
      ok: true,
      message: `Attached to ${result.organisationName}: ${describeAttached(result.attached)}.`,
      data: { to: result.organisationId, pid: input.providerOrgId, rows: String(totalAttached(result.attached)) },
    };
  },
);

/**
 * Attaches, then reloads the page with the outcome in the URL: the group's card (and the form in
 * it) disappears once its rows are attached, so the message is shown at the top of the page.
 */
export async function attachUnassignedAction(state: ActionState, formData: FormData): Promise<ActionState> {
  const result = await attach(state, formData);
  if (result.ok && result.data) {
    redirect(`/admin/unassigned?${new URLSearchParams({ attached: result.data.pid!, to: result.data.to!, rows: result.data.rows! })}`);
  }
  return result;
}
