/**
 * Notifications through the real job queue (graphile-worker runOnce) on real Postgres, sending to
 * a local SMTP sink and a local HTTP sink started on port 0: at most once per event and
 * recipient, digests, retries, crash safety. Users are deactivated when their test ends, so the
 * global scans of later tests do not notify them again.
 */
import http from "node:http";
import { Logger, parseCrontab, runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import type { OrgRole } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createChannel } from "@/lib/notifications/channels";
import type { EventKind } from "@/lib/notifications/kinds";
import { notifyAlertActionRequired, notifyEnrolmentEnabled } from "@/lib/notifications/notify";
import { saveNotificationPreferences } from "@/lib/notifications/preferences";
import { scanNotifications } from "@/lib/notifications/scan";
import { enqueueDueDigests, sendDelivery } from "@/lib/notifications/send";
import { makeAlert, makeEnrolment, makeOrganisation, makeUser, unique } from "@/lib/testing/factories";
import { startMailSink, type MailSink } from "@/scripts/lib/mail-sink";
import { NOTIFICATION_CRONTAB_LINES, notificationTasks } from "./notifications";

const connectionString = process.env.DATABASE_URL!;
const silent = new Logger(() => () => undefined);
const runJobs = () => runOnce({ connectionString, taskList: notificationTasks, logger: silent });
const HOUR = 3600_000;

let mail: MailSink;
type Hit = { path: string; body: Record<string, unknown> };
let web: { url: string; hits: Hit[]; statuses: number[]; close(): Promise<void> };

