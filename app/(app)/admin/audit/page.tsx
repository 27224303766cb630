import type { Metadata } from "next";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listAudit, type AuditRow } from "@/lib/domain/audit/queries";
import { formatDateTime } from "@/lib/format";
import { firstParam, hrefWith, parsePositiveInt, type SearchParams } from "@/lib/url-state";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("audit.read");
  const params = await searchParams;
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const result = await listAudit(scope, { page, organisationId });
  const columns: SimpleColumn<AuditRow>[] = [
    { id: "at", header: "When", cell: (r) => formatDateTime(r.at, viewer.timeZone) },
    { id: "actor", header: "Actor", cell: (r) => r.actorEmail ?? r.actorType },
    { id: "action", header: "Action", cell: (r) => <code className="text-xs">{r.action}</code> },
    { id: "target", header: "Target", cell: (r) => (r.targetType ? `${r.targetType} ${r.targetId?.slice(0, 8) ?? ""}` : "–") },
    { id: "ip", header: "IP", cell: (r) => r.ip ?? "–" },
  ];
  return (
    <>
      <PageHeader title="Audit trail" description="Who did what, when and from where. Append-only." />
      <Card>
        <SimpleTable caption="Audit trail" columns={columns} rows={result.rows} empty={{ title: "Nothing recorded yet" }} />
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/admin/audit", params, { page: p })} />
      </Card>
    </>
  );
}
