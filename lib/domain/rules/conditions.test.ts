import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeAlert, makeOrganisation } from "@/lib/testing/factories";
import { conditionsSql, describeRule, firstMatchingRule, matches, ruleConditionsSchema, type RuleConditions, type RuleFacts, type RuleLike } from "./conditions";

const none = ruleConditionsSchema.parse({});
const facts = (over: Partial<RuleFacts> = {}): RuleFacts => ({
  provider: "chargebackhit",
  kind: "ETHOCA",
  merchantId: null,
  amountMinor: 4999,
  currency: "USD",
  cardScheme: "VISA",
  cardBin: "411111",
  ...over,
});
const cond = (over: Record<string, unknown>): RuleConditions => ruleConditionsSchema.parse(over);

describe("rule conditions", () => {
  it("without conditions match every alert", () => {
    expect(matches(none, facts())).toBe(true);
    expect(matches(none, facts({ amountMinor: null, currency: null, cardBin: null, cardScheme: null }))).toBe(true);
  });

  it("amount bounds are inclusive and read in the alert's currency's minor units", () => {
    const c = cond({ amountMin: "10", amountMax: "49.99" });
    expect(matches(c, facts({ amountMinor: 4999 }))).toBe(true);
    expect(matches(c, facts({ amountMinor: 5000 }))).toBe(false);
    expect(matches(c, facts({ amountMinor: 1000 }))).toBe(true);
    expect(matches(c, facts({ amountMinor: 999 }))).toBe(false);
    // JPY has no minor unit: 49 yen is inside, 50 is not
    expect(matches(c, facts({ amountMinor: 49, currency: "JPY" }))).toBe(true);
    expect(matches(c, facts({ amountMinor: 50, currency: "JPY" }))).toBe(false);
    // BHD has three decimals: 49.990 inside, 49.991 not
    expect(matches(c, facts({ amountMinor: 49990, currency: "BHD" }))).toBe(true);
    expect(matches(c, facts({ amountMinor: 49991, currency: "BHD" }))).toBe(false);
  });

  it("a condition on something the alert does not carry does not hold", () => {
    expect(matches(cond({ amountMax: "100" }), facts({ amountMinor: null }))).toBe(false);
    expect(matches(cond({ currencies: ["USD"] }), facts({ currency: null }))).toBe(false);
    expect(matches(cond({ schemes: ["VISA"] }), facts({ cardScheme: null }))).toBe(false);
    expect(matches(cond({ binFrom: "400000", binTo: "499999" }), facts({ cardBin: null }))).toBe(false);
    expect(matches(cond({ binFrom: "40000000", binTo: "49999999" }), facts({ cardBin: "411111" }))).toBe(false);
  });

  it("lists match any member; currencies and schemes ignore case", () => {
    const c = cond({ providers: ["chargebackstop", "chargebackhit"], kinds: ["ETHOCA", "CDRN"], currencies: ["usd", "EUR"], schemes: ["visa"] });
    expect(matches(c, facts({ currency: "usd", cardScheme: "Visa" }))).toBe(true);
    expect(matches(c, facts({ kind: "RDR" }))).toBe(false);
    expect(matches(c, facts({ provider: "astra" }))).toBe(false);
    expect(matches(c, facts({ currency: "GBP" }))).toBe(false);
  });

  it("BIN ranges compare the BIN's first digits", () => {
    const c = cond({ binFrom: "411111", binTo: "411199" });
    expect(matches(c, facts({ cardBin: "41111199" }))).toBe(true);
    expect(matches(c, facts({ cardBin: "411200" }))).toBe(false);
    expect(matches(c, facts({ cardBin: "41111a" }))).toBe(false);
  });

  it("refuses contradictory or half-given conditions, field by field", () => {
    const bad = ruleConditionsSchema.safeParse({ amountMin: "50", amountMax: "10", binFrom: "411111", currencies: ["DOLLARS"] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["amountMax", "binTo", "currencies.0"]));
    expect(ruleConditionsSchema.safeParse({ binFrom: "411111", binTo: "41111" }).success).toBe(false);
    expect(ruleConditionsSchema.safeParse({ amountMin: "1e5" }).success).toBe(false);
  });

  it("the first enabled rule in order wins; a merchant rule only applies to its merchant", () => {
    const rule = (id: string, position: number, over: Partial<RuleLike> = {}): RuleLike => ({ id, position, merchantId: null, enabled: true, outcome: "refund", conditions: none, ...over });
    const rules = [
      rule("c", 3),
      rule("a", 1, { enabled: false }),
      rule("b", 2, { merchantId: "m-1", outcome: "no_refund" }),
      rule("d", 0, { conditions: cond({ amountMin: "1000" }) }),
    ];
    expect(firstMatchingRule(rules, facts({ merchantId: "m-1" }))?.id).toBe("b");
    expect(firstMatchingRule(rules, facts({ merchantId: "m-2" }))?.id).toBe("c");
    expect(firstMatchingRule(rules, facts({ amountMinor: 200000 }))?.id).toBe("d");
    expect(firstMatchingRule([], facts())).toBeNull();
  });

  it("reads as one sentence", () => {
    const text = describeRule(
      { conditions: cond({ kinds: ["ETHOCA", "CDRN"], providers: ["chargebackhit"], amountMin: "0.01", amountMax: "50", currencies: ["USD"], schemes: ["VISA"], binFrom: "411111", binTo: "411199" }), outcome: "refund", merchantName: "Acme" },
      (id) => (id === "chargebackhit" ? "Chargebackhit" : id),
    );
    expect(text).toBe("Ethoca or CDRN alerts from Chargebackhit for 0.01 to 50 USD on VISA cards with a BIN from 411111 to 411199 for Acme → refund the cardholder");
    expect(describeRule({ conditions: none, outcome: "no_refund" })).toBe("Alerts → no refund: let the dispute proceed");
  });
});

