import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { getEnv } from "@/lib/env";
import type { Message } from "./messages";

/**
 * The outbound side: email through SMTP (nodemailer, SMTP_URL / SMTP_FROM) and JSON posts to Slack
 * and Teams incoming webhooks. Every call ends in one of three ways, which the sender maps to the
 * delivery's status (at most once: nothing is resent unless we know it did not arrive):
 * - `sent`;
 * - `retry`: it certainly did not arrive and may work later (connection refused, SMTP 4xx,
 *   HTTP 5xx / 429 / 408);
 * - `failed`: it certainly did not arrive and will not (SMTP 5xx, HTTP 4xx): no retry;
 * - `unknown`: it may have arrived (timeout or connection lost mid-request): never resent.
 */
export type SendOutcome = { kind: "sent"; detail?: string } | { kind: "retry" | "failed" | "unknown"; error: string };

export const HTTP_TIMEOUT_MS = 10_000;
const DEFAULT_FROM = "Recourse <recourse@localhost>";

export function emailConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

type SmtpError = Error & { code?: string; responseCode?: number; command?: string };

/** Maps a nodemailer error to an outcome (exported for tests). */
export function classifySmtpError(error: unknown): SendOutcome {
  const e = (error ?? {}) as SmtpError;
  const message = `SMTP: ${(e.message ?? String(error)).slice(0, 300)}`;
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 500) return { kind: "failed", error: message };
    if (e.responseCode >= 400) return { kind: "retry", error: message };
  }
  // refused before anything was handed over: safe to retry
  if (e.code === "EDNS" || (e.command === "CONN" && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|Greeting never received|Connection timeout/i.test(e.message ?? ""))) {
    return { kind: "retry", error: message };
  }
  if (e.code === "EAUTH" || e.code === "ETLS") return { kind: "retry", error: message };
  if (e.code === "EENVELOPE") return { kind: "failed", error: message };
  // timeouts and dropped sockets after the greeting: the message may have been accepted
  return { kind: "unknown", error: `${message} (the message may have been delivered; not resent)` };
}

/** `timeoutMs`: a tighter bound on every SMTP step, for a person waiting on the answer (default 10 s to connect and greet, 30 s per socket read). */
export async function sendEmail(to: string, message: Message, headers: Record<string, string> = {}, options: { timeoutMs?: number } = {}): Promise<SendOutcome> {
  const env = getEnv();
  if (!env.SMTP_URL) return { kind: "failed", error: "Email is not configured (SMTP_URL is unset)." };
  // SMTPTransport merges the URL's settings over these options; nodemailer.createTransport({ url, … })
  // would keep the URL only and silently drop the timeouts (30 s greeting, 10 min socket)
  const transport = nodemailer.createTransport(
    new SMTPTransport({
      url: env.SMTP_URL,
      connectionTimeout: options.timeoutMs ?? HTTP_TIMEOUT_MS,
      greetingTimeout: options.timeoutMs ?? HTTP_TIMEOUT_MS,
      socketTimeout: options.timeoutMs ?? 30_000,
    }),
  );
  try {
    const info = await transport.sendMail({
      from: env.SMTP_FROM ?? DEFAULT_FROM,
      to,
      subject: message.subject,
      text: message.body,
      headers: { "Auto-Submitted": "auto-generated", ...headers },
    });
    return { kind: "sent", detail: typeof info.response === "string" ? info.response.slice(0, 200) : undefined };
  } catch (error) {
    return classifySmtpError(error);
  } finally {
    transport.close();
  }
}

/** Slack incoming webhook: `{ text }` (mrkdwn; &, < and > escaped as Slack requires). */
export function slackPayload(message: Message): { text: string } {
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return { text: `*${escape(message.subject)}*\n\n${escape(message.body)}` };
}

/**
 * Teams incoming webhook (Workflows "when a webhook request is received" and the older connector
 * webhooks both accept it): a message with one Adaptive Card holding the subject and the body.
 */
export function teamsPayload(message: Message) {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: message.subject, weight: "Bolder", size: "Medium", wrap: true },
            ...message.body.split("\n\n").map((paragraph) => ({ type: "TextBlock", text: paragraph.replace(/\n/g, "\n\n"), wrap: true })),
          ],
        },
      },
    ],
  };
}

function isConnectRefusal(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return ["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"].includes(cause?.code ?? "");
}

/** POSTs JSON to a webhook URL with a 10 s timeout. */
export async function postWebhook(url: string, payload: unknown, fetchImpl: typeof fetch = globalThis.fetch, timeoutMs = HTTP_TIMEOUT_MS): Promise<SendOutcome> {
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return "invalid URL";
    }
  })();
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "user-agent": "Recourse-Notifications/1" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    if (isConnectRefusal(error)) return { kind: "retry", error: `${host}: could not connect (${(error as { cause?: { code?: string } }).cause?.code})` };
    const name = (error as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError") return { kind: "unknown", error: `${host}: no answer within ${timeoutMs / 1000} s (may have been delivered; not resent)` };
    return { kind: "unknown", error: `${host}: ${(error as Error)?.message ?? String(error)} (may have been delivered; not resent)` };
  }
  // the URL itself is a secret: errors name the host only
  const text = (await response.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
  if (response.ok) return { kind: "sent", detail: `HTTP ${response.status}` };
  const error = `${host}: HTTP ${response.status}${text ? ` ${text}` : ""}`;
  if (response.status >= 500 || response.status === 429 || response.status === 408) return { kind: "retry", error };
  return { kind: "failed", error };
}
