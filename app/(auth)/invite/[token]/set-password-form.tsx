"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

/** Choose a password through a one-time link (invitation or reset). */
export function SetPasswordForm({
  action,
  token,
  email,
  askName,
  defaultName,
  submitLabel,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  token: string;
  email: string;
  askName: boolean;
  defaultName?: string | null;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {/* lets password managers store the new password under the right account */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <FormMessage state={state} />
      {askName ? <Field label="Your name (optional)" name="name" autoComplete="name" defaultValue={state.values?.name ?? defaultName ?? ""} maxLength={120} errors={state.fieldErrors?.name} /> : null}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        hint="At least 10 characters, not a common one, not containing your email name."
        errors={state.fieldErrors?.password}
      />
      <Field label="New password again" name="confirmPassword" type="password" autoComplete="new-password" required errors={state.fieldErrors?.confirmPassword} />
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
