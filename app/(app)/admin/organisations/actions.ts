"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/lib/action";
import { defineAdminAction } from "../_lib/define-admin-action";
import { requestActor } from "@/lib/auth/viewer";
import { createOrganisation } from "@/lib/domain/organisations/commands";
import { formString, optionalString } from "../_lib/form-schemas";

const create = defineAdminAction(
  { permission: "admin.manage", schema: z.object({ name: formString, providerOrgId: optionalString }) },
  async ({ viewer, input }) => {
    const org = await createOrganisation(input, await requestActor(viewer));
    revalidatePath("/admin/organisations");
    return { ok: true, message: `Created ${org.name}.`, data: { id: org.id } };
  },
);

/** Creates an organisation (same rules as `org:create`) and opens it. */
export async function createOrganisationAction(state: ActionState, formData: FormData): Promise<ActionState> {
  const result = await create(state, formData);
  if (result.ok && result.data?.id) redirect(`/admin/organisations/${result.data.id}?created=1`);
  return result;
}
