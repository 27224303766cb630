import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";
import type { MatchRule as DbMatchRule } from "@/lib/generated/prisma/enums";
import type { RecordRef } from "./records";

/** What the "Payment" card of a detail page shows (components/disputes/match-card.tsx). */
export type RecordMatch = {
  recordType: RecordRef["type"];
  recordId: string;
  organisationId: string | null;
  rule: DbMatchRule | null;
  confidence: number | null;
  confirmed: boolean;
  transaction: {
    id: string;
    merchantReference: string;
    amountMinor: number;
    currency: string;
    authorisedAt: Date;
    cardLast4: string | null;
    descriptor: string | null;
    refundStatus: string | null;
  } | null;
};

const matchSelect = {
  id: true,
  organisationId: true,
  matchRule: true,
  matchConfidence: true,
  matchConfirmed: true,
  transaction: { select: { id: true, merchantReference: true, amountMinor: true, currency: true, authorisedAt: true, cardLast4: true, descriptor: true, refundStatus: true } },
} as const;

/** The record's match for its detail page; null when the scope does not reach the record. */
export async function getRecordMatch(scope: AccessScope, ref: RecordRef, tx: DbClient = defaultDb): Promise<RecordMatch | null> {
  const where = { AND: [scopedWhere(scope), { id: ref.id }] };
  const row =
    ref.type === "Alert"
      ? await tx.alert.findFirst({ where, select: matchSelect })
      : ref.type === "Lookup"
        ? await tx.lookup.findFirst({ where, select: matchSelect })
        : ref.type === "SchemeNotice"
          ? await tx.schemeNotice.findFirst({ where, select: matchSelect })
          : await tx.representment.findFirst({ where, select: matchSelect });
  if (!row) return null;
  return {
    recordType: ref.type,
    recordId: row.id,
    organisationId: row.organisationId,
    rule: row.matchRule,
    confidence: row.matchConfidence,
    confirmed: row.matchConfirmed,
    transaction: row.transaction,
  };
}
