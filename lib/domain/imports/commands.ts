import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { enqueueJob } from "@/lib/domain/queue";
import { scopedOrganisationWhere, scopedOwnedWhere, type AccessScope } from "@/lib/domain/scope";
import { upsertTransactions } from "@/lib/domain/transactions/commands";
import type { TransactionRow } from "@/lib/domain/transactions/schemas";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import { matchAfterImport } from "@/lib/matching/match";
import { CsvError, readCsvWithHeader } from "./csv";
import { cleanMapping, mapRecord, missingRequired, type ImportMapping, type RowError } from "./mapping";

/** The background task that processes an import (registered in lib/jobs/tasks.ts). */
export const IMPORT_TASK = "transactions.import";
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Upload pieces stay under the 2 MB server-action body limit. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
export const IMPORT_CHUNK_ROWS = 1_000;
export const MAX_KEPT_ERRORS = 100;

/**
 * An import's life: a draft (PENDING, no rows counted yet) receives the file in pieces, gets a
 * column mapping and a preview, then `startImport` counts the rows, stores the mapping and
 * enqueues the job (PENDING → RUNNING → DONE). The job works in chunks of 1,000 rows; each chunk
 * commits its payments together with `processedRows`, the resume point, so a crashed or repeated
 * job carries on where the last commit left off and never counts a row twice.
 */
const draftWhere = { status: "PENDING" as const, totalRows: 0 };

/** UTF-8 (with or without BOM); files that are not valid UTF-8 are read as Windows-1252 (Excel). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

export const createImportSchema = z.object({
  organisationId: z.string().min(1, "Choose an organisation.").max(64),
  filename: z.string().trim().min(1, "Choose a file.").max(255).transform((f) => f.replace(/[\\/\u0000-\u001f]/g, "_")),
  size: z.coerce.number().int().min(1, "The file is empty.").max(MAX_IMPORT_BYTES, `Files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB can be imported.`),
});

/** A new draft for the organisation (in scope and not archived). Drafts older than a day are removed. */
export async function createImportDraft(scope: AccessScope, input: z.input<typeof createImportSchema>, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(createImportSchema, input);
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: { id: true, archivedAt: true } });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found.", fieldErrors: { organisationId: ["Choose an organisation."] } });
  if (org.archivedAt) throw new AppError("CONFLICT", { userMessage: "The organisation is archived." });
  await tx.transactionImport.deleteMany({ where: { organisationId: org.id, ...draftWhere, createdAt: { lt: new Date(Date.now() - 86_400_000) } } });
  return tx.transactionImport.create({
    data: { organisationId: org.id, createdById: actor.type === "user" ? actor.id : null, filename: data.filename, mapping: {}, content: new Uint8Array(0) },
    select: { id: true, organisationId: true },
  });
}

/**
 * Appends one piece of the file at `offset`. Pieces must arrive in order; re-sending the piece
 * that was just stored (a retried request) is accepted and changes nothing.
 */
export async function appendImportChunk(scope: AccessScope, input: { importId: string; offset: number; bytes: Uint8Array }, tx: DbClient = defaultDb): Promise<{ size: number }> {
  const { importId, offset, bytes } = input;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new AppError("BAD_REQUEST", { userMessage: "Invalid upload offset." });
  if (bytes.byteLength === 0 || bytes.byteLength > UPLOAD_CHUNK_BYTES) throw new AppError("BAD_REQUEST", { userMessage: "Invalid upload piece." });
  const row = await tx.transactionImport.findFirst({ where: { AND: [scopedOwnedWhere(scope), { id: importId }] }, select: { id: true } });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "Import not found." });
  const updated = await tx.$queryRawUnsafe<{ size: number }[]>(
    `UPDATE "TransactionImport" SET content = content || $2, "updatedAt" = now()
      WHERE id = $1 AND status = 'PENDING' AND "totalRows" = 0 AND octet_length(content) = $3 AND octet_length(content) + $4 <= $5
      RETURNING octet_length(content)::int AS size`,
    importId,
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    offset,
    bytes.byteLength,
    MAX_IMPORT_BYTES,
  );
  if (updated[0]) return { size: updated[0].size };
  const current = await tx.$queryRawUnsafe<{ size: number | null; draft: boolean }[]>(
    `SELECT octet_length(content)::int AS size, (status = 'PENDING' AND "totalRows" = 0) AS draft FROM "TransactionImport" WHERE id = $1`,
    importId,
  );
  const state = current[0];
  if (state?.draft && state.size === offset + bytes.byteLength) return { size: state.size };
  if (state?.draft && offset + bytes.byteLength > MAX_IMPORT_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", { userMessage: "Files up to 20 MB can be imported." });
  throw new AppError("CONFLICT", { userMessage: "The upload was interrupted. Start again." });
}

/** The first part of the stored file (enough for headers and the preview). */
async function readPrefix(tx: DbClient, id: string, bytes: number): Promise<{ text: string; complete: boolean }> {
  const rows = await tx.$queryRawUnsafe<{ head: Uint8Array | null; size: number | null }[]>(
    `SELECT substring(content from 1 for $2) AS head, octet_length(content)::int AS size FROM "TransactionImport" WHERE id = $1`,
    id,
    bytes,
  );
  const row = rows[0];
  if (!row?.head) return { text: "", complete: true };
  return { text: decodeCsv(row.head), complete: (row.size ?? 0) <= bytes };
}

