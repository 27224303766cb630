import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/action";
import { clientIp, userAgent } from "@/lib/auth/request-info";
import { redeemAuthToken } from "@/lib/domain/users/tokens";
import { isAppError } from "@/lib/errors";
import { errorFields, logger } from "@/lib/logger";

/**
 * The open pages' form handler (no session: the token is the credential). Sets the password
 * through the one-time link, then sends the person to sign in. Failures keep them on the form.
 */
export async function redeemFromForm(kind: "INVITE" | "RESET", formData: FormData): Promise<ActionState> {
  const field = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const name = field("name").trim();
  try {
    const h = await headers();
    await redeemAuthToken(
      kind,
      { token: field("token"), password: field("password"), confirmPassword: field("confirmPassword"), name: name || undefined },
      { ip: clientIp(h), userAgent: userAgent(h) },
    );
  } catch (error) {
    if (isAppError(error)) {
      return { ok: false, message: error.code === "VALIDATION" ? "Check the highlighted fields." : error.userMessage, fieldErrors: error.fieldErrors, values: { name } };
    }
    logger.error("auth_token.redeem_failed", errorFields(error));
    return { ok: false, message: "Something went wrong. The error was logged; try again." };
  }
  redirect(`/sign-in?${kind === "INVITE" ? "welcome" : "reset"}=1`);
}
