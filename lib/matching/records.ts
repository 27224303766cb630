import type { SqlClient } from "@/lib/db";
import { likeEscape, Sql } from "@/lib/domain/sql";
import type { MatchRule as DbMatchRule } from "@/lib/generated/prisma/enums";
import { normaliseIdentifier, normaliseLast4, normaliseNetworkId, stripNetworkIdDate, WINDOW_MS, type PaymentFacts, type RecordFacts } from "./score";

/** The record kinds that link to a payment. */
export const MATCHABLE_TYPES = ["Alert", "Lookup", "SchemeNotice", "Representment"] as const;
export type MatchableType = (typeof MATCHABLE_TYPES)[number];
export type RecordRef = { type: MatchableType; id: string };

export type RecordMatchState = {
  type: MatchableType;
  id: string;
  organisationId: string | null;
  transactionId: string | null;
  matchRule: DbMatchRule | null;
  matchConfidence: number | null;
  matchConfirmed: boolean;
  facts: RecordFacts;
};

type StateRow = { organisationId: string | null; transactionId: string | null; matchRule: DbMatchRule | null; matchConfidence: number | null; matchConfirmed: boolean };
const STATE = `"organisationId", "transactionId", "matchRule"::text AS "matchRule", "matchConfidence", "matchConfirmed"`;

/**
 * Per table, the columns matching reads (the match state and what the record says about its
 * payment), as a SELECT/RETURNING list. The provider upsert returns them too, so a delivery reads
 * its record once (lib/ingest/apply.ts).
 */
export const MATCH_COLUMNS: Record<MatchableType, string> = {
  Alert: `${STATE}, "networkTransactionId", arn, "cardLast4", "authCode", "amountMinor", currency, "authorisedAt", descriptor`,
  Lookup: `${STATE}, "networkTransactionId", arn, "cardLast4", "authCode", "amountMinor", currency, "transactionAt", descriptor`,
  SchemeNotice: `${STATE}, arn, "cardLast4", "authCode", "amountMinor", currency, "purchasedAt", "merchantName"`,
  Representment: `${STATE}, arn, "amountMinor", currency, "transactionAmountMinor", "transactionCurrency", "transactionAuthorisedAt"`,
};

