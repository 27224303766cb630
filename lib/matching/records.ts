import type { DbClient } from "@/lib/db";
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

const state = { organisationId: true, transactionId: true, matchRule: true, matchConfidence: true, matchConfirmed: true } as const;

/** The record's match columns and what it says about its payment; null when it does not exist. */
export async function loadRecord(tx: DbClient, ref: RecordRef): Promise<RecordMatchState | null> {
  const base = { type: ref.type, id: ref.id };
  switch (ref.type) {
    case "Alert": {
      const r = await tx.alert.findUnique({
        where: { id: ref.id },
        select: { ...state, networkTransactionId: true, arn: true, cardLast4: true, authCode: true, amountMinor: true, currency: true, authorisedAt: true, descriptor: true },
      });
      return r && { ...base, ...pick(r), facts: { ...facts(r), at: r.authorisedAt, descriptor: r.descriptor } };
    }
    case "Lookup": {
      const r = await tx.lookup.findUnique({
        where: { id: ref.id },
        select: { ...state, networkTransactionId: true, arn: true, cardLast4: true, authCode: true, amountMinor: true, currency: true, transactionAt: true, descriptor: true },
      });
      return r && { ...base, ...pick(r), facts: { ...facts(r), at: r.transactionAt, descriptor: r.descriptor } };
    }
    case "SchemeNotice": {
      const r = await tx.schemeNotice.findUnique({
        where: { id: ref.id },
        select: { ...state, arn: true, cardLast4: true, authCode: true, amountMinor: true, currency: true, purchasedAt: true, merchantName: true },
      });
      return r && { ...base, ...pick(r), facts: { ...facts({ ...r, networkTransactionId: null }), at: r.purchasedAt, descriptor: r.merchantName } };
    }
    case "Representment": {
      const r = await tx.representment.findUnique({
        where: { id: ref.id },
        select: { ...state, arn: true, amountMinor: true, currency: true, transactionAmountMinor: true, transactionCurrency: true, transactionAuthorisedAt: true },
      });
      if (!r) return null;
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

function pick(r: { organisationId: string | null; transactionId: string | null; matchRule: DbMatchRule | null; matchConfidence: number | null; matchConfirmed: boolean }) {
  return { organisationId: r.organisationId, transactionId: r.transactionId, matchRule: r.matchRule, matchConfidence: r.matchConfidence, matchConfirmed: r.matchConfirmed };
}

function facts(r: { networkTransactionId: string | null; arn: string | null; cardLast4: string | null; authCode: string | null; amountMinor: number | null; currency: string | null }) {
  return { networkTransactionId: r.networkTransactionId, arn: r.arn, cardLast4: r.cardLast4, authCode: r.authCode, amountMinor: r.amountMinor, currency: r.currency };
}

/** Writes the match columns, never over a confirmed match. Returns whether a row changed. */
export async function writeMatch(
  tx: DbClient,
  ref: RecordRef,
  data: { transactionId: string | null; matchRule: DbMatchRule | null; matchConfidence: number | null; matchConfirmed?: boolean },
  options: { overrideConfirmed?: boolean } = {},
): Promise<boolean> {
  const where = options.overrideConfirmed ? { id: ref.id } : { id: ref.id, matchConfirmed: false };
  switch (ref.type) {
    case "Alert":
      return (await tx.alert.updateMany({ where, data })).count > 0;
    case "Lookup":
      return (await tx.lookup.updateMany({ where, data })).count > 0;
    case "SchemeNotice":
      return (await tx.schemeNotice.updateMany({ where, data })).count > 0;
    case "Representment":
      return (await tx.representment.updateMany({ where, data })).count > 0;
  }
}

export const paymentFactsSelect = {
  id: true,
  networkTransactionId: true,
  arn: true,
  cardLast4: true,
  authCode: true,
  amountMinor: true,
  currency: true,
  authorisedAt: true,
  descriptor: true,
} as const;

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0))];

/**
 * The organisation's payments that any rule could match, in one indexed query (each branch of
 * the OR has its own index: network id, ARN, card + auth code, authorisation time).
 */
export async function findCandidates(tx: DbClient, organisationId: string, record: RecordFacts, limit = 200): Promise<PaymentFacts[]> {
  const or: object[] = [];
  const nid = normaliseNetworkId(record.networkTransactionId);
  const at = record.at;
  const within = (ms: number) => (at ? { gte: new Date(at.getTime() - ms), lte: new Date(at.getTime() + ms) } : null);
  if (nid) {
    const stripped = stripNetworkIdDate(record.networkTransactionId);
    or.push({ networkTransactionId: { in: distinct([record.networkTransactionId?.trim(), stripped, stripped?.toUpperCase(), stripped?.toLowerCase(), nid]) } });
    // stored with a date or other decoration we could not strip on the way in: look near the date
    const near = within(WINDOW_MS + 86_400_000);
    if (near) or.push({ authorisedAt: near, networkTransactionId: { contains: nid, mode: "insensitive" } });
  }
  const arn = normaliseIdentifier(record.arn);
  if (arn) or.push({ arn: { in: distinct([record.arn?.trim(), arn]) } });
  const last4 = normaliseLast4(record.cardLast4);
  const auth = normaliseIdentifier(record.authCode);
  const window = within(WINDOW_MS);
  if (auth && last4 && window) or.push({ cardLast4: last4, authCode: { in: distinct([record.authCode?.trim(), auth]) }, authorisedAt: window });
  if (record.amountMinor !== null && record.currency && window) {
    or.push({ amountMinor: record.amountMinor, currency: record.currency.trim().toUpperCase(), authorisedAt: window });
  }
  if (or.length === 0) return [];
  return tx.transaction.findMany({ where: { organisationId, OR: or }, select: paymentFactsSelect, take: limit, orderBy: { authorisedAt: "asc" } });
}
