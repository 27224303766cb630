import type { DbClient, SqlClient } from "@/lib/db";
import { findCandidates, loadRecord, MATCHABLE_TYPES, writeMatch, type MatchableType, type RecordMatchState, type RecordRef } from "./records";
import { normaliseIdentifier, normaliseNetworkId, pickBest, WINDOW_MS, type BestMatch, type MatchRule, type PaymentFacts, type RecordFacts } from "./score";

export type MatchResult =
  | { status: "matched"; transactionId: string; rule: MatchRule; confidence: number; changed: boolean }
  | { status: "unmatched" }
  | { status: "kept"; transactionId: string | null; reason: "confirmed" | "no-better-match" }
  | { status: "skipped"; reason: "not-found" | "unassigned" };

/** The best payment of the organisation for what a record says; null when none is good enough. */
export async function findBestTransaction(tx: SqlClient, organisationId: string, record: RecordFacts): Promise<BestMatch | null> {
  return pickBest(record, await findCandidates(tx, organisationId, record));
}

/**
 * Links one record to its payment by the rules of ./score.ts. Called after every upsert of a
 * provider record (lib/ingest/apply.ts) and for unmatched records after imports. A confirmed
 * (or manually set) match is never touched. An automatic match that no rule supports any more
 * is kept (data only gets more complete); a stronger candidate replaces it.
 */
export async function matchRecord(tx: SqlClient, ref: RecordRef, loaded?: RecordMatchState, candidates?: PaymentFacts[]): Promise<MatchResult> {
  // `loaded`: the record as its upsert returned it (MATCH_COLUMNS), saving a read; `candidates`:
  // findCandidates' answer for it, when the caller already has it
  const record = loaded ?? (await loadRecord(tx, ref));
  if (!record) return { status: "skipped", reason: "not-found" };
  if (record.matchConfirmed) return { status: "kept", transactionId: record.transactionId, reason: "confirmed" };
  if (!record.organisationId) return { status: "skipped", reason: "unassigned" };
  const best = candidates ? pickBest(record.facts, candidates) : await findBestTransaction(tx, record.organisationId, record.facts);
  if (!best) return record.transactionId ? { status: "kept", transactionId: record.transactionId, reason: "no-better-match" } : { status: "unmatched" };
  const same = best.paymentId === record.transactionId && best.rule === record.matchRule && best.confidence === record.matchConfidence;
  const changed = same ? false : await writeMatch(tx, ref, { transactionId: best.paymentId, matchRule: best.rule, matchConfidence: best.confidence });
  return { status: "matched", transactionId: best.paymentId, rule: best.rule, confidence: best.confidence, changed };
}

type Keys = { nids: string[]; arns: string[]; authCodes: string[]; amounts: number[]; from: Date | null; to: Date | null };

/** The identifiers of a set of payments, for finding records they could match. */
async function paymentKeys(tx: DbClient, organisationId: string, transactionIds: readonly string[]): Promise<Keys> {
  const rows = await tx.transaction.findMany({
    where: { organisationId, id: { in: [...transactionIds] } },
    select: { networkTransactionId: true, arn: true, authCode: true, amountMinor: true, authorisedAt: true },
  });
  const nids = new Set<string>();
  const arns = new Set<string>();
  const authCodes = new Set<string>();
  const amounts = new Set<number>();
  let from: number | null = null;
  let to: number | null = null;
  for (const r of rows) {
    const nid = normaliseNetworkId(r.networkTransactionId);
    if (nid) nids.add(nid);
    if (r.arn) {
      arns.add(r.arn);
      arns.add(normaliseIdentifier(r.arn)!);
    }
    if (r.authCode) {
      authCodes.add(r.authCode);
      authCodes.add(normaliseIdentifier(r.authCode)!);
    }
    amounts.add(r.amountMinor);
    const t = r.authorisedAt.getTime();
    from = from === null ? t : Math.min(from, t);
    to = to === null ? t : Math.max(to, t);
  }
  return {
    nids: [...nids],
    arns: [...arns],
    authCodes: [...authCodes],
    amounts: [...amounts],
    from: from === null ? null : new Date(from - WINDOW_MS),
    to: to === null ? null : new Date(to + WINDOW_MS),
  };
}

/** Per table: the identifier columns a payment's keys can be compared with. */
const TABLES: Record<MatchableType, { table: string; nid: string | null; authCode: string | null; amount: string; at: string }> = {
  Alert: { table: "Alert", nid: `"networkTransactionId"`, authCode: `"authCode"`, amount: `"amountMinor"`, at: `"authorisedAt"` },
  Lookup: { table: "Lookup", nid: `"networkTransactionId"`, authCode: `"authCode"`, amount: `"amountMinor"`, at: `"transactionAt"` },
  SchemeNotice: { table: "SchemeNotice", nid: null, authCode: `"authCode"`, amount: `"amountMinor"`, at: `"purchasedAt"` },
  Representment: { table: "Representment", nid: null, authCode: null, amount: `COALESCE("transactionAmountMinor", "amountMinor")`, at: `"transactionAuthorisedAt"` },
};

/**
 * After payments were imported: the organisation's unmatched, unconfirmed records that share an
 * identifier with them (network id, ARN, auth code) or could match by amount within their dates
 * are matched again. Returns how many records got a payment.
 */
export async function matchAfterImport(tx: DbClient, organisationId: string, transactionIds: readonly string[]): Promise<number> {
  if (transactionIds.length === 0) return 0;
  const keys = await paymentKeys(tx, organisationId, transactionIds);
  let matched = 0;
  for (const type of MATCHABLE_TYPES) {
    const t = TABLES[type];
    const params: unknown[] = [organisationId];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const branches: string[] = [];
    if (t.nid && keys.nids.length) branches.push(`upper(${t.nid}) = ANY(${param(keys.nids, "text[]")})`);
    if (keys.arns.length) branches.push(`arn = ANY(${param(keys.arns, "text[]")})`);
    if (t.authCode && keys.authCodes.length) branches.push(`${t.authCode} = ANY(${param(keys.authCodes, "text[]")})`);
    if (keys.amounts.length && keys.from && keys.to) {
      branches.push(`(${t.amount} = ANY(${param(keys.amounts, "int[]")}) AND ${t.at} BETWEEN ${param(keys.from, "timestamptz")} AND ${param(keys.to, "timestamptz")})`);
    }
    if (branches.length === 0) continue;
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM "${t.table}" WHERE "organisationId" = $1 AND "transactionId" IS NULL AND NOT "matchConfirmed" AND (${branches.join(" OR ")}) ORDER BY id LIMIT 5000`,
      ...params,
    );
    for (const row of rows) {
      const result = await matchRecord(tx, { type, id: row.id });
      if (result.status === "matched" && result.changed) matched++;
    }
  }
  return matched;
}
