import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { DeflectionStatus, LookupStatus } from "@/lib/generated/prisma/enums";
import type { AccessScope } from "@/lib/domain/scope";
import { makeLookup, makeMerchant, makeOrganisation, unique } from "@/lib/testing/factories";
import { COUNT_CAP, countLookupTabs, listLookupPage, listLookupTypes, lookupListSearch, parseLookupListParams, type LookupListQuery } from "./list";

const NOW = new Date("2026-06-01T12:00:00Z");
const HOUR = 3600_000;
const PROVIDERS = ["chargebackstop", "chargebackhit", "astra"];
let org: { id: string };
let other: { id: string };
let scope: AccessScope;
let otherScope: AccessScope;
let merchant: { id: string };
let externalIds: string[];
let ids: string[];
let otherChildId: string;

const query = (params: Record<string, string> = {}): LookupListQuery => parseLookupListParams(params, { providers: PROVIDERS, defaultSize: 25 });

async function walk(q: LookupListQuery, s: AccessScope = scope) {
  const found: string[] = [];
  let page = await listLookupPage(s, q);
  found.push(...page.rows.map((r) => r.id));
  while (page.next) {
    page = await listLookupPage(s, { ...q, after: page.next, before: undefined });
    found.push(...page.rows.map((r) => r.id));
  }
  return found;
}

/** Walks every page forward, then back again from the last one: each page must come back identical. */
async function expectStablePages(q: LookupListQuery) {
  const forward: string[][] = [];
  let page = await listLookupPage(scope, q);
  expect(page.previous).toBeNull();
  forward.push(page.rows.map((r) => r.id));
  while (page.next) {
    page = await listLookupPage(scope, { ...q, after: page.next, before: undefined });
    forward.push(page.rows.map((r) => r.id));
  }
  for (let i = forward.length - 2; i >= 0; i--) {
    page = await listLookupPage(scope, { ...q, after: undefined, before: page.previous! });
    expect(page.rows.map((r) => r.id)).toEqual(forward[i]);
  }
  expect(page.previous).toBeNull();
  return forward.flat();
}

const statusOf = (i: number): LookupStatus => (["SUCCEEDED", "SUCCEEDED", "PENDING", "FAILED", "TIMEOUT"] as const)[i % 5]!;
const deflectionOf = (i: number): DeflectionStatus => (["NOT_ATTEMPTED", "PENDING", "SUCCEEDED", "FAILED"] as const)[i % 4]!;

beforeAll(async () => {
  org = await makeOrganisation();
  other = await makeOrganisation();
  scope = { kind: "orgs", organisationIds: [org.id] };
  otherScope = { kind: "orgs", organisationIds: [other.id] };
  merchant = await makeMerchant(org.id, { name: "Lookup Merchant" });
  externalIds = Array.from({ length: 40 }, (_, i) => `lk-${unique()}-${i}`);
  await db.lookup.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      organisationId: org.id,
      merchantId: i % 2 ? merchant.id : null,
      provider: i % 4 === 3 ? "chargebackhit" : "chargebackstop",
      externalId: externalIds[i]!,
      lookupType: i % 3 === 0 ? "inquiry" : "VERIFI_ORDER_INSIGHT",
      lookupStatus: statusOf(i),
      deflectionStatus: deflectionOf(i),
      // every 6th has no amount (sorted last)
      amountMinor: i % 6 === 5 ? null : i % 7 === 0 ? 1000 * i : 100 + i,
      currency: "USD",
      cardLast4: String(1000 + i),
      arn: `7${String(i).padStart(22, "0")}`,
      descriptor: i % 5 === 0 ? "SPECIAL*STORE 100%" : "PLAIN SHOP",
      receivedAt: new Date(NOW.getTime() - i * 12 * HOUR),
      providerData: {},
    })),
  });
  const created = await db.lookup.findMany({ where: { organisationId: org.id }, select: { id: true, externalId: true } });
  const byExternal = new Map(created.map((l) => [l.externalId, l.id]));
  ids = externalIds.map((e) => byExternal.get(e)!);
  const theirs = await Promise.all(
    Array.from({ length: 5 }, (_, i) => makeLookup(other.id, { lookupType: "OTHER_ORG_TYPE", cardLast4: "1003", descriptor: "SPECIAL*STORE other", externalId: `olk-${unique()}-${i}` })),
  );
  // 1 and 2 are children of 0; 3's parent is in another organisation; 10's only child is too
  await db.lookup.updateMany({ where: { id: { in: [ids[1]!, ids[2]!] } }, data: { parentId: ids[0]! } });
  await db.lookup.update({ where: { id: ids[3]! }, data: { parentId: theirs[0]!.id } });
  await db.lookup.update({ where: { id: theirs[1]!.id }, data: { parentId: ids[10]! } });
  otherChildId = theirs[1]!.id;
});

