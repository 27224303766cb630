import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
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
import { getSchemeNoticeById } from "@/lib/domain/scheme-notices/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Scheme notice" };

export default async function SchemeNoticePage({ params }: { params: Promise<{ noticeId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { noticeId } = await params;
  const n = await getSchemeNoticeById(scope, noticeId);
  if (!n) notFound();
  const tz = viewer.timeZone;
  const timeline = await getRecordTimeline(scope, { type: "SchemeNotice", id: n.id });
  const canSeeEvents = can(viewer, "events.read", n.organisationId);
  const typeLabel = n.noticeType === "OTHER" ? humanize(n.providerType) : n.noticeType;
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/scheme-notices">Scheme notices</Link>}
        title={`${providerLabel(n.provider)} ${typeLabel} · ${formatMoney(n.amountMinor, n.currency) || n.externalId}`}
        description={[humanize(n.scheme), humanize(n.fraudType)].filter(Boolean).join(" · ") || undefined}
        actions={
          <>
            {n.disputeEligible ? <Badge tone="warning">Dispute eligible</Badge> : null}
            {n.revoked ? <Badge tone="muted">Revoked</Badge> : <Badge tone="info">Active</Badge>}
          </>
        }
      />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="notice-details">
          <CardHeader id="notice-details" title="Details" />
          <DescriptionList
            columns={3}
            items={[
              { label: "Type", value: n.noticeType === "OTHER" ? n.providerType : `${n.noticeType}${n.providerType !== n.noticeType ? ` (${n.providerType})` : ""}` },
              { label: "Category", value: humanize(n.category) },
              { label: "Scheme", value: humanize(n.scheme) },
              { label: "Fraud type", value: humanize(n.fraudType) },
              { label: "Dispute eligible", value: n.disputeEligible === null ? "Not reported" : n.disputeEligible ? "Yes" : "No" },
              { label: "Revoked", value: n.revoked ? `Yes${n.revokedAt ? `, ${formatDateTime(n.revokedAt, tz)}` : ""}` : "No" },
              { label: "Reported", value: formatDateTime(n.reportedAt, tz) },
              { label: "Purchased", value: formatDateTime(n.purchasedAt, tz) },
              { label: "Received", value: formatDateTime(n.receivedAt, tz) },
              { label: "Amount", value: formatMoney(n.amountMinor, n.currency) },
              { label: "Card", value: [n.cardBin, n.cardLast4 && `•• ${n.cardLast4}`].filter(Boolean).join(" ") },
              { label: "ARN", value: n.arn ? <code className="text-xs">{n.arn}</code> : null },
              { label: "Auth code", value: n.authCode },
              { label: "Merchant name on notice", value: n.merchantName },
              { label: "Created at provider", value: formatDateTime(n.providerCreatedAt, tz) },
              { label: "Updated at provider", value: formatDateTime(n.providerUpdatedAt, tz) },
              { label: "Provider", value: providerLabel(n.provider) },
              { label: "Provider id", value: <code className="text-xs">{n.externalId}</code> },
              { label: "Organisation", value: n.organisation?.name ?? "Unassigned" },
              { label: "Merchant", value: n.merchant ? <Link href={`/scheme-notices?merchant=${encodeURIComponent(n.merchant.id)}`}>{n.merchant.name}</Link> : null },
              { label: "Transaction", value: n.transactionId ? <Link href={`/transactions/${n.transactionId}`}>Open timeline</Link> : "Not matched" },
            ]}
          />
        </Card>
        <PaymentCard viewer={viewer} scope={scope} record={{ type: "SchemeNotice", id: n.id }} />
        <Card aria-labelledby="notice-history">
          <CardHeader id="notice-history" title="History" description="Every delivery about this notice, and what each one changed." />
          <Timeline entries={timeline} current={n.providerData as Record<string, unknown>} timeZone={tz} eventHref={canSeeEvents ? (id) => `/events/${id}` : undefined} />
        </Card>
        <Card aria-labelledby="notice-raw">
          <CardHeader id="notice-raw" title="Provider object" description="As last reported by the provider." />
          <JsonView label="Provider object" value={JSON.stringify(n.providerData, null, 2)} />
        </Card>
      </div>
    </>
  );
}
