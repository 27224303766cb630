import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Deadline } from "@/components/disputes/deadline";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { requireViewer } from "@/lib/auth/viewer";
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
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/representments">Representments</Link>}
        title={`${providerLabel(r.provider)} ${humanize(r.stage).toLowerCase()} · ${formatMoney(r.amountMinor, r.currency) || r.externalId}`}
        actions={<StatusBadge status={r.status} />}
      />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="rep-details">
          <CardHeader id="rep-details" title="Details" description={r.detailsPending ? "Details are being fetched from the provider." : undefined} />
          <DescriptionList
            columns={3}
            items={[
              { label: "Due by", value: <Deadline at={r.dueAt} closed={r.status !== "OPEN"} serverNow={Date.now()} timeZone={tz} /> },
              { label: "Status", value: humanize(r.status) },
              { label: "Provider status", value: r.providerStatus },
              { label: "Stage", value: r.providerStage ?? humanize(r.stage) },
              { label: "Dispute status", value: r.disputeStatus },
              { label: "Reason", value: [humanize(r.reason), r.reasonCode].filter(Boolean).join(" · ") },
              { label: "Amount", value: formatMoney(r.amountMinor, r.currency) },
              { label: "Transaction amount", value: formatMoney(r.transactionAmountMinor, r.transactionCurrency) },
              { label: "Scheme", value: r.cardScheme },
              { label: "ARN", value: r.arn },
              { label: "Disputed", value: formatDateTime(r.disputedAt, tz) },
              { label: "Authorised", value: formatDateTime(r.transactionAuthorisedAt, tz) },
              { label: "Organisation", value: r.organisation?.name ?? "Unassigned" },
              { label: "Merchant", value: r.merchant?.name },
              { label: "Service type", value: humanize(r.serviceType) },
              { label: "Provider id", value: <code className="text-xs">{r.externalId}</code> },
              { label: "Transaction", value: r.transactionId ? <Link href={`/transactions/${r.transactionId}`}>Open timeline</Link> : "Not matched" },
            ]}
          />
        </Card>
        <Card aria-labelledby="rep-raw">
          <CardHeader id="rep-raw" title="Provider object" />
          <JsonView label="Provider object" value={JSON.stringify(r.providerData, null, 2)} />
        </Card>
      </div>
    </>
  );
}
