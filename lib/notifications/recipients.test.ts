/**
 * Who is notified, on real Postgres: never someone who cannot read the record. Each test builds
 * its own organisations and users; users are deactivated afterwards, so the global ADMIN/OPS
 * users made here are not recipients of other tests' events.
 */
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { db } from "@/lib/db";
import type { GlobalRole, OrgRole } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { makeAlert, makeEnrolment, makeOrganisation, makeUser } from "@/lib/testing/factories";
import { createChannel } from "./channels";
import type { EventKind } from "./kinds";
import { notifyAlertActionRequired, notifyEnrolmentEnabled, notifyOutcomeFailed } from "./notify";
import { resolveRecipients } from "./recipients";

const made: string[] = [];
afterAll(async () => {
  await db.user.updateMany({ where: { id: { in: made } }, data: { deactivatedAt: new Date() } });
});
/** Users of one test stop receiving anything when it ends (global roles would see every later test's records). */
const retire = (userId: string) => {
  made.push(userId);
  onTestFinished(async () => {
    await db.user.update({ where: { id: userId }, data: { deactivatedAt: new Date() } });
  });
};

async function person(options: { role?: OrgRole; org?: string; globalRole?: GlobalRole; events?: EventKind[]; email?: boolean; mode?: string }) {
  const user = await makeUser({ globalRole: options.globalRole ?? null, memberships: options.org && options.role ? [{ organisationId: options.org, role: options.role }] : undefined });
  retire(user.id);
  const events = Object.fromEntries((options.events ?? []).map((k) => [k, true]));
  await db.userPreference.create({ data: { userId: user.id, notifications: { email: options.email ?? true, events, mode: options.mode ?? "immediate", deadlineHours: 4 } as Prisma.InputJsonValue } });
  return user;
}

const keys = (recipients: ({ key: string } | { recipient: string })[]) => recipients.map((r) => ("key" in r ? r.key : r.recipient)).sort();
const system = { type: "system" as const };
const all = { kind: "all" as const, includeUnassigned: true };

