import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Db } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { scopedOrganisationWhere, scopedOwnedWhere, type AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers/registry";
import { ruleConditionsSchema, type RuleConditions } from "./conditions";
import { ruleFormSchema, splitRuleForm, type RuleFormInput } from "./schemas";

/** Validates a rule form into the stored shape; checks the merchant and providers named. */
async function validatedRule(tx: DbClient, scope: AccessScope, input: RuleFormInput) {
  const form = splitRuleForm(parseInput(ruleFormSchema, input));
  const conditions: RuleConditions = parseInput(ruleConditionsSchema, form.conditions);
  const unknownProvider = conditions.providers.find((p) => !getProvider(p));
  if (unknownProvider) throw new AppError("VALIDATION", { userMessage: "Choose known providers.", fieldErrors: { providers: [`Unknown provider “${unknownProvider}”.`] } });
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: form.organisationId }] }, select: { id: true } });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  if (form.merchantId) {
    const merchant = await tx.merchant.findFirst({ where: { id: form.merchantId, organisationId: org.id }, select: { id: true } });
    if (!merchant) throw new AppError("VALIDATION", { userMessage: "Choose one of the organisation's merchants.", fieldErrors: { merchantId: ["Choose one of the organisation's merchants."] } });
  }
  return { ...form, conditions };
}

export async function createRule(scope: AccessScope, input: RuleFormInput, actor: AuditActor, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const rule = await validatedRule(tx, scope, input);
    // rules of one organisation are numbered under a lock so two admins adding at once keep distinct positions
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('rules:' || $1))`, rule.organisationId);
    const last = await tx.rule.aggregate({ where: { organisationId: rule.organisationId }, _max: { position: true } });
    const created = await tx.rule.create({
      data: {
        organisationId: rule.organisationId,
        merchantId: rule.merchantId,
        name: rule.name,
        outcome: rule.outcome,
        enabled: rule.enabled,
        conditions: rule.conditions,
        position: (last._max.position ?? 0) + 1,
        createdById: actor.type === "user" ? actor.id : null,
      },
      select: { id: true, position: true },
    });
    await recordAudit({ actor, action: "rule.create", targetType: "Rule", targetId: created.id, organisationId: rule.organisationId, after: { ...rule, position: created.position } }, tx);
    return created;
  });
}

async function findRule(tx: DbClient, scope: AccessScope, id: string) {
  const rule = await tx.rule.findFirst({ where: { AND: [scopedOwnedWhere(scope), { id }] } });
  if (!rule) throw new AppError("NOT_FOUND", { userMessage: "Rule not found." });
  return rule;
}

export async function updateRule(scope: AccessScope, id: string, input: RuleFormInput, actor: AuditActor, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const before = await findRule(tx, scope, id);
    const rule = await validatedRule(tx, scope, { ...input, organisationId: before.organisationId });
    await tx.rule.update({
      where: { id },
      data: { merchantId: rule.merchantId, name: rule.name, outcome: rule.outcome, enabled: rule.enabled, conditions: rule.conditions },
    });
    await recordAudit(
      {
        actor,
        action: "rule.update",
        targetType: "Rule",
        targetId: id,
        organisationId: before.organisationId,
        before: { name: before.name, merchantId: before.merchantId, outcome: before.outcome, enabled: before.enabled, conditions: before.conditions },
        after: { name: rule.name, merchantId: rule.merchantId, outcome: rule.outcome, enabled: rule.enabled, conditions: rule.conditions },
      },
      tx,
    );
    return { id };
  });
}

export async function setRuleEnabled(scope: AccessScope, id: string, enabled: boolean, actor: AuditActor, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const rule = await findRule(tx, scope, id);
    if (rule.enabled === enabled) return { id };
    await tx.rule.update({ where: { id }, data: { enabled } });
    await recordAudit({ actor, action: enabled ? "rule.enable" : "rule.disable", targetType: "Rule", targetId: id, organisationId: rule.organisationId, after: { name: rule.name } }, tx);
    return { id };
  });
}

export async function deleteRule(scope: AccessScope, id: string, actor: AuditActor, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const rule = await findRule(tx, scope, id);
    await tx.rule.delete({ where: { id } });
    await recordAudit(
      { actor, action: "rule.delete", targetType: "Rule", targetId: id, organisationId: rule.organisationId, before: { name: rule.name, outcome: rule.outcome, conditions: rule.conditions, position: rule.position } },
      tx,
    );
    return { id };
  });
}

/** Moves a rule one place earlier or later in its organisation's order (swapping with its neighbour). */
export async function moveRule(scope: AccessScope, id: string, direction: "up" | "down", actor: AuditActor, db: Db = defaultDb as Db) {
  return db.$transaction(async (tx) => {
    const rule = await findRule(tx, scope, id);
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('rules:' || $1))`, rule.organisationId);
    const current = await tx.rule.findUniqueOrThrow({ where: { id }, select: { position: true } });
    const neighbour = await tx.rule.findFirst({
      where: { organisationId: rule.organisationId, position: direction === "up" ? { lt: current.position } : { gt: current.position } },
      orderBy: { position: direction === "up" ? "desc" : "asc" },
      select: { id: true, position: true },
    });
    if (!neighbour) return { id, moved: false };
    await tx.rule.update({ where: { id }, data: { position: neighbour.position } });
    await tx.rule.update({ where: { id: neighbour.id }, data: { position: current.position } });
    await recordAudit(
      { actor, action: "rule.move", targetType: "Rule", targetId: id, organisationId: rule.organisationId, before: { position: current.position }, after: { position: neighbour.position } },
      tx,
    );
    return { id, moved: true };
  });
}
