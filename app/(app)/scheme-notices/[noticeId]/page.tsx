import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { requireViewer } from "@/lib/auth/viewer";
import { getSchemeNoticeById } from "@/lib/domain/scheme-notices/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";

export const metadata: Metadata = { title: "Scheme notice" };

export default async function SchemeNoticePage({ params }: { params: Promise<{ noticeId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { noticeId } = await params;
  const n = await getSchemeNoticeById(scope, noticeId);
  if (!n) notFound();
  const tz = viewer.timeZone;
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/scheme-notices">Scheme notices</Link>}
        title={`${n.noticeType === "OTHER" ? n.providerType : n.noticeType} · ${formatMoney(n.amountMinor, n.currency) || n.externalId}`}
        actions={n.revoked ? <Badge tone="muted">Revoked</Badge> : <Badge tone="warning">Active</Badge>}
      />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="notice-details">
          <CardHeader id="notice-details" title="Details" />
          <DescriptionList
            columns={3}
            items={[
              { label: "Type", value: n.providerType },
              { label: "Category", value: humanize(n.category) },
              { label: "Scheme", value: n.scheme },
              { label: "Fraud type", value: humanize(n.fraudType) },
              { label: "Dispute eligible", value: n.disputeEligible === null ? null : n.disputeEligible ? "Yes" : "No" },
              { label: "Revoked", value: n.revoked ? `Yes, ${formatDateTime(n.revokedAt, tz)}` : "No" },
              { label: "Reported", value: formatDateTime(n.reportedAt, tz) },
              { label: "Purchased", value: formatDateTime(n.purchasedAt, tz) },
              { label: "Amount", value: formatMoney(n.amountMinor, n.currency) },
              { label: "Card", value: [n.cardBin, n.cardLast4 && `•• ${n.cardLast4}`].filter(Boolean).join(" ") },
              { label: "ARN", value: n.arn },
              { label: "Auth code", value: n.authCode },
              { label: "Merchant name", value: n.merchantName },
              { label: "Organisation", value: n.organisation?.name ?? "Unassigned" },
              { label: "Merchant", value: n.merchant?.name },
              { label: "Provider id", value: <code className="text-xs">{n.externalId}</code> },
              { label: "Transaction", value: n.transactionId ? <Link href={`/transactions/${n.transactionId}`}>Open timeline</Link> : "Not matched" },
            ]}
          />
        </Card>
        <Card aria-labelledby="notice-raw">
          <CardHeader id="notice-raw" title="Provider object" />
          <JsonView label="Provider object" value={JSON.stringify(n.providerData, null, 2)} />
        </Card>
      </div>
    </>
  );
}
