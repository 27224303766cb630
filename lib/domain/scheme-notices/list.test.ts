import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SchemeNoticeType } from "@/lib/generated/prisma/enums";
import type { AccessScope } from "@/lib/domain/scope";
import { makeMerchant, makeOrganisation, unique } from "@/lib/testing/factories";
import {
  COUNT_CAP,
  countSchemeNoticeTabs,
  listSchemeNoticeFacets,
  listSchemeNoticePage,
  parseSchemeNoticeListParams,
  schemeNoticeListSearch,
  type SchemeNoticeListQuery,
} from "./list";

const NOW = new Date("2026-06-01T12:00:00Z");
const HOUR = 3600_000;
const PROVIDERS = ["chargebackstop", "chargebackhit", "astra"];
let org: { id: string };
let other: { id: string };
let scope: AccessScope;
let otherScope: AccessScope;
let merchant: { id: string };
let externalIds: string[];

const query = (params: Record<string, string> = {}): SchemeNoticeListQuery => parseSchemeNoticeListParams(params, { providers: PROVIDERS, defaultSize: 25 });

async function walk(q: SchemeNoticeListQuery, s: AccessScope = scope) {
  const ids: string[] = [];
  let page = await listSchemeNoticePage(s, q);
  ids.push(...page.rows.map((r) => r.id));
  while (page.next) {
    page = await listSchemeNoticePage(s, { ...q, after: page.next, before: undefined });
    ids.push(...page.rows.map((r) => r.id));
  }
  return ids;
}

/** Walks every page forward, then back again from the last one: each page must come back identical. */
async function expectStablePages(q: SchemeNoticeListQuery) {
  const forward: string[][] = [];
  let page = await listSchemeNoticePage(scope, q);
  expect(page.previous).toBeNull();
  forward.push(page.rows.map((r) => r.id));
  while (page.next) {
    page = await listSchemeNoticePage(scope, { ...q, after: page.next, before: undefined });
    forward.push(page.rows.map((r) => r.id));
  }
  for (let i = forward.length - 2; i >= 0; i--) {
    page = await listSchemeNoticePage(scope, { ...q, after: undefined, before: page.previous! });
    expect(page.rows.map((r) => r.id)).toEqual(forward[i]);
  }
  expect(page.previous).toBeNull();
  return forward.flat();
}

const typeOf = (i: number): SchemeNoticeType => (i % 6 < 3 ? "TC40" : i % 6 === 3 ? "TC15" : i % 6 === 4 ? "SAFE" : "OTHER");

beforeAll(async () => {
  org = await makeOrganisation();
  other = await makeOrganisation();
  scope = { kind: "orgs", organisationIds: [org.id] };
  otherScope = { kind: "orgs", organisationIds: [other.id] };
  merchant = await makeMerchant(org.id, { name: "Notice Merchant" });
  externalIds = Array.from({ length: 48 }, (_, i) => `ntc-${unique()}-${i}`);
  await db.schemeNotice.createMany({
    data: Array.from({ length: 48 }, (_, i) => ({
      organisationId: org.id,
      merchantId: i % 2 ? merchant.id : null,
      provider: i % 4 === 3 ? "chargebackhit" : "chargebackstop",
      externalId: externalIds[i]!,
      noticeType: typeOf(i),
      providerType: typeOf(i) === "OTHER" ? "VISA_RDR" : typeOf(i),
      scheme: i % 2 ? "VISA" : "MASTERCARD",
      fraudType: i % 3 === 0 ? "CARD_NOT_PRESENT" : i % 3 === 1 ? "STOLEN" : null,
      disputeEligible: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
      revoked: i % 8 === 0,
      // every 10th was never dated by the scheme
      reportedAt: i % 10 === 9 ? null : new Date(NOW.getTime() - i * 12 * HOUR),
      amountMinor: i % 7 === 0 ? 1000 * i : 100 + i,
      currency: "USD",
      cardLast4: String(1000 + i),
      arn: `7${String(i).padStart(22, "0")}`,
      merchantName: i % 5 === 0 ? "Acme 100% Store" : "Plain Shop",
      receivedAt: new Date(NOW.getTime() - i * HOUR),
      providerData: {},
    })),
  });
  await db.schemeNotice.createMany({
    data: Array.from({ length: 5 }, (_, i) => ({
      organisationId: other.id,
      provider: "chargebackstop",
      externalId: `ontc-${unique()}-${i}`,
      noticeType: "TC40" as const,
      providerType: "TC40",
      scheme: "AMEX",
      fraudType: "OTHER_ORG_FRAUD",
      revoked: true,
      reportedAt: NOW,
      cardLast4: "1003",
      merchantName: "Acme 100% Store",
      providerData: {},
    })),
  });
});

