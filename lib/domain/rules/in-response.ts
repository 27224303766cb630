import { v7 as uuidv7 } from "uuid";
import type { DbClient } from "@/lib/db";
import { recordAudit } from "@/lib/domain/audit/commands";
import { logger } from "@/lib/logger";
import { auditRuleNotApplied, decideForAlert } from "./automatic";

/**
 * Chargebackhit takes the merchant's answer in the webhook's HTTP response and wants an inquiry
 * answered within 2 seconds; an init-refund may be answered "pending" and settled later. Rules
 * therefore decide inside the delivery's transaction only while the delivery is young: past the
 * budget the answer is "pending" and the rule acts through the outbox instead (the rules job that
 * every new alert gets). 1.5 s leaves room for the network within the provider's 2 s.
 */
export const RESPONSE_BUDGET_MS = 1_500;

export type InResponseDecision = { outcome: string; refunds: boolean; ruleId: string };

/**
 * Decides an alert's answer by the rules, for the synchronous response, and records it as a
 * completed submission (the response is the delivery): the alert resolves with that outcome, the
 * audit names the rule. Returns null (answer "pending") when no rule acts or the budget is spent.
 */
export async function decideInResponse(tx: DbClient, alertId: string, options: { deadline: number; clock?: () => number }): Promise<InResponseDecision | null> {
  const clock = options.clock ?? (() => performance.now());
  if (clock() > options.deadline) return null;
  const decision = await decideForAlert(tx, alertId);
  if (decision.kind === "none") return null;
  if (clock() > options.deadline) {
    logger.info("rules.in_response_late", { alertId, ruleId: decision.rule.id });
    return null;
  }
  if (decision.kind === "not_applied") {
    await auditRuleNotApplied(tx, decision);
    return null;
  }
  const { alert, choice, rule } = decision;
  const claimed = await tx.$executeRawUnsafe(
    `UPDATE "Alert" SET status = 'RESOLVED', "providerOutcome" = $2, "updatedAt" = now() WHERE id = $1 AND status = 'ACTION_REQUIRED'`,
    alert.id,
    choice.value,
  );
  if (claimed === 0) return null;
  const id = uuidv7();
  const now = new Date();
  await tx.outcomeSubmission.create({
    data: {
      id,
      alertId: alert.id,
      organisationId: alert.organisationId,
      outcome: choice.value,
      note: `Automatic: rule “${rule.name}”, answered in the webhook response`.slice(0, 500),
      payload: { channel: "webhook-response" },
      status: "SUCCEEDED",
      liveAlertId: alert.id,
      attempts: 1,
      idempotencyKey: uuidv7(),
      ruleId: rule.id,
      completedAt: now,
    },
  });
  await recordAudit(
    {
      actor: { type: "rule", id: rule.id, label: rule.name },
      action: "outcome.request",
      targetType: "Alert",
      targetId: alert.id,
      organisationId: alert.organisationId,
      after: { submissionId: id, outcome: choice.value, consequence: choice.consequence, rule: rule.name, channel: "webhook response" },
    },
    tx,
  );
  return { outcome: choice.value, refunds: choice.refunds, ruleId: rule.id };
}
