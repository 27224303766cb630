import type { Metadata } from "next";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listSchemeNotices, type SchemeNoticeListRow } from "@/lib/domain/scheme-notices/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";

export const metadata: Metadata = { title: "Scheme notices" };
const TYPES = ["all", "TC40", "TC15", "SAFE", "OTHER"] as const;

export default async function SchemeNoticesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const type = parseEnum(firstParam(params, "type"), TYPES, "all");
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const result = await listSchemeNotices(scope, { noticeType: type === "all" ? undefined : type, page, organisationId });
  const tz = viewer.timeZone;
  const columns: SimpleColumn<SchemeNoticeListRow>[] = [
    { id: "reported", header: "Reported", cell: (r) => formatDateTime(r.reportedAt ?? r.receivedAt, tz) },
    { id: "type", header: "Type", cell: (r) => r.noticeType },
    { id: "scheme", header: "Scheme", cell: (r) => humanize(r.scheme) || "–" },
    { id: "fraud", header: "Fraud type", cell: (r) => humanize(r.fraudType) || "–" },
    { id: "flags", header: "Flags", cell: (r) => (
      <span className="flex gap-1">
        {r.revoked ? <Badge tone="muted">Revoked</Badge> : null}
        {r.disputeEligible ? <Badge tone="warning">Dispute eligible</Badge> : null}
      </span>
    ) },
    { id: "merchant", header: "Merchant", cell: (r) => r.merchant?.name ?? "–" },
    { id: "amount", header: "Amount", align: "right", cell: (r) => formatMoney(r.amountMinor, r.currency) || "–" },
    { id: "card", header: "Card", cell: (r) => (r.cardLast4 ? `•• ${r.cardLast4}` : "–") },
  ];
  return (
    <>
      <PageHeader title="Scheme notices" description="TC40, TC15 and SAFE fraud reports from the card schemes." />
      <StatusTabs label="Notice type" active={type} tabs={TYPES.map((t) => ({ value: t, label: t === "all" ? "All" : t === "OTHER" ? "Other" : t, href: hrefWith("/scheme-notices", {}, { type: t === "all" ? undefined : t }) }))} />
      <Card>
        <SimpleTable caption="Scheme notices" columns={columns} rows={result.rows} rowHref={(r) => `/scheme-notices/${r.id}`} empty={{ title: "No scheme notices" }} />
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/scheme-notices", params, { page: p })} />
      </Card>
    </>
  );
}
