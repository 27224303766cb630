"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

export function ReplayForm({
  eventId,
  action,
  replayable,
}: {
  eventId: string;
  action: (s: ActionState, f: FormData) => Promise<ActionState>;
  replayable: boolean;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  return (
    <form action={formAction} className="flex flex-col gap-2 px-4 py-3">
      <input type="hidden" name="eventId" value={eventId} />
      <FormMessage state={state} />
      {replayable ? (
        <>
          <p className="text-sm text-slate-600">Re-apply this delivery through the same code as a live one, for example after support for its type was added.</p>
          <div>
            <SubmitButton pendingLabel="Replaying…">Replay delivery</SubmitButton>
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-600">Processed deliveries are not replayed; only failed or ignored ones are.</p>
      )}
    </form>
  );
}