async function startHttpSink() {
  const state = { hits: [] as Hit[], statuses: [] as number[] };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const status = state.statuses.shift() ?? 200;
      if (status < 300) state.hits.push({ path: req.url ?? "", body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(status).end(status < 300 ? "ok" : "unavailable");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

beforeAll(async () => {
  mail = await startMailSink();
  web = await startHttpSink();
  process.env.SMTP_URL = mail.url;
  process.env.PUBLIC_BASE_URL = "https://recourse.example.test";
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.PUBLIC_BASE_URL;
  resetEnvCache();
  await mail?.close();
  await web?.close();
});

type Choice = { events: EventKind[]; mode?: "immediate" | "hourly" | "daily"; deadlineHours?: number; timeZone?: string };

/** A member of `organisationId` with these notification choices (written directly, no scan job). */
async function member(organisationId: string, role: OrgRole, choice: Choice) {
  const user = await makeUser({ memberships: [{ organisationId, role }] });
  onTestFinished(async () => {
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
  });
  await setChoice(user.id, choice);
  return user;
}

async function setChoice(userId: string, choice: Choice) {
  const notifications = { email: true, events: Object.fromEntries(choice.events.map((k) => [k, true])), mode: choice.mode ?? "immediate", deadlineHours: choice.deadlineHours ?? 4 } as Prisma.InputJsonValue;
  await db.userPreference.upsert({ where: { userId }, create: { userId, notifications, timeZone: choice.timeZone ?? "UTC" }, update: { notifications, timeZone: choice.timeZone ?? "UTC" } });
}

const mailsTo = (email: string) => mail.messages.filter((m) => m.to.includes(email));
const deliveriesOf = (userId: string) => db.notificationDelivery.findMany({ where: { recipient: `user:${userId}` }, orderBy: [{ createdAt: "asc" }, { eventKey: "asc" }] });
const jobsFor = (deliveryId: string) =>
  db.$queryRawUnsafe<{ attempts: number; max_attempts: number; last_error: string | null; run_at: Date }[]>(
    `SELECT attempts, max_attempts, last_error, run_at FROM graphile_worker._private_jobs WHERE payload::jsonb->>'deliveryId' = $1`,
    deliveryId,
  );
/** The queue's backoff has elapsed. */
const makeDue = (deliveryId: string) => db.$executeRawUnsafe(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE payload::jsonb->>'deliveryId' = $1`, deliveryId);

/** A zone in which it is now `hour` o'clock (Etc/GMT signs are inverted). */
function zoneWithLocalHour(hour: number, at = new Date()): string {
  let offset = hour - at.getUTCHours();
  if (offset > 12) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe("notification tasks", () => {
  it("are registered with valid crontab lines", () => {
    const items = parseCrontab(NOTIFICATION_CRONTAB_LINES.join("\n"));
    expect(items.map((i) => i.task)).toEqual(["notifications_scan", "notifications_digest"]);
    for (const item of items) expect(notificationTasks[item.task]).toBeTypeOf("function");
    expect(Object.keys(notificationTasks).sort()).toEqual(["notifications.send", "notifications.send_digest", "notifications_digest", "notifications_scan"]);
  });

  it("a new alert reaches each opted-in member once, however often it is reported", async () => {
    const org = await makeOrganisation();
    const agent = await member(org.id, "AGENT", { events: ["alert.action_required"] });
    const viewer = await member(org.id, "VIEWER", { events: ["alert.action_required"] });
    const alert = await makeAlert(org.id, { descriptor: `SHOP-${unique()}` });

    await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id)); // a redelivery
    await Promise.all([1, 2].map(() => db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id)))); // concurrent copies
    await runJobs();
    await runJobs();

    for (const user of [agent, viewer]) {
      const mails = mailsTo(user.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toContain(alert.descriptor!);
      expect(mails[0]!.text).toContain(`Open the alert: https://recourse.example.test/alerts/${alert.id}`);
      const rows = await deliveriesOf(user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: "sent", error: null, eventKey: `alert.action_required:${alert.id}` });
      expect(rows[0]!.sentAt).toBeInstanceOf(Date);
    }
    // reported again after it was sent: still nothing new
    expect(await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id))).toEqual([]);
  });

  it("deadline reminders: once per alert and window, only within the member's N hours and organisation", async () => {
    const org = await makeOrganisation();
    const other = await makeOrganisation();
    const agent = await member(org.id, "AGENT", { events: ["alert.deadline"], deadlineHours: 3, timeZone: "Europe/Berlin" });
    const now = new Date();
    const soon = await makeAlert(org.id, { deadlineAt: new Date(now.getTime() + 2 * HOUR), descriptor: `SOON-${unique()}` });
    const later = await makeAlert(org.id, { deadlineAt: new Date(now.getTime() + 5 * HOUR) });
    await makeAlert(org.id, { deadlineAt: new Date(now.getTime() - HOUR) }); // overdue
    await makeAlert(org.id, { status: "RESOLVED", deadlineAt: new Date(now.getTime() + HOUR) });
    await makeAlert(other.id, { deadlineAt: new Date(now.getTime() + HOUR) }); // not the member's organisation

    await scanNotifications(now);
    await scanNotifications(now);
    expect((await deliveriesOf(agent.id)).map((d) => d.eventKey)).toEqual([`deadline:${soon.id}:3h`]);
    await runJobs();
    await scanNotifications(new Date());
    await runJobs();
    const mails = mailsTo(agent.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(new RegExp(`^Deadline in (1h 5\\dm|2h 00m): Ethoca alert 66.06 USD \\(${soon.descriptor}\\)$`));
    expect(mails[0]!.text).toContain("(Europe/Berlin)");

    // a wider window is a new reminder for the alerts it now covers
    await setChoice(agent.id, { events: ["alert.deadline"], deadlineHours: 6 });
    await scanNotifications(new Date());
    expect((await deliveriesOf(agent.id)).map((d) => d.eventKey)).toEqual(expect.arrayContaining([`deadline:${later.id}:6h`, `deadline:${soon.id}:6h`]));
  });

  it("saving the settings runs a scan at once, which sends the reminder", async () => {
    const org = await makeOrganisation();
    const user = await member(org.id, "AGENT", { events: [] });
    const alert = await makeAlert(org.id, { deadlineAt: new Date(Date.now() + HOUR) });
    await saveNotificationPreferences(user.id, { email: true, events: ["alert.deadline"], mode: "daily", deadlineHours: 2 });
    const [scanJob] = await db.$queryRawUnsafe<{ task_identifier: string }[]>(`SELECT task_identifier FROM graphile_worker.jobs WHERE key = 'notifications_scan:now'`);
    expect(scanJob?.task_identifier).toBe("notifications_scan");
    await runJobs(); // the scan, then the send job it enqueued
    await runJobs();
    await mail.waitFor((m) => m.to.includes(user.email));
    expect((await deliveriesOf(user.id)).map((d) => [d.eventKey, d.mode, d.status])).toEqual([[`deadline:${alert.id}:2h`, "IMMEDIATE", "sent"]]);
  });

  it("stuck enrolments and connections with many rejected deliveries, each once per period", async () => {
    const org = await makeOrganisation();
    const agent = await member(org.id, "AGENT", { events: ["enrolment.stuck", "connection.rejections"] });
    const viewer = await member(org.id, "VIEWER", { events: ["enrolment.stuck", "connection.rejections"] });
    const since = new Date(Date.now() - 60 * 24 * HOUR);
    const stuck = await makeEnrolment(org.id, { status: "IN_PROGRESS", statusChangedAt: since });
    await makeEnrolment(org.id, { status: "ENABLED", statusChangedAt: since });
    await makeEnrolment(org.id, { status: "REQUESTED", statusChangedAt: new Date() });
    const noisy = await db.connection.create({ data: { organisationId: org.id, provider: "chargebackhit", apiBaseUrl: "https://api.example.test", label: "Main" } });
    const quiet = await db.connection.create({ data: { organisationId: org.id, provider: "chargebackhit", apiBaseUrl: "https://api.example.test" } });
    const hour = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    await db.deliveryRejection.createMany({
      data: [
        { connectionId: noisy.id, hour, reason: "bad_signature", count: 15 },
        { connectionId: noisy.id, hour: new Date(hour.getTime() - HOUR), reason: "bad_signature", count: 10 },
        { connectionId: noisy.id, hour: new Date(hour.getTime() - 3 * HOUR), reason: "bad_signature", count: 100 }, // too old
        { connectionId: quiet.id, hour, reason: "bad_signature", count: 19 },
      ],
    });

    await scanNotifications();
    await scanNotifications();
    const stuckKey = `enrolment.stuck:${stuck.id}:${since.toISOString()}`;
    const rejectionKey = `connection.rejections:${noisy.id}:${hour.toISOString()}`;
    expect((await deliveriesOf(agent.id)).map((d) => d.eventKey).sort()).toEqual([rejectionKey, stuckKey].sort());
    // the delivery log is not a VIEWER's to read
    expect((await deliveriesOf(viewer.id)).map((d) => d.eventKey)).toEqual([stuckKey]);
    await runJobs();
    const rejectionMail = mailsTo(agent.email).find((m) => m.subject.includes("rejected deliveries"));
    expect(rejectionMail?.subject).toBe('25 rejected deliveries in the last hour on Chargebackhit connection "Main"');

    // a new waiting period is a new notification
    const again = new Date(Date.now() - 40 * 24 * HOUR);
    await db.enrolment.update({ where: { id: stuck.id }, data: { statusChangedAt: again } });
    await scanNotifications();
    expect((await deliveriesOf(viewer.id)).map((d) => d.eventKey)).toEqual([stuckKey, `enrolment.stuck:${stuck.id}:${again.toISOString()}`]);
  });

  it("digests: one message per recipient with all its pending notifications; daily ones after 08:00 local", async () => {
    const org = await makeOrganisation();
    const hourlyA = await member(org.id, "AGENT", { events: ["alert.action_required", "enrolment.enabled"], mode: "hourly" });
    const hourlyB = await member(org.id, "VIEWER", { events: ["alert.action_required"], mode: "hourly" });
    const daily = await member(org.id, "AGENT", { events: ["alert.action_required"], mode: "daily", timeZone: zoneWithLocalHour(3) });
    const alerts = [await makeAlert(org.id), await makeAlert(org.id)];
    const enrolment = await makeEnrolment(org.id, { status: "ENABLED" });
    for (const alert of alerts) await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    await db.$transaction((tx) => notifyEnrolmentEnabled(tx, enrolment.id));

    const rows = await deliveriesOf(hourlyA.id);
    expect(rows.map((r) => [r.mode, r.status])).toEqual([["DIGEST", "pending"], ["DIGEST", "pending"], ["DIGEST", "pending"]]);
    for (const row of rows) expect(await jobsFor(row.id)).toEqual([]); // digests wait for the hourly run

    const due = await enqueueDueDigests(new Date());
    expect(due).toEqual(expect.arrayContaining([`user:${hourlyA.id}`, `user:${hourlyB.id}`]));
    expect(due).not.toContain(`user:${daily.id}`); // 03:00 where they are
    await runJobs();
    const [digestA, ...moreA] = mailsTo(hourlyA.email);
    expect(moreA).toEqual([]);
    expect(digestA!.subject).toBe("Recourse digest: 3 notifications");
    expect(digestA!.text).toContain(`https://recourse.example.test/alerts/${alerts[0]!.id}`);
    expect(digestA!.text).toContain(`https://recourse.example.test/alerts/${alerts[1]!.id}`);
    expect(digestA!.text).toContain(`https://recourse.example.test/enrolments/${enrolment.id}`);
    expect(mailsTo(hourlyB.email).map((m) => m.subject)).toEqual(["Recourse digest: 2 notifications"]);
    expect((await deliveriesOf(hourlyA.id)).every((r) => r.status === "sent" && r.sentAt)).toBe(true);
    expect(mailsTo(daily.email)).toEqual([]);
    // nothing pending: the next run sends nothing more
    expect(await enqueueDueDigests(new Date())).not.toContain(`user:${hourlyA.id}`);

    // 09:00 where the daily reader is: due once; not again within the day
    await setChoice(daily.id, { events: ["alert.action_required"], mode: "daily", timeZone: zoneWithLocalHour(9) });
    expect(await enqueueDueDigests(new Date())).toContain(`user:${daily.id}`);
    await runJobs();
    expect(mailsTo(daily.email).map((m) => m.subject)).toEqual(["Recourse digest: 2 notifications"]);
    const third = await makeAlert(org.id);
    await db.$transaction((tx) => notifyAlertActionRequired(tx, third.id));
    expect(await enqueueDueDigests(new Date())).not.toContain(`user:${daily.id}`);
  });

  it("Slack and Teams channels get JSON posts; another organisation's channel is not used", async () => {
    const org = await makeOrganisation();
    const other = await makeOrganisation();
    const all = { kind: "all" as const, includeUnassigned: true };
    const actor = { type: "system" as const };
    const slack = await createChannel(all, { organisationId: org.id, kind: "SLACK", target: `${web.url}/slack-${org.id}`, events: ["alert.action_required"], mode: "IMMEDIATE" }, actor);
    await createChannel(all, { organisationId: org.id, kind: "TEAMS", target: `${web.url}/teams-${org.id}`, events: ["alert.action_required"], mode: "IMMEDIATE" }, actor);
    await createChannel(all, { organisationId: other.id, kind: "SLACK", target: `${web.url}/slack-${other.id}`, events: ["alert.action_required"], mode: "IMMEDIATE" }, actor);
    const alert = await makeAlert(org.id, { descriptor: `HOOK-${unique()}` });
    await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    await runJobs();

    const slackHits = web.hits.filter((h) => h.path === `/slack-${org.id}`);
    expect(slackHits).toHaveLength(1);
    expect(slackHits[0]!.body.text).toMatch(new RegExp(`^\\*Action required: Ethoca alert 66.06 USD \\(${alert.descriptor}\\)`));
    const teamsHits = web.hits.filter((h) => h.path === `/teams-${org.id}`);
    expect(teamsHits).toHaveLength(1);
    expect(teamsHits[0]!.body).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });
    expect(web.hits.some((h) => h.path === `/slack-${other.id}`)).toBe(false);
    expect(await db.notificationDelivery.findFirst({ where: { recipient: `channel:${slack.id}` } })).toMatchObject({ status: "sent", organisationId: org.id });
  });

  it("a definite failure goes back to pending and is retried by the queue, then sent once", async () => {
    const org = await makeOrganisation();
    const user = await member(org.id, "AGENT", { events: ["alert.action_required"] });
    mail.rejectNext(1, 451, "Greylisted, try again");
    const alert = await makeAlert(org.id);
    const [id] = await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    await runJobs();
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "pending", error: expect.stringMatching(/451 Greylisted.*attempt 1 of 5/) });
    const [job] = await jobsFor(id!);
    expect(job).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/451/) });
    expect(mailsTo(user.email)).toEqual([]);

    await makeDue(id!);
    await runJobs();
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "sent", error: null });
    expect(mailsTo(user.email)).toHaveLength(1);
    expect(await jobsFor(id!)).toEqual([]);

    // the same through a webhook: 503, then 200
    const channel = await createChannel({ kind: "all", includeUnassigned: true }, { organisationId: org.id, kind: "SLACK", target: `${web.url}/retry-${org.id}`, events: ["enrolment.enabled"], mode: "IMMEDIATE" }, { type: "system" });
    web.statuses.push(503);
    const enrolment = await makeEnrolment(org.id, { status: "ENABLED" });
    const [hookId] = await db.$transaction((tx) => notifyEnrolmentEnabled(tx, enrolment.id));
    await runJobs();
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: hookId! } })).toMatchObject({ recipient: `channel:${channel.id}`, status: "pending", error: expect.stringMatching(/HTTP 503/) });
    await makeDue(hookId!);
    await runJobs();
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: hookId! } })).toMatchObject({ status: "sent" });
    expect(web.hits.filter((h) => h.path === `/retry-${org.id}`)).toHaveLength(1);
  });

  it("gives up after the last attempt, and does not retry a permanent refusal", async () => {
    const org = await makeOrganisation();
    const user = await member(org.id, "AGENT", { events: ["alert.action_required"] });
    mail.rejectNext(2, 421, "Service not available");
    const first = await makeAlert(org.id);
    const [id] = await db.$transaction((tx) => notifyAlertActionRequired(tx, first.id));
    await db.$executeRawUnsafe(`UPDATE graphile_worker._private_jobs SET max_attempts = 2 WHERE payload::jsonb->>'deliveryId' = $1`, id);
    await runJobs();
    await makeDue(id!);
    await runJobs();
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "failed", error: expect.stringMatching(/421.*gave up after 2 attempts/) });

    mail.rejectNext(1, 550, "No such user");
    const second = await makeAlert(org.id);
    const [permanent] = await db.$transaction((tx) => notifyAlertActionRequired(tx, second.id));
    await runJobs();
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: permanent! } })).toMatchObject({ status: "failed", error: expect.stringMatching(/550/) });
    expect(await jobsFor(permanent!)).toEqual([]);
    expect(mailsTo(user.email)).toEqual([]);
  });

  it("a delivery left in 'sending' by a crash is never sent again", async () => {
    const org = await makeOrganisation();
    const user = await member(org.id, "AGENT", { events: ["alert.action_required"] });
    const alert = await makeAlert(org.id);
    const [id] = await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    // a worker claimed it and died before it could record the result
    await db.notificationDelivery.update({ where: { id: id! }, data: { status: "sending" } });
    await runJobs();
    expect(await sendDelivery(id!)).toBe("noop");
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "sending" });
    expect(await jobsFor(id!)).toEqual([]);
    expect(mailsTo(user.email)).toEqual([]);
  });

  it("checks the recipient again before sending: access lost or email unconfigured means skipped, with the reason", async () => {
    const org = await makeOrganisation();
    const user = await member(org.id, "AGENT", { events: ["alert.action_required"] });
    const alert = await makeAlert(org.id);
    const [id] = await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    await db.membership.deleteMany({ where: { userId: user.id } });
    await runJobs();
    expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "skipped", error: "The user may no longer read this record." });

    const colleague = await member(org.id, "AGENT", { events: ["alert.action_required"] });
    delete process.env.SMTP_URL;
    resetEnvCache();
    try {
      const other = await makeAlert(org.id);
      const [unconfigured] = await db.$transaction((tx) => notifyAlertActionRequired(tx, other.id));
      await runJobs();
      expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: unconfigured! } })).toMatchObject({ status: "skipped", error: "Email is not configured (SMTP_URL is unset)." });
    } finally {
      process.env.SMTP_URL = mail.url;
      resetEnvCache();
    }
    expect(mailsTo(user.email)).toEqual([]);
    expect(mailsTo(colleague.email)).toEqual([]);
  });
});
