import type { Metadata } from "next";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listEvents, type EventListRow } from "@/lib/domain/events/queries";
import { formatDateTime, humanize } from "@/lib/format";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";

export const metadata: Metadata = { title: "Delivery log" };
const STATUSES = ["all", "PROCESSED", "IGNORED", "FAILED"] as const;

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("events.read");
  const params = await searchParams;
  const status = parseEnum(firstParam(params, "status"), STATUSES, "all");
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const result = await listEvents(scope, { status: status === "all" ? undefined : status, page, organisationId });
  const tz = viewer.timeZone;
  const columns: SimpleColumn<EventListRow>[] = [
    { id: "received", header: "Received", cell: (r) => formatDateTime(r.receivedAt, tz) },
    { id: "type", header: "Type", cell: (r) => <code className="text-xs">{r.type}</code> },
    { id: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    { id: "provider", header: "Provider", cell: (r) => humanize(r.provider) },
    { id: "attempts", header: "Attempts", align: "right", cell: (r) => r.attempts },
    { id: "organisation", header: "Organisation", cell: (r) => r.organisation?.name ?? "Unassigned" },
    { id: "error", header: "Error", cell: (r) => r.error ?? "", className: "max-w-64 truncate text-red-700" },
  ];
  return (
    <>
      <PageHeader title="Delivery log" description="Every webhook delivery whose signature verified, as received." />
      <StatusTabs label="Delivery status" active={status} tabs={STATUSES.map((s) => ({ value: s, label: s === "all" ? "All" : humanize(s), href: hrefWith("/events", {}, { status: s === "all" ? undefined : s }) }))} />
      <Card>
        <SimpleTable caption="Deliveries" columns={columns} rows={result.rows} rowHref={(r) => `/events/${r.id}`} empty={{ title: "No deliveries yet", body: "Configure a provider connection; its webhooks are listed here." }} />
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/events", params, { page: p })} />
      </Card>
    </>
  );
}