describe("scheme notice list", () => {
  it("defaults to every type, latest reported first, undated last", async () => {
    const q = query();
    expect(q).toMatchObject({ type: "ALL", sort: "reported", direction: "desc", size: 25 });
    const page = await listSchemeNoticePage(scope, q);
    expect(page.rows).toHaveLength(25);
    const reported = page.rows.map((r) => r.reportedAt!.getTime());
    expect(reported).toEqual([...reported].sort((a, b) => b - a));
    expect(page.rows.every((r) => r.organisationId === org.id)).toBe(true);
    const all = await walk(q);
    expect(all).toHaveLength(48);
    const last = await db.schemeNotice.findMany({ where: { id: { in: all.slice(-4) } }, select: { reportedAt: true } });
    expect(last.every((r) => r.reportedAt === null)).toBe(true);
    expect(schemeNoticeListSearch(q)).toMatchObject({ type: undefined, sort: undefined, dir: undefined });
    const row = page.rows.find((r) => r.externalId === externalIds[1]);
    expect(row).toMatchObject({ merchantName: "Notice Merchant", reportedMerchantName: "Plain Shop", scheme: "VISA", fraudType: "STOLEN", disputeEligible: false });
  });

  it("pages forward and back with identical pages, in every sort and direction", async () => {
    expect(await expectStablePages(query())).toHaveLength(48);
    expect(await expectStablePages(query({ dir: "asc" }))).toHaveLength(48);
    expect(await expectStablePages(query({ sort: "amount" }))).toHaveLength(48);
    expect(await expectStablePages(query({ sort: "received", dir: "asc", size: "25" }))).toHaveLength(48);
  });

  it("sorts by amount and received time from the allow-list; unknown values fall back", async () => {
    const rows = async (q: SchemeNoticeListQuery) => (await listSchemeNoticePage(scope, { ...q, size: 100 })).rows;
    const amounts = (await rows(query({ sort: "amount" }))).map((r) => r.amountMinor!);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const received = (await rows(query({ sort: "received" }))).map((r) => r.receivedAt.getTime());
    expect(received).toEqual([...received].sort((a, b) => b - a));
    expect(query({ sort: "reportedAt desc; --" }).sort).toBe("reported");
    expect(query({ type: "TC99", revoked: "maybe", eligible: "1", scheme: "<script>", fraud: "x".repeat(65), dir: "up", size: "1000" })).toMatchObject({
      type: "ALL",
      revoked: undefined,
      disputeEligible: undefined,
      scheme: undefined,
      fraudType: undefined,
      direction: "desc",
      size: 25,
    });
    const page = await listSchemeNoticePage(scope, { ...query(), before: "garbage" });
    expect(page.rows).toHaveLength(25);
    expect(page.previous).toBeNull();
  });

  it("filters by type tab, scheme, fraud type, revoked and dispute eligibility", async () => {
    expect(await walk(query({ type: "TC15" }))).toHaveLength(8);
    expect(await walk(query({ type: "TC40" }))).toHaveLength(24);
    expect(await walk(query({ scheme: "VISA" }))).toHaveLength(24);
    expect(await walk(query({ scheme: "AMEX" }))).toHaveLength(0);
    expect(await walk(query({ fraud: "STOLEN" }))).toHaveLength(16);
    expect(await walk(query({ revoked: "yes" }))).toHaveLength(6);
    expect(await walk(query({ revoked: "no" }))).toHaveLength(42);
    expect(await walk(query({ eligible: "yes" }))).toHaveLength(16);
    // "no" includes notices whose eligibility was not reported: yes + no = all
    expect(await walk(query({ eligible: "no" }))).toHaveLength(32);
    expect(await walk(query({ eligible: "yes", revoked: "yes", scheme: "MASTERCARD" }))).toHaveLength(2); // i = 0 and 24
  });

  it("filters by provider, merchant, organisation and reported date", async () => {
    expect(await walk(query({ provider: "chargebackhit" }))).toHaveLength(12);
    expect(await walk(query({ provider: "chargebackhit,chargebackstop" }))).toHaveLength(48);
    expect(await walk(query({ merchant: merchant.id }))).toHaveLength(24);
    expect(await walk(query({ org: org.id }))).toHaveLength(48);
    expect(await walk(query({ org: other.id }))).toHaveLength(0);
    // reported i * 12 h before June 1st 12:00: May 30–31 (UTC) holds i = 2..5
    expect(await walk(query({ from: "2026-05-30", to: "2026-05-31" }))).toHaveLength(4);
  });

  it("searches ARN, last 4, provider id and the reported merchant name within scope only", async () => {
    expect(await walk(query({ q: "1003" }))).toHaveLength(1);
    expect(await walk(query({ q: `7${"12".padStart(22, "0")}` }))).toHaveLength(1);
    expect(await walk(query({ q: externalIds[40]! }))).toHaveLength(1);
    expect(await walk(query({ q: "acme 100%" }))).toHaveLength(10);
    expect(await walk(query({ q: "100%_" }))).toHaveLength(0);
    expect(await walk(query({ q: "%" }))).toHaveLength(10);
  });

  it("lists scheme and fraud type options within scope", async () => {
    expect(await listSchemeNoticeFacets(scope)).toEqual({ schemes: ["MASTERCARD", "VISA"], fraudTypes: ["CARD_NOT_PRESENT", "STOLEN"] });
    expect(await listSchemeNoticeFacets(otherScope)).toEqual({ schemes: ["AMEX"], fraudTypes: ["OTHER_ORG_FRAUD"] });
    expect(await listSchemeNoticeFacets(scope, other.id)).toEqual({ schemes: [], fraudTypes: [] });
    expect(await listSchemeNoticeFacets({ kind: "orgs", organisationIds: [] })).toEqual({ schemes: [], fraudTypes: [] });
  });

  it("counts type tabs within scope and the other filters", async () => {
    expect(await countSchemeNoticeTabs(scope, query())).toEqual({ TC40: 24, TC15: 8, SAFE: 8, OTHER: 8 });
    expect(await countSchemeNoticeTabs(scope, query({ type: "TC15", revoked: "yes" }))).toEqual({ TC40: 4, TC15: 0, SAFE: 2, OTHER: 0 });
    expect(COUNT_CAP).toBe(10_000);
  });

  it("never shows another organisation's rows or counts; an empty scope sees nothing", async () => {
    const theirs = await walk(query(), otherScope);
    expect(theirs).toHaveLength(5);
    const mine = new Set(await walk(query()));
    expect(theirs.some((id) => mine.has(id))).toBe(false);
    expect(await countSchemeNoticeTabs(otherScope, query())).toEqual({ TC40: 5, TC15: 0, SAFE: 0, OTHER: 0 });
    const none: AccessScope = { kind: "orgs", organisationIds: [] };
    expect((await listSchemeNoticePage(none, query())).rows).toHaveLength(0);
    expect(await countSchemeNoticeTabs(none, query())).toEqual({ TC40: 0, TC15: 0, SAFE: 0, OTHER: 0 });
  });
});
