import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeOrganisation, unique } from "@/lib/testing/factories";
import { ALERT_STATUSES } from "./alerts/list";
import { countTabs, scopeClause } from "./sql";

/** countTabs against real rows: both plans give the same capped counts, and the one-pass plan falls back when its scan is cut short. */
let org: { id: string };
let other: { id: string };
// per status: 12 action required, 3 resolved, 1 expired; the other organisation has 20 resolved
const OWN = { ACTION_REQUIRED: 12, AWAITING_PROVIDER: 0, RESOLVED: 3, INVALID: 0, EXPIRED: 1 } as const;

beforeAll(async () => {
  org = await makeOrganisation();
  other = await makeOrganisation();
  const row = (organisationId: string, status: keyof typeof OWN, i: number, descriptor: string) => ({
    organisationId,
    provider: "chargebackstop",
    externalId: `ct-${unique()}-${i}`,
    kind: "ETHOCA" as const,
    providerStatus: status,
    status,
    descriptor,
    receivedAt: new Date(),
    providerData: {},
  });
  const data = [];
  let i = 0;
  for (const [status, n] of Object.entries(OWN) as [keyof typeof OWN, number][]) {
    for (let k = 0; k < n; k++, i++) data.push(row(org.id, status, i, k % 2 ? "TALLY*SHOP" : "OTHER STORE"));
  }
  for (let k = 0; k < 20; k++) data.push(row(other.id, "RESOLVED", 100 + k, "TALLY*SHOP"));
  await db.alert.createMany({ data });
});

function counter(options: { search?: string; onePass: boolean; cap: number }) {
  const statements: string[] = [];
  const result = countTabs({
    run: (text, params) => {
      statements.push(text);
      return db.$queryRawUnsafe<{ tab?: string; n: number }[]>(text, ...params);
    },
    from: `"Alert" a`,
    column: "a.status",
    cast: `"AlertStatus"`,
    tabs: ALERT_STATUSES,
    conditions: (sql) => [
      scopeClause(sql, { kind: "orgs", organisationIds: [org.id] }, `a."organisationId"`),
      ...(options.search ? [`a.descriptor ILIKE ${sql.param(`%${options.search}%`)}`] : []),
    ],
    onePass: options.onePass,
    cap: options.cap,
  });
  return { result, statements };
}

describe("countTabs", () => {
  it("counts each tab exactly under the cap, within scope, with either plan", async () => {
    for (const onePass of [false, true]) {
      const { result, statements } = counter({ onePass, cap: 100 });
      expect(await result).toEqual(OWN);
      // one grouped scan, or one statement per tab
      expect(statements).toHaveLength(onePass ? 1 : ALERT_STATUSES.length);
    }
  });

  it("applies the filters to every tab", async () => {
    const expected = { ACTION_REQUIRED: 6, AWAITING_PROVIDER: 0, RESOLVED: 1, INVALID: 0, EXPIRED: 0 };
    expect(await counter({ search: "tally", onePass: true, cap: 100 }).result).toEqual(expected);
    expect(await counter({ search: "tally", onePass: false, cap: 100 }).result).toEqual(expected);
  });

  it("reports a tab past the cap as cap + 1", async () => {
    const expected = { ACTION_REQUIRED: 6, AWAITING_PROVIDER: 0, RESOLVED: 3, INVALID: 0, EXPIRED: 1 };
    expect(await counter({ onePass: false, cap: 5 }).result).toEqual(expected);
    // 16 rows fit in one scan of 5 × 6 rows: exact, then capped
    const { result, statements } = counter({ onePass: true, cap: 5 });
    expect(await result).toEqual(expected);
    expect(statements).toHaveLength(1);
  });

  it("counts the tabs a cut-short scan left under the cap one by one", async () => {
    // cap 2: the grouped scan stops at 5 × 3 = 15 of 16 rows, so it cannot be trusted for tabs under the cap
    const { result, statements } = counter({ onePass: true, cap: 2 });
    expect(await result).toEqual({ ACTION_REQUIRED: 3, AWAITING_PROVIDER: 0, RESOLVED: 3, INVALID: 0, EXPIRED: 1 });
    expect(statements.length).toBeGreaterThan(1);
    expect(statements.slice(1).every((text) => !text.includes("GROUP BY"))).toBe(true);
  });
});
