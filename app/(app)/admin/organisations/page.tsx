import type { Metadata } from "next";
import Link from "next/link";
import { SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { requireViewer } from "@/lib/auth/viewer";
import { listUnassignedGroups } from "@/lib/domain/admin/unassigned";
import { listOrganisationSummaries, type OrganisationSummary } from "@/lib/domain/organisations/queries";
import { ActionForm } from "../_components/action-form";
import { createOrganisationAction } from "./actions";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganisationsPage() {
  const { scope } = await requireViewer("admin.manage");
  const [rows, unassigned] = await Promise.all([listOrganisationSummaries(scope), listUnassignedGroups(scope)]);
  const unassignedRows = unassigned.reduce((n, g) => n + g.total, 0);
  const columns: SimpleColumn<OrganisationSummary>[] = [
    { id: "name", header: "Name", cell: (r) => r.name },
    { id: "slug", header: "Slug", cell: (r) => <code className="text-xs whitespace-nowrap">{r.slug}</code> },
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
      {unassignedRows > 0 ? (
        <p role="status" className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {unassignedRows.toLocaleString("en")} unassigned row{unassignedRows === 1 ? "" : "s"} from partner connections name {unassigned.length} unknown provider organisation id
          {unassigned.length === 1 ? "" : "s"}. <Link href="/admin/unassigned">Attach them to an organisation</Link>.
        </p>
      ) : null}
      <div className="grid gap-4 xl:grid-cols-[1fr_22rem]">
        <Card>
          <SimpleTable caption="Organisations" columns={columns} rows={rows} rowHref={(r) => `/admin/organisations/${r.id}`} empty={{ title: "No organisations yet", body: "Create the first one with the form." }} />
        </Card>
        <Card aria-labelledby="org-new" className="h-fit">
          <CardHeader id="org-new" title="New organisation" description="The slug is the kebab-case of the name." />
          <div className="px-4 py-4">
            <ActionForm
              action={createOrganisationAction}
              label="New organisation"
              submitLabel="Create organisation"
              pendingLabel="Creating…"
              fields={[
                { kind: "text", name: "name", label: "Name", required: true, maxLength: 120 },
                {
                  kind: "text",
                  name: "providerOrgId",
                  label: "Provider organisation id (optional)",
                  placeholder: "org_…",
                  maxLength: 120,
                  hint: "Partner connections route deliveries by it; unassigned rows carrying it are attached.",
                },
              ]}
            />
          </div>
        </Card>
      </div>
    </>
  );
}
