import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { dateTimeOrDash } from "../../../_lib/format";
import { ActionForm } from "../../../_components/action-form";
import { createApiKeyAction, revokeApiKeyAction } from "../actions";

type ApiKeyRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export function ApiKeysTab({ organisationId, keys, timeZone }: { organisationId: string; keys: ApiKeyRow[]; timeZone: string }) {
  return (
    <div className="flex flex-col gap-4">
      <Card aria-labelledby="keys-list">
        <CardHeader id="keys-list" title={`API keys (${keys.filter((k) => !k.revokedAt).length} active)`} description="For POST /api/v1/transactions. Only a hash is stored: a lost key is revoked and replaced." />
        {keys.length === 0 ? (
          <EmptyState title="No API keys" />
        ) : (
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">API keys</caption>
            <thead>
              <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
                <th scope="col" className="px-4 py-2">Name</th>
                <th scope="col" className="px-4 py-2">Key</th>
                <th scope="col" className="px-4 py-2">Created</th>
                <th scope="col" className="px-4 py-2">Last used</th>
                <th scope="col" className="px-4 py-2">State</th>
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">Revoke</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} className="border-b border-slate-100">
                  <td className="px-4 py-2 font-medium">{k.name}</td>
                  <td className="px-4 py-2">
                    <code className="text-xs">{k.prefix}…</code>
                  </td>
                  <td className="px-4 py-2">{dateTimeOrDash(k.createdAt, timeZone)}</td>
                  <td className="px-4 py-2">{k.lastUsedAt ? dateTimeOrDash(k.lastUsedAt, timeZone) : "Never"}</td>
                  <td className="px-4 py-2">{k.revokedAt ? <Badge tone="muted">Revoked</Badge> : <Badge tone="success">Active</Badge>}</td>
                  <td className="px-4 py-2 text-right">
                    {k.revokedAt ? null : (
                      <ActionForm
                        action={revokeApiKeyAction}
                        label={`Revoke ${k.name}`}
                        layout="inline"
                        className="justify-end"
                        submitLabel="Revoke"
                        pendingLabel="Revoking…"
                        variant="secondary"
                        fields={[
                          { kind: "hidden", name: "organisationId", value: organisationId },
                          { kind: "hidden", name: "apiKeyId", value: k.id },
                        ]}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card aria-labelledby="key-new">
        <CardHeader id="key-new" title="New API key" />
        <div className="px-4 py-4">
          <ActionForm
            action={createApiKeyAction}
            label="New API key"
            layout="inline"
            submitLabel="Create key"
            pendingLabel="Creating…"
            reveal={{ title: "API key (shown once)", note: "Store it in the system that sends transactions. It cannot be shown again.", items: [{ key: "apiKey", label: "API key" }] }}
            fields={[
              { kind: "hidden", name: "organisationId", value: organisationId },
              { kind: "text", name: "name", label: "Name", placeholder: "e.g. Shop backend", className: "w-72", maxLength: 80 },
            ]}
          />
        </div>
      </Card>
    </div>
  );
}
