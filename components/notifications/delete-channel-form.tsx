"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

export function DeleteChannelForm({
  action,
  organisationId,
  channelId,
  name,
}: {
  action: (s: ActionState, f: FormData) => Promise<ActionState>;
  organisationId: string;
  channelId: string;
  name: string;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  return (
    <form
      action={formAction}
      className="flex flex-col items-end gap-1"
      onSubmit={(e) => {
        if (!window.confirm(`Remove the channel "${name}"? It stops receiving notifications at once.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="organisationId" value={organisationId} />
      <input type="hidden" name="channelId" value={channelId} />
      {state.ok ? null : <FormMessage state={state} />}
      <SubmitButton variant="secondary" pendingLabel="Removing…">
        <span>
          Remove<span className="sr-only"> channel {name}</span>
        </span>
      </SubmitButton>
    </form>
  );
}
