import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { can, scopeFor } from "@/lib/auth/access";
import { requireViewer } from "@/lib/auth/viewer";
import { listUnassignedGroups, UNASSIGNED_KINDS } from "@/lib/domain/admin/unassigned";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { firstParam, parsePositiveInt, type SearchParams } from "@/lib/url-state";
import { dateTimeOrDash } from "../_lib/format";
import { ActionForm } from "../_components/action-form";
import { attachUnassignedAction } from "./actions";

export const metadata: Metadata = { title: "Unassigned rows" };

export default async function UnassignedPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer } = await requireViewer("unassigned.read");
  // unassigned rows are read with a read scope (scopeFor gives unassigned.read holders includeUnassigned on reads)
  const scope = scopeFor(viewer, "records.read");
  const mayAttach = can(viewer, "unassigned.manage");
  const [groups, organisations] = await Promise.all([listUnassignedGroups(scope), mayAttach ? listOrganisations(scope) : Promise.resolve([])]);
  const tz = viewer.timeZone;
  // the outcome of an attach (ids and a count only: the text is built here, never taken from the URL)
  const params = await searchParams;
  const attachedTo = organisations.find((o) => o.id === firstParam(params, "to"));
  const attachedId = firstParam(params, "attached");
  const attachedRows = parsePositiveInt(firstParam(params, "rows"), 0);
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/admin/organisations">Organisations</Link>}
        title="Unassigned rows"
        description="Deliveries from partner connections that named a provider organisation id no organisation has. Attach them once you know whose they are; later deliveries then route by themselves."
      />
      {attachedTo && attachedId && /^[A-Za-z0-9_.:-]{1,120}$/.test(attachedId) ? (
        <div className="mb-4">
          <FormMessage
            state={{
              ok: true,
              message: `Attached ${attachedRows.toLocaleString("en")} row${attachedRows === 1 ? "" : "s"} naming ${attachedId} to ${attachedTo.name}. Later deliveries for it go there directly.`,
            }}
          />
        </div>
      ) : null}
      {groups.length === 0 ? (
        <Card>
          <EmptyState title="Nothing unassigned">Every partner delivery so far named an organisation we know.</EmptyState>
        </Card>
      ) : (
        <div className="flex flex-col gap-4">
          {groups.map((g) => {
            const candidates = organisations.filter((o) => !o.providerOrgId || o.providerOrgId === g.providerOrgId);
            return (
              <Card key={g.providerOrgId} aria-labelledby={`group-${g.providerOrgId}`}>
                <CardHeader
                  id={`group-${g.providerOrgId}`}
                  title={g.providerOrgId}
                  description={`${g.total.toLocaleString("en")} row${g.total === 1 ? "" : "s"} · first ${dateTimeOrDash(g.firstSeenAt, tz)} · last ${dateTimeOrDash(g.lastSeenAt, tz)}`}
                />
                <div className="grid gap-4 px-4 py-4 lg:grid-cols-[1fr_26rem]">
                  <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
                    {UNASSIGNED_KINDS.map((k) => (
                      <div key={k.key}>
                        <dt className="text-xs font-medium text-slate-500">{k.label}</dt>
                        <dd className={`text-sm tabular ${g.counts[k.key] ? "font-semibold text-slate-900" : "text-slate-400"}`}>{g.counts[k.key].toLocaleString("en")}</dd>
                      </div>
                    ))}
                  </dl>
                  <div>
                    {g.organisation ? (
                      <p className="mb-2 text-sm text-slate-700">
                        <Link href={`/admin/organisations/${g.organisation.id}`}>{g.organisation.name}</Link> already has this id: these rows arrived while it was being set.
                      </p>
                    ) : null}
                    {mayAttach ? (
                      <ActionForm
                        action={attachUnassignedAction}
                        label={`Attach ${g.providerOrgId} to an organisation`}
                        layout="inline"
                        submitLabel="Attach"
                        pendingLabel="Attaching…"
                        fields={[
                          { kind: "hidden", name: "providerOrgId", value: g.providerOrgId },
                          {
                            kind: "select",
                            name: "organisationId",
                            label: "Organisation",
                            defaultValue: g.organisation?.id ?? "",
                            className: "min-w-64",
                            options: [
                              { value: "", label: "Choose an organisation…" },
                              ...candidates.map((o) => ({ value: o.id, label: o.providerOrgId ? `${o.name} (has this id)` : `${o.name}${o.archivedAt ? " (archived)" : ""}` })),
                            ],
                            hint: "An organisation without a provider id takes this one.",
                          },
                        ]}
                      />
                    ) : (
                      <p className="text-sm text-slate-500">An administrator can attach these rows.</p>
                    )}
                  </div>
                </div>
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}
