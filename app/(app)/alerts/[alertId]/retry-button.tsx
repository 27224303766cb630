"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

export function RetryButton({ submissionId, alertId, action }: { submissionId: string; alertId: string; action: (s: ActionState, f: FormData) => Promise<ActionState> }) {
  const [state, formAction] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="mt-1 flex flex-col gap-1">
      <input type="hidden" name="submissionId" value={submissionId} />
      <input type="hidden" name="alertId" value={alertId} />
      <FormMessage state={state} />
      {state.ok ? null : <div><SubmitButton variant="secondary" pendingLabel="Queuing…">Send again</SubmitButton></div>}
    </form>
  );
}
