import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { RepresentmentStage, RepresentmentStatus } from "@/lib/generated/prisma/enums";
import type { AccessScope } from "@/lib/domain/scope";
import { makeMerchant, makeOrganisation, unique } from "@/lib/testing/factories";
import { COUNT_CAP, countRepresentmentTabs, listRepresentmentPage, parseRepresentmentListParams, representmentListSearch, type RepresentmentListQuery } from "./list";

const NOW = new Date("2026-06-01T12:00:00Z");
const HOUR = 3600_000;
const PROVIDERS = ["chargebackstop", "chargebackhit", "astra"];
let org: { id: string };
let other: { id: string };
let scope: AccessScope;
let otherScope: AccessScope;
let merchant: { id: string };
let externalIds: string[];

const query = (params: Record<string, string> = {}): RepresentmentListQuery => parseRepresentmentListParams(params, { providers: PROVIDERS, defaultSize: 25 });

async function walk(q: RepresentmentListQuery, s: AccessScope = scope) {
  const ids: string[] = [];
  let page = await listRepresentmentPage(s, q, NOW);
  ids.push(...page.rows.map((r) => r.id));
  while (page.next) {
    page = await listRepresentmentPage(s, { ...q, after: page.next, before: undefined }, NOW);
    ids.push(...page.rows.map((r) => r.id));
  }
  return ids;
}

/** Walks every page forward, then back again from the last one: each page must come back identical. */
async function expectStablePages(q: RepresentmentListQuery) {
  const forward: string[][] = [];
  let page = await listRepresentmentPage(scope, q, NOW);
  expect(page.previous).toBeNull();
  forward.push(page.rows.map((r) => r.id));
  while (page.next) {
    page = await listRepresentmentPage(scope, { ...q, after: page.next, before: undefined }, NOW);
    forward.push(page.rows.map((r) => r.id));
  }
  for (let i = forward.length - 2; i >= 0; i--) {
    page = await listRepresentmentPage(scope, { ...q, after: undefined, before: page.previous! }, NOW);
    expect(page.rows.map((r) => r.id)).toEqual(forward[i]);
  }
  expect(page.previous).toBeNull();
  return forward.flat();
}

const statusOf = (i: number): RepresentmentStatus => (i < 40 ? "OPEN" : i < 48 ? "UNDER_REVIEW" : i < 54 ? "WON" : i < 57 ? "LOST" : "CLOSED");

beforeAll(async () => {
  org = await makeOrganisation();
  other = await makeOrganisation();
  scope = { kind: "orgs", organisationIds: [org.id] };
  otherScope = { kind: "orgs", organisationIds: [other.id] };
  merchant = await makeMerchant(org.id, { name: "Case Merchant" });
  externalIds = Array.from({ length: 60 }, (_, i) => `rep-${unique()}-${i}`);
  await db.representment.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      organisationId: org.id,
      merchantId: i % 2 ? merchant.id : null,
      provider: i % 5 === 0 ? "astra" : "chargebackstop",
      externalId: externalIds[i]!,
      stage: (i % 3 === 0 ? "PRE_ARBITRATION" : "CHARGEBACK") as RepresentmentStage,
      status: statusOf(i),
      providerStatus: statusOf(i),
      detailsPending: i % 10 === 0,
      reason: i % 6 === 0 ? "SUBSCRIPTION_CANCELED" : "FRAUDULENT",
      reasonCode: i % 4 === 0 ? "13.2" : "10.4",
      // every 10th has no due date; the others from 30 h overdue to ~ 13 days ahead
      dueAt: i % 10 === 9 ? null : new Date(NOW.getTime() + (i - 5) * 6 * HOUR),
      disputedAt: new Date(NOW.getTime() - i * 12 * HOUR),
      amountMinor: i % 7 === 0 ? 1000 * i : 100 + i,
      currency: i % 5 === 0 ? "JPY" : "USD",
      arn: `7${String(i).padStart(22, "0")}`,
      receivedAt: new Date(NOW.getTime() - i * HOUR),
      providerData: {},
    })),
  });
  await db.representment.createMany({
    data: Array.from({ length: 5 }, (_, i) => ({
      organisationId: other.id,
      provider: "chargebackstop",
      externalId: `orep-${unique()}-${i}`,
      stage: "CHARGEBACK" as const,
      status: "OPEN" as const,
      providerStatus: "OPEN",
      reason: "SUBSCRIPTION_CANCELED",
      reasonCode: "13.2",
      dueAt: new Date(NOW.getTime() + HOUR),
      disputedAt: NOW,
      amountMinor: 120,
      currency: "USD",
      arn: `7${"12".padStart(22, "0")}`,
      providerData: {},
    })),
  });
});