export const PREVIEW_ROWS = 10;

/**
 * Headers and the first 10 rows mapped with `mappingFor(headers)`, with their errors.
 */
export async function previewRows(tx: DbClient, id: string, mappingFor: (headers: string[]) => ImportMapping) {
  const prefix = await readPrefix(tx, id, 512 * 1024);
  let headers: string[] = [];
  let mapping: ImportMapping = {};
  const rows: ReturnType<typeof mapRecord>[] = [];
  let parseError: string | null = null;
  try {
    const csv = readCsvWithHeader(prefix.text);
    headers = csv.headers;
    mapping = mappingFor(headers);
    const headerIndex = indexHeaders(headers);
    const records: { fields: string[]; line: number }[] = [];
    for (const record of csv.records) {
      records.push(record);
      if (records.length > PREVIEW_ROWS) break;
    }
    // the last record of a cut-off prefix may be incomplete
    const usable = prefix.complete ? records : records.slice(0, Math.max(0, Math.min(records.length - 1, PREVIEW_ROWS)));
    for (const r of usable.slice(0, PREVIEW_ROWS)) rows.push(mapRecord(r.fields, r.line, headerIndex, mapping));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // the prefix may end inside a quoted field; only a complete file is really broken
    if (prefix.complete) parseError = error.message;
  }
  return { headers, mapping, rows, parseError };
}

function indexHeaders(headers: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  return index;
}

export const startImportSchema = z.object({ importId: z.string().min(1).max(64), mapping: z.record(z.string(), z.string()) });

/**
 * "Import": counts the rows of the uploaded file (rejecting a malformed one), stores the mapping
 * and enqueues the job, in one transaction.
 */
