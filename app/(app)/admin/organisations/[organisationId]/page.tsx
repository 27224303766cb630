import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireViewer } from "@/lib/auth/viewer";
import { getOrganisationDetail } from "@/lib/domain/organisations/queries";
import { humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Organisation" };

export default async function OrganisationPage({ params }: { params: Promise<{ organisationId: string }> }) {
  const { scope } = await requireViewer("admin.manage");
  const { organisationId } = await params;
  const org = await getOrganisationDetail(scope, organisationId);
  if (!org) notFound();
  return (
    <>
      <PageHeader breadcrumb={<Link href="/admin/organisations">Organisations</Link>} title={org.name} description={<code className="text-xs">{org.slug}</code>} actions={org.archivedAt ? <Badge tone="muted">Archived</Badge> : null} />
      <div className="grid gap-4 xl:grid-cols-3">
        <Card aria-labelledby="org-merchants">
          <CardHeader id="org-merchants" title={`Merchants (${org.merchants.length})`} />
          {org.merchants.length === 0 ? <EmptyState title="No merchants" /> : (
            <ul className="divide-y divide-slate-100 px-4 text-sm">
              {org.merchants.map((m) => (
                <li key={m.id} className="py-2">
                  <p className="font-medium">{m.name} {m.placeholder ? <Badge tone="warning">Needs a name</Badge> : null}</p>
                  <p className="text-xs text-slate-500">{[m.descriptor, m.mid && `MID ${m.mid}`, m.caid && `CAID ${m.caid}`].filter(Boolean).join(" · ")}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card aria-labelledby="org-members">
          <CardHeader id="org-members" title={`Members (${org.memberships.length})`} />
          {org.memberships.length === 0 ? <EmptyState title="No members" /> : (
            <ul className="divide-y divide-slate-100 px-4 text-sm">
              {org.memberships.map((m) => (
                <li key={m.id} className="flex items-center justify-between py-2">
                  <span>{m.user.name ?? m.user.email}<span className="block text-xs text-slate-500">{m.user.email}</span></span>
                  <Badge>{humanize(m.role)}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card aria-labelledby="org-connections">
          <CardHeader id="org-connections" title={`Connections (${org.connections.length})`} />
          {org.connections.length === 0 ? <EmptyState title="No connections" /> : (
            <ul className="divide-y divide-slate-100 px-4 text-sm">
              {org.connections.map((c) => (
                <li key={c.id} className="flex items-center justify-between py-2">
                  <span>{providerLabel(c.provider)}<span className="block text-xs text-slate-500">{humanize(c.scope)} · {humanize(c.mode)}</span></span>
                  <StatusBadge status={c.status === "ACTIVE" ? "ENABLED" : "UNENROLLED"} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