describe("rule conditions in SQL agree with the evaluator", () => {
  let organisationId: string;
  const alerts: { id: string; facts: RuleFacts }[] = [];
  const currencies = ["USD", "EUR", "JPY", "BHD", null] as const;
  const schemes = ["VISA", "MASTERCARD", "visa", null] as const;
  const bins = ["411111", "41111199", "520000", "4111", "411200", null] as const;

  beforeAll(async () => {
    organisationId = (await makeOrganisation()).id;
    let i = 0;
    for (const currency of currencies) {
      for (const scheme of schemes) {
        for (const bin of bins) {
          i += 1;
          const amountMinor = i % 7 === 0 ? null : (i * 997) % 12000;
          const kind = (["ETHOCA", "CDRN", "RDR", "OTHER"] as const)[i % 4]!;
          const provider = ["chargebackstop", "chargebackhit", "astra"][i % 3]!;
          const row = await makeAlert(organisationId, { amountMinor, currency, cardScheme: scheme, cardBin: bin, kind, provider });
          alerts.push({ id: row.id, facts: { provider, kind, merchantId: null, amountMinor, currency, cardScheme: scheme, cardBin: bin } });
        }
      }
    }
  });
  afterAll(async () => {
    await db.alert.deleteMany({ where: { organisationId } });
  });

  const conditionsArb = fc.record(
    {
      providers: fc.subarray(["chargebackstop", "chargebackhit", "astra"]),
      kinds: fc.subarray(["ETHOCA", "CDRN", "RDR", "OTHER"] as const),
      currencies: fc.subarray(["USD", "EUR", "JPY", "BHD"]),
      schemes: fc.subarray(["VISA", "MASTERCARD"]),
      amountMin: fc.option(fc.constantFrom("0", "10", "49.99", "50.005", "100"), { nil: undefined }),
      amountMax: fc.option(fc.constantFrom("20", "60.5", "119.99", "1000"), { nil: undefined }),
      bin: fc.option(fc.constantFrom(["411111", "411111"], ["400000", "499999"], ["41111100", "41111199"], ["500000", "599999"]), { nil: undefined }),
    },
    { requiredKeys: [] },
  );

  it("for random conditions over edge-case alerts", async () => {
    await fc.assert(
      fc.asyncProperty(conditionsArb, async (raw) => {
        const parsed = ruleConditionsSchema.safeParse({ ...raw, bin: undefined, binFrom: raw.bin?.[0], binTo: raw.bin?.[1] });
        fc.pre(parsed.success);
        const conditions = parsed.data!;
        const predicate = conditionsSql(conditions, 2);
        const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT a.id FROM "Alert" a WHERE a."organisationId" = $1 AND ${predicate.clause}`, organisationId, ...predicate.params);
        const fromSql = new Set(rows.map((r) => r.id));
        const fromTs = new Set(alerts.filter((a) => matches(conditions, a.facts)).map((a) => a.id));
        expect([...fromSql].sort()).toEqual([...fromTs].sort());
      }),
      { numRuns: 60, seed: 4242 },
    );
  });
});
