import { z } from "zod";
import { outcomeIntentSchema, type ruleConditionsSchema } from "./conditions";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
/** a form list: repeated fields (checkboxes) or one comma/space separated text field */
const formList = (v: unknown) => {
  if (v === undefined || v === null || v === "") return [];
  const items = Array.isArray(v) ? v : [v];
  return items.flatMap((item) => (typeof item === "string" ? item.split(/[\s,]+/) : [item])).filter((item) => item !== "");
};

/** The rule form's fields (flat, as a form posts them). */
export const ruleFormSchema = z.object({
  organisationId: z.string().min(1).max(64),
  merchantId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  name: z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters."),
  outcome: outcomeIntentSchema,
  /** a form sends a hidden "false" and, when ticked, the checkbox's "true" */
  enabled: z.preprocess((v) => {
    if (v === undefined) return undefined;
    const values = Array.isArray(v) ? v : [v];
    return values.some((x) => x === "on" || x === "true" || x === true);
  }, z.boolean().default(true)),
  providers: z.preprocess(formList, z.array(z.string()).max(50)),
  kinds: z.preprocess(formList, z.array(z.string()).max(10)),
  currencies: z.preprocess(formList, z.array(z.string()).max(50)),
  schemes: z.preprocess(formList, z.array(z.string()).max(20)),
  amountMin: z.preprocess(blankToUndefined, z.string().optional()),
  amountMax: z.preprocess(blankToUndefined, z.string().optional()),
  binFrom: z.preprocess(blankToUndefined, z.string().optional()),
  binTo: z.preprocess(blankToUndefined, z.string().optional()),
});
export type RuleFormInput = z.input<typeof ruleFormSchema>;

/** Splits the form into the rule's own fields and its conditions (validated by ruleConditionsSchema). */
export function splitRuleForm(form: z.output<typeof ruleFormSchema>) {
  const { organisationId, merchantId, name, outcome, enabled, ...conditions } = form;
  return { organisationId, merchantId: merchantId ?? null, name, outcome, enabled, conditions: conditions as z.input<typeof ruleConditionsSchema> };
}
