import { db as defaultDb, type Db } from "@/lib/db";
import { can } from "@/lib/auth/access";
import { enqueueJob } from "@/lib/domain/queue";
import { errorFields, logger } from "@/lib/logger";
import { channelTarget } from "./channels";
import { EVENT_KIND_INFO, isEventKind, NOTIFICATION_TASKS, SEND_MAX_ATTEMPTS, type DeliveryStatus } from "./kinds";
import { renderDigest, type Message } from "./messages";
import { DAILY_DIGEST_HOUR, parseNotificationPreferences } from "./preferences";
import { viewerFor } from "./recipients";
import { emailConfigured, postWebhook, sendEmail, slackPayload, teamsPayload, type SendOutcome } from "./transports";

/**
 * The sending side, run by the job queue. At most once per delivery:
 * 1. claim: `pending` → `sending`, committed before anything goes out (a job that runs twice, or
 *    a second worker, finds nothing to claim);
 * 2. send; then `sent` (+ sentAt), or back to `pending` with the error and a rethrow so
 *    graphile-worker retries with backoff (definite failures only), `failed` after the last
 *    attempt or when retrying cannot help, `unknown` when it may have arrived;
 * 3. a row left in `sending` (the worker died mid-send) is never picked up again.
 * Before sending, the recipient is checked again (still active, still opted in, still allowed to
 * read the record): if not, the row becomes `skipped` with the reason.
 */
export type SendOptions = { db?: Db; attempt?: number; maxAttempts?: number; fetch?: typeof fetch };
export type SendResult = DeliveryStatus | "noop";

/** Thrown for a definite failure that should be retried (graphile-worker schedules the retry). */
export class RetryableSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryableSendError";
  }
}

type Target =
  | { kind: "skip"; reason: string }
  | { kind: "email"; to: string; timeZone: string; allows: (eventKind: string, organisationId: string | null) => string | null }
  | { kind: "slack" | "teams"; url: string; timeZone: string; allows: (eventKind: string, organisationId: string | null) => string | null };

/** Where a recipient key sends to, and which notifications it may still receive. */
async function resolveTarget(db: Db, recipient: string): Promise<Target> {
  const [type, id] = recipient.split(":", 2) as [string, string | undefined];
  if (type === "user" && id) {
    const user = await db.user.findUnique({
      where: { id },
      select: { id: true, email: true, globalRole: true, deactivatedAt: true, preference: { select: { notifications: true, timeZone: true } }, memberships: { select: { organisationId: true, role: true } } },
    });
    if (!user || user.deactivatedAt) return { kind: "skip", reason: "The user is deactivated or removed." };
    const prefs = parseNotificationPreferences(user.preference?.notifications);
    if (!prefs.email) return { kind: "skip", reason: "The user turned email notifications off." };
    const viewer = viewerFor(user);
    return {
      kind: "email",
      to: user.email,
      timeZone: user.preference?.timeZone ?? "UTC",
      allows: (eventKind, organisationId) => {
        if (!isEventKind(eventKind)) return "Unknown notification kind.";
        if (!prefs.events[eventKind]) return "The user turned this notification off.";
        if (!can(viewer, EVENT_KIND_INFO[eventKind].permission, organisationId)) return "The user may no longer read this record.";
        return null;
      },
    };
  }
  if (type === "channel" && id) {
    const channel = await db.notificationChannel.findUnique({ where: { id }, select: { id: true, kind: true, target: true, organisationId: true, events: true } });
    if (!channel) return { kind: "skip", reason: "The channel was removed." };
    const allows = (eventKind: string, organisationId: string | null) => {
      if (organisationId !== channel.organisationId) return "The record belongs to another organisation.";
      if (!channel.events.includes(eventKind)) return "The channel no longer subscribes to this notification.";
      return null;
    };
    let target: string;
    try {
      target = channelTarget(channel);
    } catch (error) {
      return { kind: "skip", reason: `The channel's address cannot be decrypted: ${(error as Error).message}` };
    }
    if (channel.kind === "EMAIL") return { kind: "email", to: target, timeZone: "UTC", allows };
    return { kind: channel.kind === "SLACK" ? "slack" : "teams", url: target, timeZone: "UTC", allows };
  }
  return { kind: "skip", reason: `Unknown recipient ${recipient.slice(0, 80)}.` };
}

