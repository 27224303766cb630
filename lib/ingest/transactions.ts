import type { DbClient } from "@/lib/db";
import { findBestTransaction } from "@/lib/matching/match";
import type { TransactionCriteria, TransactionFacts } from "@/lib/providers/types";

const select = { merchantReference: true, amountMinor: true, currency: true, authorisedAt: true, cardBin: true, cardLast4: true, customer: true, products: true, descriptor: true } as const;

/**
 * The merchant's payment a provider event refers to, within one organisation, for synchronous
 * answers (Chargebackhit inquiries). Uses the matching engine (lib/matching), so the answer is
 * the payment the stored record was just matched to: an identifier rule (network id, ARN + card,
 * auth code + card ±2 days) first, then the merchant's own order id when the provider sent it,
 * then the weak amount + date + descriptor rule. Read-only and inside the delivery's transaction.
 */
export async function findTransactionFacts(tx: DbClient, organisationId: string | null, c: TransactionCriteria): Promise<TransactionFacts | null> {
  if (!organisationId) return null;
  const best = await findBestTransaction(tx, organisationId, {
    networkTransactionId: c.networkTransactionId ?? null,
    arn: c.arn ?? null,
    cardLast4: c.cardLast4 ?? null,
    authCode: c.authCode ?? null,
    amountMinor: c.amountMinor ?? null,
    currency: c.currency ?? null,
    at: c.at ?? null,
    descriptor: null,
  });
  const byId = (id: string) => tx.transaction.findUnique({ where: { id }, select });
  if (best && best.rule !== "AMOUNT_DATE_DESCRIPTOR") return byId(best.paymentId);
  if (c.merchantReference) {
    const found = await tx.transaction.findUnique({ where: { organisationId_merchantReference: { organisationId, merchantReference: c.merchantReference } }, select });
    if (found) return found;
  }
  return best ? byId(best.paymentId) : null;
}
