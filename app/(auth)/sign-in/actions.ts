"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { clientIp } from "@/lib/auth/request-info";
import { signInBlockedFor } from "@/lib/auth/throttle";
import { safeCallbackPath } from "@/lib/auth/viewer";
import { homePathForEmail } from "@/lib/domain/users/queries";
import type { ActionState } from "@/lib/action";

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254).pipe(z.email("Enter a valid email address.")),
  password: z.string().min(1, "Enter your password.").max(200),
  callbackUrl: z.string().optional(),
});

function retryMessage(seconds: number) {
  const minutes = Math.ceil(seconds / 60);
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const { email, password } = parsed.data;
  const wait = await signInBlockedFor(email, clientIp(await headers()));
  if (wait > 0) return { ok: false, message: retryMessage(wait) };
  try {
    const target = safeCallbackPath(parsed.data.callbackUrl);
    await signIn("credentials", { email, password, redirectTo: target === "/" ? await homePathForEmail(email) : target });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as { code?: string }).code;
      if (code === "throttled") {
        return { ok: false, message: retryMessage(await signInBlockedFor(email, clientIp(await headers()))) };
      }
      return { ok: false, message: "Wrong email or password." };
    }
    throw error; // the redirect after a successful sign-in
  }
  return { ok: true };
}
