import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import { scopedOwnedWhere, type AccessScope } from "@/lib/domain/scope";

export const transactionDetailSelect = {
  id: true,
  organisationId: true,
  merchantReference: true,
  networkTransactionId: true,
  arn: true,
  authCode: true,
  cardBin: true,
  cardLast4: true,
  amountMinor: true,
  currency: true,
  authorisedAt: true,
  settledAt: true,
  descriptor: true,
  refundStatus: true,
  source: true,
  merchant: { select: { id: true, name: true } },
  organisation: { select: { id: true, name: true } },
  alerts: { select: { id: true, provider: true, kind: true, status: true, receivedAt: true, amountMinor: true, currency: true }, orderBy: { receivedAt: "asc" } },
  lookups: { select: { id: true, provider: true, lookupType: true, lookupStatus: true, receivedAt: true }, orderBy: { receivedAt: "asc" } },
  schemeNotices: { select: { id: true, provider: true, noticeType: true, reportedAt: true, receivedAt: true }, orderBy: { receivedAt: "asc" } },
  representments: { select: { id: true, provider: true, stage: true, status: true, disputedAt: true, receivedAt: true }, orderBy: { receivedAt: "asc" } },
} satisfies Prisma.TransactionSelect;

export type TransactionDetail = Prisma.TransactionGetPayload<{ select: typeof transactionDetailSelect }>;

export async function getTransactionById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<TransactionDetail | null> {
  return tx.transaction.findFirst({ where: { AND: [scopedOwnedWhere(scope), { id }] }, select: transactionDetailSelect });
}
