import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { AdminMerchant } from "@/lib/domain/admin/merchants";
import { listProviders, providerLabel } from "@/lib/providers/registry";
import { ActionForm, type FormFieldSpec } from "../../../_components/action-form";
import { addMerchantProviderIdAction, createMerchantAction, removeMerchantProviderIdAction, updateMerchantAction } from "../actions";

const merchantFields = (organisationId: string, m?: AdminMerchant): FormFieldSpec[] => [
  { kind: "hidden", name: "organisationId", value: organisationId },
  ...(m ? [{ kind: "hidden" as const, name: "merchantId", value: m.id }] : []),
  { kind: "text", name: "name", label: "Name", defaultValue: m && !m.placeholder ? m.name : "", required: true, maxLength: 120, placeholder: m?.placeholder ? m.name : undefined },
  { kind: "text", name: "descriptor", label: "Descriptor", defaultValue: m?.descriptor ?? "", hint: "As on the card statement.", maxLength: 40 },
  { kind: "text", name: "mid", label: "MID", defaultValue: m?.mid ?? "", maxLength: 32 },
  { kind: "text", name: "caid", label: "CAID", defaultValue: m?.caid ?? "", maxLength: 32 },
  { kind: "text", name: "acquirerBin", label: "Acquirer BIN", defaultValue: m?.acquirerBin ?? "", hint: "6 to 11 digits.", maxLength: 11 },
  { kind: "text", name: "mcc", label: "MCC", defaultValue: m?.mcc ?? "", hint: "4 digits.", maxLength: 4 },
];

export function MerchantsTab({ organisationId, merchants }: { organisationId: string; merchants: AdminMerchant[] }) {
  const placeholders = merchants.filter((m) => m.placeholder).length;
  const providers = listProviders();
  return (
    <div className="flex flex-col gap-4">
      <Card aria-labelledby="merchants-list">
        <CardHeader
          id="merchants-list"
          title={`Merchants (${merchants.length})`}
          description={placeholders ? `${placeholders} created by webhooks ${placeholders === 1 ? "needs" : "need"} a name (listed first).` : "Each merchant's identifiers and its ids at the providers."}
        />
        {merchants.length === 0 ? (
          <EmptyState title="No merchants yet">Add one below, or let webhooks create placeholders you can name.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {merchants.map((m) => (
              <li key={m.id} className="px-4 py-3" aria-label={m.name}>
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="text-sm font-semibold text-slate-900">{m.name}</h3>
                  {m.placeholder ? <Badge tone="warning">Needs a name</Badge> : null}
                </div>
                <p className="mt-0.5 text-xs text-slate-600">
                  {[m.descriptor && `Descriptor ${m.descriptor}`, m.mid && `MID ${m.mid}`, m.caid && `CAID ${m.caid}`, m.acquirerBin && `Acquirer BIN ${m.acquirerBin}`, m.mcc && `MCC ${m.mcc}`]
                    .filter(Boolean)
                    .join(" · ") || "No identifiers yet."}
                </p>
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  {m.providerIds.map((p) => (
                    <span key={p.id} className="inline-flex items-center gap-1 rounded border border-slate-200 bg-slate-50 py-0.5 pr-0.5 pl-2 text-xs">
                      <span className="text-slate-500">{providerLabel(p.provider)}</span>
                      <code>{p.externalId}</code>
                      <ActionForm
                        action={removeMerchantProviderIdAction}
                        label={`Remove ${providerLabel(p.provider)} id ${p.externalId}`}
                        layout="inline"
                        submitLabel="Remove"
                        pendingLabel="…"
                        variant="secondary"
                        className="[&_button]:px-1.5 [&_button]:py-0 [&_button]:text-xs"
                        fields={[
                          { kind: "hidden", name: "organisationId", value: organisationId },
                          { kind: "hidden", name: "merchantId", value: m.id },
                          { kind: "hidden", name: "providerIdId", value: p.id },
                        ]}
                      />
                    </span>
                  ))}
                  {m.providerIds.length === 0 ? <span className="text-xs text-slate-500">No provider ids.</span> : null}
                </div>
                <details className="mt-2 group" open={m.placeholder}>
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">{m.placeholder ? "Name this merchant" : "Edit"}</summary>
                  <div className="mt-3 flex flex-col gap-4 rounded-md border border-slate-200 bg-slate-50/60 p-3">
                    <ActionForm action={updateMerchantAction} label={`Edit ${m.name}`} layout="grid" submitLabel="Save merchant" pendingLabel="Saving…" fields={merchantFields(organisationId, m)} />
                    <ActionForm
                      action={addMerchantProviderIdAction}
                      label={`Add a provider id to ${m.name}`}
                      layout="inline"
                      submitLabel="Add provider id"
                      variant="secondary"
                      fields={[
                        { kind: "hidden", name: "organisationId", value: organisationId },
                        { kind: "hidden", name: "merchantId", value: m.id },
                        { kind: "select", name: "provider", label: "Provider", options: providers.map((p) => ({ value: p.id, label: p.label })) },
                        { kind: "text", name: "externalId", label: "Merchant id at the provider", placeholder: "mrch_…", className: "w-72", maxLength: 200 },
                      ]}
                    />
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card aria-labelledby="merchant-new">
        <CardHeader id="merchant-new" title="Add a merchant" />
        <div className="px-4 py-4">
          <ActionForm action={createMerchantAction} label="Add a merchant" layout="grid" submitLabel="Add merchant" pendingLabel="Adding…" fields={merchantFields(organisationId)} />
        </div>
      </Card>
    </div>
  );
}
