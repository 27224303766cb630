"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";
import type { OutcomeChoice, OutcomeField } from "@/lib/providers/types";

/**
 * Choose an outcome, read exactly what will happen, confirm. The server re-checks everything
 * (provider rules, alert state, one live submission) whatever this form shows.
 */
export function OutcomeForm({
  alertId,
  choices,
  fields,
  defaults,
  conflicts = [],
  action,
}: {
  alertId: string;
  choices: OutcomeChoice[];
  fields: OutcomeField[];
  defaults: { orderId?: string | null; refundAmount?: string | null };
  /** the double-refund guard's reasons (refunds need a person's reason to go ahead) */
  conflicts?: { message: string; href: string }[];
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  const [chosen, setChosen] = useState<string | null>(state.values?.outcome ?? null);
  const choice = choices.find((c) => c.value === chosen);
  if (state.ok) return <div className="px-4 py-4"><FormMessage state={state} /></div>;
  return (
    <form action={formAction} className="flex flex-col gap-4 px-4 py-4" noValidate>
      <input type="hidden" name="alertId" value={alertId} />
      <FormMessage state={state} />
      <fieldset aria-describedby={state.fieldErrors?.outcome ? "outcome-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">Outcome</legend>
        <div className="flex flex-col gap-1.5">
          {choices.map((c) => (
            <label key={c.value} className={`flex cursor-pointer gap-2 rounded-md border px-3 py-2 text-sm ${chosen === c.value ? "border-brand-600 bg-brand-50" : "border-slate-200 hover:bg-slate-50"}`}>
              <input type="radio" name="outcome" value={c.value} checked={chosen === c.value} onChange={() => setChosen(c.value)} className="mt-0.5" />
              <span>
                <span className="font-medium">{c.label}</span>
                <span className="block text-xs text-slate-600">{c.consequence.charAt(0).toUpperCase() + c.consequence.slice(1)}</span>
              </span>
            </label>
          ))}
        </div>
        {state.fieldErrors?.outcome ? <p id="outcome-error" className="mt-1 text-xs font-medium text-red-700">{state.fieldErrors.outcome.join(" ")}</p> : null}
      </fieldset>
      {fields.map((f) => {
        const id = `outcome-${f.name}`;
        const errors = state.fieldErrors?.[f.name];
        const common = {
          id,
          name: f.name,
          required: f.required,
          "aria-invalid": errors ? true : undefined,
          "aria-describedby": [f.hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ") || undefined,
          className: "rounded-md border border-slate-300 px-3 py-1.5 text-sm",
        };
        const fallback = f.name === "orderId" ? (defaults.orderId ?? "") : f.name === "refundAmount" ? (defaults.refundAmount ?? "") : "";
        return (
          <div key={f.name} className="flex flex-col gap-1">
            <label htmlFor={id} className="text-sm font-medium">
              {f.label}
              {f.required ? "" : <span className="font-normal text-slate-500"> (optional)</span>}
            </label>
            {f.name === "note" ? (
              <textarea {...common} rows={2} maxLength={500} defaultValue={state.values?.note ?? ""} />
            ) : (
              <input {...common} defaultValue={state.values?.[f.name] ?? fallback} inputMode={f.name === "refundAmount" ? "decimal" : undefined} />
            )}
            {f.hint ? <p id={`${id}-hint`} className="text-xs text-slate-500">{f.hint}</p> : null}
            {errors ? <p id={`${id}-error`} className="text-xs font-medium text-red-700">{errors.join(" ")}</p> : null}
          </div>
        );
      })}
      {choice?.refunds && conflicts.length > 0 ? (
        <div className="flex flex-col gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950">
          <p className="font-medium">Double-refund guard: this payment may already be refunded.</p>
          <ul className="list-disc pl-5 text-xs">
            {conflicts.map((c) => (
              <li key={c.message}>
                {c.message} <a href={c.href} className="underline">Look</a>
              </li>
            ))}
          </ul>
          <label htmlFor="outcome-overrideReason" className="text-sm font-medium">
            Refund anyway because…
          </label>
          <textarea
            id="outcome-overrideReason"
            name="overrideReason"
            rows={2}
            maxLength={500}
            required
            defaultValue={state.values?.overrideReason ?? ""}
            aria-invalid={state.fieldErrors?.overrideReason ? true : undefined}
            aria-describedby={state.fieldErrors?.overrideReason ? "outcome-overrideReason-error" : undefined}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
          />
          {state.fieldErrors?.overrideReason ? (
            <p id="outcome-overrideReason-error" className="text-xs font-medium text-red-700">
              {state.fieldErrors.overrideReason.join(" ")}
            </p>
          ) : null}
          <p className="text-xs">Your reason is kept in the audit trail.</p>
        </div>
      ) : null}
      {choice ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p className="font-medium">This will {choice.consequence}.</p>
          <p className="text-xs">The decision is sent once; it cannot be taken back.</p>
        </div>
      ) : null}
      <div>
        <SubmitButton pendingLabel="Queuing…" variant={choice?.refunds ? "danger" : "primary"}>
          {choice ? `Confirm: ${choice.label}` : "Choose an outcome"}
        </SubmitButton>
      </div>
    </form>
  );
}
