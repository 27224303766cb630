"use client";

import { useActionState, useId, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

type Kind = "EMAIL" | "SLACK" | "TEAMS";
const KINDS: { value: Kind; label: string }[] = [
  { value: "SLACK", label: "Slack incoming webhook" },
  { value: "TEAMS", label: "Microsoft Teams incoming webhook" },
  { value: "EMAIL", label: "Email (a shared inbox)" },
];

/** Adds a channel. The target field is cleared after a successful save (never shown again in full). */
export function ChannelForm({
  action,
  organisationId,
  eventKinds,
}: {
  action: (s: ActionState, f: FormData) => Promise<ActionState>;
  organisationId: string;
  eventKinds: { value: string; label: string; description: string }[];
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  const [kind, setKind] = useState<Kind>((state.values?.kind as Kind | undefined) ?? "SLACK");
  const id = useId();
  const errors = state.fieldErrors ?? {};
  const isEmail = kind === "EMAIL";
  return (
    <form action={formAction} className="flex flex-col gap-4 px-4 py-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="organisationId" value={organisationId} />
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-kind`} className="text-sm font-medium text-slate-800">
          Type
        </label>
        <select
          id={`${id}-kind`}
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          className="max-w-sm rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          aria-invalid={errors.kind ? true : undefined}
        >
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
        {errors.kind ? <p className="text-xs font-medium text-red-700">{errors.kind.join(" ")}</p> : null}
      </div>
      <Field
        key={kind}
        label={isEmail ? "Email address" : "Webhook URL"}
        name="target"
        type={isEmail ? "email" : "url"}
        autoComplete="off"
        spellCheck={false}
        required
        defaultValue={state.ok ? "" : (state.values?.target ?? "")}
        placeholder={isEmail ? "disputes@example.com" : kind === "SLACK" ? "https://hooks.slack.com/services/…" : "https://…"}
        hint={isEmail ? "Everyone reading this inbox sees this organisation's notifications." : "Create an incoming webhook in the channel's settings and paste its URL. It is stored encrypted."}
        errors={errors.target}
      />
      <Field label="Name (optional)" name="label" maxLength={80} defaultValue={state.ok ? "" : (state.values?.label ?? "")} placeholder="#disputes" errors={errors.label} />
      <fieldset className="flex flex-col gap-2" aria-describedby={errors.events ? `${id}-events-error` : undefined}>
        <legend className="mb-1 text-sm font-medium">Send</legend>
        {eventKinds.map((k) => (
          <label key={k.value} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="events" value={k.value} defaultChecked={k.value !== "enrolment.enabled"} className="mt-1" aria-describedby={`${id}-${k.value}`} />
            <span>
              {k.label}
              <span id={`${id}-${k.value}`} className="block text-xs text-slate-500">
                {k.description}
              </span>
            </span>
          </label>
        ))}
        {errors.events ? (
          <p id={`${id}-events-error`} className="text-xs font-medium text-red-700">
            {errors.events.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">When</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="IMMEDIATE" defaultChecked />
          As they happen
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="DIGEST" />
          Hourly digest
        </label>
        <p className="text-xs text-slate-500">Deadline reminders (within 4 hours of the deadline) are always sent at once.</p>
        {errors.mode ? <p className="text-xs font-medium text-red-700">{errors.mode.join(" ")}</p> : null}
      </fieldset>
      <div>
        <SubmitButton pendingLabel="Adding…">Add channel</SubmitButton>
      </div>
    </form>
  );
}
