import type { Metadata } from "next";
import { SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/auth/viewer";
import { listOrganisationSummaries, type OrganisationSummary } from "@/lib/domain/organisations/queries";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganisationsPage() {
  const { scope } = await requireViewer("admin.manage");
  const rows = await listOrganisationSummaries(scope);
  const columns: SimpleColumn<OrganisationSummary>[] = [
    { id: "name", header: "Name", cell: (r) => r.name },
    { id: "slug", header: "Slug", cell: (r) => <code className="text-xs">{r.slug}</code> },
    { id: "provider", header: "Provider org id", cell: (r) => (r.providerOrgId ? <code className="text-xs">{r.providerOrgId}</code> : "–") },
    { id: "merchants", header: "Merchants", align: "right", cell: (r) => r.merchants },
    { id: "members", header: "Members", align: "right", cell: (r) => r.members },
    { id: "open", header: "Open alerts", align: "right", cell: (r) => r.openAlerts },
    { id: "enrolments", header: "Enrolments", align: "right", cell: (r) => r.enrolments },
    { id: "state", header: "State", cell: (r) => (r.archivedAt ? <Badge tone="muted">Archived</Badge> : <Badge tone="success">Active</Badge>) },
  ];
  return (
    <>
      <PageHeader title="Organisations" description="Tenants, their merchants, members and provider connections." />
      <Card>
        <SimpleTable caption="Organisations" columns={columns} rows={rows} rowHref={(r) => `/admin/organisations/${r.id}`} empty={{ title: "No organisations yet", body: "Create one with `npm run -s cli -- org:create --name …`." }} />
      </Card>
    </>
  );
}
