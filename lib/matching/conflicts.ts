import type { DbClient } from "@/lib/db";
import { refundingOutcomeValues } from "@/lib/providers/registry";
import { formatDate, formatMoney, humanize } from "@/lib/format";

/** A reason a refund for an alert may pay the cardholder twice. */
export type RefundConflict = {
  kind: "representment_open" | "representment_lost" | "rdr_resolved" | "transaction_refunded" | "outcome_refunded";
  /** one human sentence, for the outcome form */
  message: string;
  /** where to look (a page of the app) */
  href: string;
};

/** Outcomes that refund the cardholder, as each provider declares them (ChargebackStop actions, Chargebackhit outcome). */
export const REFUNDING_OUTCOMES: readonly string[] = refundingOutcomeValues();
/** Refund statuses that mean "no refund" (anything else says money went back). */
const NOT_REFUNDED = new Set(["", "NONE", "NOT_REFUNDED", "NO_REFUND", "UNREFUNDED", "NO"]);

type StoredRefund = { amount?: unknown; currency?: unknown; at?: unknown; amountMinor?: unknown };

function describeRefund(refund: StoredRefund, fallbackCurrency: string): string | null {
  if (!refund || typeof refund !== "object") return null;
  const currency = typeof refund.currency === "string" && refund.currency ? refund.currency : fallbackCurrency;
  let money: string | null = null;
  if (typeof refund.amountMinor === "number") money = formatMoney(refund.amountMinor, currency);
  else if (typeof refund.amount === "string" || typeof refund.amount === "number") money = `${refund.amount} ${currency}`;
  const at = typeof refund.at === "string" && !Number.isNaN(Date.parse(refund.at)) ? formatDate(refund.at) : null;
  return [money, at ? `on ${at}` : null].filter(Boolean).join(" ") || null;
}

/**
 * Everything in the payment's history that makes a refund for `alertId` risky (the double-refund
 * guard): a chargeback still open or already lost, an RDR alert that already refunded, a refund
 * recorded on the payment, or a refund already sent for another alert of the same payment.
 * Empty when the alert has no matched payment (or does not exist). Read-only; the caller scopes
 * the alert.
 */
export async function refundConflicts(tx: DbClient, alertId: string): Promise<RefundConflict[]> {
  const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { id: true, transactionId: true } });
  if (!alert?.transactionId) return [];
  const payment = await tx.transaction.findUnique({
    where: { id: alert.transactionId },
    select: {
      id: true,
      merchantReference: true,
      currency: true,
      refundStatus: true,
      refunds: true,
      representments: { where: { status: { in: ["OPEN", "UNDER_REVIEW", "LOST"] } }, select: { id: true, status: true, stage: true, disputedAt: true, amountMinor: true, currency: true }, orderBy: { receivedAt: "asc" } },
      alerts: {
        where: { id: { not: alert.id } },
        select: {
          id: true,
          kind: true,
          status: true,
          provider: true,
          decidedAt: true,
          receivedAt: true,
          outcomes: { where: { status: "SUCCEEDED", outcome: { in: [...REFUNDING_OUTCOMES] } }, select: { id: true, outcome: true, completedAt: true, createdAt: true }, orderBy: { createdAt: "asc" } },
        },
        orderBy: { receivedAt: "asc" },
      },
    },
  });
  if (!payment) return [];
  const conflicts: RefundConflict[] = [];
  const paymentHref = `/transactions/${payment.id}`;

  for (const r of payment.representments) {
    const what = `${humanize(r.stage).toLowerCase()}${r.amountMinor !== null ? ` of ${formatMoney(r.amountMinor, r.currency)}` : ""}`;
    conflicts.push(
      r.status === "LOST"
        ? { kind: "representment_lost", message: `A ${what} on this payment was lost: the cardholder already got the money back.`, href: `/representments/${r.id}` }
        : {
            kind: "representment_open",
            message: `A ${what} on this payment is ${r.status === "OPEN" ? "open" : "under review"}: a refund now could pay the cardholder twice.`,
            href: `/representments/${r.id}`,
          },
    );
  }

  for (const other of payment.alerts) {
    if (other.kind === "RDR" && other.status === "RESOLVED") {
      conflicts.push({
        kind: "rdr_resolved",
        message: `A Verifi RDR alert already refunded this payment${other.decidedAt ? ` on ${formatDate(other.decidedAt)}` : ""}.`,
        href: `/alerts/${other.id}`,
      });
    }
    for (const o of other.outcomes) {
      conflicts.push({
        kind: "outcome_refunded",
        message: `A refund ("${o.outcome}") was already sent for another alert on this payment on ${formatDate(o.completedAt ?? o.createdAt)}.`,
        href: `/alerts/${other.id}`,
      });
    }
  }

  const refunds = Array.isArray(payment.refunds) ? (payment.refunds as StoredRefund[]) : [];
  const status = (payment.refundStatus ?? "").trim().toUpperCase();
  if (refunds.length > 0 || !NOT_REFUNDED.has(status)) {
    const details = refunds.map((r) => describeRefund(r, payment.currency)).filter(Boolean);
    const said = status && !NOT_REFUNDED.has(status) ? ` (refund status: ${humanize(status).toLowerCase()})` : "";
    conflicts.push({
      kind: "transaction_refunded",
      message: `The payment ${payment.merchantReference} already shows ${refunds.length > 1 ? `${refunds.length} refunds` : "a refund"}${details.length ? `: ${details.join(", ")}` : ""}${said}.`,
      href: paymentHref,
    });
  }
  return conflicts;
}