async function deliver(target: Exclude<Target, { kind: "skip" }>, message: Message, deliveryRef: string, fetchImpl?: typeof fetch): Promise<SendOutcome> {
  if (target.kind === "email") return sendEmail(target.to, message, { "X-Recourse-Notification": deliveryRef });
  return postWebhook(target.url, target.kind === "slack" ? slackPayload(message) : teamsPayload(message), fetchImpl);
}

async function finish(db: Db, ids: string[], status: Exclude<DeliveryStatus, "sending">, error: string | null) {
  if (ids.length === 0) return;
  await db.$executeRawUnsafe(
    `UPDATE "NotificationDelivery" SET status = $2, error = $3, "sentAt" = CASE WHEN $2 = 'sent' THEN now() ELSE "sentAt" END
      WHERE id = ANY($1::text[]) AND status = 'sending'`,
    ids,
    status,
    error === null ? null : error.slice(0, 1000),
  );
}

/** Applies a send outcome to claimed rows; throws RetryableSendError when a retry is due. */
async function settle(db: Db, ids: string[], outcome: SendOutcome, options: SendOptions, what: string): Promise<SendResult> {
  if (outcome.kind === "sent") {
    await finish(db, ids, "sent", null);
    return "sent";
  }
  if (outcome.kind === "retry") {
    const attempt = options.attempt ?? 1;
    const maxAttempts = options.maxAttempts ?? SEND_MAX_ATTEMPTS;
    if (attempt >= maxAttempts) {
      await finish(db, ids, "failed", `${outcome.error} (gave up after ${attempt} attempts)`);
      logger.warn("notifications.failed", { what, error: outcome.error, attempt });
      return "failed";
    }
    await finish(db, ids, "pending", `${outcome.error} (attempt ${attempt} of ${maxAttempts}; retrying)`);
    throw new RetryableSendError(`${what}: ${outcome.error}`);
  }
  await finish(db, ids, outcome.kind, outcome.error);
  logger.warn(`notifications.${outcome.kind}`, { what, error: outcome.error });
  return outcome.kind;
}

/** Sends one immediate delivery (task `notifications.send`). */
export async function sendDelivery(deliveryId: string, options: SendOptions = {}): Promise<SendResult> {
  const db = options.db ?? (defaultDb as Db);
  const claimed = await db.$queryRawUnsafe<{ id: string; recipient: string; kind: string; organisationId: string | null; subject: string; body: string }[]>(
    `UPDATE "NotificationDelivery" SET status = 'sending' WHERE id = $1 AND status = 'pending'
     RETURNING id, recipient, kind, "organisationId", subject, body`,
    deliveryId,
  );
  const row = claimed[0];
  if (!row) return "noop";
  const target = await resolveTarget(db, row.recipient);
  const refusal = target.kind === "skip" ? target.reason : target.allows(row.kind, row.organisationId);
  if (refusal) {
    await finish(db, [row.id], "skipped", refusal);
    return "skipped";
  }
  if (target.kind === "email" && !emailConfigured()) {
    await finish(db, [row.id], "skipped", "Email is not configured (SMTP_URL is unset).");
    return "skipped";
  }
  const outcome = await deliver(target as Exclude<Target, { kind: "skip" }>, { subject: row.subject, body: row.body }, row.id, options.fetch);
  return settle(db, [row.id], outcome, options, `delivery ${row.id}`);
}

