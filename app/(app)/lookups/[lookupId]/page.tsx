import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { requireViewer } from "@/lib/auth/viewer";
import { getLookupById } from "@/lib/domain/lookups/queries";
import { formatDateTime, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Lookup" };

export default async function LookupPage({ params }: { params: Promise<{ lookupId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { lookupId } = await params;
  const l = await getLookupById(scope, lookupId);
  if (!l) notFound();
  const tz = viewer.timeZone;
  return (
    <>
      <PageHeader breadcrumb={<Link href="/lookups">Lookups</Link>} title={`${humanize(l.lookupType)} · ${formatMoney(l.amountMinor, l.currency) || l.externalId}`} actions={<StatusBadge status={l.lookupStatus} />} />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="lookup-details">
          <CardHeader id="lookup-details" title="Details" />
          <DescriptionList
            columns={3}
            items={[
              { label: "Lookup status", value: humanize(l.lookupStatus) },
              { label: "Deflection", value: humanize(l.deflectionStatus) },
              { label: "Provider", value: providerLabel(l.provider) },
              { label: "Amount", value: formatMoney(l.amountMinor, l.currency) },
              { label: "Card", value: [l.cardBin, l.cardLast4 && `•• ${l.cardLast4}`].filter(Boolean).join(" ") },
              { label: "ARN", value: l.arn },
              { label: "Auth code", value: l.authCode },
              { label: "Descriptor", value: l.descriptor },
              { label: "Transaction date", value: formatDateTime(l.transactionAt, tz) },
              { label: "Organisation", value: l.organisation?.name ?? "Unassigned" },
              { label: "Merchant", value: l.merchant?.name },
              { label: "Parent lookup", value: l.parent ? <Link href={`/lookups/${l.parent.id}`}>{humanize(l.parent.lookupType)}</Link> : l.parentExternalId },
              { label: "Provider id", value: <code className="text-xs">{l.externalId}</code> },
              { label: "Transaction", value: l.transactionId ? <Link href={`/transactions/${l.transactionId}`}>Open timeline</Link> : "Not matched" },
            ]}
          />
        </Card>
        {l.children.length > 0 ? (
          <Card aria-labelledby="lookup-children">
            <CardHeader id="lookup-children" title="Child lookups" />
            <ul className="divide-y divide-slate-100 px-4 py-2 text-sm">
              {l.children.map((c) => (
                <li key={c.id} className="flex items-center justify-between py-2">
                  <Link href={`/lookups/${c.id}`}>{humanize(c.lookupType)}</Link>
                  <StatusBadge status={c.lookupStatus} />
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card aria-labelledby="lookup-raw">
          <CardHeader id="lookup-raw" title="Provider object" />
          <JsonView label="Provider object" value={JSON.stringify(l.providerData, null, 2)} />
        </Card>
      </div>
    </>
  );
}
