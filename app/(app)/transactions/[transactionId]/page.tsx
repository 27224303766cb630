import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { requireViewer } from "@/lib/auth/viewer";
import { getTransactionById, paymentTimeline, type PaymentEvent } from "@/lib/domain/transactions/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Payment timeline" };

const RULE_LABELS: Record<string, string> = {
  NETWORK_ID: "network id",
  ARN_CARD: "ARN + card",
  AUTH_CODE_CARD: "auth code + card",
  AMOUNT_DATE_DESCRIPTOR: "amount, date, descriptor",
  MANUAL: "set by hand",
};

const DOT: Record<PaymentEvent["kind"], string> = {
  authorised: "bg-slate-400",
  settled: "bg-slate-400",
  alert: "bg-amber-500",
  lookup: "bg-brand-600",
  notice: "bg-violet-500",
  dispute: "bg-red-500",
  outcome: "bg-emerald-600",
  refund: "bg-emerald-600",
};

function MatchNote({ match }: { match: NonNullable<PaymentEvent["match"]> }) {
  if (!match.rule) return null;
  return (
    <span className="text-xs text-slate-500">
      matched by {RULE_LABELS[match.rule] ?? humanize(match.rule)}
      {match.confidence !== null && match.rule !== "MANUAL" ? ` (${match.confidence}%)` : ""}
      {match.confirmed ? " · confirmed" : ""}
    </span>
  );
}

type Customer = Partial<Record<"customer_id" | "first_name" | "last_name" | "email" | "phone", string>>;
type Product = { name?: string; sku?: string; quantity?: number | string; url?: string; description?: string };
type Refund = { amountMinor?: number; currency?: string; at?: string | null };

export default async function TransactionPage({ params }: { params: Promise<{ transactionId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { transactionId } = await params;
  const t = await getTransactionById(scope, transactionId);
  if (!t) notFound();
  const tz = viewer.timeZone;
  const events = paymentTimeline(t);
  const overlapping = events.some((e) => e.alsoReportedBy?.length);
  const customer = (t.customer && typeof t.customer === "object" && !Array.isArray(t.customer) ? t.customer : {}) as Customer;
  const products = (Array.isArray(t.products) ? t.products : []) as Product[];
  const refunds = (Array.isArray(t.refunds) ? t.refunds : []) as Refund[];
  const linked = t.alerts.length + t.lookups.length + t.schemeNotices.length + t.representments.length;
  return (
    <>
      <PageHeader
        title={`Payment ${t.merchantReference}`}
        description={`${formatMoney(t.amountMinor, t.currency)} · authorised ${formatDateTime(t.authorisedAt, tz)} · ${t.organisation.name}`}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card aria-labelledby="tx-timeline" className="lg:col-span-2">
          <CardHeader
            id="tx-timeline"
            title="Timeline"
            description={`Everything about this payment across providers, in time order. ${linked} linked record${linked === 1 ? "" : "s"}.`}
            actions={overlapping ? <Badge tone="warning">Reported by several providers</Badge> : undefined}
          />
          <ol className="flex flex-col gap-4 px-4 py-4" aria-label="Payment events">
            {events.map((e) => (
              <li key={e.key} className="relative border-l-2 border-slate-200 pl-4" data-kind={e.kind}>
                <span aria-hidden className={`absolute top-1.5 -left-[5px] h-2 w-2 rounded-full ${DOT[e.kind]}`} />
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  {e.href ? (
                    <Link href={e.href} className="font-medium">
                      {e.provider ? `${providerLabel(e.provider)} · ` : ""}
                      {e.title}
                    </Link>
                  ) : (
                    <span className="font-medium text-slate-900">{e.title}</span>
                  )}
                  {e.amountMinor !== undefined && e.amountMinor !== null ? <span className="text-slate-700 tabular-nums">{formatMoney(e.amountMinor, e.currency)}</span> : null}
                  {e.status ? <StatusBadge status={e.status} /> : null}
                  {e.alsoReportedBy?.length ? <Badge tone="warning">also reported by {e.alsoReportedBy.map(providerLabel).join(", ")}</Badge> : null}
                </div>
                <div className="flex flex-wrap items-center gap-x-3">
                  <time dateTime={e.at.toISOString()} className="text-xs text-slate-500">
                    {formatDateTime(e.at, tz)}
                  </time>
                  {e.match ? <MatchNote match={e.match} /> : null}
                </div>
              </li>
            ))}
          </ol>
        </Card>
        <div className="flex flex-col gap-4">
          <Card aria-labelledby="tx-details" className="h-fit">
            <CardHeader id="tx-details" title="Payment" description={`Source: ${t.source === "import" ? "CSV import" : t.source === "api" ? "API" : humanize(t.source)}`} />
            <DescriptionList
              columns={1}
              items={[
                { label: "Order / reference", value: t.merchantReference },
                { label: "Amount", value: formatMoney(t.amountMinor, t.currency) },
                { label: "Authorised", value: formatDateTime(t.authorisedAt, tz) },
                { label: "Settled", value: t.settledAt ? formatDateTime(t.settledAt, tz) : null },
                { label: "Merchant", value: t.merchant?.name },
                { label: "Card", value: [t.cardBin, t.cardLast4 && `•• ${t.cardLast4}`].filter(Boolean).join(" ") },
                { label: "ARN", value: t.arn },
                { label: "Auth code", value: t.authCode },
                { label: "Network id", value: t.networkTransactionId },
                { label: "Descriptor", value: t.descriptor },
                { label: "Refund status", value: t.refundStatus ? humanize(t.refundStatus) : null },
              ]}
            />
          </Card>
          <Card aria-labelledby="tx-customer" className="h-fit">
            <CardHeader id="tx-customer" title="Customer and order" />
            <DescriptionList
              columns={1}
              items={[
                { label: "Customer", value: [customer.first_name, customer.last_name].filter(Boolean).join(" ") || customer.customer_id },
                { label: "Email", value: customer.email },
                { label: "Phone", value: customer.phone },
                {
                  label: "Products",
                  value: products.length ? (
                    <ul className="whitespace-normal">
                      {products.map((p, i) => (
                        <li key={i}>
                          {p.quantity !== undefined ? `${p.quantity} × ` : ""}
                          {p.name ?? p.sku ?? "Product"}
                          {p.sku && p.name ? <span className="text-slate-500"> ({p.sku})</span> : null}
                        </li>
                      ))}
                    </ul>
                  ) : null,
                },
                {
                  label: "Refunds",
                  value: refunds.length ? (
                    <ul className="whitespace-normal">
                      {refunds.map((r, i) => (
                        <li key={i}>
                          {typeof r.amountMinor === "number" ? formatMoney(r.amountMinor, r.currency ?? t.currency) : "Refund"}
                          {r.at ? ` on ${formatDateTime(r.at, tz)}` : ""}
                        </li>
                      ))}
                    </ul>
                  ) : null,
                },
              ]}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
