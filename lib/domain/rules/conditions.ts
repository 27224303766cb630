import { z } from "zod";
import { currencyExponent } from "@/lib/money";
import { OUTCOME_INTENTS, type AlertKind, type OutcomeIntent } from "@/lib/providers/types";

/**
 * Auto-response rule conditions: every condition that is set must hold (AND); a list condition
 * holds when the alert's value is one of the list (OR within it). An unset condition holds for
 * every alert. A condition on a value the alert does not carry (no amount, no BIN, …) does not
 * hold: a rule never acts on what it cannot see.
 *
 * The same meaning is implemented twice, for one alert in TypeScript (`matches`, used when an alert
 * arrives) and for many in SQL (`conditionsSql`, used to test a rule against past alerts); a
 * property test keeps the two in agreement.
 */

const ALERT_KINDS = ["ETHOCA", "CDRN", "RDR", "OTHER"] as const satisfies readonly AlertKind[];
const amount = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,4})?$/, "Enter an amount like 50 or 49.99.");
const bin = z
  .string()
  .trim()
  .regex(/^\d{6,8}$/, "A BIN has 6 to 8 digits.");
const optionalList = <T extends z.ZodType>(item: T) => z.array(item).max(50).default([]);

export const ruleConditionsSchema = z
  .object({
    providers: optionalList(z.string().trim().min(1).max(40)),
    kinds: optionalList(z.enum(ALERT_KINDS)),
    amountMin: amount.nullish().transform((v) => v ?? null),
    amountMax: amount.nullish().transform((v) => v ?? null),
    currencies: optionalList(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{3}$/, "Use three-letter currency codes.")
        .transform((c) => c.toUpperCase()),
    ),
    schemes: optionalList(
      z
        .string()
        .trim()
        .min(1)
        .max(30)
        .transform((s) => s.toUpperCase()),
    ),
    binFrom: bin.nullish().transform((v) => v ?? null),
    binTo: bin.nullish().transform((v) => v ?? null),
  })
  .superRefine((c, ctx) => {
    if (c.amountMin !== null && c.amountMax !== null && compareDecimal(c.amountMin, c.amountMax) > 0) {
      ctx.addIssue({ code: "custom", path: ["amountMax"], message: "The maximum must not be below the minimum." });
    }
    if ((c.binFrom === null) !== (c.binTo === null)) {
      ctx.addIssue({ code: "custom", path: [c.binFrom === null ? "binFrom" : "binTo"], message: "Give both ends of the BIN range." });
    } else if (c.binFrom !== null && c.binTo !== null) {
      if (c.binFrom.length !== c.binTo.length) ctx.addIssue({ code: "custom", path: ["binTo"], message: "Both ends of the BIN range need the same number of digits." });
      else if (c.binFrom > c.binTo) ctx.addIssue({ code: "custom", path: ["binTo"], message: "The range must not end before it starts." });
    }
  });

export type RuleConditions = z.output<typeof ruleConditionsSchema>;

/** The facts of an alert a rule looks at. */
export type RuleFacts = {
  provider: string;
  kind: AlertKind;
  merchantId: string | null;
  amountMinor: number | null;
  currency: string | null;
  cardScheme: string | null;
  cardBin: string | null;
};

export type RuleLike = { id: string; merchantId: string | null; conditions: RuleConditions; outcome: OutcomeIntent; enabled: boolean; position: number };

/** "12.5" → { digits: 125n, scale: 1 } */
function decimalParts(value: string): { digits: bigint; scale: number } {
  const [whole, fraction = ""] = value.split(".");
  return { digits: BigInt(`${whole}${fraction}`), scale: fraction.length };
}