export async function startImport(scope: AccessScope, input: z.input<typeof startImportSchema>, actor: AuditActor, client: DbClient = defaultDb) {
  const data = parseInput(startImportSchema, input);
  const draft = await client.transactionImport.findFirst({
    where: { AND: [scopedOwnedWhere(scope), { id: data.importId }] },
    select: { id: true, organisationId: true, filename: true, status: true, totalRows: true, content: true },
  });
  if (!draft) throw new AppError("NOT_FOUND", { userMessage: "Import not found." });
  if (draft.status !== "PENDING" || draft.totalRows !== 0) throw new AppError("CONFLICT", { userMessage: "This import has already started." });
  if (!draft.content || draft.content.byteLength === 0) throw new AppError("VALIDATION", { userMessage: "The file is empty. Upload it again." });
  let headers: string[];
  let totalRows = 0;
  try {
    const csv = readCsvWithHeader(decodeCsv(draft.content));
    headers = csv.headers;
    for (const _ of csv.records) totalRows++;
  } catch (error) {
    if (error instanceof CsvError) throw new AppError("VALIDATION", { userMessage: `The file is not valid CSV: ${error.message}` });
    throw error;
  }
  if (totalRows === 0) throw new AppError("VALIDATION", { userMessage: "The file has a header line but no rows." });
  const mapping = cleanMapping(data.mapping, headers);
  const missing = missingRequired(mapping);
  if (missing.length) throw new AppError("VALIDATION", { userMessage: `Choose a column for: ${missing.join(", ")}.` });

  const run = async (tx: DbClient) => {
    const claimed = await tx.transactionImport.updateMany({
      where: { id: draft.id, ...draftWhere },
      data: { mapping, totalRows, processedRows: 0, createdCount: 0, updatedCount: 0, errorCount: 0, errors: [] },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", { userMessage: "This import has already started." });
    await enqueueJob(tx, { task: IMPORT_TASK, payload: { importId: draft.id }, jobKey: `import:${draft.id}`, maxAttempts: 10 });
    await recordAudit(
      { actor, action: "transactions.import", targetType: "TransactionImport", targetId: draft.id, organisationId: draft.organisationId, after: { filename: draft.filename, totalRows, mapping } },
      tx,
    );
    await notifyChange(tx, { type: "TransactionImport", id: draft.id, organisationId: draft.organisationId });
  };
  const top = client as DbClient & { $transaction?: (fn: (tx: DbClient) => Promise<void>) => Promise<void> };
  if (typeof top.$transaction === "function") await top.$transaction(run);
  else await run(client);
  return { id: draft.id, totalRows };
}

export type ProcessOptions = {
  chunkRows?: number;
  /** stop after this many chunks (tests simulate a crash with it) */
  maxChunks?: number;
  client?: typeof defaultDb;
};

export type ProcessSummary = { status: "done" | "stopped" | "skipped" | "yielded"; processedRows: number; chunks: number };

/**
 * The job: resumes at `processedRows`, commits each chunk of rows with its counts, errors and
 * resume point in one transaction, and finishes with DONE (the file is then dropped). Payments
 * are upserted on (organisation, merchant reference), so even a chunk repeated after a lost
 * commit cannot duplicate a payment.
 */
export async function processImport(importId: string, options: ProcessOptions = {}): Promise<ProcessSummary> {
  const client = options.client ?? defaultDb;
  const chunkRows = options.chunkRows ?? IMPORT_CHUNK_ROWS;
  const row = await client.transactionImport.findUnique({
    where: { id: importId },
    select: { id: true, organisationId: true, status: true, mapping: true, content: true, processedRows: true, totalRows: true },
  });
  if (!row || row.status === "DONE" || row.status === "CANCELLED" || row.status === "FAILED") return { status: "skipped", processedRows: row?.processedRows ?? 0, chunks: 0 };
  if (row.totalRows === 0) return { status: "skipped", processedRows: 0, chunks: 0 };
  if (!row.content) {
    await markFailed(importId, "The uploaded file is no longer stored.", client);
    return { status: "skipped", processedRows: row.processedRows, chunks: 0 };
  }
  const organisationId = row.organisationId;
  if (row.status === "PENDING") {
    await client.transactionImport.updateMany({ where: { id: importId, status: "PENDING" }, data: { status: "RUNNING" } });
  }
  const csv = readCsvWithHeader(decodeCsv(row.content));
  const headerIndex = indexHeaders(csv.headers);
  const mapping = cleanMapping(row.mapping, csv.headers);
  const records = csv.records;
  let position = 0;
  while (position < row.processedRows && !records.next().done) position++;

  let chunks = 0;
  for (;;) {
    if (options.maxChunks !== undefined && chunks >= options.maxChunks) return { status: "stopped", processedRows: position, chunks };
    const batch: { fields: string[]; line: number }[] = [];
    while (batch.length < chunkRows) {
      const next = records.next();
      if (next.done) break;
      batch.push(next.value);
    }
    const start = position;
    const outcome = await client.$transaction(
      async (tx) => {
        const locked = await tx.$queryRawUnsafe<{ processedRows: number; status: string; errors: unknown; errorCount: number }[]>(
          `SELECT "processedRows", status::text AS status, errors, "errorCount" FROM "TransactionImport" WHERE id = $1 FOR UPDATE`,
          importId,
        );
        const current = locked[0];
        if (!current || current.status === "CANCELLED" || current.status === "DONE" || current.status === "FAILED") return "gone" as const;
        // another run got further: leave the rest to it
        if (current.processedRows !== start) return "yield" as const;
        if (batch.length === 0) {
          await tx.transactionImport.update({ where: { id: importId }, data: { status: "DONE", completedAt: new Date(), content: null }, select: { id: true } });
          await notifyChange(tx, { type: "TransactionImport", id: importId, organisationId });
          return "done" as const;
        }
        const valid: TransactionRow[] = [];
        const errors: RowError[] = [];
        let errorRows = 0;
        for (const record of batch) {
          const mapped = mapRecord(record.fields, record.line, headerIndex, mapping);
          if (mapped.ok) valid.push(mapped.transaction);
          else {
            errorRows++;
            errors.push(...mapped.errors);
          }
        }
        const written = await upsertTransactions(tx, organisationId, valid, "import");
        await matchAfterImport(tx, organisationId, written.ids);
        const kept = Array.isArray(current.errors) ? (current.errors as RowError[]) : [];
        const room = Math.max(0, MAX_KEPT_ERRORS - kept.length);
        await tx.transactionImport.update({
          where: { id: importId },
          data: {
            status: "RUNNING",
            processedRows: start + batch.length,
            createdCount: { increment: written.created },
            updatedCount: { increment: written.updated },
            errorCount: { increment: errorRows },
            ...(room > 0 && errors.length ? { errors: [...kept, ...errors.slice(0, room)] as Prisma.InputJsonValue } : {}),
          },
          // never send the stored file back
          select: { id: true },
        });
        await notifyChange(tx, { type: "TransactionImport", id: importId, organisationId });
        await notifyChange(tx, { type: "Transaction", organisationId });
        return "chunk" as const;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    if (outcome === "gone") return { status: "skipped", processedRows: position, chunks };
    if (outcome === "yield") return { status: "yielded", processedRows: position, chunks };
    if (outcome === "done") return { status: "done", processedRows: position, chunks };
    position = start + batch.length;
    chunks++;
  }
}

/** Gives up on an import (after the job's last attempt), keeping what was imported. */
export async function markFailed(importId: string, message: string, client: DbClient = defaultDb) {
  logger.warn("import.failed", { importId, message });
  const row = await client.transactionImport.findUnique({ where: { id: importId }, select: { organisationId: true, errors: true, status: true } });
  if (!row || row.status === "DONE") return;
  const kept = Array.isArray(row.errors) ? (row.errors as RowError[]) : [];
  await client.transactionImport.update({
    where: { id: importId },
    data: { status: "FAILED", completedAt: new Date(), content: null, errors: [...kept.slice(0, MAX_KEPT_ERRORS - 1), { row: 0, field: "file", message }] as Prisma.InputJsonValue },
    select: { id: true },
  });
  await notifyChange(client, { type: "TransactionImport", id: importId, organisationId: row.organisationId });
}
