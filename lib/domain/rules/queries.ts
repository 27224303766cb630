import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { scopedOwnedWhere, scopeIncludes, type AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import { providerLabel } from "@/lib/providers/registry";
import type { OutcomeIntent } from "@/lib/providers/types";
import { conditionsSql, describeRule, ruleConditionsSchema, type RuleConditions, type RuleLike } from "./conditions";

export type RuleRow = RuleLike & {
  organisationId: string;
  name: string;
  merchantName: string | null;
  description: string;
  updatedAt: Date;
};

/** Stored conditions, read leniently: a row written by an older version still loads. */
export function storedConditions(value: unknown): RuleConditions {
  const parsed = ruleConditionsSchema.safeParse(value ?? {});
  // an unreadable stored rule must never match everything: it matches nothing
  return parsed.success ? parsed.data : { ...ruleConditionsSchema.parse({}), providers: ["(unreadable rule)"] };
}

export async function listRules(scope: AccessScope, organisationId: string, tx: DbClient = defaultDb): Promise<RuleRow[]> {
  const rows = await tx.rule.findMany({
    where: { AND: [scopedOwnedWhere(scope), { organisationId }] },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  const merchantIds = [...new Set(rows.map((r) => r.merchantId).filter((id): id is string => id !== null))];
  const merchants = merchantIds.length ? await tx.merchant.findMany({ where: { id: { in: merchantIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(merchants.map((m) => [m.id, m.name]));
  return rows.map((r) => {
    const conditions = storedConditions(r.conditions);
    const merchantName = r.merchantId ? (names.get(r.merchantId) ?? null) : null;
    return {
      id: r.id,
      organisationId: r.organisationId,
      merchantId: r.merchantId,
      merchantName,
      name: r.name,
      position: r.position,
      enabled: r.enabled,
      outcome: r.outcome as OutcomeIntent,
      conditions,
      description: describeRule({ conditions, outcome: r.outcome, merchantName }, providerLabel),
      updatedAt: r.updatedAt,
    };
  });
}

/** Enabled rules of an organisation in order (for evaluation when an alert arrives). */
export async function rulesForEvaluation(tx: DbClient, organisationId: string): Promise<(RuleLike & { name: string })[]> {
  const rows = await tx.rule.findMany({
    where: { organisationId, enabled: true },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, name: true, merchantId: true, conditions: true, outcome: true, enabled: true, position: true },
  });
  return rows.map((r) => ({ ...r, outcome: r.outcome as OutcomeIntent, conditions: storedConditions(r.conditions) }));
}

export type RuleTestResult = {
  days: number;
  count: number;
  /** per currency, largest first */
  totals: { currency: string; amountMinor: number; count: number }[];
  /** a few of the matched alerts, newest first */
  examples: { id: string; externalId: string; provider: string; amountMinor: number | null; currency: string | null; status: string; receivedAt: Date }[];
};

export const RULE_TEST_DAYS = 90;

/**
 * "Would have matched 37 alerts, 1,210.55 USD": the rule's conditions run against the
 * organisation's alerts received in the last 90 days (any status), before the rule is saved.
 */
export async function testRule(
  scope: AccessScope,
  input: { organisationId: string; merchantId?: string | null; conditions: unknown; now?: Date },
  tx: DbClient = defaultDb,
): Promise<RuleTestResult> {
  if (!scopeIncludes(scope, input.organisationId)) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  const conditions = parseInput(ruleConditionsSchema, input.conditions);
  const now = input.now ?? new Date();
  const params: unknown[] = [input.organisationId, new Date(now.getTime() - RULE_TEST_DAYS * 86_400_000)];
  let where = `a."organisationId" = $1 AND a."receivedAt" >= $2`;
  if (input.merchantId) {
    params.push(input.merchantId);
    where += ` AND a."merchantId" = $${params.length}`;
  }
  const predicate = conditionsSql(conditions, params.length + 1);
  params.push(...predicate.params);
  where += ` AND ${predicate.clause}`;
  const [totals, examples] = await Promise.all([
    tx.$queryRawUnsafe<{ currency: string | null; amountMinor: bigint | null; count: number }[]>(
      `SELECT a.currency, sum(a."amountMinor")::bigint AS "amountMinor", count(*)::int AS count FROM "Alert" a WHERE ${where} GROUP BY a.currency ORDER BY count(*) DESC`,
      ...params,
    ),
    tx.$queryRawUnsafe<RuleTestResult["examples"]>(
      `SELECT a.id, a."externalId", a.provider, a."amountMinor", a.currency, a.status::text AS status, a."receivedAt" FROM "Alert" a WHERE ${where} ORDER BY a."receivedAt" DESC, a.id DESC LIMIT 5`,
      ...params,
    ),
  ]);
  return {
    days: RULE_TEST_DAYS,
    count: totals.reduce((sum, t) => sum + t.count, 0),
    totals: totals
      .filter((t): t is { currency: string; amountMinor: bigint; count: number } => t.currency !== null && t.amountMinor !== null)
      .map((t) => ({ currency: t.currency, amountMinor: Number(t.amountMinor), count: t.count }))
      .sort((a, b) => b.amountMinor - a.amountMinor),
    examples,
  };
}