export function compareDecimal(a: string, b: string): number {
  const x = decimalParts(a);
  const y = decimalParts(b);
  const scale = Math.max(x.scale, y.scale);
  const xs = x.digits * 10n ** BigInt(scale - x.scale);
  const ys = y.digits * 10n ** BigInt(scale - y.scale);
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

/** amountMinor (in `currency`) compared with a decimal amount in major units of that currency. */
function compareMinorToDecimal(amountMinor: number, currency: string, decimal: string): number {
  const exponent = currencyExponent(currency);
  const d = decimalParts(decimal);
  const scale = Math.max(exponent, d.scale);
  const left = BigInt(amountMinor) * 10n ** BigInt(scale - exponent);
  const right = d.digits * 10n ** BigInt(scale - d.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function matches(conditions: RuleConditions, facts: RuleFacts): boolean {
  const c = conditions;
  if (c.providers.length > 0 && !c.providers.includes(facts.provider)) return false;
  if (c.kinds.length > 0 && !c.kinds.includes(facts.kind)) return false;
  if (c.currencies.length > 0 && (facts.currency === null || !c.currencies.includes(facts.currency.toUpperCase()))) return false;
  if (c.schemes.length > 0 && (facts.cardScheme === null || !c.schemes.includes(facts.cardScheme.toUpperCase()))) return false;
  if (c.amountMin !== null || c.amountMax !== null) {
    if (facts.amountMinor === null || facts.currency === null) return false;
    if (c.amountMin !== null && compareMinorToDecimal(facts.amountMinor, facts.currency, c.amountMin) < 0) return false;
    if (c.amountMax !== null && compareMinorToDecimal(facts.amountMinor, facts.currency, c.amountMax) > 0) return false;
  }
  if (c.binFrom !== null && c.binTo !== null) {
    const prefix = binPrefix(facts.cardBin, c.binFrom.length);
    if (prefix === null || prefix < c.binFrom || prefix > c.binTo) return false;
  }
  return true;
}

function binPrefix(cardBin: string | null, length: number): string | null {
  if (cardBin === null || !/^\d+$/.test(cardBin) || cardBin.length < length) return null;
  return cardBin.slice(0, length);
}

/** Does the rule apply to this alert at all (enabled, and its merchant if it names one)? */
export function ruleApplies(rule: RuleLike, facts: RuleFacts): boolean {
  return rule.enabled && (rule.merchantId === null || rule.merchantId === facts.merchantId) && matches(rule.conditions, facts);
}

/** The first rule (by position) that applies, or null. */
export function firstMatchingRule<R extends RuleLike>(rules: readonly R[], facts: RuleFacts): R | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  return ordered.find((rule) => ruleApplies(rule, facts)) ?? null;
}

/**
 * The conditions as a SQL predicate over an "Alert" row aliased `a`, with parameters numbered
 * from `from`. Mirrors `matches` exactly.
 */
export function conditionsSql(conditions: RuleConditions, from: number): { clause: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${from + params.length - 1}`;
  };
  const c = conditions;
  if (c.providers.length > 0) parts.push(`a.provider = ANY(${param(c.providers)}::text[])`);
  if (c.kinds.length > 0) parts.push(`a.kind::text = ANY(${param(c.kinds)}::text[])`);
  if (c.currencies.length > 0) parts.push(`upper(a.currency) = ANY(${param(c.currencies)}::text[])`);
  if (c.schemes.length > 0) parts.push(`upper(a."cardScheme") = ANY(${param(c.schemes)}::text[])`);
  if (c.amountMin !== null || c.amountMax !== null) {
    parts.push(`a."amountMinor" IS NOT NULL AND a.currency IS NOT NULL`);
    // exact numeric arithmetic: amountMinor / 10^exponent compared with the decimal bound
    if (c.amountMin !== null) parts.push(`a."amountMinor"::numeric >= ${param(c.amountMin)}::numeric * power(10::numeric, currency_exponent(a.currency))`);
    if (c.amountMax !== null) parts.push(`a."amountMinor"::numeric <= ${param(c.amountMax)}::numeric * power(10::numeric, currency_exponent(a.currency))`);
  }
  if (c.binFrom !== null && c.binTo !== null) {
    const length = c.binFrom.length;
    parts.push(
      `a."cardBin" ~ '^[0-9]+$' AND length(a."cardBin") >= ${length} AND left(a."cardBin", ${length}) BETWEEN ${param(c.binFrom)} AND ${param(c.binTo)}`,
    );
  }
  return { clause: parts.length > 0 ? parts.map((p) => `(${p})`).join(" AND ") : "TRUE", params };
}

// ───────────────────────────── plain words ─────────────────────────────

function listWords(items: readonly string[], conjunction = "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

const KIND_WORDS: Record<AlertKind, string> = { ETHOCA: "Ethoca", CDRN: "CDRN", RDR: "RDR", OTHER: "other" };

export function intentLabel(intent: string): string {
  return OUTCOME_INTENTS.find((i) => i.value === intent)?.label ?? intent;
}

/**
 * The rule in one sentence, e.g. "Ethoca or CDRN alerts from Chargebackhit for 0.01 to 50.00 USD on
 * VISA cards with a BIN from 411111 to 411199, for Acme Shop → refund the cardholder".
 */
export function describeRule(
  rule: { conditions: RuleConditions; outcome: string; merchantName?: string | null },
  providerLabel: (id: string) => string = (id) => id,
): string {
  const c = rule.conditions;
  const kinds = c.kinds.length > 0 ? `${listWords(c.kinds.map((k) => KIND_WORDS[k]))} alerts` : "Alerts";
  const words: string[] = [kinds];
  if (c.providers.length > 0) words.push(`from ${listWords(c.providers.map(providerLabel))}`);
  const currencies = c.currencies.length > 0 ? listWords(c.currencies) : "";
  if (c.amountMin !== null && c.amountMax !== null) words.push(`for ${c.amountMin} to ${c.amountMax}${currencies ? ` ${currencies}` : ""}`);
  else if (c.amountMin !== null) words.push(`for at least ${c.amountMin}${currencies ? ` ${currencies}` : ""}`);
  else if (c.amountMax !== null) words.push(`for at most ${c.amountMax}${currencies ? ` ${currencies}` : ""}`);
  else if (currencies) words.push(`in ${currencies}`);
  if (c.schemes.length > 0) words.push(`on ${listWords(c.schemes)} cards`);
  if (c.binFrom !== null && c.binTo !== null) words.push(c.binFrom === c.binTo ? `with BIN ${c.binFrom}` : `with a BIN from ${c.binFrom} to ${c.binTo}`);
  if (rule.merchantName) words.push(`for ${rule.merchantName}`);
  return `${words.join(" ")} → ${intentLabel(rule.outcome).toLowerCase()}`;
}

export const outcomeIntentSchema = z.enum(OUTCOME_INTENTS.map((i) => i.value) as [OutcomeIntent, ...OutcomeIntent[]], {
  error: "Choose what the rule answers.",
});
