import type { Metadata } from "next";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { Deadline } from "@/components/disputes/deadline";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { countAlertsByStatus, listAlerts, type AlertListRow } from "@/lib/domain/alerts/queries";
import { alertKindLabel, formatDateTime, formatMoney, humanize } from "@/lib/format";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Alerts" };

const STATUSES = ["ACTION_REQUIRED", "AWAITING_PROVIDER", "RESOLVED", "INVALID", "EXPIRED"] as const;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const status = parseEnum(firstParam(params, "status"), STATUSES, "ACTION_REQUIRED");
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const [result, counts] = await Promise.all([
    listAlerts(scope, { status, page, perPage: 50, organisationId }),
    countAlertsByStatus(scope, { organisationId }),
  ]);
  const now = Date.now();
  const tz = viewer.timeZone;
  const closed = (row: AlertListRow) => row.status !== "ACTION_REQUIRED";
  const columns: SimpleColumn<AlertListRow>[] = [
    { id: "deadline", header: "Deadline", cell: (r) => <Deadline at={r.deadlineAt} closed={closed(r)} serverNow={now} timeZone={tz} /> },
    { id: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    { id: "provider", header: "Provider", cell: (r) => `${providerLabel(r.provider)} · ${alertKindLabel(r.kind)}`, className: "whitespace-nowrap" },
    { id: "merchant", header: "Merchant", cell: (r) => r.merchant?.name ?? "–" },
    { id: "amount", header: "Amount", align: "right", cell: (r) => formatMoney(r.amountMinor, r.currency), className: "whitespace-nowrap" },
    { id: "card", header: "Card", cell: (r) => [r.cardScheme ? humanize(r.cardScheme) : null, r.cardLast4 ? `•• ${r.cardLast4}` : null].filter(Boolean).join(" ") || "–" },
    { id: "descriptor", header: "Descriptor", cell: (r) => r.descriptor ?? "–", className: "max-w-48 truncate" },
    { id: "received", header: "Received", cell: (r) => formatDateTime(r.receivedAt, tz) },
  ];
  return (
    <>
      <PageHeader title="Alerts" description="Pre-dispute alerts to answer before their deadline." />
      <StatusTabs
        label="Alert status"
        active={status}
        tabs={STATUSES.map((s) => ({ value: s, label: humanize(s), count: counts[s].toLocaleString("en"), href: hrefWith("/alerts", {}, { status: s }) }))}
      />
      <Card>
        <SimpleTable
          caption="Alerts"
          columns={columns}
          rows={result.rows}
          rowHref={(r) => `/alerts/${r.id}`}
          empty={{ title: `No ${humanize(status).toLowerCase()} alerts`, body: "New alerts appear here as providers send them." }}
        />
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/alerts", params, { page: p })} />
      </Card>
    </>
  );
}
