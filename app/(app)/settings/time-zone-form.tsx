"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

export function TimeZoneForm({ action, current, zones }: { action: (s: ActionState, f: FormData) => Promise<ActionState>; current: string; zones: string[] }) {
  const [state, formAction] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="flex flex-col gap-3 px-4 py-4">
      <FormMessage state={state} />
      <div className="flex flex-col gap-1">
        <label htmlFor="timeZone" className="text-sm font-medium">Time zone</label>
        <select id="timeZone" name="timeZone" defaultValue={current} aria-describedby="tz-hint" className="max-w-sm rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          {zones.map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
        <p id="tz-hint" className="text-xs text-slate-500">Every date and deadline is shown in this zone.</p>
        {state.fieldErrors?.timeZone ? <p className="text-xs font-medium text-red-700">{state.fieldErrors.timeZone.join(" ")}</p> : null}
      </div>
      <div><SubmitButton>Save</SubmitButton></div>
    </form>
  );
}
