import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import type { ImportStatus } from "@/lib/generated/prisma/enums";
import { scopedOwnedWhere, type AccessScope } from "@/lib/domain/scope";
import { previewRows } from "./commands";
import { cleanMapping, IMPORT_FIELDS, suggestMapping, type ImportMapping, type MappedRow, type RowError } from "./mapping";

export type ImportSummary = {
  id: string;
  organisationId: string;
  organisationName: string;
  filename: string;
  status: ImportStatus;
  /** uploaded, mapping not confirmed yet */
  draft: boolean;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  errorCount: number;
  errors: RowError[];
  createdAt: Date;
  completedAt: Date | null;
  /** bytes of the stored file (null once the import finished) */
  size: number | null;
  mapping: ImportMapping;
};

const summarySelect = {
  id: true,
  organisationId: true,
  organisation: { select: { name: true } },
  filename: true,
  status: true,
  totalRows: true,
  processedRows: true,
  createdCount: true,
  updatedCount: true,
  errorCount: true,
  errors: true,
  createdAt: true,
  completedAt: true,
  mapping: true,
} as const;

type Row = {
  id: string;
  organisationId: string;
  organisation: { name: string };
  filename: string;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  errorCount: number;
  errors: unknown;
  createdAt: Date;
  completedAt: Date | null;
  mapping: unknown;
};

function toSummary(row: Row, size: number | null): ImportSummary {
  const mapping: ImportMapping = {};
  if (row.mapping && typeof row.mapping === "object") {
    for (const f of IMPORT_FIELDS) {
      const v = (row.mapping as Record<string, unknown>)[f.key];
      if (typeof v === "string") mapping[f.key] = v;
    }
  }
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisation.name,
    filename: row.filename,
    status: row.status,
    draft: row.status === "PENDING" && row.totalRows === 0,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    errorCount: row.errorCount,
    errors: Array.isArray(row.errors) ? (row.errors as RowError[]) : [],
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    size,
    mapping,
  };
}

/** One import (never its file), or null outside the scope. */
export async function getImportById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<ImportSummary | null> {
  const row = await tx.transactionImport.findFirst({ where: { AND: [scopedOwnedWhere(scope), { id }] }, select: summarySelect });
  if (!row) return null;
  const size = await tx.$queryRawUnsafe<{ size: number | null }[]>(`SELECT octet_length(content)::int AS size FROM "TransactionImport" WHERE id = $1`, id);
  return toSummary(row, size[0]?.size ?? null);
}

/** Recent imports (drafts left out), newest first. */
export async function listRecentImports(scope: AccessScope, options: { limit?: number } = {}, tx: DbClient = defaultDb): Promise<ImportSummary[]> {
  const rows = await tx.transactionImport.findMany({
    where: { AND: [scopedOwnedWhere(scope), { NOT: { status: "PENDING", totalRows: 0 } }] },
    select: summarySelect,
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 10,
  });
  return rows.map((r) => toSummary(r, null));
}

export type ImportPreview = {
  headers: string[];
  suggested: ImportMapping;
  mapping: ImportMapping;
  rows: MappedRow[];
  parseError: string | null;
};

/**
 * The mapping step of a draft: the file's headers, suggested columns, and the first rows under
 * `requested` (else the suggestions) with their validation errors.
 */
export async function getImportPreview(scope: AccessScope, id: string, requested: Record<string, unknown> | null, tx: DbClient = defaultDb): Promise<ImportPreview | null> {
  const row = await tx.transactionImport.findFirst({ where: { AND: [scopedOwnedWhere(scope), { id, status: "PENDING", totalRows: 0 }] }, select: { id: true } });
  if (!row) return null;
  let suggested: ImportMapping = {};
  const preview = await previewRows(tx, id, (headers) => {
    suggested = suggestMapping(headers);
    return requested ? cleanMapping(requested, headers) : suggested;
  });
  return { headers: preview.headers, suggested, mapping: preview.mapping, rows: preview.rows, parseError: preview.parseError };
}
