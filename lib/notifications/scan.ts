import { db as defaultDb, type Db, type DbClient } from "@/lib/db";
import { scopeFor } from "@/lib/auth/access";
import { WAITING_STATUSES, workingDaysBefore } from "@/lib/domain/enrolments/board";
import { scopeClause, Sql } from "@/lib/domain/sql";
import { getEnv } from "@/lib/env";
import type { GlobalRole } from "@/lib/generated/prisma/enums";
import { errorFields, logger } from "@/lib/logger";
import { existingDeliveryKeys, recordNotifications } from "./deliveries";
import { CHANNEL_DEADLINE_HOURS, type EventKind } from "./kinds";
import { renderMessage } from "./messages";
import { alertFactsSelect, enrolmentFactsSelect, toAlertFacts, toEnrolmentFacts } from "./notify";
import { parseNotificationPreferences } from "./preferences";
import { channelKey, recipientCache, userKey, viewerFor, type Recipient } from "./recipients";

/**
 * The time-based notifications, run every minute by the `notifications_scan` task (and once right
 * after someone saves their settings). Each finding is recorded with a key that makes repeats do
 * nothing, so scans may overlap or run twice:
 * - deadline reminders: ACTION_REQUIRED alerts whose deadline is within the recipient's N hours
 *   (`deadline:<alertId>:<N>h`);
 * - stuck enrolments: waiting (requested / in progress) longer than RECOURSE_STUCK_WORKING_DAYS
 *   working days, the board's rule (`enrolment.stuck:<id>:<status since>`: a new stuck period
 *   notifies again);
 * - connections with at least RECOURSE_REJECTION_ALERT_THRESHOLD rejected (401) deliveries in the
 *   last hour, counted on the delivery log's hourly buckets (`connection.rejections:<id>:<hour>`).
 */
export type ScanResult = { deadline: number; stuck: number; rejections: number };

const BATCH = 200;

export async function scanNotifications(now: Date = new Date(), db: Db = defaultDb as Db): Promise<ScanResult> {
  const result: ScanResult = { deadline: 0, stuck: 0, rejections: 0 };
  const failures: unknown[] = [];
  const part = async (name: keyof ScanResult, fn: () => Promise<number>) => {
    try {
      result[name] = await fn();
    } catch (error) {
      failures.push(error);
      logger.error("notifications.scan_failed", { part: name, ...errorFields(error) });
    }
  };
  await part("deadline", () => scanDeadlines(db, now));
  await part("stuck", () => scanStuckEnrolments(db, now));
  await part("rejections", () => scanRejections(db, now));
  if (failures.length) throw failures[0];
  if (result.deadline + result.stuck + result.rejections > 0) logger.info("notifications.scanned", result);
  return result;
}

/** Whether any user or channel subscribes to `kind` at all (lets a scan skip its queries). */
async function hasSubscribers(db: DbClient, kind: EventKind): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ any: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM "UserPreference" p JOIN "User" u ON u.id = p."userId"
                     WHERE u."deactivatedAt" IS NULL AND p.notifications->'email' = 'true'::jsonb AND p.notifications->'events'->($1::text) = 'true'::jsonb)
         OR EXISTS (SELECT 1 FROM "NotificationChannel" c WHERE $1::text = ANY(c.events)) AS any`,
    kind,
  );
  return rows[0]?.any === true;
}

async function scanDeadlines(db: Db, now: Date): Promise<number> {
  if (!(await hasSubscribers(db, "alert.deadline"))) return 0;
  let created = 0;

  // users: each with their own window and their own read scope
  const users = await db.$queryRawUnsafe<{ id: string; email: string; globalRole: GlobalRole | null; notifications: unknown; timeZone: string }[]>(
    `SELECT u.id, u.email, u."globalRole"::text AS "globalRole", p.notifications, p."timeZone"
       FROM "User" u JOIN "UserPreference" p ON p."userId" = u.id
      WHERE u."deactivatedAt" IS NULL AND p.notifications->'email' = 'true'::jsonb AND p.notifications->'events'->'alert.deadline' = 'true'::jsonb
      ORDER BY u.id`,
  );
  const memberships = users.length
    ? await db.membership.findMany({ where: { userId: { in: users.map((u) => u.id) } }, select: { userId: true, organisationId: true, role: true } })
    : [];
  for (const user of users) {
    const prefs = parseNotificationPreferences(user.notifications);
    const hours = prefs.deadlineHours;
    const viewer = viewerFor({ ...user, memberships: memberships.filter((m) => m.userId === user.id) });
    const scope = scopeFor(viewer, "records.read");
    const recipient: Recipient = { type: "user", key: userKey(user.id), userId: user.id, email: user.email, timeZone: user.timeZone, mode: "IMMEDIATE", digest: prefs.mode, deadlineHours: hours };
    created += await remindAlerts(db, now, hours, recipient, (sql) => scopeClause(sql, scope, `a."organisationId"`));
  }

  // organisation channels subscribed to deadline reminders: a fixed window
  const channels = await db.notificationChannel.findMany({
    where: { events: { has: "alert.deadline" }, organisation: { archivedAt: null } },
    select: { id: true, kind: true, organisationId: true },
    orderBy: { createdAt: "asc" },
  });
  for (const channel of channels) {
    const recipient: Recipient = { type: "channel", key: channelKey(channel.id), channelId: channel.id, channelKind: channel.kind, timeZone: "UTC", mode: "IMMEDIATE" };
    created += await remindAlerts(db, now, CHANNEL_DEADLINE_HOURS, recipient, (sql) => `a."organisationId" = ${sql.param(channel.organisationId)}`);
  }
  return created;
}

async function remindAlerts(db: Db, now: Date, hours: number, recipient: Recipient, scope: (sql: Sql) => string): Promise<number> {
  const sql = new Sql();
  const due = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT a.id FROM "Alert" a LEFT JOIN "Organisation" o ON o.id = a."organisationId"
      WHERE a.status = 'ACTION_REQUIRED'
        AND a."deadlineAt" > ${sql.param(now, "timestamptz")}
        AND a."deadlineAt" <= ${sql.param(new Date(now.getTime() + hours * 3600_000), "timestamptz")}
        AND ${scope(sql)}
        AND o."archivedAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "NotificationDelivery" d
                         WHERE d.recipient = ${sql.param(recipient.key)} AND d."eventKey" = 'deadline:' || a.id || ${sql.param(`:${hours}h`)})
      ORDER BY a."deadlineAt", a.id
      LIMIT ${BATCH}`,
    ...sql.params,
  );
  if (due.length === 0) return 0;
  const alerts = await db.alert.findMany({ where: { id: { in: due.map((d) => d.id) } }, select: alertFactsSelect });
  let created = 0;
  for (const alert of alerts) {
    const facts = toAlertFacts(alert);
    created += (
      await db.$transaction((tx) =>
        recordNotifications(
          tx,
          {
            kind: "alert.deadline",
            organisationId: alert.organisationId,
            eventKey: `deadline:${alert.id}:${hours}h`,
            render: (r) => renderMessage({ kind: "alert.deadline", alert: facts, hours }, { timeZone: r.timeZone, now }),
          },
          [recipient],
        ),
      )
    ).length;
  }
  return created;
}

