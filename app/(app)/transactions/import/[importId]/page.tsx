import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { requireViewer } from "@/lib/auth/viewer";
import { fieldLabel, IMPORT_FIELDS } from "@/lib/domain/imports/mapping";
import { getImportById, getImportPreview, type ImportPreview } from "@/lib/domain/imports/queries";
import { formatDateTime, formatMoney } from "@/lib/format";
import { startImportAction } from "../actions";
import { MappingForm } from "./mapping-form";

export const metadata: Metadata = { title: "Import" };

type Params = Record<string, string | string[] | undefined>;

/** The mapping held in the URL (`mapped=1&f.amount=Amount…`), or null for the suggestions. */
function requestedMapping(params: Params): Record<string, string> | null {
  if (params.mapped !== "1") return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith("f.") && typeof value === "string") out[key.slice(2)] = value;
  }
  return out;
}

function Preview({ preview }: { preview: ImportPreview }) {
  const shown = IMPORT_FIELDS.filter((f) => preview.mapping[f.key]);
  if (preview.rows.length === 0) return <p className="px-4 py-4 text-sm text-slate-600">No rows to preview.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" aria-label="Preview">
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
            <th scope="col" className="px-3 py-2">
              Row
            </th>
            <th scope="col" className="px-3 py-2">
              Check
            </th>
            {shown.map((f) => (
              <th key={f.key} scope="col" className="px-3 py-2 whitespace-nowrap">
                {f.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => {
            const bad = new Set(row.ok ? [] : row.errors.map((e) => e.field));
            return (
              <tr key={row.row} className={`border-b border-slate-100 align-top ${row.ok ? "" : "bg-red-50/50"}`}>
                <td className="px-3 py-2 text-slate-500 tabular-nums">{row.row}</td>
                <td className="min-w-64 px-3 py-2">
                  {row.ok ? (
                    <span className="text-emerald-700">OK</span>
                  ) : (
                    <ul className="text-xs text-red-800">
                      {row.errors.map((e, i) => (
                        <li key={i}>
                          {fieldLabel(e.field)}: {e.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                {shown.map((f) => (
                  <td key={f.key} className={`max-w-48 truncate px-3 py-2 ${bad.has(f.key) ? "font-medium text-red-800" : ""}`} title={row.values[f.key]}>
                    {row.ok && f.key === "amount"
                      ? formatMoney(row.transaction.amountMinor, row.transaction.currency)
                      : row.ok && f.key === "authorisedAt"
                        ? `${formatDateTime(row.transaction.authorisedAt, "UTC")} UTC`
                        : (row.values[f.key] ?? "")}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default async function ImportPage({ params, searchParams }: { params: Promise<{ importId: string }>; searchParams: Promise<Params> }) {
  const { viewer, scope } = await requireViewer("transactions.manage");
  const { importId } = await params;
  const item = await getImportById(scope, importId);
  if (!item) notFound();
  const breadcrumb = <Link href="/transactions/import">Import transactions</Link>;

  if (item.draft) {
    const preview = await getImportPreview(scope, importId, requestedMapping(await searchParams));
    if (!preview) notFound();
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={`Map columns: ${item.filename}`} description={`${item.organisationName} · ${((item.size ?? 0) / 1024).toFixed(0)} KB uploaded`} />
        {preview.parseError ? (
          <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            The file is not valid CSV: {preview.parseError} Upload a corrected file.
          </p>
        ) : null}
        <Card aria-labelledby="map-title">
          <CardHeader id="map-title" title="2. Map columns" description="Our fields on the left, your file's columns to choose. Suggestions come from the column names." />
          <MappingForm
            importId={importId}
            fields={IMPORT_FIELDS.map((f) => ({ key: f.key, label: f.label, required: f.required }))}
            headers={preview.headers}
            mapping={preview.mapping as Record<string, string>}
            suggested={preview.suggested as Record<string, string>}
            start={startImportAction}
          />
        </Card>
        <Card aria-labelledby="preview-title" className="mt-4">
          <CardHeader
            id="preview-title"
            title="3. Preview"
            description={`The first ${preview.rows.length} rows as they will be imported. Rows with errors are skipped and listed after the import; the others are imported.`}
          />
          <Preview preview={preview} />
        </Card>
      </>
    );
  }

  const percent = item.totalRows ? Math.floor((item.processedRows / item.totalRows) * 100) : 0;
  const running = item.status === "PENDING" || item.status === "RUNNING";
  return (
    <>
      <PageHeader breadcrumb={breadcrumb} title={`Import: ${item.filename}`} description={`${item.organisationName} · started ${formatDateTime(item.createdAt, viewer.timeZone)}`} actions={<StatusBadge status={item.status} />} />
      <Card aria-labelledby="progress-title">
        <CardHeader
          id="progress-title"
          title={running ? "Importing…" : item.status === "DONE" ? "Done" : "Stopped"}
          description={running ? "This page updates by itself; you can leave it, the import goes on." : item.completedAt ? `Finished ${formatDateTime(item.completedAt, viewer.timeZone)}.` : undefined}
        />
        <div className="flex flex-col gap-2 px-4 py-4">
          <div
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${item.processedRows.toLocaleString("en")} of ${item.totalRows.toLocaleString("en")} rows`}
            className="h-3 w-full overflow-hidden rounded bg-slate-200"
          >
            <div className={`h-full ${item.status === "FAILED" ? "bg-red-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
          </div>
          <p className="text-sm text-slate-700 tabular-nums">
            {item.processedRows.toLocaleString("en")} of {item.totalRows.toLocaleString("en")} rows ({percent}%)
          </p>
        </div>
        <DescriptionList
          columns={3}
          items={[
            { label: "New payments", value: item.createdCount.toLocaleString("en") },
            { label: "Updated payments", value: item.updatedCount.toLocaleString("en") },
            { label: "Rows with errors", value: item.errorCount.toLocaleString("en") },
          ]}
        />
      </Card>
      <Card aria-labelledby="errors-title" className="mt-4">
        <CardHeader
          id="errors-title"
          title="Errors"
          description={item.errorCount > item.errors.length ? `The first ${item.errors.length} of the problems found; fix them in the file and import it again (rows already imported are updated, not duplicated).` : "Rows with errors were skipped; fix them in the file and import it again."}
        />
        {item.errors.length === 0 ? (
          <p className="px-4 py-4 text-sm text-slate-600">{running ? "None so far." : "None."}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm" aria-label="Import errors">
              <thead>
                <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
                  <th scope="col" className="px-3 py-2">
                    Row
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Field
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Problem
                  </th>
                </tr>
              </thead>
              <tbody>
                {item.errors.map((e, i) => (
                  <tr key={i} className="border-b border-slate-100">
                    <td className="px-3 py-2 tabular-nums">{e.row || "–"}</td>
                    <td className="px-3 py-2">{fieldLabel(e.field)}</td>
                    <td className="px-3 py-2">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