describe("lookup list", () => {
  it("defaults to every status, latest received first", async () => {
    const q = query();
    expect(q).toMatchObject({ status: "ALL", sort: "received", direction: "desc", size: 25 });
    const page = await listLookupPage(scope, q);
    expect(page.rows).toHaveLength(25);
    expect(page.rows.map((r) => r.id)).toEqual(ids.slice(0, 25));
    expect(page.rows[1]).toMatchObject({ merchantName: "Lookup Merchant", lookupType: "VERIFI_ORDER_INSIGHT", descriptor: "PLAIN SHOP" });
    expect(await walk(q)).toEqual(ids);
    expect(lookupListSearch(q)).toMatchObject({ status: undefined, sort: undefined, dir: undefined });
  });

  it("marks lookups with a parent or children, only when those are within scope", async () => {
    const rows = new Map((await listLookupPage(scope, { ...query(), size: 100 })).rows.map((r) => [r.id, r]));
    expect(rows.get(ids[0]!)).toMatchObject({ hasParent: false, hasChildren: true });
    expect(rows.get(ids[1]!)).toMatchObject({ hasParent: true, hasChildren: false });
    expect(rows.get(ids[3]!)).toMatchObject({ hasParent: false, hasChildren: false });
    expect(rows.get(ids[10]!)).toMatchObject({ hasParent: false, hasChildren: false });
    const theirs = (await listLookupPage(otherScope, { ...query(), size: 100 })).rows;
    expect(theirs.find((r) => r.id === otherChildId)).toMatchObject({ hasParent: false });
    expect(theirs.filter((r) => r.hasChildren)).toHaveLength(0);
  });

  it("pages forward and back with identical pages, in every sort and direction", async () => {
    expect(await expectStablePages(query())).toHaveLength(40);
    expect(await expectStablePages(query({ dir: "asc" }))).toHaveLength(40);
    expect(await expectStablePages(query({ sort: "amount" }))).toHaveLength(40);
    expect(await expectStablePages(query({ sort: "amount", dir: "asc" }))).toHaveLength(40);
  });

  it("sorts by amount with missing amounts last; unknown values fall back", async () => {
    const rows = (await listLookupPage(scope, { ...query({ sort: "amount" }), size: 100 })).rows;
    const amounts = rows.map((r) => r.amountMinor);
    expect(amounts.slice(-6)).toEqual([null, null, null, null, null, null]);
    const known = amounts.slice(0, -6) as number[];
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(query({ sort: "deadline" }).sort).toBe("received");
    expect(query({ status: "DONE", deflection: "NOPE", type: "a;b", dir: "sideways", size: "0", to: "2026-02-31x" })).toMatchObject({
      status: "ALL",
      deflections: [],
      lookupType: undefined,
      direction: "desc",
      size: 25,
      receivedTo: undefined,
    });
    const page = await listLookupPage(scope, { ...query(), after: "eyJub3QiOiJhIGN1cnNvciJ9" });
    expect(page.rows).toHaveLength(25);
  });

  it("filters by status tab, deflection, type, provider, merchant, organisation and received date", async () => {
    expect(await walk(query({ status: "SUCCEEDED" }))).toHaveLength(16);
    expect(await walk(query({ status: "TIMEOUT" }))).toHaveLength(8);
    expect(await walk(query({ deflection: "SUCCEEDED,FAILED" }))).toHaveLength(20);
    expect(await walk(query({ deflection: "NOT_ATTEMPTED", status: "SUCCEEDED" }))).toHaveLength(4); // i = 0, 16, 20, 36
    expect(await walk(query({ type: "inquiry" }))).toHaveLength(14);
    expect(await walk(query({ type: "OTHER_ORG_TYPE" }))).toHaveLength(0);
    expect(await walk(query({ provider: "chargebackhit" }))).toHaveLength(10);
    expect(await walk(query({ merchant: merchant.id }))).toHaveLength(20);
    expect(await walk(query({ org: org.id }))).toHaveLength(40);
    expect(await walk(query({ org: other.id }))).toHaveLength(0);
    // received i * 12 h before June 1st 12:00: May 30–31 (UTC) holds i = 2..5
    expect(await walk(query({ from: "2026-05-30", to: "2026-05-31" }))).toEqual(ids.slice(2, 6));
  });

  it("searches ARN, last 4, provider id and descriptor within scope only", async () => {
    expect(await walk(query({ q: "1003" }))).toEqual([ids[3]]);
    expect(await walk(query({ q: `7${"12".padStart(22, "0")}` }))).toEqual([ids[12]]);
    expect(await walk(query({ q: externalIds[33]! }))).toEqual([ids[33]]);
    expect(await walk(query({ q: "special*store" }))).toHaveLength(8);
    expect(await walk(query({ q: "store 100%" }))).toHaveLength(8);
    expect(await walk(query({ q: "100%_" }))).toHaveLength(0);
  });

  it("lists lookup types within scope", async () => {
    expect([...(await listLookupTypes(scope))].sort()).toEqual(["VERIFI_ORDER_INSIGHT", "inquiry"].sort());
    expect(await listLookupTypes(otherScope)).toEqual(["OTHER_ORG_TYPE"]);
    expect(await listLookupTypes(scope, other.id)).toEqual([]);
    expect(await listLookupTypes({ kind: "orgs", organisationIds: [] })).toEqual([]);
  });

  it("counts status tabs within scope and the other filters", async () => {
    expect(await countLookupTabs(scope, query())).toEqual({ SUCCEEDED: 16, PENDING: 8, FAILED: 8, TIMEOUT: 8 });
    expect(await countLookupTabs(scope, query({ type: "inquiry", status: "FAILED" }))).toEqual({ SUCCEEDED: 6, PENDING: 2, FAILED: 3, TIMEOUT: 3 });
    expect(COUNT_CAP).toBe(10_000);
  });

  it("never shows another organisation's rows or counts; an empty scope sees nothing", async () => {
    const theirs = await walk(query(), otherScope);
    expect(theirs).toHaveLength(5);
    expect(theirs.some((id) => ids.includes(id))).toBe(false);
    expect(await countLookupTabs(otherScope, query())).toEqual({ SUCCEEDED: 5, PENDING: 0, FAILED: 0, TIMEOUT: 0 });
    const none: AccessScope = { kind: "orgs", organisationIds: [] };
    expect((await listLookupPage(none, query())).rows).toHaveLength(0);
    expect(await countLookupTabs(none, query())).toEqual({ SUCCEEDED: 0, PENDING: 0, FAILED: 0, TIMEOUT: 0 });
  });
});
