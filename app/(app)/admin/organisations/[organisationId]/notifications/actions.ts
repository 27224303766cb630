"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/action";
import { requestActor } from "@/lib/auth/viewer";
import { createChannel, createChannelSchema, deleteChannel, deleteChannelSchema } from "@/lib/notifications/channels";

export const createChannelAction = defineAction({ permission: "admin.manage", schema: createChannelSchema }, async ({ viewer, scope, input }) => {
  const channel = await createChannel(scope, input, await requestActor(viewer));
  revalidatePath(`/admin/organisations/${input.organisationId}/notifications`);
  return {
    ok: true,
    message: channel.kind === "EMAIL" ? `Channel added: ${channel.target}.` : `Channel added. The webhook URL is stored encrypted and shown as ${channel.target} from now on.`,
  };
});

export const deleteChannelAction = defineAction({ permission: "admin.manage", schema: deleteChannelSchema }, async ({ viewer, scope, input }) => {
  await deleteChannel(scope, input, await requestActor(viewer));
  revalidatePath(`/admin/organisations/${input.organisationId}/notifications`);
  return { ok: true, message: "Channel removed." };
});
