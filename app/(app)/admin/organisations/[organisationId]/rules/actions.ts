"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { requestActor } from "@/lib/auth/viewer";
import { createRule, deleteRule, moveRule, setRuleEnabled, updateRule } from "@/lib/domain/rules/commands";
import { describeRule, ruleConditionsSchema } from "@/lib/domain/rules/conditions";
import { testRule } from "@/lib/domain/rules/queries";
import { ruleFormSchema, splitRuleForm } from "@/lib/domain/rules/schemas";
import { formatMoney } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

const page = (organisationId: string) => `/admin/organisations/${organisationId}/rules`;

/** One form, two buttons: "Test against past alerts" (mode=test) and "Save rule". */
export const ruleFormAction = defineAction(
  { permission: "admin.manage", schema: ruleFormSchema.extend({ mode: z.enum(["test", "save"]).default("save"), ruleId: z.string().max(64).optional() }) },
  async ({ viewer, scope, input }) => {
    const { mode, ruleId, ...form } = input;
    if (mode === "test") {
      const rule = splitRuleForm(form);
      const result = await testRule(scope, { organisationId: rule.organisationId, merchantId: rule.merchantId, conditions: rule.conditions });
      const money = result.totals.map((t) => formatMoney(t.amountMinor, t.currency)).join(", ");
      const description = describeRule({ conditions: ruleConditionsSchema.parse(rule.conditions), outcome: rule.outcome }, providerLabel);
      return {
        ok: true,
        message: `Would have matched ${result.count.toLocaleString("en")} alert${result.count === 1 ? "" : "s"}${money ? `, ${money}` : ""} in the last ${result.days} days.`,
        data: { description },
        values: Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v ?? "")])),
      };
    }
    const actor = await requestActor(viewer);
    if (ruleId) await updateRule(scope, ruleId, form, actor);
    else await createRule(scope, form, actor);
    revalidatePath(page(form.organisationId));
    redirect(`${page(form.organisationId)}?saved=1`);
  },
);

const ruleRef = z.object({ ruleId: z.string().min(1).max(64), organisationId: z.string().min(1).max(64) });

export const moveRuleAction = defineAction({ permission: "admin.manage", schema: ruleRef.extend({ direction: z.enum(["up", "down"]) }) }, async ({ viewer, scope, input }) => {
  await moveRule(scope, input.ruleId, input.direction, await requestActor(viewer));
  revalidatePath(page(input.organisationId));
  return { ok: true };
});

export const toggleRuleAction = defineAction({ permission: "admin.manage", schema: ruleRef.extend({ enabled: z.enum(["true", "false"]) }) }, async ({ viewer, scope, input }) => {
  await setRuleEnabled(scope, input.ruleId, input.enabled === "true", await requestActor(viewer));
  revalidatePath(page(input.organisationId));
  return { ok: true };
});

export const deleteRuleAction = defineAction({ permission: "admin.manage", schema: ruleRef }, async ({ viewer, scope, input }) => {
  await deleteRule(scope, input.ruleId, await requestActor(viewer));
  revalidatePath(page(input.organisationId));
  return { ok: true, message: "Rule deleted." };
});