async function scanStuckEnrolments(db: Db, now: Date): Promise<number> {
  if (!(await hasSubscribers(db, "enrolment.stuck"))) return 0;
  const workingDays = getEnv().RECOURSE_STUCK_WORKING_DAYS;
  const stuckBefore = workingDaysBefore(now, workingDays);
  const enrolments = await db.enrolment.findMany({
    where: {
      status: { in: [...WAITING_STATUSES] },
      statusChangedAt: { lt: stuckBefore },
      OR: [{ organisationId: null }, { organisation: { archivedAt: null } }],
    },
    select: enrolmentFactsSelect,
    orderBy: [{ statusChangedAt: "desc" }, { id: "asc" }],
    take: 2_000,
  });
  const keyOf = (e: { id: string; statusChangedAt: Date }) => `enrolment.stuck:${e.id}:${e.statusChangedAt.toISOString()}`;
  const existing = await existingDeliveryKeys(db, enrolments.map(keyOf));
  const recipientsFor = recipientCache(db);
  let created = 0;
  for (const enrolment of enrolments) {
    const eventKey = keyOf(enrolment);
    const recipients = (await recipientsFor("enrolment.stuck", enrolment.organisationId)).filter((r) => !existing.has(`${r.key}|${eventKey}`));
    if (recipients.length === 0) continue;
    const facts = toEnrolmentFacts(enrolment);
    created += (
      await db.$transaction((tx) =>
        recordNotifications(
          tx,
          { kind: "enrolment.stuck", organisationId: enrolment.organisationId, eventKey, render: (r) => renderMessage({ kind: "enrolment.stuck", enrolment: facts, workingDays }, { timeZone: r.timeZone, now }) },
          recipients,
        ),
      )
    ).length;
  }
  return created;
}

async function scanRejections(db: Db, now: Date): Promise<number> {
  if (!(await hasSubscribers(db, "connection.rejections"))) return 0;
  const threshold = getEnv().RECOURSE_REJECTION_ALERT_THRESHOLD;
  const currentHour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000);
  // the delivery log's rule: hourly buckets from the one that contains `since` (now − 1 h)
  const since = new Date(currentHour.getTime() - 3600_000);
  const groups = await db.deliveryRejection.groupBy({
    by: ["connectionId"],
    where: { hour: { gte: since } },
    _sum: { count: true },
    having: { count: { _sum: { gte: threshold } } },
  });
  if (groups.length === 0) return 0;
  const counts = new Map(groups.map((g) => [g.connectionId, g._sum.count ?? 0]));
  const connections = await db.connection.findMany({
    where: { id: { in: [...counts.keys()] } },
    select: { id: true, provider: true, label: true, organisationId: true, organisation: { select: { name: true } } },
  });
  const recipientsFor = recipientCache(db);
  let created = 0;
  for (const connection of connections) {
    const eventKey = `connection.rejections:${connection.id}:${currentHour.toISOString()}`;
    const recipients = await recipientsFor("connection.rejections", connection.organisationId);
    if (recipients.length === 0) continue;
    const facts = { connectionId: connection.id, provider: connection.provider, label: connection.label, organisationName: connection.organisation?.name ?? null, count: counts.get(connection.id) ?? 0, threshold };
    created += (
      await db.$transaction((tx) =>
        recordNotifications(
          tx,
          { kind: "connection.rejections", organisationId: connection.organisationId, eventKey, render: (r) => renderMessage({ kind: "connection.rejections", rejections: facts }, { timeZone: r.timeZone, now }) },
          recipients,
        ),
      )
    ).length;
  }
  return created;
}
