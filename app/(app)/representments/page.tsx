import type { Metadata } from "next";
import { Suspense } from "react";
import { FilterBar } from "@/components/data-table/filter-bar";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { PageHeader } from "@/components/layout/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { toSearch, type RawParams } from "@/lib/domain/list-params";
import { listMerchantOptions } from "@/lib/domain/merchants";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { getTablePreference } from "@/lib/domain/preferences/tables";
import {
  countRepresentmentTabs,
  listRepresentmentPage,
  parseRepresentmentListParams,
  REPRESENTMENT_DEFAULT_SORT,
  REPRESENTMENT_DEFAULT_STATUS,
  REPRESENTMENT_DUE_WINDOWS,
  REPRESENTMENT_STAGES,
  REPRESENTMENT_STATUSES,
  representmentListSearch,
} from "@/lib/domain/representments/list";
import { cappedCountLabel } from "@/lib/domain/sql";
import { humanize } from "@/lib/format";
import { listProviders } from "@/lib/providers/registry";
import { RepresentmentsTable } from "./_components/representments-table";

export const metadata: Metadata = { title: "Representments" };

const DUE_LABELS: Record<(typeof REPRESENTMENT_DUE_WINDOWS)[number], string> = {
  overdue: "Overdue",
  "24h": "Due within 24 h",
  "7d": "Due within 7 days",
  later: "Due later",
};

export default async function RepresentmentsPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const providers = listProviders();
  const preference = await getTablePreference(viewer.id, "representments");
  const query = parseRepresentmentListParams(params, { providers: providers.map((p) => p.id), defaultSize: preference.pageSize ?? 50 });
  const switcherOrg = await getActiveOrganisationId(viewer);
  if (switcherOrg && !query.organisationId) query.organisationId = switcherOrg;
  const now = new Date();
  const [page, counts, organisations, merchants] = await Promise.all([
    listRepresentmentPage(scope, query, now),
    countRepresentmentTabs(scope, query, now),
    listOrganisations(scope),
    listMerchantOptions(scope, query.organisationId),
  ]);
  const search = representmentListSearch(query);
  const tabs = [...REPRESENTMENT_STATUSES, "ALL" as const].map((status) => ({
    value: status,
    label: status === "ALL" ? "All" : humanize(status),
    count: status === "ALL" ? undefined : cappedCountLabel(counts[status]),
    href: `/representments${toSearch({ ...search, status: status === REPRESENTMENT_DEFAULT_STATUS ? undefined : status })}`,
  }));
  const showOrganisation = organisations.length > 1;
  return (
    <>
      <PageHeader
        actions={<ButtonLink href={`/api/export/representments${toSearch(search)}`} prefetch={false} download>Export CSV</ButtonLink>}
        title="Representments"
        description={
          <>
            Dispute cases and chargebacks with their stage and due date. Keys: <kbd className="rounded border px-1 text-xs">j</kbd>/<kbd className="rounded border px-1 text-xs">k</kbd>{" "}
            move, <kbd className="rounded border px-1 text-xs">Enter</kbd> opens, <kbd className="rounded border px-1 text-xs">/</kbd> searches.
          </>
        }
      />
      <StatusTabs label="Representment status" active={query.status} tabs={tabs} />
      <FilterBar
        label="Filter representments"
        action="/representments"
        resetHref={query.status === REPRESENTMENT_DEFAULT_STATUS ? "/representments" : `/representments?status=${query.status}`}
        fields={[
          { kind: "hidden", name: "status", value: query.status === REPRESENTMENT_DEFAULT_STATUS ? "" : query.status },
          { kind: "text", name: "q", id: "list-search", label: "Search", value: query.q ?? "", placeholder: "ARN, reason, reason code, id" },
          { kind: "checks", name: "unmatched", label: "Payment", values: query.unmatched ? ["1"] : [], options: [{ value: "1", label: "Unmatched only" }] },
          { kind: "checks", name: "stage", label: "Stage", values: query.stages, options: REPRESENTMENT_STAGES.map((s) => ({ value: s, label: humanize(s) })) },
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
          { kind: "select", name: "due", label: "Due", value: query.due ?? "", options: [{ value: "", label: "Any time" }, ...REPRESENTMENT_DUE_WINDOWS.map((d) => ({ value: d, label: DUE_LABELS[d] }))] },
          { kind: "number", name: "min", label: "Amount from", value: query.amountMin ?? "", placeholder: "0.00" },
          { kind: "number", name: "max", label: "to", value: query.amountMax ?? "", placeholder: "any" },
          { kind: "date", name: "from", label: "Disputed from", value: query.disputedFrom?.text ?? "" },
          { kind: "date", name: "to", label: "to", value: query.disputedTo?.text ?? "" },
          ...(query.sort !== REPRESENTMENT_DEFAULT_SORT ? [{ kind: "hidden" as const, name: "sort", value: query.sort }] : []),
          ...(typeof search.dir === "string" ? [{ kind: "hidden" as const, name: "dir", value: search.dir }] : []),
        ]}
      />
      <Card>
        <Suspense key={JSON.stringify(search)}>
          <RepresentmentsTable
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
