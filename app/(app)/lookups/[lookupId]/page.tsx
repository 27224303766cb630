import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { Timeline } from "@/components/disputes/timeline";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { can } from "@/lib/auth/access";
import { requireViewer } from "@/lib/auth/viewer";
import { PaymentCard } from "@/app/(app)/transactions/payment-card";
import { getRecordTimeline } from "@/lib/domain/events/timeline";
import { getLookupById } from "@/lib/domain/lookups/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Lookup" };

export default async function LookupPage({ params }: { params: Promise<{ lookupId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { lookupId } = await params;
  // parent and children come back only when they are within scope
  const l = await getLookupById(scope, lookupId);
  if (!l) notFound();
  const tz = viewer.timeZone;
  const timeline = await getRecordTimeline(scope, { type: "Lookup", id: l.id });
  const canSeeEvents = can(viewer, "events.read", l.organisationId);
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/lookups">Lookups</Link>}
        title={`${providerLabel(l.provider)} ${humanize(l.lookupType)} · ${formatMoney(l.amountMinor, l.currency) || l.externalId}`}
        description={l.descriptor ?? undefined}
        actions={<StatusBadge status={l.lookupStatus} />}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-4 lg:col-span-2">
          <Card aria-labelledby="lookup-details">
            <CardHeader id="lookup-details" title="Details" />
            <DescriptionList
              items={[
                { label: "Lookup status", value: humanize(l.lookupStatus) },
                { label: "Deflection", value: humanize(l.deflectionStatus) },
                { label: "Type", value: l.lookupType },
                { label: "Provider", value: providerLabel(l.provider) },
                { label: "Amount", value: formatMoney(l.amountMinor, l.currency) },
                { label: "Card", value: [l.cardBin, l.cardLast4 && `•• ${l.cardLast4}`].filter(Boolean).join(" ") },
                { label: "ARN", value: l.arn ? <code className="text-xs">{l.arn}</code> : null },
                { label: "Auth code", value: l.authCode },
                { label: "Network transaction id", value: l.networkTransactionId },
                { label: "Descriptor", value: l.descriptor },
                { label: "Transaction date", value: formatDateTime(l.transactionAt, tz) },
                { label: "Received", value: formatDateTime(l.receivedAt, tz) },
                { label: "Created at provider", value: formatDateTime(l.providerCreatedAt, tz) },
                { label: "Updated at provider", value: formatDateTime(l.providerUpdatedAt, tz) },
                { label: "Enrolment (provider id)", value: l.enrolmentExternalId },
                { label: "Provider id", value: <code className="text-xs">{l.externalId}</code> },
                { label: "Organisation", value: l.organisation?.name ?? "Unassigned" },
                { label: "Merchant", value: l.merchant ? <Link href={`/lookups?merchant=${encodeURIComponent(l.merchant.id)}`}>{l.merchant.name}</Link> : null },
                { label: "Transaction", value: l.transactionId ? <Link href={`/transactions/${l.transactionId}`}>Open timeline</Link> : "Not matched" },
              ]}
            />
          </Card>
          <PaymentCard viewer={viewer} scope={scope} record={{ type: "Lookup", id: l.id }} />
          <Card aria-labelledby="lookup-history">
            <CardHeader id="lookup-history" title="History" description="Every delivery about this lookup, and what each one changed." />
            <Timeline entries={timeline} current={l.providerData as Record<string, unknown>} timeZone={tz} eventHref={canSeeEvents ? (id) => `/events/${id}` : undefined} />
          </Card>
          <Card aria-labelledby="lookup-raw">
            <CardHeader id="lookup-raw" title="Provider object" description="As last reported by the provider." />
            <JsonView label="Provider object" value={JSON.stringify(l.providerData, null, 2)} />
          </Card>
        </div>
        <Card aria-labelledby="lookup-related" className="h-fit">
          <CardHeader id="lookup-related" title="Related lookups" description="The request this one follows up, and the follow-ups it received." />
          <div className="flex flex-col gap-3 px-4 py-3 text-sm">
            <section aria-labelledby="lookup-parent">
              <h3 id="lookup-parent" className="text-xs font-medium text-slate-500">
                Parent
              </h3>
              {l.parent ? (
                <p className="mt-1">
                  <Link href={`/lookups/${l.parent.id}`}>{humanize(l.parent.lookupType)}</Link> <code className="text-xs text-slate-500">{l.parent.externalId}</code>
                </p>
              ) : l.parentExternalId ? (
                <p className="mt-1 text-slate-600">
                  <code className="text-xs">{l.parentExternalId}</code>: not available here
                </p>
              ) : (
                <p className="mt-1 text-slate-500">None</p>
              )}
            </section>
            <section aria-labelledby="lookup-children">
              <h3 id="lookup-children" className="text-xs font-medium text-slate-500">
                Children{l.children.length ? ` (${l.children.length})` : ""}
              </h3>
              {l.children.length ? (
                <ul className="mt-1 divide-y divide-slate-100">
                  {l.children.map((c) => (
                    <li key={c.id} className="flex items-center justify-between gap-2 py-1.5">
                      <span className="min-w-0 truncate">
                        <Link href={`/lookups/${c.id}`}>{humanize(c.lookupType)}</Link> <code className="text-xs text-slate-500">{c.externalId}</code>
                      </span>
                      <StatusBadge status={c.lookupStatus} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-slate-500">None</p>
              )}
            </section>
          </div>
        </Card>
      </div>
    </>
  );
}
