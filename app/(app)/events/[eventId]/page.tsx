import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { can } from "@/lib/auth/access";
import { requireViewer } from "@/lib/auth/viewer";
import { providerLabel } from "@/lib/providers/registry";
import { replayEventAction } from "./actions";
import { ReplayForm } from "./replay-form";
import { getEventById } from "@/lib/domain/events/queries";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Delivery" };

const subjectPath: Record<string, string> = {
  Alert: "/alerts",
  Representment: "/representments",
  SchemeNotice: "/scheme-notices",
  Lookup: "/lookups",
  Enrolment: "/enrolments",
};

export default async function EventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { viewer, scope } = await requireViewer("events.read");
  const { eventId } = await params;
  const e = await getEventById(scope, eventId);
  if (!e) notFound();
  const tz = viewer.timeZone;
  const base = e.subjectType ? subjectPath[e.subjectType] : undefined;
  return (
    <>
      <PageHeader breadcrumb={<Link href="/events">Delivery log</Link>} title={e.type} actions={<StatusBadge status={e.status} />} />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="event-details">
          <CardHeader id="event-details" title="Delivery" />
          <DescriptionList
            columns={3}
            items={[
              { label: "Provider", value: providerLabel(e.provider) },
              { label: "Event id", value: <code className="text-xs">{e.externalEventId}</code> },
              { label: "Delivery id", value: e.deliveryId ? <code className="text-xs">{e.deliveryId}</code> : null },
              { label: "Received", value: formatDateTime(e.receivedAt, tz) },
              { label: "Last received", value: formatDateTime(e.lastReceivedAt, tz) },
              { label: "Attempts", value: e.attempts },
              { label: "Organisation", value: e.organisation?.name ?? "Unassigned" },
              { label: "Record", value: e.subjectId && base ? <Link href={`${base}/${e.subjectId}`}>Open {e.subjectType!.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}</Link> : e.subjectType },
              { label: "Error", value: e.error ? <span className="text-red-700">{e.error}</span> : null },
            ]}
          />
        </Card>
        {can(viewer, "events.replay", e.organisationId) ? (
          <Card aria-labelledby="event-replay">
            <CardHeader id="event-replay" title="Replay" />
            <ReplayForm eventId={e.id} action={replayEventAction} replayable={e.status === "FAILED" || e.status === "IGNORED"} />
          </Card>
        ) : null}
        {e.changes ? (
          <Card aria-labelledby="event-changes">
            <CardHeader id="event-changes" title="What changed" description="Previous values of the fields this delivery changed." />
            <JsonView label="Changed fields" value={JSON.stringify(e.changes, null, 2)} />
          </Card>
        ) : null}
        <Card aria-labelledby="event-body">
          <CardHeader id="event-body" title="Body" description={`${e.bodyBytes.toLocaleString("en")} bytes as received`} />
          <JsonView label="Delivery body" value={e.body} />
        </Card>
        {e.responseBody ? (
          <Card aria-labelledby="event-response">
            <CardHeader id="event-response" title="Our answer" />
            <JsonView label="Response body" value={e.responseBody} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