describe("representment list", () => {
  it("defaults to open cases, soonest due first, no due date last", async () => {
    const q = query();
    expect(q).toMatchObject({ status: "OPEN", sort: "due", direction: "asc", size: 25 });
    const page = await listRepresentmentPage(scope, q, NOW);
    expect(page.rows).toHaveLength(25);
    const due = page.rows.map((r) => r.dueAt!.getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(page.rows.every((r) => r.status === "OPEN" && r.organisationId === org.id)).toBe(true);
    const all = await walk(q);
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    const last = await db.representment.findMany({ where: { id: { in: all.slice(-4) } }, select: { dueAt: true } });
    expect(last.every((r) => r.dueAt === null)).toBe(true);
    expect(representmentListSearch(q)).toMatchObject({ status: undefined, sort: undefined, dir: undefined });
  });

  it("returns merchant, organisation and the pending-details flag on each row", async () => {
    const rows = (await listRepresentmentPage(scope, query({ status: "ALL", size: "100" }), NOW)).rows;
    const byExternal = new Map(rows.map((r) => [r.externalId, r]));
    expect(byExternal.get(externalIds[1]!)).toMatchObject({ merchantName: "Case Merchant", detailsPending: false });
    expect(byExternal.get(externalIds[10]!)).toMatchObject({ merchantName: null, detailsPending: true, provider: "astra" });
    expect(rows[0]!.organisationName).toMatch(/^Org /);
  });

  it("pages forward and back with identical pages, in every sort and direction", async () => {
    expect(await expectStablePages(query({ size: "25" }))).toHaveLength(40);
    expect(await expectStablePages(query({ size: "25", dir: "desc" }))).toHaveLength(40);
    expect(await expectStablePages(query({ size: "25", status: "ALL", sort: "amount" }))).toHaveLength(60);
    expect(await expectStablePages(query({ size: "25", status: "ALL", sort: "disputed", dir: "asc" }))).toHaveLength(60);
    expect(await expectStablePages(query({ size: "25", status: "ALL", sort: "received" }))).toHaveLength(60);
  });

  it("sorts by disputed, amount and received time from the allow-list; unknown values fall back", async () => {
    const rows = async (q: RepresentmentListQuery) => (await listRepresentmentPage(scope, { ...q, size: 100 }, NOW)).rows;
    const disputed = (await rows(query({ status: "ALL", sort: "disputed" }))).map((r) => r.disputedAt!.getTime());
    expect(disputed).toEqual([...disputed].sort((a, b) => b - a));
    const amounts = (await rows(query({ status: "ALL", sort: "amount" }))).map((r) => r.amountMinor!);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const received = (await rows(query({ status: "ALL", sort: "received", dir: "asc" }))).map((r) => r.receivedAt.getTime());
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(query({ sort: "id; DROP TABLE" }).sort).toBe("due");
    expect(query({ status: "NOPE", size: "7", dir: "sideways", stage: "BOGUS", provider: "nobody", due: "soon", min: "abc", from: "yesterday", org: "a b" })).toMatchObject({
      status: "OPEN",
      size: 25,
      direction: "asc",
      stages: [],
      providers: [],
      due: undefined,
      amountMin: undefined,
      disputedFrom: undefined,
      organisationId: undefined,
    });
    const page = await listRepresentmentPage(scope, { ...query(), after: "not-a-cursor" }, NOW);
    expect(page.rows).toHaveLength(25);
    expect(page.previous).toBeNull();
  });

  it("filters by tab, stage, provider, merchant and organisation", async () => {
    expect(await walk(query({ status: "UNDER_REVIEW" }))).toHaveLength(8);
    expect(await walk(query({ status: "ALL" }))).toHaveLength(60);
    expect(await walk(query({ status: "ALL", stage: "PRE_ARBITRATION" }))).toHaveLength(20);
    expect(await walk(query({ status: "ALL", stage: "PRE_ARBITRATION,CHARGEBACK" }))).toHaveLength(60);
    expect(await walk(query({ status: "ALL", stage: "INQUIRY" }))).toHaveLength(0);
    expect(await walk(query({ status: "ALL", provider: "astra" }))).toHaveLength(12);
    expect(await walk(query({ status: "ALL", merchant: merchant.id }))).toHaveLength(30);
    expect(await walk(query({ status: "ALL", org: org.id }))).toHaveLength(60);
    // another organisation in the URL never widens the scope
    expect(await walk(query({ status: "ALL", org: other.id }))).toHaveLength(0);
  });

  it("filters by due window", async () => {
    const dueOf = async (due: string) => {
      const ids = await walk(query({ status: "ALL", due }));
      return (await db.representment.findMany({ where: { id: { in: ids } }, select: { dueAt: true } })).map((r) => r.dueAt!.getTime());
    };
    const overdue = await dueOf("overdue");
    expect(overdue).toHaveLength(5);
    expect(overdue.every((t) => t < NOW.getTime())).toBe(true);
    const day = await dueOf("24h");
    expect(day).toHaveLength(4);
    expect(day.every((t) => t >= NOW.getTime() && t < NOW.getTime() + 24 * HOUR)).toBe(true);
    const week = await dueOf("7d");
    expect(week).toHaveLength(25);
    expect(week.every((t) => t >= NOW.getTime() && t < NOW.getTime() + 168 * HOUR)).toBe(true);
    const later = await dueOf("later");
    expect(later).toHaveLength(24);
    expect(later.every((t) => t >= NOW.getTime() + 168 * HOUR)).toBe(true);
  });

  it("filters by amount in major units per currency and by disputed date", async () => {
    // 1.20–1.50 is 120–150 USD cents; JPY has no minor unit, so 105 JPY is not in range
    const cheap = await walk(query({ status: "ALL", min: "1.20", max: "1.50" }));
    const rows = await db.representment.findMany({ where: { id: { in: cheap } }, select: { amountMinor: true, currency: true } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.currency === "USD" && r.amountMinor! >= 120 && r.amountMinor! <= 150)).toBe(true);
    // 100–200 is 10,000–20,000 USD cents (i = 14) but 100–200 yen (i = 5, 10, …, 55 except 35)
    const wide = await walk(query({ status: "ALL", min: "100", max: "200" }));
    const wideRows = await db.representment.findMany({ where: { id: { in: wide } }, select: { amountMinor: true, currency: true } });
    expect(wideRows).toHaveLength(11);
    expect(wideRows.filter((r) => r.currency === "USD")).toEqual([{ amountMinor: 14_000, currency: "USD" }]);
    expect(wideRows.filter((r) => r.currency === "JPY").every((r) => r.amountMinor! >= 100 && r.amountMinor! <= 200)).toBe(true);
    // disputed i * 12 h before June 1st 12:00: May 30–31 (UTC) holds i = 2..5
    expect(await walk(query({ status: "ALL", from: "2026-05-30", to: "2026-05-31" }))).toHaveLength(4);
    expect(await walk(query({ status: "ALL", from: "2026-06-01" }))).toHaveLength(2);
  });

  it("searches ARN, provider id, reason code and reason within scope only", async () => {
    expect(await walk(query({ status: "ALL", q: `7${"12".padStart(22, "0")}` }))).toHaveLength(1);
    expect(await walk(query({ status: "ALL", q: externalIds[33]! }))).toHaveLength(1);
    expect(await walk(query({ status: "ALL", q: "13.2" }))).toHaveLength(15);
    expect(await walk(query({ status: "ALL", q: "subscription canceled" }))).toHaveLength(10);
    expect(await walk(query({ status: "ALL", q: "subscription_cancel" }))).toHaveLength(10);
    expect(await walk(query({ status: "ALL", q: "fraud" }))).toHaveLength(50);
    expect(await walk(query({ status: "ALL", q: "100%_" }))).toHaveLength(0);
    expect(await walk(query({ status: "ALL", q: "_" }))).toHaveLength(10);
  });

  it("counts tabs within scope and the other filters, capped", async () => {
    expect(await countRepresentmentTabs(scope, query(), NOW)).toEqual({ OPEN: 40, UNDER_REVIEW: 8, WON: 6, LOST: 3, CLOSED: 3 });
    expect(await countRepresentmentTabs(scope, query({ provider: "astra" }), NOW)).toMatchObject({ OPEN: 8, UNDER_REVIEW: 2 });
    expect(COUNT_CAP).toBe(10_000);
  });

  it("never shows another organisation's rows or counts; an empty scope sees nothing", async () => {
    const theirs = await walk(query({ status: "ALL" }), otherScope);
    expect(theirs).toHaveLength(5);
    const mine = new Set(await walk(query({ status: "ALL" })));
    expect(theirs.some((id) => mine.has(id))).toBe(false);
    expect(await countRepresentmentTabs(otherScope, query(), NOW)).toMatchObject({ OPEN: 5, UNDER_REVIEW: 0 });
    const none: AccessScope = { kind: "orgs", organisationIds: [] };
    expect((await listRepresentmentPage(none, query({ status: "ALL" }), NOW)).rows).toHaveLength(0);
    expect(await countRepresentmentTabs(none, query(), NOW)).toEqual({ OPEN: 0, UNDER_REVIEW: 0, WON: 0, LOST: 0, CLOSED: 0 });
    const malformed = { kind: "bogus" } as unknown as AccessScope;
    expect((await listRepresentmentPage(malformed, query({ status: "ALL" }), NOW)).rows).toHaveLength(0);
  });
});