/** The record's match columns and what it says about its payment; null when it does not exist. */
export async function loadRecord(tx: SqlClient, ref: RecordRef): Promise<RecordMatchState | null> {
  // the table name comes from the closed MatchableType union, never from input
  const [row] = await tx.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${MATCH_COLUMNS[ref.type]} FROM "${ref.type}" WHERE id = $1`, ref.id);
  return row ? matchState(ref, row) : null;
}

/** A row with MATCH_COLUMNS as the record's match state. */
export function matchState(ref: RecordRef, row: Record<string, unknown>): RecordMatchState {
  const base = { type: ref.type, id: ref.id };
  switch (ref.type) {
    case "Alert": {
      const r = row as StateRow & Facts & { authorisedAt: Date | null; descriptor: string | null };
      return { ...base, ...pick(r), facts: { ...facts(r), at: r.authorisedAt, descriptor: r.descriptor } };
    }
    case "Lookup": {
      const r = row as StateRow & Facts & { transactionAt: Date | null; descriptor: string | null };
      return { ...base, ...pick(r), facts: { ...facts(r), at: r.transactionAt, descriptor: r.descriptor } };
    }
    case "SchemeNotice": {
      const r = row as StateRow & Omit<Facts, "networkTransactionId"> & { purchasedAt: Date | null; merchantName: string | null };
      return { ...base, ...pick(r), facts: { ...facts({ ...r, networkTransactionId: null }), at: r.purchasedAt, descriptor: r.merchantName } };
    }
    case "Representment": {
      const r = row as StateRow & {
        arn: string | null;
        amountMinor: number | null;
        currency: string | null;
        transactionAmountMinor: number | null;
        transactionCurrency: string | null;
        transactionAuthorisedAt: Date | null;
      };
      // the transaction's own amount when the provider gives it (the disputed amount may be partial)
      const useTransaction = r.transactionAmountMinor !== null && r.transactionCurrency !== null;
      return {
        ...base,
        ...pick(r),
        facts: {
          networkTransactionId: null,
          arn: r.arn,
          cardLast4: null,
          authCode: null,
          amountMinor: useTransaction ? r.transactionAmountMinor : r.amountMinor,
          currency: useTransaction ? r.transactionCurrency : r.currency,
          at: r.transactionAuthorisedAt,
          descriptor: null,
        },
      };
    }
  }
}

type Facts = { networkTransactionId: string | null; arn: string | null; cardLast4: string | null; authCode: string | null; amountMinor: number | null; currency: string | null };

function pick(r: StateRow) {
  return { organisationId: r.organisationId, transactionId: r.transactionId, matchRule: r.matchRule, matchConfidence: r.matchConfidence, matchConfirmed: r.matchConfirmed };
}

function facts(r: Facts) {
  return { networkTransactionId: r.networkTransactionId, arn: r.arn, cardLast4: r.cardLast4, authCode: r.authCode, amountMinor: r.amountMinor, currency: r.currency };
}

/** Writes the match columns, never over a confirmed match. Returns whether a row changed. */
export async function writeMatch(
  tx: SqlClient,
  ref: RecordRef,
  data: { transactionId: string | null; matchRule: DbMatchRule | null; matchConfidence: number | null; matchConfirmed?: boolean },
  options: { overrideConfirmed?: boolean } = {},
): Promise<boolean> {
  // the table name comes from the closed MatchableType union, never from input
  const changed = await tx.$executeRawUnsafe(
    `UPDATE "${ref.type}" SET "transactionId" = $2, "matchRule" = $3::"MatchRule", "matchConfidence" = $4,
            "matchConfirmed" = COALESCE($5::boolean, "matchConfirmed"), "updatedAt" = now()
      WHERE id = $1${options.overrideConfirmed ? "" : ` AND NOT "matchConfirmed"`}`,
    ref.id,
    data.transactionId,
    data.matchRule,
    data.matchConfidence,
    data.matchConfirmed ?? null,
  );
  return changed > 0;
}

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0))];

/**
 * The organisation's payments that any rule could match, in one indexed query (each branch of
 * the OR has its own index: network id, ARN, card + auth code, authorisation time).
 */
export async function findCandidates(tx: SqlClient, organisationId: string, record: RecordFacts, limit = 200): Promise<PaymentFacts[]> {
  const sql = new Sql();
  const query = candidatesQuery(sql, sql.param(organisationId), record, limit);
  if (!query) return [];
  return tx.$queryRawUnsafe<PaymentFacts[]>(query, ...sql.params);
}

/**
 * The candidates query for `findCandidates`, its parameters added to `sql`; `organisation` is the
 * SQL for the organisation id (a placeholder, or a column of an enclosing statement). Null when
 * the record names nothing a rule could use.
 */
export function candidatesQuery(sql: Sql, organisation: string, record: RecordFacts, limit = 200): string | null {
  const or: string[] = [];
  const nid = normaliseNetworkId(record.networkTransactionId);
  const at = record.at;
  const within = (ms: number) => (at ? `"authorisedAt" BETWEEN ${sql.param(new Date(at.getTime() - ms), "timestamptz")} AND ${sql.param(new Date(at.getTime() + ms), "timestamptz")}` : null);
  if (nid) {
    const stripped = stripNetworkIdDate(record.networkTransactionId);
    or.push(`"networkTransactionId" = ANY(${sql.param(distinct([record.networkTransactionId?.trim(), stripped, stripped?.toUpperCase(), stripped?.toLowerCase(), nid]), "text[]")})`);
    // stored with a date or other decoration we could not strip on the way in: look near the date
    const near = within(WINDOW_MS + 86_400_000);
    if (near) or.push(`(${near} AND "networkTransactionId" ILIKE ${sql.param(`%${likeEscape(nid)}%`)})`);
  }
  const arn = normaliseIdentifier(record.arn);
  if (arn) or.push(`arn = ANY(${sql.param(distinct([record.arn?.trim(), arn]), "text[]")})`);
  const last4 = normaliseLast4(record.cardLast4);
  const auth = normaliseIdentifier(record.authCode);
  if (auth && last4 && at) or.push(`("cardLast4" = ${sql.param(last4)} AND "authCode" = ANY(${sql.param(distinct([record.authCode?.trim(), auth]), "text[]")}) AND ${within(WINDOW_MS)})`);
  if (record.amountMinor !== null && record.currency && at) {
    or.push(`("amountMinor" = ${sql.param(record.amountMinor, "int")} AND currency = ${sql.param(record.currency.trim().toUpperCase())} AND ${within(WINDOW_MS)})`);
  }
  if (or.length === 0) return null;
  return `SELECT ${PAYMENT_COLUMNS} FROM "Transaction" WHERE "organisationId" = ${organisation} AND (${or.join(" OR ")})
      ORDER BY "authorisedAt" ASC LIMIT ${Math.trunc(limit)}`;
}

const PAYMENT_COLUMNS = `id, "networkTransactionId", arn, "cardLast4", "authCode", "amountMinor", currency, "authorisedAt", descriptor`;

/** Candidates that came back as JSON (json_agg of `candidatesQuery`'s rows): dates revived. */
export function candidatesFromJson(rows: (Omit<PaymentFacts, "authorisedAt"> & { authorisedAt: string | Date })[] | null): PaymentFacts[] {
  return (rows ?? []).map((row) => ({ ...row, authorisedAt: new Date(row.authorisedAt) }));
}