describe("notification recipients", () => {
  it("members of the organisation who opted in, never members of another organisation", async () => {
    const a = await makeOrganisation();
    const b = await makeOrganisation();
    const agentA = await person({ org: a.id, role: "AGENT", events: ["alert.action_required"] });
    const viewerA = await person({ org: a.id, role: "VIEWER", events: ["alert.action_required"] });
    await person({ org: a.id, role: "AGENT", events: ["enrolment.enabled"] }); // another kind
    await person({ org: a.id, role: "AGENT", events: ["alert.action_required"], email: false }); // email off
    const gone = await person({ org: a.id, role: "AGENT", events: ["alert.action_required"] });
    await db.user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });
    await person({ org: b.id, role: "AGENT", events: ["alert.action_required"] });
    await makeUser({ memberships: [{ organisationId: a.id, role: "AGENT" }] }).then((u) => retire(u.id)); // never chose anything

    const alert = await makeAlert(a.id);
    const created = await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    expect(created).toHaveLength(2);
    const rows = await db.notificationDelivery.findMany({ where: { eventKey: `alert.action_required:${alert.id}` } });
    expect(keys(rows)).toEqual([`user:${agentA.id}`, `user:${viewerA.id}`].sort());
    expect(rows.every((r) => r.organisationId === a.id && r.kind === "alert.action_required" && r.status === "pending" && r.mode === "IMMEDIATE")).toBe(true);

    // the same event again (a webhook retry, a second call): nothing new
    expect(await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id))).toEqual([]);
    expect(await db.notificationDelivery.count({ where: { eventKey: `alert.action_required:${alert.id}` } })).toBe(2);
  });

  it("the kind's permission decides: a VIEWER gets alerts but not the delivery log's rejections", async () => {
    const a = await makeOrganisation();
    const agent = await person({ org: a.id, role: "AGENT", events: ["alert.action_required", "connection.rejections"] });
    const viewer = await person({ org: a.id, role: "VIEWER", events: ["alert.action_required", "connection.rejections"] });
    expect(keys(await resolveRecipients(db, "alert.action_required", a.id))).toEqual([`user:${agent.id}`, `user:${viewer.id}`].sort());
    expect(keys(await resolveRecipients(db, "connection.rejections", a.id))).toEqual([`user:${agent.id}`]);
  });

  it("unassigned records reach only global roles that may read unassigned rows, never channels", async () => {
    const a = await makeOrganisation();
    const admin = await person({ globalRole: "ADMIN", events: ["alert.action_required"] });
    const ops = await person({ globalRole: "OPS", events: ["alert.action_required"] });
    const agent = await person({ org: a.id, role: "AGENT", events: ["alert.action_required"] });
    await createChannel(all, { organisationId: a.id, kind: "EMAIL", target: "team@example.test", events: ["alert.action_required"], mode: "IMMEDIATE" }, system);

    const unassigned = await makeAlert(null);
    await db.$transaction((tx) => notifyAlertActionRequired(tx, unassigned.id));
    const rows = await db.notificationDelivery.findMany({ where: { eventKey: `alert.action_required:${unassigned.id}` } });
    const recipients = keys(rows);
    expect(recipients).toContain(`user:${admin.id}`);
    expect(recipients).toContain(`user:${ops.id}`);
    expect(recipients).not.toContain(`user:${agent.id}`);
    expect(recipients.some((r) => r.startsWith("channel:"))).toBe(false);
    expect(rows.every((r) => r.organisationId === null)).toBe(true);

    // a global role reads every organisation: ADMIN and OPS get organisation A's alert too
    const inA = await makeAlert(a.id);
    await db.$transaction((tx) => notifyAlertActionRequired(tx, inA.id));
    const inARecipients = keys(await db.notificationDelivery.findMany({ where: { eventKey: `alert.action_required:${inA.id}` } }));
    expect(inARecipients).toEqual(expect.arrayContaining([`user:${admin.id}`, `user:${ops.id}`, `user:${agent.id}`]));
    expect(inARecipients.filter((r) => r.startsWith("channel:"))).toHaveLength(1);
  });

  it("an organisation's channels serve only that organisation and only the kinds they subscribe to", async () => {
    const a = await makeOrganisation();
    const b = await makeOrganisation();
    const slackA = await createChannel(all, { organisationId: a.id, kind: "SLACK", target: "https://hooks.slack.example/services/T/B/aaaa", events: ["alert.action_required"], mode: "DIGEST" }, system);
    await createChannel(all, { organisationId: a.id, kind: "TEAMS", target: "https://teams.example/webhook/bbbb", events: ["enrolment.enabled"], mode: "IMMEDIATE" }, system);
    await createChannel(all, { organisationId: b.id, kind: "SLACK", target: "https://hooks.slack.example/services/T/B/cccc", events: ["alert.action_required"], mode: "IMMEDIATE" }, system);

    const alert = await makeAlert(a.id);
    await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id));
    const rows = await db.notificationDelivery.findMany({ where: { eventKey: `alert.action_required:${alert.id}`, recipient: { startsWith: "channel:" } } });
    expect(rows.map((r) => [r.recipient, r.mode])).toEqual([[`channel:${slackA.id}`, "DIGEST"]]);
  });

  it("archived organisations notify nobody", async () => {
    const a = await makeOrganisation();
    await person({ org: a.id, role: "AGENT", events: ["alert.action_required"] });
    const alert = await makeAlert(a.id);
    await db.organisation.update({ where: { id: a.id }, data: { archivedAt: new Date() } });
    expect(await db.$transaction((tx) => notifyAlertActionRequired(tx, alert.id))).toEqual([]);
  });

  it("notify only for the state the event names; an enrolment enabled again notifies again", async () => {
    const a = await makeOrganisation();
    const agent = await person({ org: a.id, role: "AGENT", events: ["alert.action_required", "outcome.failed", "enrolment.enabled"], mode: "daily" });
    const resolved = await makeAlert(a.id, { status: "RESOLVED" });
    expect(await db.$transaction((tx) => notifyAlertActionRequired(tx, resolved.id))).toEqual([]);
    expect(await db.$transaction((tx) => notifyAlertActionRequired(tx, "no-such-alert"))).toEqual([]);

    const alert = await makeAlert(a.id);
    const submission = await db.outcomeSubmission.create({ data: { alertId: alert.id, organisationId: a.id, outcome: "REFUND", payload: {}, idempotencyKey: `k-${alert.id}`, status: "QUEUED", liveAlertId: alert.id } });
    expect(await db.$transaction((tx) => notifyOutcomeFailed(tx, submission.id))).toEqual([]);
    await db.outcomeSubmission.update({ where: { id: submission.id }, data: { status: "REJECTED", liveAlertId: null, lastError: "HTTP 422: already refunded" } });
    const [outcomeDelivery] = await db.$transaction((tx) => notifyOutcomeFailed(tx, submission.id));
    const row = await db.notificationDelivery.findUniqueOrThrow({ where: { id: outcomeDelivery! } });
    expect(row).toMatchObject({ recipient: `user:${agent.id}`, eventKey: `outcome.failed:${submission.id}`, mode: "DIGEST" });
    expect(row.subject).toMatch(/^Outcome rejected/);
    expect(row.body).toContain("already refunded");

    const enrolment = await makeEnrolment(a.id, { status: "IN_PROGRESS" });
    expect(await db.$transaction((tx) => notifyEnrolmentEnabled(tx, enrolment.id))).toEqual([]);
    await db.enrolment.update({ where: { id: enrolment.id }, data: { status: "ENABLED", statusChangedAt: new Date("2026-01-01T00:00:00Z") } });
    expect(await db.$transaction((tx) => notifyEnrolmentEnabled(tx, enrolment.id))).toHaveLength(1);
    expect(await db.$transaction((tx) => notifyEnrolmentEnabled(tx, enrolment.id))).toHaveLength(0);
    await db.enrolment.update({ where: { id: enrolment.id }, data: { statusChangedAt: new Date("2026-02-01T00:00:00Z") } });
    expect(await db.$transaction((tx) => notifyEnrolmentEnabled(tx, enrolment.id))).toHaveLength(1);
  });

  it("nothing is recorded when the caller's transaction rolls back", async () => {
    const a = await makeOrganisation();
    await person({ org: a.id, role: "AGENT", events: ["alert.action_required"] });
    const alert = await makeAlert(a.id);
    let ids: string[] = [];
    await expect(
      db.$transaction(async (tx) => {
        ids = await notifyAlertActionRequired(tx, alert.id);
        throw new Error("the change that caused it failed");
      }),
    ).rejects.toThrow(/failed/);
    expect(ids).toHaveLength(1);
    expect(await db.notificationDelivery.count({ where: { eventKey: `alert.action_required:${alert.id}` } })).toBe(0);
    const jobs = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload::jsonb->>'deliveryId' = ANY($1::text[])`, ids);
    expect(jobs[0]!.n).toBe(0);
  });
});
