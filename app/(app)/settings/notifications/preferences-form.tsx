"use client";

import { startTransition, useActionState, useId, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/action";

type Kind = { value: string; label: string; description: string };
type Preferences = { email: boolean; events: string[]; mode: "immediate" | "hourly" | "daily"; deadlineHours: number };

const MODES = [
  { value: "immediate", label: "As they happen", hint: "One email per notification." },
  { value: "hourly", label: "Hourly digest", hint: "One email an hour with everything new." },
  { value: "daily", label: "Daily digest", hint: "One email a day, after 08:00 in your time zone." },
] as const;

/**
 * The personal notification form. Inputs are controlled and the action is started from onSubmit
 * (not React's automatic form-action path, which resets the form afterwards and unchecks
 * controlled checkboxes), so a failed save keeps what was chosen. Without JavaScript the plain
 * form action still works.
 */
export function NotificationPreferencesForm({
  action,
  email,
  timeZone,
  preferences,
  kinds,
  maxDeadlineHours,
}: {
  action: (s: ActionState, f: FormData) => Promise<ActionState>;
  email: string;
  timeZone: string;
  preferences: Preferences;
  kinds: Kind[];
  maxDeadlineHours: number;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const [emailOn, setEmailOn] = useState(preferences.email);
  const [events, setEvents] = useState<string[]>(preferences.events);
  const [mode, setMode] = useState<Preferences["mode"]>(preferences.mode);
  const [hours, setHours] = useState(String(preferences.deadlineHours));
  const id = useId();
  const errors = state.fieldErrors ?? {};
  const toggle = (value: string, on: boolean) => setEvents((current) => (on ? [...new Set([...current, value])] : current.filter((v) => v !== value)));

  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="flex flex-col gap-5 px-4 py-4"
      noValidate
    >
      <FormMessage state={state} />

      <div className="flex flex-col gap-1">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="email" checked={emailOn} onChange={(e) => setEmailOn(e.target.checked)} aria-describedby={`${id}-email-hint`} />
          Email me notifications
        </label>
        <p id={`${id}-email-hint`} className="ml-6 text-xs text-slate-500">
          Sent to <span className="font-medium text-slate-700">{email}</span>, your sign-in address.
        </p>
      </div>

      <fieldset className="flex flex-col gap-2" aria-describedby={errors.events ? `${id}-events-error` : undefined}>
        <legend className="mb-1 text-sm font-medium">Notify me about</legend>
        {kinds.map((kind) => (
          <div key={kind.value} className="flex flex-col">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="events"
                value={kind.value}
                checked={events.includes(kind.value)}
                onChange={(e) => toggle(kind.value, e.target.checked)}
                aria-describedby={`${id}-${kind.value}-hint`}
              />
              {kind.label}
            </label>
            <p id={`${id}-${kind.value}-hint`} className="ml-6 text-xs text-slate-500">
              {kind.description}
            </p>
          </div>
        ))}
        {errors.events ? (
          <p id={`${id}-events-error`} className="text-xs font-medium text-red-700">
            {errors.events.join(" ")}
          </p>
        ) : null}
      </fieldset>

      <Field
        label="Deadline reminder: hours before the deadline"
        name="deadlineHours"
        type="number"
        inputMode="numeric"
        min={1}
        max={maxDeadlineHours}
        step={1}
        required
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        hint={`Between 1 and ${maxDeadlineHours}. You are reminded once per alert when its deadline is this close.`}
        errors={errors.deadlineHours}
        className="max-w-xs"
      />

      <fieldset className="flex flex-col gap-2" aria-describedby={errors.mode ? `${id}-mode-error` : undefined}>
        <legend className="mb-1 text-sm font-medium">When</legend>
        {MODES.map((m) => (
          <div key={m.value} className="flex flex-col">
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="mode" value={m.value} checked={mode === m.value} onChange={() => setMode(m.value)} aria-describedby={`${id}-mode-${m.value}`} />
              {m.label}
            </label>
            <p id={`${id}-mode-${m.value}`} className="ml-6 text-xs text-slate-500">
              {m.value === "daily" ? `One email a day, after 08:00 in your time zone (${timeZone}).` : m.hint}
            </p>
          </div>
        ))}
        <p className="text-xs text-slate-500">Deadline reminders are always sent at once.</p>
        {errors.mode ? (
          <p id={`${id}-mode-error`} className="text-xs font-medium text-red-700">
            {errors.mode.join(" ")}
          </p>
        ) : null}
      </fieldset>

      <div>
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? "Saving…" : "Save notification settings"}
        </Button>
      </div>
    </form>
  );
}
