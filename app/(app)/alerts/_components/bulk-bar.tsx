"use client";

import { useActionState, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";
import { OUTCOME_INTENTS } from "@/lib/providers/types";

/**
 * Bulk triage bar: the selected rows, or every alert matching the filter (up to 1,000), and one
 * outcome. Submitting prepares a confirmation page; nothing is sent from here.
 */
export function BulkBar({
  selected,
  matching,
  filter,
  limit,
  onClear,
  action,
}: {
  selected: string[];
  /** alerts matching the filter and tab (capped count as text) */
  matching: { count: number; label: string };
  filter: string;
  limit: number;
  onClear: () => void;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  const [all, setAll] = useState(false);
  const count = all ? matching.count : selected.length;
  if (selected.length === 0 && !all) return null;
  const tooMany = all && matching.count > limit;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3 border-b border-brand-200 bg-brand-50 px-3 py-2 text-sm" aria-label="Bulk action">
      {all ? <input type="hidden" name="all" value="1" /> : selected.map((id) => <input key={id} type="hidden" name="alertId" value={id} />)}
      <input type="hidden" name="filter" value={filter} />
      <p className="font-medium" role="status">
        {all ? `All ${matching.label} matching alerts` : `${selected.length} selected`}
      </p>
      {matching.count > selected.length ? (
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          Select all {matching.label} matching the filter{matching.count > limit ? ` (at most ${limit.toLocaleString("en")} at once)` : ""}
        </label>
      ) : null}
      <label className="flex items-center gap-1.5">
        <span>Outcome</span>
        <select name="intent" required defaultValue={state.values?.intent ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm" aria-invalid={state.fieldErrors?.intent ? true : undefined}>
          <option value="" disabled>
            Choose…
          </option>
          {OUTCOME_INTENTS.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
      <SubmitButton pendingLabel="Preparing…">{tooMany ? "Too many alerts" : `Review ${count.toLocaleString("en")} alert${count === 1 ? "" : "s"}`}</SubmitButton>
      <button type="button" onClick={onClear} className="text-sm text-slate-600 underline">
        Clear selection
      </button>
      <div className="basis-full empty:hidden">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
