import type { Metadata } from "next";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listLookups, type LookupListRow } from "@/lib/domain/lookups/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Lookups" };
const STATUSES = ["all", "PENDING", "SUCCEEDED", "FAILED", "TIMEOUT"] as const;

export default async function LookupsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const status = parseEnum(firstParam(params, "status"), STATUSES, "all");
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const result = await listLookups(scope, { lookupStatus: status === "all" ? undefined : status, page, organisationId });
  const tz = viewer.timeZone;
  const columns: SimpleColumn<LookupListRow>[] = [
    { id: "received", header: "Received", cell: (r) => formatDateTime(r.receivedAt, tz) },
    { id: "type", header: "Type", cell: (r) => humanize(r.lookupType) },
    { id: "status", header: "Lookup", cell: (r) => <StatusBadge status={r.lookupStatus} /> },
    { id: "deflection", header: "Deflection", cell: (r) => <StatusBadge status={r.deflectionStatus} /> },
    { id: "provider", header: "Provider", cell: (r) => providerLabel(r.provider) },
    { id: "merchant", header: "Merchant", cell: (r) => r.merchant?.name ?? "–" },
    { id: "amount", header: "Amount", align: "right", cell: (r) => formatMoney(r.amountMinor, r.currency) || "–" },
    { id: "descriptor", header: "Descriptor", cell: (r) => r.descriptor ?? "–" },
  ];
  return (
    <>
      <PageHeader title="Lookups" description="Order Insight and Consumer Clarity digital-receipt requests." />
      <StatusTabs label="Lookup status" active={status} tabs={STATUSES.map((s) => ({ value: s, label: s === "all" ? "All" : humanize(s), href: hrefWith("/lookups", {}, { status: s === "all" ? undefined : s }) }))} />
      <Card>
        <SimpleTable caption="Lookups" columns={columns} rows={result.rows} rowHref={(r) => `/lookups/${r.id}`} empty={{ title: "No lookups" }} />
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/lookups", params, { page: p })} />
      </Card>
    </>
  );
}
