import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { AccessScope } from "@/lib/domain/scope";
import { makeMerchant, makeOrganisation, unique } from "@/lib/testing/factories";
import { COUNT_CAP, countAlertTabs, listAlertQueue, parseAlertListParams, type AlertListQuery } from "./list";

const NOW = new Date("2026-06-01T12:00:00Z");
const HOUR = 3600_000;
let org: { id: string };
let other: { id: string };
let scope: AccessScope;
let merchant: { id: string };

const query = (params: Record<string, string> = {}): AlertListQuery =>
  parseAlertListParams(params, { providers: ["chargebackstop", "chargebackhit", "astra"], defaultSize: 25 });

async function walk(q: AlertListQuery) {
  const ids: string[] = [];
  let page = await listAlertQueue(scope, q, NOW);
  ids.push(...page.rows.map((r) => r.id));
  while (page.next) {
    page = await listAlertQueue(scope, { ...q, after: page.next, before: undefined }, NOW);
    ids.push(...page.rows.map((r) => r.id));
  }
  return ids;
}

beforeAll(async () => {
  org = await makeOrganisation();
  other = await makeOrganisation();
  scope = { kind: "orgs", organisationIds: [org.id] };
  merchant = await makeMerchant(org.id, { name: "Queue Merchant" });
  const rows = Array.from({ length: 60 }, (_, i) => ({
    organisationId: org.id,
    merchantId: i % 2 ? merchant.id : null,
    provider: i % 3 === 0 ? "chargebackhit" : "chargebackstop",
    externalId: `q-${unique()}-${i}`,
    kind: (i % 4 === 0 ? "CDRN" : "ETHOCA") as "CDRN" | "ETHOCA",
    providerStatus: "ACTION_REQUIRED",
    status: (i < 50 ? "ACTION_REQUIRED" : "RESOLVED") as "ACTION_REQUIRED" | "RESOLVED",
    // every 10th has no deadline; others spread from 5 h overdue to ~ 4 days ahead
    deadlineAt: i % 10 === 9 ? null : new Date(NOW.getTime() + (i - 5) * 2 * HOUR),
    amountMinor: i % 7 === 0 ? 1000 * i : 100 + i,
    currency: i % 5 === 0 ? "JPY" : "USD",
    cardLast4: String(1000 + i),
    arn: `7${String(i).padStart(22, "0")}`,
    authCode: `AC${i}`,
    descriptor: i % 6 === 0 ? `SPECIAL*STORE ${i}` : `PLAIN SHOP ${i}`,
    receivedAt: new Date(NOW.getTime() - i * HOUR),
    providerData: {},
  }));
  await db.alert.createMany({ data: rows });
  await db.alert.createMany({
    data: Array.from({ length: 5 }, (_, i) => ({
      organisationId: other.id,
      provider: "chargebackstop",
      externalId: `o-${unique()}-${i}`,
      kind: "ETHOCA" as const,
      providerStatus: "ACTION_REQUIRED",
      status: "ACTION_REQUIRED" as const,
      deadlineAt: new Date(NOW.getTime() + HOUR),
      cardLast4: "1003",
      descriptor: "SPECIAL*STORE other",
      providerData: {},
    })),
  });
});

