import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { requireViewer } from "@/lib/auth/viewer";
import { getEnrolmentById } from "@/lib/domain/enrolments/queries";
import { formatDateTime, formatDuration, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Enrolment" };

export default async function EnrolmentPage({ params }: { params: Promise<{ enrolmentId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { enrolmentId } = await params;
  const e = await getEnrolmentById(scope, enrolmentId);
  if (!e) notFound();
  const tz = viewer.timeZone;
  const now = Date.now();
  return (
    <>
      <PageHeader breadcrumb={<Link href="/enrolments">Enrolments</Link>} title={`${humanize(e.service)} enrolment`} description={e.organisation?.name ?? "Unassigned"} actions={<StatusBadge status={e.status} />} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card aria-labelledby="enrolment-details" className="lg:col-span-2">
          <CardHeader id="enrolment-details" title="Details" />
          <DescriptionList
            items={[
              { label: "Status", value: `${humanize(e.status)} (provider: ${e.providerStatus})` },
              { label: "In this status for", value: formatDuration(now - new Date(e.statusChangedAt).getTime()) },
              { label: "Service", value: e.providerType },
              { label: "Provider", value: providerLabel(e.provider) },
              { label: "Merchants", value: e.merchants.map((m) => m.merchant.name).join(", ") },
              { label: "Requested", value: formatDateTime(e.providerCreatedAt, tz) },
              { label: "Note", value: e.note },
              { label: "Provider id", value: <code className="text-xs">{e.externalId}</code> },
            ]}
          />
        </Card>
        <Card aria-labelledby="enrolment-history" className="h-fit">
          <CardHeader id="enrolment-history" title="Status history" />
          <ol className="flex flex-col gap-3 px-4 py-4 text-sm">
            {e.history.length === 0 ? <li className="text-slate-500">No changes recorded.</li> : null}
            {e.history.map((h, i) => {
              const next = e.history[i + 1];
              const until = next ? new Date(next.changedAt).getTime() : now;
              return (
                <li key={h.id} className="flex items-start justify-between gap-2">
                  <div>
                    <StatusBadge status={h.toStatus} />
                    <p className="mt-0.5 text-xs text-slate-500">{formatDateTime(h.changedAt, tz)}</p>
                  </div>
                  <span className="text-xs text-slate-600 tabular">{formatDuration(until - new Date(h.changedAt).getTime())}</span>
                </li>
              );
            })}
          </ol>
        </Card>
        <Card aria-labelledby="enrolment-raw" className="lg:col-span-3">
          <CardHeader id="enrolment-raw" title="Provider object" />
          <JsonView label="Provider object" value={JSON.stringify(e.providerData, null, 2)} />
        </Card>
      </div>
    </>
  );
}
