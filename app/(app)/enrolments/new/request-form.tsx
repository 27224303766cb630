"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

export function RequestEnrolmentForm({
  connections,
  merchants,
  action,
}: {
  connections: { id: string; label: string; services: { value: string; label: string }[] }[];
  merchants: { id: string; name: string; detail: string }[];
  action: (s: ActionState, f: FormData) => Promise<ActionState>;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  const errors = state.fieldErrors ?? {};
  const services = [...new Map(connections.flatMap((c) => c.services).map((s) => [s.value, s])).values()];
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4 px-4 py-4" noValidate>
      <FormMessage state={state} />
      <div className="flex flex-col gap-1">
        <label htmlFor="connectionId" className="text-sm font-medium">Provider connection</label>
        <select id="connectionId" name="connectionId" defaultValue={state.values?.connectionId ?? connections[0]?.id} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" aria-invalid={errors.connectionId ? true : undefined}>
          {connections.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
        {errors.connectionId ? <p className="text-xs font-medium text-red-700">{errors.connectionId.join(" ")}</p> : null}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="service" className="text-sm font-medium">Service</label>
        <select id="service" name="service" defaultValue={state.values?.service ?? services[0]?.value} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" aria-invalid={errors.service ? true : undefined}>
          {services.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
        </select>
        {errors.service ? <p className="text-xs font-medium text-red-700">{errors.service.join(" ")}</p> : null}
      </div>
      <fieldset className="flex flex-col gap-1" aria-invalid={errors.merchantIds ? true : undefined}>
        <legend className="mb-1 text-sm font-medium">Merchants</legend>
        {merchants.map((m) => (
          <label key={m.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="merchantIds" value={m.id} />
            {m.name} <span className="text-xs text-slate-500">{m.detail}</span>
          </label>
        ))}
        {errors.merchantIds ? <p className="text-xs font-medium text-red-700">{errors.merchantIds.join(" ")}</p> : null}
      </fieldset>
      <div><SubmitButton pendingLabel="Requesting…">Request enrolment</SubmitButton></div>
    </form>
  );
}
