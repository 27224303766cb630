import type { Metadata } from "next";
import { Suspense } from "react";
import { FilterBar } from "@/components/data-table/filter-bar";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { PageHeader } from "@/components/layout/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { toSearch, type RawParams } from "@/lib/domain/list-params";
import {
  countLookupTabs,
  DEFLECTION_STATUSES,
  listLookupPage,
  listLookupTypes,
  LOOKUP_DEFAULT_SORT,
  LOOKUP_STATUSES,
  lookupListSearch,
  parseLookupListParams,
} from "@/lib/domain/lookups/list";
import { listMerchantOptions } from "@/lib/domain/merchants";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { getTablePreference } from "@/lib/domain/preferences/tables";
import { cappedCountLabel } from "@/lib/domain/sql";
import { humanize } from "@/lib/format";
import { listProviders } from "@/lib/providers/registry";
import { LookupsTable } from "./_components/lookups-table";

export const metadata: Metadata = { title: "Lookups" };

export default async function LookupsPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const providers = listProviders();
  const preference = await getTablePreference(viewer.id, "lookups");
  const query = parseLookupListParams(params, { providers: providers.map((p) => p.id), defaultSize: preference.pageSize ?? 50 });
  const switcherOrg = await getActiveOrganisationId(viewer);
  if (switcherOrg && !query.organisationId) query.organisationId = switcherOrg;
  const now = new Date();
  const [page, counts, organisations, merchants, lookupTypes] = await Promise.all([
    listLookupPage(scope, query),
    countLookupTabs(scope, query),
    listOrganisations(scope),
    listMerchantOptions(scope, query.organisationId),
    listLookupTypes(scope, query.organisationId),
  ]);
  const search = lookupListSearch(query);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const tabs = [...LOOKUP_STATUSES, "ALL" as const].map((status) => ({
    value: status,
    label: status === "ALL" ? "All" : humanize(status),
    count: status === "ALL" ? cappedCountLabel(total) : cappedCountLabel(counts[status]),
    href: `/lookups${toSearch({ ...search, status: status === "ALL" ? undefined : status })}`,
  }));
  const typeValues = query.lookupType && !lookupTypes.includes(query.lookupType) ? [...lookupTypes, query.lookupType] : lookupTypes;
  const showOrganisation = organisations.length > 1;
  return (
    <>
      <PageHeader
        actions={<ButtonLink href={`/api/export/lookups${toSearch(search)}`} prefetch={false} download>Export CSV</ButtonLink>}
        title="Lookups"
        description={
          <>
            Order Insight and Consumer Clarity digital-receipt requests. Keys: <kbd className="rounded border px-1 text-xs">j</kbd>/<kbd className="rounded border px-1 text-xs">k</kbd> move,{" "}
            <kbd className="rounded border px-1 text-xs">Enter</kbd> opens, <kbd className="rounded border px-1 text-xs">/</kbd> searches.
          </>
        }
      />
      <StatusTabs label="Lookup status" active={query.status} tabs={tabs} />
      <FilterBar
        label="Filter lookups"
        action="/lookups"
        resetHref={query.status === "ALL" ? "/lookups" : `/lookups?status=${query.status}`}
        fields={[
          { kind: "hidden", name: "status", value: query.status === "ALL" ? "" : query.status },
          { kind: "text", name: "q", id: "list-search", label: "Search", value: query.q ?? "", placeholder: "ARN, last 4, descriptor, id" },
          { kind: "checks", name: "unmatched", label: "Payment", values: query.unmatched ? ["1"] : [], options: [{ value: "1", label: "Unmatched only" }] },
          { kind: "checks", name: "deflection", label: "Deflection", values: query.deflections, options: DEFLECTION_STATUSES.map((d) => ({ value: d, label: humanize(d) })) },
          { kind: "select", name: "type", label: "Type", value: query.lookupType ?? "", options: [{ value: "", label: "Any type" }, ...typeValues.map((t) => ({ value: t, label: humanize(t) }))] },
          { kind: "checks", name: "provider", label: "Provider", values: query.providers, options: providers.map((p) => ({ value: p.id, label: p.label })) },
          ...(showOrganisation
            ? [
                {
                  kind: "select" as const,
                  name: "org",
                  label: "Organisation",
                  value: query.organisationId ?? "",
                  options: [{ value: "", label: "All organisations" }, ...organisations.map((o) => ({ value: o.id, label: o.name }))],
                },
              ]
            : []),
          { kind: "select", name: "merchant", label: "Merchant", value: query.merchantId ?? "", options: [{ value: "", label: "Any merchant" }, ...merchants.map((m) => ({ value: m.id, label: m.name }))] },
          { kind: "date", name: "from", label: "Received from", value: query.receivedFrom?.text ?? "" },
          { kind: "date", name: "to", label: "to", value: query.receivedTo?.text ?? "" },
          ...(query.sort !== LOOKUP_DEFAULT_SORT ? [{ kind: "hidden" as const, name: "sort", value: query.sort }] : []),
          ...(typeof search.dir === "string" ? [{ kind: "hidden" as const, name: "dir", value: search.dir }] : []),
        ]}
      />
      <Card>
        <Suspense key={JSON.stringify(search)}>
          <LookupsTable
            rows={page.rows.map(({ sortValue: _sortValue, ...row }) => row)}
            now={now.getTime()}
            timeZone={viewer.timeZone}
            providerLabels={Object.fromEntries(providers.map((p) => [p.id, p.label]))}
            showOrganisation={showOrganisation}
            sort={{ id: query.sort, direction: query.direction }}
            initialVisibility={preference.columns}
            pageSize={query.size}
            previous={page.previous}
            next={page.next}
          />
        </Suspense>
      </Card>
    </>
  );
}