describe("alert queue", () => {
  it("defaults to action required, soonest deadline first, null deadlines last", async () => {
    const page = await listAlertQueue(scope, query(), NOW);
    expect(page.rows).toHaveLength(25);
    const deadlines = page.rows.map((r) => r.deadlineAt!.getTime());
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    expect(page.rows.every((r) => r.status === "ACTION_REQUIRED" && r.organisationId === org.id)).toBe(true);
    const all = await walk(query());
    expect(all).toHaveLength(50);
    expect(new Set(all).size).toBe(50);
    const last = await db.alert.findMany({ where: { id: { in: all.slice(-5) } }, select: { deadlineAt: true } });
    expect(last.every((r) => r.deadlineAt === null)).toBe(true);
  });

  it("pages forward and back across the null boundary and returns the same pages", async () => {
    const q = query({ size: "25", sort: "deadline" });
    const p1 = await listAlertQueue(scope, q, NOW);
    const p2 = await listAlertQueue(scope, { ...q, after: p1.next! }, NOW);
    expect(p1.previous).toBeNull();
    expect(p2.next).toBeNull();
    const back = await listAlertQueue(scope, { ...q, after: undefined, before: p2.previous! }, NOW);
    expect(back.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    expect(back.previous).toBeNull();
    // descending: nulls still last
    const desc = await walk(query({ dir: "desc" }));
    expect(desc).toHaveLength(50);
    const byDesc = await listAlertQueue(scope, query({ dir: "desc" }), NOW);
    expect(byDesc.rows[0]!.deadlineAt!.getTime()).toBeGreaterThan(byDesc.rows[1]!.deadlineAt!.getTime());
  });

  it("sorts by amount and received time from the allow-list; unknown sorts fall back", async () => {
    const byAmount = await walk(query({ sort: "amount", status: "ALL" }));
    expect(byAmount).toHaveLength(60);
    const amounts = (await db.alert.findMany({ where: { id: { in: byAmount } }, select: { id: true, amountMinor: true } })).reduce(
      (m, r) => m.set(r.id, r.amountMinor!),
      new Map<string, number>(),
    );
    const ordered = byAmount.map((id) => amounts.get(id)!);
    expect(ordered).toEqual([...ordered].sort((a, b) => b - a));
    expect(query({ sort: "id; DROP TABLE" }).sort).toBe("deadline");
    expect(query({ status: "NOPE", size: "7", dir: "sideways" })).toMatchObject({ status: "ACTION_REQUIRED", size: 25, direction: "asc" });
  });

  it("filters by provider, kind, merchant, due window, amount (per currency) and received range", async () => {
    const byProvider = await walk(query({ provider: "chargebackhit", status: "ALL" }));
    expect(byProvider).toHaveLength(20);
    expect(await walk(query({ kind: "CDRN", status: "ALL" }))).toHaveLength(15);
    expect(await walk(query({ merchant: merchant.id, status: "ALL" }))).toHaveLength(30);
    const overdue = await listAlertQueue(scope, query({ due: "overdue" }), NOW);
    expect(overdue.rows.every((r) => r.deadlineAt! < NOW)).toBe(true);
    expect(overdue.rows).toHaveLength(5);
    const later = await walk(query({ due: "later" }));
    const laterRows = await db.alert.findMany({ where: { id: { in: later } }, select: { deadlineAt: true } });
    expect(laterRows.length).toBeGreaterThan(0);
    expect(laterRows.every((r) => r.deadlineAt!.getTime() >= NOW.getTime() + 72 * HOUR)).toBe(true);
    const within4h = await listAlertQueue(scope, query({ due: "4h" }), NOW);
    expect(within4h.rows.every((r) => r.deadlineAt! >= NOW && r.deadlineAt!.getTime() < NOW.getTime() + 4 * HOUR)).toBe(true);
    // 1.50 USD is 150 minor units; 150 JPY is 150 minor units too: the exponent decides
    const cheap = await walk(query({ status: "ALL", min: "1.20", max: "1.50" }));
    const rows = await db.alert.findMany({ where: { id: { in: cheap } }, select: { amountMinor: true, currency: true } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.currency === "USD" && r.amountMinor! >= 120 && r.amountMinor! <= 150)).toBe(true);
    const received = await walk(query({ status: "ALL", from: "2026-06-01", to: "2026-06-01" }));
    expect(received).toHaveLength(13); // i = 0..12 received on June 1st (UTC)
  });

  it("searches ARN, last 4, auth code, provider id and descriptor within scope only", async () => {
    expect(await walk(query({ status: "ALL", q: "1003" }))).toHaveLength(1);
    expect(await walk(query({ status: "ALL", q: `7${"12".padStart(22, "0")}` }))).toHaveLength(1);
    expect(await walk(query({ status: "ALL", q: "ac12" }))).toHaveLength(1);
    expect(await walk(query({ status: "ALL", q: "special*store" }))).toHaveLength(10);
    expect(await walk(query({ status: "ALL", q: "100%_" }))).toHaveLength(0);
  });

  it("counts tabs within scope and the other filters, capped", async () => {
    const counts = await countAlertTabs(scope, query(), NOW);
    expect(counts).toMatchObject({ ACTION_REQUIRED: 50, RESOLVED: 10, EXPIRED: 0 });
    const none = await countAlertTabs({ kind: "orgs", organisationIds: [] }, query(), NOW);
    expect(none.ACTION_REQUIRED).toBe(0);
    expect(COUNT_CAP).toBe(10_000);
  });

  it("ignores malformed cursors", async () => {
    const page = await listAlertQueue(scope, { ...query(), after: "not-a-cursor" }, NOW);
    expect(page.rows).toHaveLength(25);
    expect(page.previous).toBeNull();
  });
});
