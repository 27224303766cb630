import type { Metadata } from "next";
import { Pager, SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { StatusTabs } from "@/components/data-table/status-tabs";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listEnrolments, type EnrolmentListRow } from "@/lib/domain/enrolments/queries";
import { formatDuration, humanize } from "@/lib/format";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Enrolments" };
const STATUSES = ["all", "REQUESTED", "IN_PROGRESS", "ENABLED", "FAILED", "UNENROLLED"] as const;

export default async function EnrolmentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const params = await searchParams;
  const status = parseEnum(firstParam(params, "status"), STATUSES, "all");
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const organisationId = await getActiveOrganisationId(viewer);
  const result = await listEnrolments(scope, { status: status === "all" ? undefined : status, page, organisationId });
  const now = Date.now();
  const columns: SimpleColumn<EnrolmentListRow>[] = [
    { id: "service", header: "Service", cell: (r) => humanize(r.service) },
    { id: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
    { id: "time", header: "In status for", cell: (r) => formatDuration(now - new Date(r.statusChangedAt).getTime()) },
    { id: "organisation", header: "Organisation", cell: (r) => r.organisation?.name ?? "Unassigned" },
    { id: "merchants", header: "Merchants", cell: (r) => r.merchants.map((m) => m.merchant.name).join(", ") || "–" },
    { id: "provider", header: "Provider", cell: (r) => providerLabel(r.provider) },
  ];
  return (
    <>
      <PageHeader title="Enrolments" description="Ethoca, Verifi RDR and Order Insight sign-ups and their progress." />
      <StatusTabs label="Enrolment status" active={status} tabs={STATUSES.map((s) => ({ value: s, label: s === "all" ? "All" : humanize(s), href: hrefWith("/enrolments", {}, { status: s === "all" ? undefined : s }) }))} />
      <Card>
        <SimpleTable caption="Enrolments" columns={columns} rows={result.rows} rowHref={(r) => `/enrolments/${r.id}`} empty={{ title: "No enrolments" }} />
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/enrolments", params, { page: p })} />
      </Card>
    </>
  );
}
