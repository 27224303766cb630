import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listConnections } from "@/lib/domain/connections/queries";
import { listEvents, listEventTypes, type EventListRow } from "@/lib/domain/events/queries";
import { formatDateTime } from "@/lib/format";
import { listProviders, providerLabel } from "@/lib/providers/registry";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";

export const metadata: Metadata = { title: "Delivery log" };
const STATUSES = ["all", "PROCESSED", "IGNORED", "FAILED"] as const;

function parseDay(value: string | undefined, endOfDay = false): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  return endOfDay ? new Date(date.getTime() + 86_400_000) : date;
}

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("events.read");
  const params = await searchParams;
  const status = parseEnum(firstParam(params, "status"), STATUSES, "all");
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const [connections, types] = await Promise.all([listConnections(scope, { organisationId: organisationId ?? undefined }), listEventTypes(scope)]);
  const provider = parseEnum(firstParam(params, "provider"), listProviders().map((p) => p.id));
  const connectionId = parseEnum(firstParam(params, "connection"), connections.map((c) => c.id));
  const type = parseEnum(firstParam(params, "type"), types);
  const from = firstParam(params, "from");
  const to = firstParam(params, "to");
  const result = await listEvents(scope, {
    status: status === "all" ? undefined : status,
    provider,
    connectionId,
    type,
    receivedFrom: parseDay(from),
    receivedTo: parseDay(to, true),
    page,
    organisationId,
  });
  const tz = viewer.timeZone;
  const connectionName = (c: { id: string; label: string | null; provider: string }) => c.label ?? `${providerLabel(c.provider)} ${c.id.slice(-6)}`;
  const columns: SimpleColumn<EventListRow>[] = [
    { id: "received", header: "Received", cell: (r) => formatDateTime(r.receivedAt, tz) },
    { id: "type", header: "Type", cell: (r) => <code className="text-xs">{r.type}</code> },
    { id: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    { id: "provider", header: "Connection", cell: (r) => connectionName(r.connection) },
    { id: "attempts", header: "Attempts", align: "right", cell: (r) => r.attempts },
    { id: "organisation", header: "Organisation", cell: (r) => r.organisation?.name ?? "Unassigned" },
    { id: "record", header: "Record", cell: (r) => (r.subjectType ? r.subjectType.replace(/([a-z])([A-Z])/g, "$1 $2") : "–") },
    { id: "error", header: "Error", cell: (r) => r.error ?? "", className: "max-w-64 truncate text-red-700" },
  ];
  return (
    <>
      <PageHeader title="Delivery log" description="Every webhook delivery whose signature verified, exactly as received." />
      <FilterBar
        label="Filter deliveries"
        action="/events"
        resetHref="/events"
        fields={[
          { kind: "select", name: "status", label: "Status", value: status, options: STATUSES.map((s) => ({ value: s, label: s === "all" ? "Any status" : s.charAt(0) + s.slice(1).toLowerCase() })) },
          { kind: "select", name: "provider", label: "Provider", value: provider ?? "", options: [{ value: "", label: "Any provider" }, ...listProviders().map((p) => ({ value: p.id, label: p.label }))] },
          { kind: "select", name: "connection", label: "Connection", value: connectionId ?? "", options: [{ value: "", label: "Any connection" }, ...connections.map((c) => ({ value: c.id, label: connectionName(c) }))] },
          { kind: "select", name: "type", label: "Type", value: type ?? "", options: [{ value: "", label: "Any type" }, ...types.map((t) => ({ value: t, label: t }))] },
          { kind: "date", name: "from", label: "Received from", value: parseDay(from) ? from! : "" },
          { kind: "date", name: "to", label: "to", value: parseDay(to) ? to! : "" },
        ]}
      />
      <div className="grid gap-4 xl:grid-cols-4">
        <Card className="xl:col-span-3">
          <SimpleTable caption="Deliveries" columns={columns} rows={result.rows} rowHref={(r) => `/events/${r.id}`} empty={{ title: "No deliveries match", body: "Deliveries appear here as providers send webhooks to a connection." }} />
          <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/events", params, { page: p })} />
        </Card>
        <Card aria-labelledby="rejections" className="h-fit">
          <CardHeader id="rejections" title="Rejected deliveries (24 h)" description="Bad or stale signatures, per connection: nothing of them is stored." />
          {connections.length === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-500">No connections.</p>
          ) : (
            <ul className="divide-y divide-slate-100 px-4 text-sm">
              {connections.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-2 py-2">
                  <Link href={hrefWith("/events", {}, { connection: c.id })} className="truncate">
                    {connectionName(c)}
                  </Link>
                  <span className={`tabular ${c.rejectedLast24h > 0 ? "font-semibold text-red-700" : "text-slate-500"}`} aria-label={`${c.rejectedLast24h} rejected`}>
                    {c.rejectedLast24h.toLocaleString("en")}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
