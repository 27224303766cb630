import { emailConfigured, sendEmail } from "./transports";
import type { Message } from "./messages";

/**
 * One-time sign-in links (invitations, password resets) by email, when SMTP is configured. The
 * link is sent straight away, never queued: a queued job would keep the plaintext token in the
 * database, where only its hash is stored. The admin who made the link sees it either way and is
 * told whether the email went out.
 */
export type AuthLinkKind = "invite" | "reset";

export function authLinkMessage(kind: AuthLinkKind, link: string, options: { invitedBy?: string | null } = {}): Message {
  if (kind === "invite") {
    return {
      subject: "You are invited to Recourse",
      body: [
        `${options.invitedBy ? `${options.invitedBy} has invited you` : "You have been invited"} to Recourse, the dispute dashboard.`,
        "",
        "Choose your password here (the link works once, for 7 days):",
        link,
        "",
        "If you did not expect this, ignore this email.",
      ].join("\n"),
    };
  }
  return {
    subject: "Reset your Recourse password",
    body: [
      "An administrator made a password reset link for your Recourse account.",
      "",
      "Choose a new password here (the link works once, for 1 hour):",
      link,
      "",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}

export type AuthLinkEmail = { status: "sent" } | { status: "not-configured" } | { status: "failed"; error: string };

/** The admin waits on this: a mail server that hangs costs at most about this long per step. */
const INTERACTIVE_TIMEOUT_MS = 5_000;

export async function emailAuthLink(
  kind: AuthLinkKind,
  to: string,
  link: string,
  options: { invitedBy?: string | null; timeoutMs?: number } = {},
): Promise<AuthLinkEmail> {
  if (!emailConfigured()) return { status: "not-configured" };
  const outcome = await sendEmail(to, authLinkMessage(kind, link, options), {}, { timeoutMs: options.timeoutMs ?? INTERACTIVE_TIMEOUT_MS });
  // "unknown" (a timeout after the server took the message) may have arrived: the admin still has the link
  if (outcome.kind === "sent") return { status: "sent" };
  return { status: "failed", error: outcome.error };
}

/** The sentence for the admin about the email, after the one about the link. */
export function authLinkEmailNote(email: AuthLinkEmail, to: string): string {
  if (email.status === "sent") return `We emailed it to ${to}; it is also below.`;
  if (email.status === "not-configured") return "Send them the link below (email is not configured).";
  return `The email to ${to} could not be sent (${email.error.slice(0, 160)}); send them the link below.`;
}
