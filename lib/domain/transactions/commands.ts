import { v7 as uuidv7 } from "uuid";
import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { notifyChange } from "@/lib/live/notify";
import { inTransaction } from "@/lib/matching/commands";
import { matchAfterImport } from "@/lib/matching/match";
import { stripNetworkIdDate } from "@/lib/matching/score";
import { issuesOf, toTransactionRow, transactionInputSchema, type TransactionRow } from "./schemas";

export type UpsertResult = {
  created: number;
  updated: number;
  /** per input row, in input order */
  items: { id: string; merchantReference: string }[];
  /** the distinct transactions written */
  ids: string[];
};

const COLUMNS = `id text, "merchantReference" text, "networkTransactionId" text, arn text, "authCode" text, "cardBin" text, "cardLast4" text,
  "amountMinor" int, currency text, "authorisedAt" timestamptz, "settledAt" timestamptz, descriptor text, customer jsonb, products jsonb,
  "refundStatus" text, refunds jsonb`;

/** Values left out (unknown) keep what is stored; given values replace it. */
const keep = (column: string) => `"${column}" = COALESCE(EXCLUDED."${column}", "Transaction"."${column}")`;

/**
 * Creates or updates payments of one organisation in one statement, keyed on the merchant's
 * own reference (unique per organisation): a repeat updates the same row, so imports and API
 * calls can be retried safely. Within one call the last row for a reference wins (earlier ones
 * count as updated). Optional values that are missing never erase stored ones.
 */
export async function upsertTransactions(tx: DbClient, organisationId: string, rows: readonly TransactionRow[], source: "api" | "import"): Promise<UpsertResult> {
  if (rows.length === 0) return { created: 0, updated: 0, items: [], ids: [] };
  const lastIndex = new Map<string, number>();
  rows.forEach((row, i) => lastIndex.set(row.merchantReference, i));
  const unique = [...lastIndex.values()].sort((a, b) => a - b).map((i) => rows[i]!);
  const records = unique.map((row) => {
    const record: Record<string, unknown> = { id: uuidv7() };
    for (const [key, value] of Object.entries(row)) {
      if (value === null || value === undefined) continue;
      record[key] = value instanceof Date ? value.toISOString() : value;
    }
    return record;
  });
  const written = await tx.$queryRawUnsafe<{ id: string; merchantReference: string; inserted: boolean }[]>(
    `INSERT INTO "Transaction" (id, "organisationId", "merchantReference", "networkTransactionId", arn, "authCode", "cardBin", "cardLast4", "amountMinor",
                                currency, "authorisedAt", "settledAt", descriptor, customer, products, "refundStatus", refunds, source, "createdAt", "updatedAt")
     SELECT r.id, $1, r."merchantReference", r."networkTransactionId", r.arn, r."authCode", r."cardBin", r."cardLast4", r."amountMinor",
            r.currency, r."authorisedAt", r."settledAt", r.descriptor, r.customer, r.products, r."refundStatus", r.refunds, $3, now(), now()
       FROM jsonb_to_recordset($2::jsonb) AS r(${COLUMNS})
     ON CONFLICT ("organisationId", "merchantReference") DO UPDATE SET
       ${["networkTransactionId", "arn", "authCode", "cardBin", "cardLast4", "settledAt", "descriptor", "customer", "products", "refundStatus", "refunds"].map(keep).join(",\n       ")},
       "amountMinor" = EXCLUDED."amountMinor", currency = EXCLUDED.currency, "authorisedAt" = EXCLUDED."authorisedAt", "updatedAt" = now()
     RETURNING id, "merchantReference", (xmax = 0) AS inserted`,
    organisationId,
    JSON.stringify(records),
    source,
  );
  const byReference = new Map(written.map((w) => [w.merchantReference, w]));
  const created = written.filter((w) => w.inserted).length;
  return {
    created,
    updated: rows.length - created,
    items: rows.map((row) => ({ id: byReference.get(row.merchantReference)!.id, merchantReference: row.merchantReference })),
    ids: written.map((w) => w.id),
  };
}

export type ItemIssues = { index: number; issues: { path: string; message: string }[] };

/** Validates API items; either every item is valid (rows) or the issues of the invalid ones. */
export function validateTransactionItems(items: readonly unknown[]): { ok: true; rows: TransactionRow[] } | { ok: false; items: ItemIssues[] } {
  const rows: TransactionRow[] = [];
  const invalid: ItemIssues[] = [];
  items.forEach((item, index) => {
    const parsed = transactionInputSchema.safeParse(item);
    if (parsed.success) rows.push(toTransactionRow(parsed.data, stripNetworkIdDate));
    else invalid.push({ index, issues: issuesOf(parsed.error) });
  });
  return invalid.length ? { ok: false, items: invalid } : { ok: true, rows };
}

/**
 * The API's batch: all or nothing. Every item is validated first; one invalid item rejects the
 * whole request (nothing is written) so a client can fix and resend the same batch. Valid
 * batches are written in one transaction with the records they now match.
 */
export async function ingestTransactions(organisationId: string, items: readonly unknown[], client: DbClient = defaultDb) {
  const validated = validateTransactionItems(items);
  if (!validated.ok) return validated;
  const result = await inTransaction(client, async (tx) => {
    const written = await upsertTransactions(tx, organisationId, validated.rows, "api");
    const matched = await matchAfterImport(tx, organisationId, written.ids);
    await notifyChange(tx, { type: "Transaction", organisationId });
    return { ...written, matched };
  });
  return { ok: true as const, created: result.created, updated: result.updated, items: result.items, matched: result.matched };
}
