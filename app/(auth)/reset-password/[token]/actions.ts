"use server";

import type { ActionState } from "@/lib/action";
import { redeemFromForm } from "../../invite/[token]/redeem";

export async function resetPasswordAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return redeemFromForm("RESET", formData);
}
