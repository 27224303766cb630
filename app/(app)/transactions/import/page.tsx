import type { Metadata } from "next";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { SimpleTable } from "@/components/data-table/simple-table";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { MAX_IMPORT_BYTES, UPLOAD_CHUNK_BYTES } from "@/lib/domain/imports/commands";
import { IMPORT_FIELDS } from "@/lib/domain/imports/mapping";
import { listRecentImports } from "@/lib/domain/imports/queries";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { formatDateTime } from "@/lib/format";
import { createImportDraftAction, uploadImportChunkAction } from "./actions";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Import transactions" };

export default async function ImportTransactionsPage() {
  const { viewer, scope } = await requireViewer("transactions.manage");
  const [organisations, imports, active] = await Promise.all([listOrganisations(scope), listRecentImports(scope, { limit: 10 }), getActiveOrganisationId(viewer)]);
  const choices = organisations.filter((o) => !o.archivedAt).map((o) => ({ id: o.id, name: o.name }));
  return (
    <>
      <PageHeader
        title="Import transactions"
        description="Upload the merchant's payments as CSV. Alerts, lookups, notices and disputes are matched to them as they are imported; importing the same order again updates it."
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card aria-labelledby="upload-title" className="lg:col-span-2">
          <CardHeader id="upload-title" title="1. Upload" description="Then map the columns, check the preview, and import." />
          {choices.length ? (
            <UploadForm
              organisations={choices}
              defaultOrganisationId={active && choices.some((o) => o.id === active) ? active : null}
              maxBytes={MAX_IMPORT_BYTES}
              chunkBytes={UPLOAD_CHUNK_BYTES}
              createDraft={createImportDraftAction}
              uploadChunk={uploadImportChunkAction}
            />
          ) : (
            <p className="px-4 py-4 text-sm text-slate-600">There is no organisation you can import into.</p>
          )}
        </Card>
        <Card aria-labelledby="fields-title" className="h-fit">
          <CardHeader id="fields-title" title="Columns we read" description="Required columns are marked. Amounts are decimals in major units (49.99); times are ISO 8601, UTC unless they carry an offset." />
          <ul className="flex flex-col gap-1 px-4 py-3 text-sm">
            {IMPORT_FIELDS.map((f) => (
              <li key={f.key}>
                {f.label}
                {f.required ? <span className="ml-1 text-xs font-medium text-red-700">required</span> : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card aria-labelledby="recent-title" className="mt-4">
        <CardHeader id="recent-title" title="Recent imports" />
        <SimpleTable
          caption="Recent imports"
          rows={imports}
          rowHref={(r) => `/transactions/import/${r.id}`}
          empty={{ title: "No imports yet." }}
          columns={[
            { id: "file", header: "File", cell: (r) => r.filename },
            ...(choices.length > 1 ? [{ id: "org", header: "Organisation", cell: (r: (typeof imports)[number]) => r.organisationName }] : []),
            { id: "status", header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
            { id: "rows", header: "Rows", align: "right" as const, cell: (r) => `${r.processedRows.toLocaleString("en")} / ${r.totalRows.toLocaleString("en")}` },
            { id: "created", header: "New", align: "right" as const, cell: (r) => r.createdCount.toLocaleString("en") },
            { id: "updated", header: "Updated", align: "right" as const, cell: (r) => r.updatedCount.toLocaleString("en") },
            { id: "errors", header: "Errors", align: "right" as const, cell: (r) => r.errorCount.toLocaleString("en") },
            { id: "at", header: "Started", cell: (r) => formatDateTime(r.createdAt, viewer.timeZone) },
          ]}
        />
      </Card>
    </>
  );
}
