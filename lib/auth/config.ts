import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { burnPasswordCheck, verifyPassword } from "@/lib/crypto/passwords";
import { recordAudit } from "@/lib/domain/audit/commands";
import { recordSignInSuccess } from "@/lib/domain/users/commands";
import { findSignInCandidate, normaliseEmail } from "@/lib/domain/users/queries";
import { requireEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { clientIp, userAgent } from "./request-info";
import { clearSignInFailures, recordSignInFailure, signInBlockedFor } from "./throttle";

declare module "next-auth" {
  interface Session {
    userId: string;
    /** epoch seconds when this session was issued (compared with User.sessionsValidFrom) */
    issuedAt: number;
  }
}

export class ThrottledSignIn extends CredentialsSignin {
  override code = "throttled";
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Auth.js configuration: email + password, JWT sessions (no database adapter). */
export function authConfig(): NextAuthConfig {
  return {
    secret: requireEnv("AUTH_SECRET"),
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: {
      error(error) {
        // Wrong passwords are expected; everything else is worth a log line.
        if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
        logger.error("auth.error", { name: error.name, message: error.message });
      },
      warn(code) {
        logger.warn("auth.warn", { code });
      },
      debug() {},
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const email = normaliseEmail(parsed.data.email);
          const ip = clientIp(request.headers);
          if ((await signInBlockedFor(email, ip)) > 0) throw new ThrottledSignIn();

          const user = await findSignInCandidate(email);
          const ok = user ? await verifyPassword(parsed.data.password, user.passwordHash) : (await burnPasswordCheck(parsed.data.password), false);
          if (!user || !ok || !user.active) {
            await recordSignInFailure(email, ip);
            await recordAudit({
              actor: { type: "anonymous", email, ip, userAgent: userAgent(request.headers) },
              action: "auth.sign_in_failed",
              targetType: "User",
              targetId: user?.id ?? null,
              metadata: { reason: !user ? "unknown_email" : !ok ? "wrong_password" : "deactivated" },
            });
            return null;
          }
          await clearSignInFailures(email, ip);
          await recordSignInSuccess(user.id);
          await recordAudit({
            actor: { type: "user", id: user.id, email: user.email, ip, userAgent: userAgent(request.headers) },
            action: "auth.sign_in",
            targetType: "User",
            targetId: user.id,
          });
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.authAt = Math.floor(Date.now() / 1000);
        }
        return token;
      },
      session({ session, token }) {
        session.userId = token.sub ?? "";
        session.issuedAt = typeof token.authAt === "number" ? token.authAt : 0;
        return session;
      },
    },
  };
}
