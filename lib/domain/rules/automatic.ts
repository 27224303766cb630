import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Db } from "@/lib/db";
import { recordAudit } from "@/lib/domain/audit/commands";
import { refundGuard } from "@/lib/domain/outcomes/guard";
import { alertForOutcomeSelect, toAlertForOutcome, type AlertOutcomeRow } from "@/lib/domain/outcomes/alert";
import { requestOutcome } from "@/lib/domain/outcomes/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { getProvider } from "@/lib/providers/registry";
import type { OutcomeChoice, OutcomeIntent } from "@/lib/providers/types";
import { firstMatchingRule, intentLabel, type RuleFacts } from "./conditions";
import { rulesForEvaluation } from "./queries";

/**
 * Automatic decisions: when an alert arrives waiting for a decision, the organisation's first
 * matching rule (in order) answers it. Every decision, and every rule that matched but could not
 * act, is audited under the rule's name. Rules never override the double-refund guard.
 */
export type RuleDecision =
  | { kind: "none" }
  | { kind: "decided"; rule: { id: string; name: string }; intent: OutcomeIntent; choice: OutcomeChoice; alert: AlertOutcomeRow }
  /** a rule matched but cannot act (the provider does not offer its outcome, or the guard blocks it) */
  | { kind: "not_applied"; rule: { id: string; name: string }; reason: string; alert: AlertOutcomeRow };

const select = { ...alertForOutcomeSelect, merchantId: true, cardScheme: true, cardBin: true } as const;

/** Evaluates the rules for one alert; writes nothing. */
export async function decideForAlert(tx: DbClient, alertId: string): Promise<RuleDecision> {
  const row = (await tx.alert.findUnique({ where: { id: alertId }, select })) as (AlertOutcomeRow & { merchantId: string | null; cardScheme: string | null; cardBin: string | null }) | null;
  if (!row || row.status !== "ACTION_REQUIRED" || row.organisationId === null) return { kind: "none" };
  const provider = getProvider(row.provider);
  if (!provider?.outcomes || !row.connectionId) return { kind: "none" };
  const rules = await rulesForEvaluation(tx, row.organisationId);
  if (rules.length === 0) return { kind: "none" };
  const facts: RuleFacts = {
    provider: row.provider,
    kind: row.kind,
    merchantId: row.merchantId,
    amountMinor: row.amountMinor,
    currency: row.currency,
    cardScheme: row.cardScheme,
    cardBin: row.cardBin,
  };
  const rule = firstMatchingRule(rules, facts);
  if (!rule) return { kind: "none" };
  const named = { id: rule.id, name: rule.name };
  const offer = provider.outcomes.offer(toAlertForOutcome(row));
  if (!offer.ok) return { kind: "not_applied", rule: named, reason: offer.reason, alert: row };
  const choice = offer.choices.find((c) => c.intent === rule.outcome);
  if (!choice) {
    return { kind: "not_applied", rule: named, reason: `${provider.label} does not accept “${intentLabel(rule.outcome).toLowerCase()}” for this alert.`, alert: row };
  }
  if (offer.fields.some((f) => f.required && f.name !== "note" && !(f.name === "orderId" && row.merchantReference) && f.name !== "refundAmount")) {
    return { kind: "not_applied", rule: named, reason: `${provider.label} needs details for this outcome that a rule cannot give; a person must answer.`, alert: row };
  }
  if (choice.refunds) {
    const guard = await refundGuard(tx, row.id);
    if (guard.blocked) return { kind: "not_applied", rule: named, reason: guard.reason, alert: row };
  }
  return { kind: "decided", rule: named, intent: rule.outcome, choice, alert: row };
}

/** The audit entry for a rule that matched but did not act. */
export async function auditRuleNotApplied(tx: DbClient, decision: Extract<RuleDecision, { kind: "not_applied" }>): Promise<void> {
  await recordAudit(
    {
      actor: { type: "rule", id: decision.rule.id, label: decision.rule.name },
      action: "rule.not_applied",
      targetType: "Alert",
      targetId: decision.alert.id,
      organisationId: decision.alert.organisationId,
      after: { rule: decision.rule.name, reason: decision.reason },
    },
    tx,
  );
}

/** The outcome request a decided rule makes (the provider's value and what a rule can fill in). */
export function ruleOutcomeInput(decision: Extract<RuleDecision, { kind: "decided" }>) {
  return {
    alertId: decision.alert.id,
    outcome: decision.choice.value,
    note: `Automatic: rule “${decision.rule.name}”`.slice(0, 500),
    orderId: decision.alert.merchantReference ?? undefined,
  };
}

/** The job every new alert waiting for a decision gets (lib/ingest/follow-ups.ts). */
export const ALERT_ARRIVED_TASK = "alerts.arrived";

/**
 * The job run for a new alert waiting for a decision (providers answered through the outbox, e.g.
 * ChargebackStop): decides and, when a rule matches, requests the outcome like a person would,
 * through the outbox. Idempotent: a second run finds the alert no longer waiting and does nothing.
 */
export async function applyRulesToAlert(alertId: string, db: Db = defaultDb as Db): Promise<RuleDecision["kind"] | "raced"> {
  const decision = await decideForAlert(db, alertId);
  if (decision.kind === "none") return "none";
  if (decision.kind === "not_applied") {
    await db.$transaction(async (tx) => {
      // audited once per alert even if the job runs twice
      const seen = await tx.auditLog.findFirst({ where: { action: "rule.not_applied", targetType: "Alert", targetId: alertId, actorId: decision.rule.id }, select: { id: true } });
      if (!seen) await auditRuleNotApplied(tx, decision);
    });
    return "not_applied";
  }
  try {
    await requestOutcome(SYSTEM_SCOPE, ruleOutcomeInput(decision), { type: "rule", id: decision.rule.id, label: decision.rule.name }, db);
    return "decided";
  } catch (error) {
    // someone (or a previous run) answered first: the SQL claim in requestOutcome refused a second one
    if (isAppError(error) && error.code === "CONFLICT") {
      logger.info("rules.raced", { alertId, ruleId: decision.rule.id });
      return "raced";
    }
    throw error;
  }
}
