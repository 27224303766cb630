"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function ConfirmBulkForm({ runId, count, outcome, action }: { runId: string; count: number; outcome: string; action: Action }) {
  const [state, formAction] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="runId" value={runId} />
      <FormMessage state={state} />
      <div className="flex max-w-xl flex-col gap-1">
        <label htmlFor="bulk-note" className="text-sm font-medium">
          Note <span className="font-normal text-slate-500">(optional, sent where the provider keeps one)</span>
        </label>
        <textarea
          id="bulk-note"
          name="note"
          rows={2}
          maxLength={500}
          defaultValue={state.values?.note ?? ""}
          aria-invalid={state.fieldErrors?.note ? true : undefined}
          aria-describedby={state.fieldErrors?.note ? "bulk-note-error" : undefined}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
        {state.fieldErrors?.note ? (
          <p id="bulk-note-error" className="text-xs font-medium text-red-700">
            {state.fieldErrors.note.join(" ")}
          </p>
        ) : null}
      </div>
      <p className="text-sm text-amber-900">Each decision is sent once and cannot be taken back. Alerts that are refused or blocked are left for a person.</p>
      <div>
        <SubmitButton pendingLabel="Starting…" variant="danger">
          {count === 0 ? "Nothing to send" : `Confirm: ${outcome.toLowerCase()} for ${count} alert${count === 1 ? "" : "s"}`}
        </SubmitButton>
      </div>
    </form>
  );
}

export function DiscardBulkForm({ runId, action }: { runId: string; action: Action }) {
  const [state, formAction] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="mt-2">
      <input type="hidden" name="runId" value={runId} />
      <FormMessage state={state} />
      <SubmitButton variant="secondary" pendingLabel="Discarding…">
        Discard
      </SubmitButton>
    </form>
  );
}
