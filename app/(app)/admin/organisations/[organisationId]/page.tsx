import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { FormMessage } from "@/components/forms/form-message";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { requireViewer } from "@/lib/auth/viewer";
import { listOrganisationMerchants } from "@/lib/domain/admin/merchants";
import { countUnassignedFor } from "@/lib/domain/admin/unassigned";
import { listApiKeys } from "@/lib/domain/api-keys/commands";
import { connectionFormSpecs, listConnections, listRecentDeliveries } from "@/lib/domain/connections/queries";
import { getOrganisationDetail } from "@/lib/domain/organisations/queries";
import { firstParam, parseEnum, type SearchParams } from "@/lib/url-state";
import { ApiKeysTab } from "./_components/api-keys-tab";
import { ConnectionsTab } from "./_components/connections-tab";
import { MembersTab } from "./_components/members-tab";
import { MerchantsTab } from "./_components/merchants-tab";
import { SettingsTab } from "./_components/settings-tab";

export const metadata: Metadata = { title: "Organisation" };

const TABS = ["merchants", "members", "connections", "api-keys", "settings"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = { merchants: "Merchants", members: "Members", connections: "Connections", "api-keys": "API keys", settings: "Settings" };

export default async function OrganisationPage({ params, searchParams }: { params: Promise<{ organisationId: string }>; searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("admin.manage");
  const { organisationId } = await params;
  const query = await searchParams;
  const org = await getOrganisationDetail(scope, organisationId);
  if (!org) notFound();
  const tab = parseEnum(firstParam(query, "tab"), TABS, "merchants");
  const counts: Partial<Record<Tab, number>> = { merchants: org.merchants.length, members: org.memberships.length, connections: org.connections.length };
  const tz = viewer.timeZone;
  const base = `/admin/organisations/${org.id}`;

  let body: React.ReactNode;
  if (tab === "merchants") {
    body = <MerchantsTab organisationId={org.id} merchants={await listOrganisationMerchants(scope, org.id)} />;
  } else if (tab === "members") {
    body = <MembersTab organisationId={org.id} memberships={org.memberships} archived={org.archivedAt !== null} />;
  } else if (tab === "connections") {
    const connections = await listConnections(scope, { organisationId: org.id });
    const deliveries = await listRecentDeliveries(scope, connections.map((c) => c.id), 10);
    body = <ConnectionsTab organisationId={org.id} connections={connections} deliveries={deliveries} specs={connectionFormSpecs()} timeZone={tz} archived={org.archivedAt !== null} />;
  } else if (tab === "api-keys") {
    body = <ApiKeysTab organisationId={org.id} keys={await listApiKeys(scope, org.id)} timeZone={tz} />;
  } else {
    const unassigned = org.providerOrgId ? await countUnassignedFor(scope, org.providerOrgId) : 0;
    body = <SettingsTab org={org} timeZone={tz} unassignedForId={unassigned} />;
  }

  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/admin/organisations">Organisations</Link>}
        title={org.name}
        description={
          <>
            <code className="text-xs">{org.slug}</code>
            {org.providerOrgId ? (
              <>
                {" "}
                · provider id <code className="text-xs">{org.providerOrgId}</code>
              </>
            ) : null}
          </>
        }
        actions={org.archivedAt ? <Badge tone="muted">Archived</Badge> : <Badge tone="success">Active</Badge>}
      />
      {firstParam(query, "created") === "1" ? (
        <div className="mb-3">
          <FormMessage state={{ ok: true, message: `Created ${org.name}. Add its merchants, members and connections below.` }} />
        </div>
      ) : null}
      <StatusTabs
        label="Organisation sections"
        active={tab}
        tabs={[
          ...TABS.map((t) => ({ value: t, label: TAB_LABELS[t], count: counts[t], href: t === "merchants" ? base : `${base}?tab=${t}` })),
          // auto-response rules and notification channels have their own pages
          { value: "rules", label: "Rules", href: `${base}/rules` },
          { value: "notifications", label: "Notifications", href: `${base}/notifications` },
        ]}
      />
      <div role="region" aria-label={TAB_LABELS[tab]}>
        {body}
      </div>
    </>
  );
}
