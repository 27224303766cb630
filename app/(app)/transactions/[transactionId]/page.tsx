import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { requireViewer } from "@/lib/auth/viewer";
import { getTransactionById } from "@/lib/domain/transactions/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Transaction" };

export default async function TransactionPage({ params }: { params: Promise<{ transactionId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { transactionId } = await params;
  const t = await getTransactionById(scope, transactionId);
  if (!t) notFound();
  const tz = viewer.timeZone;
  const events = [
    { at: t.authorisedAt, label: `Authorised ${formatMoney(t.amountMinor, t.currency)}`, href: null as string | null, status: null as string | null },
    ...t.alerts.map((a) => ({ at: a.receivedAt, label: `${providerLabel(a.provider)} ${a.kind} alert`, href: `/alerts/${a.id}`, status: a.status })),
    ...t.lookups.map((l) => ({ at: l.receivedAt, label: `${humanize(l.lookupType)} lookup`, href: `/lookups/${l.id}`, status: l.lookupStatus })),
    ...t.schemeNotices.map((n) => ({ at: n.reportedAt ?? n.receivedAt, label: `${n.noticeType} notice`, href: `/scheme-notices/${n.id}`, status: null })),
    ...t.representments.map((r) => ({ at: r.disputedAt ?? r.receivedAt, label: `${humanize(r.stage)} (${providerLabel(r.provider)})`, href: `/representments/${r.id}`, status: r.status })),
  ].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  return (
    <>
      <PageHeader title={`Payment ${t.merchantReference}`} description={`${formatMoney(t.amountMinor, t.currency)} · ${t.organisation.name}`} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card aria-labelledby="tx-timeline" className="lg:col-span-2">
          <CardHeader id="tx-timeline" title="Timeline" description="Everything about this payment, across providers, in time order." />
          <ol className="flex flex-col gap-3 px-4 py-4 text-sm">
            {events.map((e, i) => (
              <li key={i} className="flex items-center justify-between gap-3">
                <div>
                  {e.href ? <Link href={e.href}>{e.label}</Link> : <span>{e.label}</span>}
                  <p className="text-xs text-slate-500">{formatDateTime(e.at, tz)}</p>
                </div>
                {e.status ? <StatusBadge status={e.status} /> : null}
              </li>
            ))}
          </ol>
        </Card>
        <Card aria-labelledby="tx-details" className="h-fit">
          <CardHeader id="tx-details" title="Payment" />
          <DescriptionList
            columns={1}
            items={[
              { label: "Order / reference", value: t.merchantReference },
              { label: "Merchant", value: t.merchant?.name },
              { label: "Card", value: [t.cardBin, t.cardLast4 && `•• ${t.cardLast4}`].filter(Boolean).join(" ") },
              { label: "ARN", value: t.arn },
              { label: "Auth code", value: t.authCode },
              { label: "Network id", value: t.networkTransactionId },
              { label: "Descriptor", value: t.descriptor },
              { label: "Refund status", value: humanize(t.refundStatus) },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
