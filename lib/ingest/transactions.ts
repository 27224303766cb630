import type { DbClient } from "@/lib/db";
import type { TransactionCriteria, TransactionFacts } from "@/lib/providers/types";

/**
 * The merchant's payment a provider event refers to, within one organisation, for synchronous
 * answers. Tries the strongest identifiers first (network id, merchant reference, ARN + card,
 * auth code + card within ±2 days). The full matching engine (confidence, manual matches) lives
 * with transactions; this is the read-only lookup the 2-second answer needs.
 */
export async function findTransactionFacts(tx: DbClient, organisationId: string | null, c: TransactionCriteria): Promise<TransactionFacts | null> {
  if (!organisationId) return null;
  const select = { merchantReference: true, amountMinor: true, currency: true, authorisedAt: true, cardBin: true, cardLast4: true, customer: true, products: true, descriptor: true } as const;
  const attempts = [
    c.networkTransactionId ? { networkTransactionId: c.networkTransactionId } : null,
    c.merchantReference ? { merchantReference: c.merchantReference } : null,
    c.arn && c.cardLast4 ? { arn: c.arn, cardLast4: c.cardLast4 } : null,
    c.authCode && c.cardLast4 && c.at
      ? { authCode: c.authCode, cardLast4: c.cardLast4, authorisedAt: { gte: new Date(c.at.getTime() - 2 * 86_400_000), lte: new Date(c.at.getTime() + 2 * 86_400_000) } }
      : null,
  ];
  for (const where of attempts) {
    if (!where) continue;
    const found = await tx.transaction.findFirst({ where: { organisationId, ...where }, select, orderBy: { authorisedAt: "desc" } });
    if (found) return found;
  }
  return null;
}
