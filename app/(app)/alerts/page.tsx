import type { Metadata } from "next";
import { Suspense } from "react";
import { FilterBar } from "@/components/data-table/filter-bar";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { PageHeader } from "@/components/layout/page-header";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/access";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { BULK_LIMIT } from "@/lib/domain/bulk/commands";
import { prepareBulkAction } from "./bulk/actions";
import { ALERT_KINDS, ALERT_STATUSES, alertListSearch, countAlertTabs, DUE_WINDOWS, listAlertQueue, parseAlertListParams } from "@/lib/domain/alerts/list";
import { toSearch, type RawParams } from "@/lib/domain/list-params";
import { listMerchantOptions } from "@/lib/domain/merchants";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { getTablePreference } from "@/lib/domain/preferences/tables";
import { cappedCountLabel } from "@/lib/domain/sql";
import { alertKindLabel, humanize } from "@/lib/format";
import { listProviders } from "@/lib/providers/registry";
import { AlertsTable } from "./_components/alerts-table";

export const metadata: Metadata = { title: "Alerts" };

const DUE_LABELS: Record<(typeof DUE_WINDOWS)[number], string> = {
  overdue: "Overdue",
  "4h": "Due within 4 h",
  "24h": "Due within 24 h",
  "72h": "Due within 72 h",
  later: "Due later",
};

export default async function AlertsPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const providers = listProviders();
  const preference = await getTablePreference(viewer.id, "alerts");
  const query = parseAlertListParams(params, { providers: providers.map((p) => p.id), defaultSize: preference.pageSize ?? 50 });
  const switcherOrg = await getActiveOrganisationId(viewer);
  if (switcherOrg && !query.organisationId) query.organisationId = switcherOrg;
  const now = new Date();
  const [page, counts, organisations, merchants] = await Promise.all([
    listAlertQueue(scope, query, now),
    countAlertTabs(scope, query, now),
    listOrganisations(scope),
    listMerchantOptions(scope, query.organisationId),
  ]);
  const search = alertListSearch(query);
  const tabs = [...ALERT_STATUSES, "ALL" as const].map((status) => ({
    value: status,
    label: status === "ALL" ? "All" : status === "AWAITING_PROVIDER" ? "Awaiting provider" : humanize(status),
    count: status === "ALL" ? undefined : cappedCountLabel(counts[status]),
    href: `/alerts${toSearch({ ...search, status: status === "ACTION_REQUIRED" ? undefined : status })}`,
  }));
  const showOrganisation = organisations.length > 1;
  const mayBulk = can(viewer, "outcomes.send");
  const matchingCount = query.status === "ALL" ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[query.status];
  return (
    <>
      <PageHeader
        actions={<ButtonLink href={`/api/export/alerts${toSearch(search)}`} prefetch={false} download>Export CSV</ButtonLink>}
        title="Alerts"
        description={
          <>
            Pre-dispute alerts to answer before their deadline. Keys: <kbd className="rounded border px-1 text-xs">j</kbd>/<kbd className="rounded border px-1 text-xs">k</kbd> move,{" "}
            <kbd className="rounded border px-1 text-xs">Enter</kbd> opens, <kbd className="rounded border px-1 text-xs">/</kbd> searches.
          </>
        }
      />
      <StatusTabs label="Alert status" active={query.status} tabs={tabs} />
      <FilterBar
        label="Filter alerts"
        action="/alerts"
        resetHref={query.status === "ACTION_REQUIRED" ? "/alerts" : `/alerts?status=${query.status}`}
        fields={[
          { kind: "hidden", name: "status", value: query.status === "ACTION_REQUIRED" ? "" : query.status },
          { kind: "text", name: "q", id: "list-search", label: "Search", value: query.q ?? "", placeholder: "ARN, last 4, descriptor, auth code, id" },
          { kind: "checks", name: "unmatched", label: "Payment", values: query.unmatched ? ["1"] : [], options: [{ value: "1", label: "Unmatched only" }] },
          { kind: "checks", name: "provider", label: "Provider", values: query.providers, options: providers.map((p) => ({ value: p.id, label: p.label })) },
          { kind: "checks", name: "kind", label: "Kind", values: query.kinds, options: ALERT_KINDS.map((k) => ({ value: k, label: alertKindLabel(k) })) },
          ...(showOrganisation
            ? [{ kind: "select" as const, name: "org", label: "Organisation", value: query.organisationId ?? "", options: [{ value: "", label: "All organisations" }, ...organisations.map((o) => ({ value: o.id, label: o.name }))] }]
            : []),
          { kind: "select", name: "merchant", label: "Merchant", value: query.merchantId ?? "", options: [{ value: "", label: "Any merchant" }, ...merchants.map((m) => ({ value: m.id, label: m.name }))] },
          { kind: "select", name: "due", label: "Deadline", value: query.due ?? "", options: [{ value: "", label: "Any time" }, ...DUE_WINDOWS.map((d) => ({ value: d, label: DUE_LABELS[d] }))] },
          { kind: "number", name: "min", label: "Amount from", value: query.amountMin ?? "", placeholder: "0.00" },
          { kind: "number", name: "max", label: "to", value: query.amountMax ?? "", placeholder: "any" },
          { kind: "date", name: "from", label: "Received from", value: query.receivedFrom?.text ?? "" },
          { kind: "date", name: "to", label: "to", value: typeof search.to === "string" ? search.to : "" },
          ...(query.sort !== "deadline" ? [{ kind: "hidden" as const, name: "sort", value: query.sort }] : []),
          ...(typeof search.dir === "string" ? [{ kind: "hidden" as const, name: "dir", value: search.dir }] : []),
        ]}
      />
      <Card>
        <Suspense key={JSON.stringify(search)}>
          <AlertsTable
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
            bulk={
              mayBulk
                ? {
                    matching: { count: matchingCount, label: cappedCountLabel(matchingCount) },
                    filter: toSearch(search).replace(/^\?/, ""),
                    limit: BULK_LIMIT,
                    action: prepareBulkAction,
                  }
                : undefined
            }
          />
        </Suspense>
      </Card>
    </>
  );
}