/** Sends one recipient's pending digest deliveries as one message (task `notifications.send_digest`). */
export async function sendDigest(recipient: string, options: SendOptions = {}): Promise<SendResult> {
  const db = options.db ?? (defaultDb as Db);
  const claimed = await db.$queryRawUnsafe<{ id: string; kind: string; organisationId: string | null; subject: string; body: string; createdAt: Date }[]>(
    `UPDATE "NotificationDelivery" SET status = 'sending' WHERE recipient = $1 AND mode = 'DIGEST' AND status = 'pending'
     RETURNING id, kind, "organisationId", subject, body, "createdAt"`,
    recipient,
  );
  if (claimed.length === 0) return "noop";
  claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const target = await resolveTarget(db, recipient);
  if (target.kind === "skip") {
    await finish(db, claimed.map((r) => r.id), "skipped", target.reason);
    return "skipped";
  }
  const refused = new Map<string, string>();
  for (const row of claimed) {
    const reason = target.allows(row.kind, row.organisationId);
    if (reason) refused.set(row.id, reason);
  }
  for (const [id, reason] of refused) await finish(db, [id], "skipped", reason);
  const rows = claimed.filter((r) => !refused.has(r.id));
  if (rows.length === 0) return "skipped";
  const ids = rows.map((r) => r.id);
  if (target.kind === "email" && !emailConfigured()) {
    await finish(db, ids, "skipped", "Email is not configured (SMTP_URL is unset).");
    return "skipped";
  }
  const message = renderDigest(rows, { timeZone: target.timeZone });
  const outcome = await deliver(target, message, `digest:${ids[0]}`, options.fetch);
  return settle(db, ids, outcome, options, `digest of ${rows.length} for ${recipient.split(":")[0]}`);
}

function localHour(now: Date, timeZone: string): number {
  try {
    return Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(now));
  } catch {
    return now.getUTCHours();
  }
}

/**
 * The hourly digest run (task `notifications_digest`): one send job per recipient with pending
 * digest deliveries that is due. Channels and hourly users are due every run; daily users once a
 * day, at the first run at or after 08:00 in their time zone (none sent in the last 20 hours).
 */
export async function enqueueDueDigests(now: Date = new Date(), db: Db = defaultDb as Db): Promise<string[]> {
  const pending = await db.$queryRawUnsafe<{ recipient: string; lastSentAt: Date | null }[]>(
    `SELECT d.recipient,
            (SELECT max(s."sentAt") FROM "NotificationDelivery" s WHERE s.recipient = d.recipient AND s.mode = 'DIGEST' AND s.status = 'sent') AS "lastSentAt"
       FROM "NotificationDelivery" d
      WHERE d.status = 'pending' AND d.mode = 'DIGEST'
      GROUP BY d.recipient
      ORDER BY d.recipient`,
  );
  if (pending.length === 0) return [];
  const userIds = pending.filter((p) => p.recipient.startsWith("user:")).map((p) => p.recipient.slice(5));
  const prefs = new Map(
    (await db.userPreference.findMany({ where: { userId: { in: userIds } }, select: { userId: true, notifications: true, timeZone: true } })).map((p) => [
      `user:${p.userId}`,
      { mode: parseNotificationPreferences(p.notifications).mode, timeZone: p.timeZone },
    ]),
  );
  const due: string[] = [];
  for (const { recipient, lastSentAt } of pending) {
    const pref = prefs.get(recipient);
    if (pref?.mode === "daily") {
      if (localHour(now, pref.timeZone) < DAILY_DIGEST_HOUR) continue;
      if (lastSentAt && now.getTime() - lastSentAt.getTime() < 20 * 3600_000) continue;
    }
    due.push(recipient);
  }
  for (const recipient of due) {
    try {
      await enqueueJob(db, { task: NOTIFICATION_TASKS.sendDigest, payload: { recipient }, jobKey: `notifications_digest:${recipient}`, maxAttempts: SEND_MAX_ATTEMPTS });
    } catch (error) {
      logger.error("notifications.digest_enqueue_failed", errorFields(error));
      throw error;
    }
  }
  return due;
}
