"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";
import type { ConnectionFormSpec } from "@/lib/domain/connections/queries";
import { Reveal, SelectField, type FormAction } from "../../../_components/action-form";

const SECRET_LABELS: Record<string, string> = {
  webhook_secret: "Webhook signing secret",
  api_key: "API key",
  secret_key: "Secret key",
  client_secret: "Client secret",
  refresh_token: "Refresh token",
  access_token: "Access token",
};
const FIELD_LABELS: Record<string, string> = { publicKey: "Public key", clientId: "Client id", redirectUri: "Redirect URI" };

/**
 * New connection: the provider decides which secrets and fields appear (its credential spec), so
 * the form asks for exactly what `connection:create` accepts. Secrets are revealed once after
 * creation, with the webhook URL to paste into the provider; afterwards only their last four.
 */
export function ConnectionForm({ action, organisationId, specs }: { action: FormAction; organisationId: string; specs: ConnectionFormSpec[] }) {
  const [state, formAction] = useActionState<ActionState, FormData>(action, { ok: false });
  const [providerId, setProviderId] = useState(state.values?.provider ?? specs[0]?.id ?? "");
  const spec = specs.find((s) => s.id === providerId) ?? specs[0];
  if (!spec) return null;
  const errors = (name: string) => state.fieldErrors?.[name];
  const value = (name: string) => state.values?.[name];
  const secretNames = [...spec.requiredSecrets, ...spec.optionalSecrets];
  const plainFields = [...spec.requiredFields, ...spec.optionalFields];
  return (
    <form action={formAction} aria-label="New connection" noValidate className="flex flex-col gap-4">
      <input type="hidden" name="organisationId" value={organisationId} />
      <FormMessage state={state} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="connection-provider" className="text-sm font-medium text-slate-800">
            Provider
          </label>
          <select
            id="connection-provider"
            name="provider"
            value={spec.id}
            onChange={(e) => setProviderId(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-xs"
          >
            {specs.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          {errors("provider") ? <p className="text-xs font-medium text-red-700">{errors("provider")!.join(" ")}</p> : null}
        </div>
        {spec.scopes.length > 1 ? (
          <SelectField
            key={`${spec.id}-scope`}
            name="scope"
            label="Scope"
            defaultValue={value("scope") ?? "ORG"}
            options={spec.scopes.map((s) => ({ value: s, label: s === "ORG" ? "This organisation" : "Partner (routes by organisation id)" }))}
            errors={errors("scope")}
          />
        ) : (
          <input type="hidden" name="scope" value={spec.scopes[0] ?? "ORG"} />
        )}
        <SelectField
          name="mode"
          label="Mode"
          defaultValue={value("mode") ?? "LIVE"}
          options={[
            { value: "LIVE", label: "Live" },
            { value: "TEST", label: "Test (sandbox)" },
          ]}
          errors={errors("mode")}
        />
        <Field label="Label (optional)" name="label" defaultValue={value("label")} errors={errors("label")} maxLength={120} autoComplete="off" />
      </div>
      <fieldset className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <legend className="mb-1 text-sm font-semibold text-slate-900">{spec.label} credentials</legend>
        {secretNames.map((name) => (
          <Field
            key={`${spec.id}-${name}`}
            label={`${SECRET_LABELS[name] ?? name}${spec.requiredSecrets.includes(name) ? "" : " (optional)"}`}
            name={name}
            type="password"
            autoComplete="off"
            hint={name === spec.webhookSecret ? "Signs the webhooks: copy it from the provider's dashboard." : "Used for calls to the provider's API."}
            errors={errors(name)}
          />
        ))}
        {plainFields.map((name) => (
          <Field
            key={`${spec.id}-${name}`}
            label={`${FIELD_LABELS[name] ?? name}${spec.requiredFields.includes(name) ? "" : " (optional)"}`}
            name={name}
            type={name === "redirectUri" ? "url" : "text"}
            autoComplete="off"
            defaultValue={value(name)}
            errors={errors(name)}
          />
        ))}
        <Field
          label="API base URL (optional)"
          name="apiBaseUrl"
          type="url"
          autoComplete="off"
          hint="Leave empty for the provider's own API (sandbox in test mode)."
          defaultValue={value("apiBaseUrl")}
          errors={errors("apiBaseUrl")}
        />
      </fieldset>
      <div>
        <SubmitButton pendingLabel="Creating…">Create connection</SubmitButton>
      </div>
      {state.ok && state.data ? (
        <Reveal
          spec={{
            title: "Shown once",
            note: "Paste the webhook URL into the provider. The secrets are stored encrypted and from now on shown only by their last four characters.",
            items: [{ key: "webhookUrl", label: "Webhook URL" }, ...Object.keys(SECRET_LABELS).map((name) => ({ key: `secret:${name}`, label: SECRET_LABELS[name]! }))],
          }}
          data={state.data}
        />
      ) : null}
    </form>
  );
}
