"use server";

import type { ActionState } from "@/lib/action";
import { redeemFromForm } from "./redeem";

export async function acceptInvitationAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return redeemFromForm("INVITE", formData);
}
