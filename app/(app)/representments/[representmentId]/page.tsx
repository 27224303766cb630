import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Deadline } from "@/components/disputes/deadline";
import { StatusBadge } from "@/components/disputes/status-badge";
import { Timeline } from "@/components/disputes/timeline";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { can } from "@/lib/auth/access";
import { requireViewer } from "@/lib/auth/viewer";
import { PaymentCard } from "@/app/(app)/transactions/payment-card";
import { getRecordTimeline } from "@/lib/domain/events/timeline";
import { getRepresentmentById } from "@/lib/domain/representments/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Representment" };

export default async function RepresentmentPage({ params }: { params: Promise<{ representmentId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { representmentId } = await params;
  const r = await getRepresentmentById(scope, representmentId);
  if (!r) notFound();
  const tz = viewer.timeZone;
  const timeline = await getRecordTimeline(scope, { type: "Representment", id: r.id });
  const canSeeEvents = can(viewer, "events.read", r.organisationId);
  const active = r.status === "OPEN" || r.status === "UNDER_REVIEW";
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/representments">Representments</Link>}
        title={`${providerLabel(r.provider)} ${humanize(r.stage).toLowerCase()} · ${formatMoney(r.amountMinor, r.currency) || r.externalId}`}
        description={[humanize(r.reason), r.reasonCode].filter(Boolean).join(" · ") || undefined}
        actions={
          <>
            {r.detailsPending ? <Badge tone="info">Details pending</Badge> : null}
            <StatusBadge status={r.status} />
          </>
        }
      />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="rep-details">
          <CardHeader id="rep-details" title="Details" description={r.detailsPending ? "Details are being fetched from the provider." : undefined} />
          <DescriptionList
            columns={3}
            items={[
              { label: "Due by", value: <Deadline at={r.dueAt} closed={!active} serverNow={Date.now()} timeZone={tz} /> },
              { label: "Due at", value: formatDateTime(r.dueAt, tz) },
              { label: "Status", value: humanize(r.status) },
              { label: "Provider status", value: r.providerStatus },
              { label: "Dispute status", value: r.disputeStatus },
              { label: "Stage", value: r.providerStage && r.providerStage !== r.stage ? `${humanize(r.stage)} (${r.providerStage})` : humanize(r.stage) },
              { label: "Reason", value: humanize(r.reason) },
              { label: "Reason code", value: r.reasonCode },
              { label: "Amount", value: formatMoney(r.amountMinor, r.currency) },
              { label: "Transaction amount", value: formatMoney(r.transactionAmountMinor, r.transactionCurrency) },
              { label: "Scheme", value: humanize(r.cardScheme) },
              { label: "ARN", value: r.arn ? <code className="text-xs">{r.arn}</code> : null },
              { label: "Disputed", value: formatDateTime(r.disputedAt, tz) },
              { label: "Authorised", value: formatDateTime(r.transactionAuthorisedAt, tz) },
              { label: "Received", value: formatDateTime(r.receivedAt, tz) },
              { label: "Service type", value: humanize(r.serviceType) },
              { label: "Managed by", value: humanize(r.managedBy) },
              { label: "Reference", value: r.referenceId },
              { label: "Transaction reference", value: r.transactionReferenceId },
              { label: "Created at provider", value: formatDateTime(r.providerCreatedAt, tz) },
              { label: "Updated at provider", value: formatDateTime(r.providerUpdatedAt, tz) },
              { label: "Provider", value: providerLabel(r.provider) },
              { label: "Provider id", value: <code className="text-xs">{r.externalId}</code> },
              { label: "Organisation", value: r.organisation?.name ?? "Unassigned" },
              {
                label: "Merchant",
                value: r.merchant ? <Link href={`/representments?status=ALL&merchant=${encodeURIComponent(r.merchant.id)}`}>{r.merchant.name}</Link> : null,
              },
              { label: "Transaction", value: r.transactionId ? <Link href={`/transactions/${r.transactionId}`}>Open timeline</Link> : "Not matched" },
            ]}
          />
        </Card>
        <PaymentCard viewer={viewer} scope={scope} record={{ type: "Representment", id: r.id }} />
        <Card aria-labelledby="rep-history">
          <CardHeader id="rep-history" title="History" description="Every delivery about this case, and what each one changed." />
          <Timeline entries={timeline} current={r.providerData as Record<string, unknown>} timeZone={tz} eventHref={canSeeEvents ? (id) => `/events/${id}` : undefined} />
        </Card>
        <Card aria-labelledby="rep-raw">
          <CardHeader id="rep-raw" title="Provider object" description="As last reported by the provider." />
          <JsonView label="Provider object" value={JSON.stringify(r.providerData, null, 2)} />
        </Card>
      </div>
    </>
  );
}
