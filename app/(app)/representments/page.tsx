import type { Metadata } from "next";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { Deadline } from "@/components/disputes/deadline";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listRepresentments, type RepresentmentListRow } from "@/lib/domain/representments/queries";
import { formatDate, formatMoney, humanize } from "@/lib/format";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Representments" };
const STATUSES = ["all", "OPEN", "UNDER_REVIEW", "WON", "LOST", "CLOSED"] as const;

export default async function RepresentmentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const status = parseEnum(firstParam(params, "status"), STATUSES, "all");
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const result = await listRepresentments(scope, { status: status === "all" ? undefined : status, page, organisationId });
  const now = Date.now();
  const tz = viewer.timeZone;
  const columns: SimpleColumn<RepresentmentListRow>[] = [
    { id: "due", header: "Due by", cell: (r) => <Deadline at={r.dueAt} closed={r.status !== "OPEN"} serverNow={now} timeZone={tz} /> },
    { id: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    { id: "stage", header: "Stage", cell: (r) => humanize(r.stage) },
    { id: "provider", header: "Provider", cell: (r) => providerLabel(r.provider) },
    { id: "reason", header: "Reason", cell: (r) => (r.detailsPending ? "Details pending" : humanize(r.reason) || r.reasonCode || "–") },
    { id: "merchant", header: "Merchant", cell: (r) => r.merchant?.name ?? "–" },
    { id: "amount", header: "Amount", align: "right", cell: (r) => formatMoney(r.amountMinor, r.currency) || "–" },
    { id: "disputed", header: "Disputed", cell: (r) => formatDate(r.disputedAt, tz) || "–" },
  ];
  return (
    <>
      <PageHeader title="Representments" description="Dispute cases and chargebacks, with their stage and due date." />
      <StatusTabs label="Representment status" active={status} tabs={STATUSES.map((s) => ({ value: s, label: s === "all" ? "All" : humanize(s), href: hrefWith("/representments", {}, { status: s === "all" ? undefined : s }) }))} />
      <Card>
        <SimpleTable caption="Representments" columns={columns} rows={result.rows} rowHref={(r) => `/representments/${r.id}`} empty={{ title: "No representments", body: "Dispute cases appear here when providers report them." }} />
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/representments", params, { page: p })} />
      </Card>
    </>
  );
}
