import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { AccessScope } from "@/lib/domain/scope";
import { makeAlert, makeOrganisation, makeRepresentment, makeSchemeNotice } from "@/lib/testing/factories";
import { refundedOutcomeValues, refundingOutcomeValues } from "@/lib/providers/registry";
import { getAttention, getDailyOutcomes, getNoticesPerMonth, getOrganisationAttention, getRepresentmentResults } from "./queries";

const NOW = new Date("2026-06-15T10:00:00Z");
const H = 3600_000;
let org: { id: string; name: string };
let other: { id: string };
let scope: AccessScope;

beforeAll(async () => {
  org = await makeOrganisation({ name: `Overview ${Date.now()}` });
  other = await makeOrganisation();
  scope = { kind: "orgs", organisationIds: [org.id] };
  // received 23:30 UTC on June 14th = June 15th in Berlin
  await makeAlert(org.id, { status: "RESOLVED", refundOutcome: "REFUNDED", receivedAt: new Date("2026-06-14T23:30:00Z") });
  await makeAlert(org.id, { status: "RESOLVED", refundOutcome: null, receivedAt: new Date("2026-06-14T12:00:00Z") });
  await makeAlert(org.id, { status: "RESOLVED", kind: "RDR", receivedAt: new Date("2026-06-14T12:00:00Z") });
  await makeAlert(org.id, { status: "EXPIRED", deadlineAt: new Date(NOW.getTime() - 2 * H), receivedAt: new Date("2026-06-13T12:00:00Z") });
  await makeAlert(org.id, { status: "ACTION_REQUIRED", deadlineAt: new Date(NOW.getTime() + 2 * H), receivedAt: new Date("2026-06-15T08:00:00Z") });
  await makeAlert(org.id, { status: "ACTION_REQUIRED", deadlineAt: new Date(NOW.getTime() + 10 * H), receivedAt: new Date("2026-06-15T08:00:00Z") });
  await makeAlert(org.id, { status: "ACTION_REQUIRED", deadlineAt: new Date(NOW.getTime() + 40 * H), receivedAt: new Date("2026-04-01T08:00:00Z") });
  await makeAlert(other.id, { status: "ACTION_REQUIRED", deadlineAt: new Date(NOW.getTime() + H), receivedAt: new Date("2026-06-15T08:00:00Z") });
  await makeRepresentment(org.id, { status: "WON", disputedAt: new Date("2026-05-01") });
  await makeRepresentment(org.id, { status: "LOST", disputedAt: new Date("2026-05-02") });
  await makeRepresentment(org.id, { status: "LOST", disputedAt: new Date("2024-01-01") });
  await makeSchemeNotice(org.id, { reportedAt: new Date("2026-05-31T23:30:00Z") });
  await makeSchemeNotice(org.id, { reportedAt: new Date("2026-06-02T10:00:00Z") });
});

describe("overview figures", () => {
  it("counts the outcomes each provider declares as refunded as refunded, whatever the provider", async () => {
    const own = await makeOrganisation();
    const at = new Date("2026-06-10T12:00:00Z");
    for (const providerOutcome of ["reversed", "previously-reversed", "REFUND_AND_CANCEL", "acknowledged", "ACKNOWLEDGE"]) {
      await makeAlert(own.id, { status: "RESOLVED", providerOutcome, receivedAt: at });
    }
    const days = await getDailyOutcomes({ kind: "orgs", organisationIds: [own.id] }, { now: NOW, timeZone: "UTC" });
    expect(days.find((d) => d.day === "2026-06-10")).toEqual({ day: "2026-06-10", refunded: 3, acknowledged: 2, expired: 0, open: 0 });
    expect(refundedOutcomeValues()).toEqual(expect.arrayContaining([...refundingOutcomeValues(), "previously-reversed"]));
  });

  it("counts what needs action now, in scope", async () => {
    const endOfToday = new Date("2026-06-16T00:00:00Z");
    expect(await getAttention(scope, { now: NOW, endOfToday })).toEqual({ overdue: 1, due4h: 1, dueToday: 2, actionRequired: 3 });
    expect(await getAttention({ kind: "orgs", organisationIds: [] }, { now: NOW, endOfToday })).toEqual({ overdue: 0, due4h: 0, dueToday: 0, actionRequired: 0 });
  });

  it("buckets alerts per calendar day in the viewer's zone, by outcome", async () => {
    const utc = await getDailyOutcomes(scope, { now: NOW, timeZone: "UTC" });
    expect(utc).toHaveLength(30);
    expect(utc.at(-1)).toEqual({ day: "2026-06-15", refunded: 0, acknowledged: 0, expired: 0, open: 2 });
    expect(utc.at(-2)).toEqual({ day: "2026-06-14", refunded: 2, acknowledged: 1, expired: 0, open: 0 });
    expect(utc.at(-3)).toMatchObject({ day: "2026-06-13", expired: 1 });
    const berlin = await getDailyOutcomes(scope, { now: NOW, timeZone: "Europe/Berlin" });
    expect(berlin.at(-1)).toEqual({ day: "2026-06-15", refunded: 1, acknowledged: 0, expired: 0, open: 2 });
  });

  it("reports representment results and notices per month", async () => {
    expect(await getRepresentmentResults(scope, { now: NOW })).toMatchObject({ won: 1, lost: 1 });
    const utc = await getNoticesPerMonth(scope, { now: NOW, timeZone: "UTC" });
    expect(utc).toHaveLength(12);
    expect(utc.slice(-2)).toEqual([{ month: "2026-05", count: 1 }, { month: "2026-06", count: 1 }]);
    const berlin = await getNoticesPerMonth(scope, { now: NOW, timeZone: "Europe/Berlin" });
    expect(berlin.slice(-2)).toEqual([{ month: "2026-05", count: 0 }, { month: "2026-06", count: 2 }]);
  });

  it("lists organisations needing attention first, within scope", async () => {
    const rows = await getOrganisationAttention({ kind: "all", includeUnassigned: true }, { now: NOW });
    const mine = rows.find((r) => r.organisationId === org.id)!;
    expect(mine).toMatchObject({ actionRequired: 3, overdue: 1, due24h: 2, won: 1, lost: 1 });
    const scoped = await getOrganisationAttention(scope, { now: NOW });
    expect(scoped.map((r) => r.organisationId)).toEqual([org.id]);
    const overdueOrder = rows.map((r) => r.overdue);
    expect(overdueOrder).toEqual([...overdueOrder].sort((a, b) => b - a));
    await db.organisation.findUniqueOrThrow({ where: { id: org.id } });
  });
});
