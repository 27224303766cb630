import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireViewer } from "@/lib/auth/viewer";
import { listConnections } from "@/lib/domain/connections/queries";
import { idParam, type RawParams } from "@/lib/domain/list-params";
import { listMerchantOptions } from "@/lib/domain/merchants";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { listProviderDefinitions, providerLabel } from "@/lib/providers/registry";
import { requestEnrolmentAction } from "./actions";
import { RequestEnrolmentForm } from "./request-form";

export const metadata: Metadata = { title: "Request an enrolment" };

const SERVICE_LABELS: Record<string, string> = { ETHOCA: "Ethoca alerts", RDR: "Verifi RDR", CDRN: "Verifi CDRN", ORDER_INSIGHT: "Order Insight", CONSUMER_CLARITY: "Consumer Clarity" };

export default async function NewEnrolmentPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const { scope } = await requireViewer("enrolments.request");
  const params = await searchParams;
  const organisations = await listOrganisations(scope);
  const organisationId = idParam(params, "org") ?? organisations[0]?.id;
  const organisation = organisations.find((o) => o.id === organisationId);
  const capable = new Map(listProviderDefinitions().filter((p) => p.api?.requestEnrolment).map((p) => [p.id, p.api!.enrolmentServices]));
  const [connections, merchants] = organisation
    ? await Promise.all([listConnections(scope, { organisationId: organisation.id }), listMerchantOptions(scope, organisation.id)])
    : [[], []];
  const usable = connections.filter((c) => c.status === "ACTIVE" && capable.has(c.provider));
  return (
    <>
      <PageHeader breadcrumb={<Link href="/enrolments">Enrolments</Link>} title="Request an enrolment" description="Ask a provider to enrol merchants in a service; the board follows its progress." />
      <nav aria-label="Organisation" className="mb-3 flex flex-wrap gap-2 text-sm">
        {organisations.map((o) => (
          <Link key={o.id} href={`/enrolments/new?org=${o.id}`} aria-current={o.id === organisationId ? "page" : undefined} className={o.id === organisationId ? "font-semibold" : ""}>
            {o.name}
          </Link>
        ))}
      </nav>
      <Card aria-labelledby="request">
        <CardHeader id="request" title={organisation ? `For ${organisation.name}` : "No organisation"} />
        {usable.length === 0 || merchants.length === 0 ? (
          <EmptyState title="Nothing to request here">This organisation needs an active connection to a provider that takes enrolment requests, and merchants.</EmptyState>
        ) : (
          <RequestEnrolmentForm
            connections={usable.map((c) => ({ id: c.id, label: c.label ?? `${providerLabel(c.provider)} (${c.mode.toLowerCase()})`, services: (capable.get(c.provider) ?? []).map((s) => ({ value: s, label: SERVICE_LABELS[s] ?? s })) }))}
            merchants={merchants.map((m) => ({ id: m.id, name: m.name, detail: "" }))}
            action={requestEnrolmentAction}
          />
        )}
      </Card>
    </>
  );
}
