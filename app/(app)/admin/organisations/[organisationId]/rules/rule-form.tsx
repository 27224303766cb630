"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/action";

export type RuleFormValues = {
  ruleId?: string;
  name: string;
  outcome: string;
  merchantId: string;
  enabled: boolean;
  providers: string[];
  kinds: string[];
  currencies: string;
  schemes: string[];
  amountMin: string;
  amountMax: string;
  binFrom: string;
  binTo: string;
};

type Option = { value: string; label: string };
const KINDS: Option[] = [
  { value: "ETHOCA", label: "Ethoca" },
  { value: "CDRN", label: "CDRN" },
  { value: "RDR", label: "RDR" },
  { value: "OTHER", label: "Other" },
];
const SCHEMES: Option[] = [
  { value: "VISA", label: "Visa" },
  { value: "MASTERCARD", label: "Mastercard" },
  { value: "AMEX", label: "Amex" },
  { value: "DISCOVER", label: "Discover" },
];

function Checks({ legend, name, options, values, errors, hint }: { legend: string; name: string; options: Option[]; values: string[]; errors?: string[]; hint?: string }) {
  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={errors ? `rule-${name}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name={name} value={o.value} defaultChecked={values.includes(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {errors ? (
        <p id={`rule-${name}-error`} className="text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Create or edit a rule; "Test" runs it against past alerts without saving. */
export function RuleForm({
  organisationId,
  initial,
  merchants,
  providers,
  outcomes,
  action,
  cancelHref,
}: {
  organisationId: string;
  initial: RuleFormValues | null;
  merchants: Option[];
  providers: Option[];
  outcomes: Option[];
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  cancelHref: string | null;
}) {
  // React resets a form after its action; each answer remounts it (key) so the fields show what
  // was submitted, selects included
  const [state, formAction] = useActionState(async (previous: ActionState & { seq: number }, formData: FormData) => ({ ...(await action(previous, formData)), seq: previous.seq + 1 }), {
    ok: false,
    seq: 0,
  });
  // after a test or an error the form shows what was submitted
  const v = state.values;
  const list = (key: keyof RuleFormValues, fallback: string[]) => (v && key in v ? v[key]!.split(",").filter(Boolean) : v ? [] : fallback);
  const text = (key: keyof RuleFormValues, fallback: string) => (v ? (v[key] ?? "") : fallback);
  const errors = state.fieldErrors ?? {};
  const tested = state.ok && state.data?.description;
  return (
    <form key={state.seq} action={formAction} className="flex flex-col gap-3 px-4 py-4" noValidate aria-label={initial ? "Edit rule" : "New rule"}>
      <input type="hidden" name="organisationId" value={organisationId} />
      {initial?.ruleId ? <input type="hidden" name="ruleId" value={initial.ruleId} /> : null}
      {state.message && !tested ? <FormMessage state={state} /> : null}
      <Field label="Name" name="name" required maxLength={80} defaultValue={text("name", initial?.name ?? "")} errors={errors.name} placeholder="Refund small Ethoca alerts" />
      <div className="flex flex-col gap-1">
        <label htmlFor="rule-outcome" className="text-sm font-medium text-slate-800">
          Answer with
        </label>
        <select id="rule-outcome" name="outcome" defaultValue={text("outcome", initial?.outcome ?? "")} aria-invalid={errors.outcome ? true : undefined} aria-describedby={errors.outcome ? "rule-outcome-error" : undefined} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">Choose…</option>
          {outcomes.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {errors.outcome ? (
          <p id="rule-outcome-error" className="text-xs font-medium text-red-700">
            {errors.outcome.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="rule-merchant" className="text-sm font-medium text-slate-800">
          Merchant
        </label>
        <select id="rule-merchant" name="merchantId" defaultValue={text("merchantId", initial?.merchantId ?? "")} aria-invalid={errors.merchantId ? true : undefined} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">Every merchant of the organisation</option>
          {merchants.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        {errors.merchantId ? <p className="text-xs font-medium text-red-700">{errors.merchantId.join(" ")}</p> : null}
      </div>
      <Checks legend="Providers" name="providers" options={providers} values={list("providers", initial?.providers ?? [])} errors={errors.providers} hint="None ticked: every provider." />
      <Checks legend="Alert kinds" name="kinds" options={KINDS} values={list("kinds", initial?.kinds ?? [])} errors={errors.kinds} hint="None ticked: every kind." />
      <div className="grid grid-cols-2 gap-3">
        <Field label="Amount from" name="amountMin" inputMode="decimal" defaultValue={text("amountMin", initial?.amountMin ?? "")} errors={errors.amountMin} placeholder="0.00" />
        <Field label="Amount to" name="amountMax" inputMode="decimal" defaultValue={text("amountMax", initial?.amountMax ?? "")} errors={errors.amountMax} placeholder="any" />
      </div>
      <Field
        label="Currencies"
        name="currencies"
        defaultValue={text("currencies", initial?.currencies ?? "")}
        errors={errors.currencies ?? Object.entries(errors).find(([k]) => k.startsWith("currencies."))?.[1]}
        hint="Three-letter codes separated by commas, e.g. USD, EUR. Empty: every currency. Amounts are in each alert's own currency."
      />
      <Checks legend="Card schemes" name="schemes" options={SCHEMES} values={list("schemes", initial?.schemes ?? [])} errors={errors.schemes} hint="None ticked: every scheme." />
      <div className="grid grid-cols-2 gap-3">
        <Field label="BIN from" name="binFrom" inputMode="numeric" defaultValue={text("binFrom", initial?.binFrom ?? "")} errors={errors.binFrom} placeholder="411111" />
        <Field label="BIN to" name="binTo" inputMode="numeric" defaultValue={text("binTo", initial?.binTo ?? "")} errors={errors.binTo} placeholder="411199" />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="hidden" name="enabled" value="false" />
        <input type="checkbox" name="enabled" value="true" defaultChecked={v ? (v.enabled ?? "").split(",").includes("true") : (initial?.enabled ?? true)} />
        Enabled
      </label>
      {tested ? (
        <div role="status" className="rounded-md border border-brand-200 bg-brand-50 px-3 py-2 text-sm">
          <p className="font-medium">{state.message}</p>
          <p className="text-slate-700">{state.data!.description}</p>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="mode" value="test" variant="secondary">
          Test against past alerts
        </Button>
        <Button type="submit" name="mode" value="save">
          {initial ? "Save changes" : "Save rule"}
        </Button>
        {cancelHref ? (
          <Link href={cancelHref} className="self-center text-sm">
            Cancel
          </Link>
        ) : null}
      </div>
    </form>
  );
}
