import Link from "next/link";
import { StatusBadge } from "@/components/disputes/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { ConnectionDto, ConnectionFormSpec, RecentDelivery } from "@/lib/domain/connections/queries";
import { dateTimeOrDash } from "../../../_lib/format";
import { humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";
import { ActionForm, CopyValue } from "../../../_components/action-form";
import { createConnectionAction, rotateSecretAction, setConnectionStatusAction } from "../actions";
import { ConnectionForm } from "./connection-form";

const SECRET_LABELS: Record<string, string> = {
  webhook_secret: "Webhook secret",
  api_key: "API key",
  secret_key: "Secret key",
  client_secret: "Client secret",
  refresh_token: "Refresh token",
  access_token: "Access token",
};

export function ConnectionsTab({
  organisationId,
  connections,
  deliveries,
  specs,
  timeZone,
  archived,
}: {
  organisationId: string;
  connections: ConnectionDto[];
  deliveries: Map<string, RecentDelivery[]>;
  specs: ConnectionFormSpec[];
  timeZone: string;
  archived: boolean;
}) {
  return (
    <div className="flex flex-col gap-4">
      {connections.length === 0 ? (
        <Card>
          <EmptyState title="No connections yet">Create one below, then paste its webhook URL into the provider.</EmptyState>
        </Card>
      ) : null}
      {connections.map((c) => {
        const spec = specs.find((s) => s.id === c.provider);
        const recent = deliveries.get(c.id) ?? [];
        const name = c.label ? `${providerLabel(c.provider)} · ${c.label}` : providerLabel(c.provider);
        return (
          <Card key={c.id} aria-labelledby={`connection-${c.id}`}>
            <CardHeader
              id={`connection-${c.id}`}
              title={name}
              description={`${c.scope === "PARTNER" ? "Partner scope" : "Organisation scope"} · ${humanize(c.mode)} · created ${dateTimeOrDash(c.createdAt, timeZone)}`}
              actions={
                <div className="flex items-center gap-2">
                  <StatusBadge status={c.status === "ACTIVE" ? "ENABLED" : "UNENROLLED"} />
                  <ActionForm
                    action={setConnectionStatusAction}
                    label={`${c.status === "ACTIVE" ? "Disable" : "Enable"} ${name}`}
                    layout="inline"
                    submitLabel={c.status === "ACTIVE" ? "Disable" : "Enable"}
                    variant="secondary"
                    fields={[
                      { kind: "hidden", name: "organisationId", value: organisationId },
                      { kind: "hidden", name: "connectionId", value: c.id },
                      { kind: "hidden", name: "status", value: c.status === "ACTIVE" ? "DISABLED" : "ACTIVE" },
                    ]}
                  />
                </div>
              }
            />
            <div className="grid gap-4 px-4 py-4 xl:grid-cols-2">
              <div className="flex min-w-0 flex-col gap-3">
                <CopyValue label="Webhook URL (paste into the provider)" value={c.webhookUrl} />
                <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                  {c.secrets.map((s) => (
                    <div key={`${s.name}-${s.masked}-${s.expiresAt?.toISOString() ?? ""}`} className="min-w-0">
                      <dt className="text-xs font-medium text-slate-500">{SECRET_LABELS[s.name] ?? s.name}{s.subject ? ` (${s.subject})` : ""}</dt>
                      <dd className="font-mono text-sm" aria-label={`${SECRET_LABELS[s.name] ?? s.name} ending`}>
                        {s.masked}
                        {s.expiresAt ? <span className="ml-1 font-sans text-xs text-slate-500">previous, valid until {dateTimeOrDash(s.expiresAt, timeZone)}</span> : null}
                      </dd>
                    </div>
                  ))}
                  {c.publicKey ? <Item label="Public key" value={<code className="text-xs">{c.publicKey}</code>} /> : null}
                  {c.clientId ? <Item label="Client id" value={<code className="text-xs">{c.clientId}</code>} /> : null}
                  <Item label="API base URL" value={<span className="break-all text-xs">{c.apiBaseUrl}</span>} />
                  <Item label="Last sync" value={c.lastSyncAt ? dateTimeOrDash(c.lastSyncAt, timeZone) : "Never"} />
                  <Item
                    label="Rejected deliveries (24 h)"
                    value={<span className={c.rejectedLast24h > 0 ? "font-semibold text-red-700" : ""}>{c.rejectedLast24h.toLocaleString("en")}</span>}
                  />
                </dl>
                {spec ? (
                  <ActionForm
                    action={rotateSecretAction}
                    label={`Rotate the webhook secret of ${name}`}
                    layout="inline"
                    submitLabel="Rotate secret"
                    variant="secondary"
                    fields={[
                      { kind: "hidden", name: "organisationId", value: organisationId },
                      { kind: "hidden", name: "connectionId", value: c.id },
                      {
                        kind: "password",
                        name: "secret",
                        label: `New ${(SECRET_LABELS[spec.webhookSecret] ?? spec.webhookSecret).toLowerCase()}`,
                        hint: `The previous one keeps verifying for ${spec.rotationOverlapHours} h.`,
                        autoComplete: "off",
                        className: "w-80",
                      },
                    ]}
                  />
                ) : null}
              </div>
              <div className="min-w-0">
                <div className="mb-1 flex items-baseline justify-between">
                  <h3 className="text-xs font-semibold text-slate-700">Recent deliveries</h3>
                  <Link href={`/events?connection=${c.id}`} className="text-xs">
                    All deliveries
                  </Link>
                </div>
                {recent.length === 0 ? (
                  <p className="text-sm text-slate-500">None yet.</p>
                ) : (
                  <table className="w-full text-xs">
                    <caption className="sr-only">Recent deliveries of {name}</caption>
                    <thead>
                      <tr className="text-left text-slate-500">
                        <th scope="col" className="py-1 font-medium">Received</th>
                        <th scope="col" className="py-1 font-medium">Type</th>
                        <th scope="col" className="py-1 font-medium">Status</th>
                      </tr>
                    </thead>
                    <tbody>
                      {recent.map((d) => (
                        <tr key={d.id} className="border-t border-slate-100">
                          <td className="py-1">
                            <Link href={`/events/${d.id}`}>{dateTimeOrDash(d.receivedAt, timeZone)}</Link>
                          </td>
                          <td className="py-1">
                            <code>{d.type}</code>
                          </td>
                          <td className="py-1">
                            <StatusBadge status={d.status} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            </div>
          </Card>
        );
      })}
      <Card aria-labelledby="connection-new">
        <CardHeader id="connection-new" title="New connection" description="One provider account. The provider decides which secrets it needs." />
        <div className="px-4 py-4">
          {archived ? (
            <p className="text-sm text-slate-600">
              <Badge tone="muted">Archived</Badge> Unarchive the organisation to add connections.
            </p>
          ) : (
            <ConnectionForm action={createConnectionAction} organisationId={organisationId} specs={specs} />
          )}
        </div>
      </Card>
    </div>
  );
}

function Item({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-sm">{value}</dd>
    </div>
  );
}
