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
  countSchemeNoticeTabs,
  listSchemeNoticeFacets,
  listSchemeNoticePage,
  parseSchemeNoticeListParams,
  SCHEME_NOTICE_DEFAULT_SORT,
  SCHEME_NOTICE_TYPES,
  schemeNoticeListSearch,
} from "@/lib/domain/scheme-notices/list";
import { cappedCountLabel } from "@/lib/domain/sql";
import { humanize } from "@/lib/format";
import { listProviders } from "@/lib/providers/registry";
import { SchemeNoticesTable } from "./_components/scheme-notices-table";

export const metadata: Metadata = { title: "Scheme notices" };

/** A chosen facet value stays selectable even when it is no longer among the listed ones. */
const facetOptions = (values: string[], chosen: string | undefined, anyLabel: string) => [
  { value: "", label: anyLabel },
  ...[...values, ...(chosen && !values.includes(chosen) ? [chosen] : [])].map((v) => ({ value: v, label: humanize(v) })),
];

export default async function SchemeNoticesPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const providers = listProviders();
  const preference = await getTablePreference(viewer.id, "scheme-notices");
  const query = parseSchemeNoticeListParams(params, { providers: providers.map((p) => p.id), defaultSize: preference.pageSize ?? 50 });
  const switcherOrg = await getActiveOrganisationId(viewer);
  if (switcherOrg && !query.organisationId) query.organisationId = switcherOrg;
  const now = new Date();
  const [page, counts, organisations, merchants, facets] = await Promise.all([
    listSchemeNoticePage(scope, query),
    countSchemeNoticeTabs(scope, query),
    listOrganisations(scope),
    listMerchantOptions(scope, query.organisationId),
    listSchemeNoticeFacets(scope, query.organisationId),
  ]);
  const search = schemeNoticeListSearch(query);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const tabs = [...SCHEME_NOTICE_TYPES, "ALL" as const].map((type) => ({
    value: type,
    label: type === "ALL" ? "All" : type === "OTHER" ? "Other" : type,
    count: type === "ALL" ? cappedCountLabel(total) : cappedCountLabel(counts[type]),
    href: `/scheme-notices${toSearch({ ...search, type: type === "ALL" ? undefined : type })}`,
  }));
  const showOrganisation = organisations.length > 1;
  const yesNo = (any: string, yes: string, no: string) => [
    { value: "", label: any },
    { value: "yes", label: yes },
    { value: "no", label: no },
  ];
  return (
    <>
      <PageHeader
        actions={<ButtonLink href={`/api/export/scheme-notices${toSearch(search)}`} prefetch={false} download>Export CSV</ButtonLink>}
        title="Scheme notices"
        description={
          <>
            TC40, TC15 and SAFE fraud reports from the card schemes. Keys: <kbd className="rounded border px-1 text-xs">j</kbd>/<kbd className="rounded border px-1 text-xs">k</kbd> move,{" "}
            <kbd className="rounded border px-1 text-xs">Enter</kbd> opens, <kbd className="rounded border px-1 text-xs">/</kbd> searches.
          </>
        }
      />
      <StatusTabs label="Notice type" active={query.type} tabs={tabs} />
      <FilterBar
        label="Filter scheme notices"
        action="/scheme-notices"
        resetHref={query.type === "ALL" ? "/scheme-notices" : `/scheme-notices?type=${query.type}`}
        fields={[
          { kind: "hidden", name: "type", value: query.type === "ALL" ? "" : query.type },
          { kind: "text", name: "q", id: "list-search", label: "Search", value: query.q ?? "", placeholder: "ARN, last 4, merchant name, id" },
          { kind: "checks", name: "unmatched", label: "Payment", values: query.unmatched ? ["1"] : [], options: [{ value: "1", label: "Unmatched only" }] },
          { kind: "select", name: "scheme", label: "Scheme", value: query.scheme ?? "", options: facetOptions(facets.schemes, query.scheme, "Any scheme") },
          { kind: "select", name: "fraud", label: "Fraud type", value: query.fraudType ?? "", options: facetOptions(facets.fraudTypes, query.fraudType, "Any fraud type") },
          { kind: "select", name: "revoked", label: "Revoked", value: query.revoked ?? "", options: yesNo("Any", "Revoked", "Not revoked") },
          { kind: "select", name: "eligible", label: "Dispute eligible", value: query.disputeEligible ?? "", options: yesNo("Any", "Eligible", "Not eligible or unknown") },
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
          { kind: "date", name: "from", label: "Reported from", value: query.reportedFrom?.text ?? "" },
          { kind: "date", name: "to", label: "to", value: query.reportedTo?.text ?? "" },
          ...(query.sort !== SCHEME_NOTICE_DEFAULT_SORT ? [{ kind: "hidden" as const, name: "sort", value: query.sort }] : []),
          ...(typeof search.dir === "string" ? [{ kind: "hidden" as const, name: "dir", value: search.dir }] : []),
        ]}
      />
      <Card>
        <Suspense key={JSON.stringify(search)}>
          <SchemeNoticesTable
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
