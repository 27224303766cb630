/**
 * Outcomes sent back to Chargebackhit (digest §3.3, §4.2; reliability.md rows 26–29).
 *
 * Only `init-refund` alerts (Ethoca, Verifi CDRN) take an outcome, and only ONE final outcome:
 * Chargebackhit accepts the first answer, except after `pending` (our synchronous webhook answer).
 * `offer` therefore requires the alert's answer to still be pending (or empty).
 *
 * `send` → POST /api/v2/alerts/{id}/update-outcome with
 *   `{ outcome, order: { order_id, refund?: { amount: "<decimal>", currency } } }`
 * (refund only with `reversed`, defaulting to the alert amount). One attempt, never retried by the
 * client; the outbox decides:
 *   2xx → succeeded (inputs = the returned alert through mapEvent); 429 / 5xx / connection refused
 *   → retry; timeout or a connection dropped after sending → unknown (reconcile first);
 *   other 4xx → rejected with the §4.6 error message.
 *   A 409/422 refusal is checked once with GET: when the alert already carries OUR outcome (an
 *   earlier attempt landed, e.g. a 500 after processing), the result is succeeded, not rejected.
 * Chargebackhit documents no idempotency key, so `request.idempotencyKey` is not sent; the
 * one-final-outcome rule is what makes a resend harmless (it is refused).
 * Refusals decided here before any call (unknown outcome, missing keys, refund above the alert
 * amount) are `rejected` with status 0.
 *
 * `reconcile` → GET the alert: still pending / empty → not_applied (safe to send again with the same
 * key); our outcome → applied; ANOTHER final outcome → also `applied` (someone answered it
 * elsewhere, e.g. in Chargebackhit HUB: nothing may be sent any more, and the returned inputs make
 * the alert show the real answer); a failed GET → unknown.
 *
 * Payload (validated by the caller): `orderId` (string; default: the alert's merchant reference,
 * else the webhook's transaction_merchant_id) and `refundAmount` (integer minor units; a decimal
 * string in major units is also read) or `refundAmountMinor`.
 */
import { minorToDecimal, decimalToMinor } from "@/lib/money";
import { inputsFromApiAlert, outcomeOf } from "@/lib/providers/chargebackhit/api-map";
import { ChargebackhitApiError, clientFromContext, isRecord, type ChargebackhitClientTuning, type UpdateOutcomeBody } from "@/lib/providers/chargebackhit/client";
import { isFinalOutcome, text, token } from "@/lib/providers/chargebackhit/map";
import type { AlertForOutcome, OutcomeChoice, OutcomeField, OutcomeOffer, OutcomeRequest, OutcomeResult, ProviderApiContext, ProviderOutcomes, ReconcileResult } from "@/lib/providers/types";

/** The final outcomes update-outcome accepts (official enum, seed 001), in the order offered. */
export const FINAL_OUTCOMES = ["reversed", "previously-reversed", "decline", "reverse-error", "not-found", "acknowledged", "shipped"] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];

export function isOfferedOutcome(value: string): value is FinalOutcome {
  return (FINAL_OUTCOMES as readonly string[]).includes(value);
}

const MAX_ORDER_ID = 255;

// ───────────────────────────── offer ─────────────────────────────

/** The network the answer goes to: Ethoca, or Verifi for CDRN. */
export function networkName(alert: Pick<AlertForOutcome, "kind" | "providerData">): string {
  if (alert.kind === "ETHOCA") return "Ethoca";
  if (alert.kind === "CDRN" || alert.kind === "RDR") return "Verifi";
  const data = alert.providerData;
  const provider = isRecord(data) && isRecord(data.alert) && typeof data.alert.provider === "string" ? token(data.alert.provider) : "";
  if (provider.includes("ethoca")) return "Ethoca";
  if (provider.includes("verifi")) return "Verifi";
  return "the card network";
}

function amountText(amountMinor: number | null, currency: string | null): string | null {
  if (amountMinor === null || currency === null) return null;
  const decimal = minorToDecimal(amountMinor, currency);
  return decimal === null ? null : `${decimal} ${currency}`;
}

export function choicesFor(alert: AlertForOutcome): OutcomeChoice[] {
  const network = networkName(alert);
  const amount = amountText(alert.amountMinor, alert.currency) ?? "the transaction amount";
  const final = "Final: Chargebackhit accepts no other answer afterwards.";
  return [
    {
      intent: "refund",
      value: "reversed",
      label: "Refunded because of this alert",
      consequence: `Refund ${amount} to the cardholder and tell ${network} it was refunded because of this alert, so the dispute is avoided. ${final}`,
      refunds: true,
    },
    {
      intent: "already_refunded",
      value: "previously-reversed",
      label: "Already refunded before the alert",
      consequence: `Tell ${network} the payment was refunded before this alert arrived. No new refund is made. ${final}`,
      refunds: false,
    },
    {
      value: "decline",
      label: "Payment did not go through",
      consequence: `Tell ${network} the original payment was declined or never completed. Nothing is refunded. ${final}`,
      refunds: false,
    },
    {
      value: "reverse-error",
      label: "Refund failed",
      consequence: `Tell ${network} a refund was attempted and failed. Nothing is refunded and the cardholder may still dispute. ${final}`,
      refunds: false,
    },
    {
      intent: "not_found",
      value: "not-found",
      label: "No matching payment",
      consequence: `Tell ${network} no matching payment was found. Nothing is refunded and the cardholder may still dispute. ${final}`,
      refunds: false,
    },
    {
      intent: "no_refund",
      value: "acknowledged",
      label: "Acknowledged, no refund",
      consequence: `Tell ${network} we will not refund. Nothing is refunded and the cardholder may go on to file a chargeback. ${final}`,
      refunds: false,
    },
    {
      value: "shipped",
      label: "Goods already shipped",
      consequence: `Tell ${network} the goods were already shipped, so no refund is made. A chargeback may follow. ${final}`,
      refunds: false,
    },
  ];
}

function orderReference(alert: AlertForOutcome): string | null {
  const own = text(alert.merchantReference);
  if (own) return own;
  const data = alert.providerData;
  const tx = isRecord(data) && isRecord(data.transaction) ? data.transaction : null;
  return tx && typeof tx.transaction_merchant_id === "string" ? text(tx.transaction_merchant_id) : null;
}

export function fieldsFor(alert: AlertForOutcome): OutcomeField[] {
  const reference = orderReference(alert);
  const amount = amountText(alert.amountMinor, alert.currency);
  return [
    {
      name: "orderId",
      label: "Order id",
      required: false,
      hint: reference ? `Your order id, so Chargebackhit can match the sale. Defaults to ${reference}.` : "Your order id, so Chargebackhit can match the sale.",
    },
    {
      name: "refundAmount",
      label: "Refund amount",
      required: false,
      hint: amount ? `Only with "Refunded because of this alert". Defaults to the alert amount, ${amount}.` : `Only with "Refunded because of this alert". Defaults to the alert amount.`,
    },
  ];
}

/** Which outcomes may be sent now: an init-refund whose answer is still pending (or empty). */
export function offer(alert: AlertForOutcome): OutcomeOffer {
  const type = token(alert.providerStatus);
  if (type === "resolved") {
    return { ok: false, reason: "This RDR alert was resolved by the network (the payment was refunded automatically); Chargebackhit takes no outcome for it." };
  }
  if (type !== "init-refund") {
    return { ok: false, reason: `Chargebackhit takes an outcome only for refund requests (init-refund); this alert is "${alert.providerStatus}".` };
  }
  if (isFinalOutcome(alert.providerOutcome)) {
    return { ok: false, reason: `Chargebackhit accepts one final outcome; this alert was answered "${text(alert.providerOutcome)}".` };
  }
  return { ok: true, choices: choicesFor(alert), fields: fieldsFor(alert) };
}

// ───────────────────────────── body ─────────────────────────────

function refundMinorOf(payload: Record<string, unknown>, currency: string | null): { ok: true; minor: number | null } | { ok: false; message: string } {
  const value = payload.refundAmountMinor ?? payload.refundAmount;
  if (value === undefined || value === null || value === "") return { ok: true, minor: null };
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value > 0 ? { ok: true, minor: value } : { ok: false, message: "The refund amount must be a positive amount." };
  }
  if (typeof value === "string" && currency !== null) {
    const minor = decimalToMinor(value, currency);
    if (minor !== null && minor > 0) return { ok: true, minor };
  }
  return { ok: false, message: "The refund amount is not a valid amount for this currency." };
}

/** The update-outcome body, or why it cannot be sent. */
export function outcomeBody(request: OutcomeRequest): { ok: true; body: UpdateOutcomeBody } | { ok: false; message: string } {
  const { alert, outcome } = request;
  if (token(alert.providerStatus) !== "init-refund") return { ok: false, message: "Chargebackhit takes an outcome only for init-refund alerts." };
  if (!isOfferedOutcome(outcome)) return { ok: false, message: `"${outcome}" is not an outcome Chargebackhit accepts for this alert.` };
  const payload = isRecord(request.payload) ? request.payload : {};

  const given = typeof payload.orderId === "string" ? text(payload.orderId) : null;
  if (given !== null && given.length > MAX_ORDER_ID) return { ok: false, message: `The order id is longer than ${MAX_ORDER_ID} characters.` };
  const orderId = given ?? orderReference(alert);

  const order: NonNullable<UpdateOutcomeBody["order"]> = {};
  if (orderId) order.order_id = orderId;
  if (outcome === "reversed") {
    const currency = alert.currency;
    const refund = refundMinorOf(payload, currency);
    if (!refund.ok) return refund;
    if (refund.minor !== null && alert.amountMinor !== null && refund.minor > alert.amountMinor) {
      return { ok: false, message: "The refund amount is larger than the alert amount." };
    }
    const minor = refund.minor ?? alert.amountMinor;
    const amount = minor !== null && currency !== null ? minorToDecimal(minor, currency) : null;
    if (amount !== null && currency !== null) order.refund = { amount, currency };
  }
  return { ok: true, body: Object.keys(order).length > 0 ? { outcome, order } : { outcome } };
}

// ───────────────────────────── results ─────────────────────────────

function parsedBody(body: string | null): unknown {
  if (body === null) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failed update-outcome call as an OutcomeResult (before the 409/422 check). */
export function outcomeFailure(error: unknown): OutcomeResult {
  if (!(error instanceof ChargebackhitApiError)) {
    // not expected: the client throws only ChargebackhitApiError; the call may have gone out
    return { kind: "unknown", message: `Chargebackhit update-outcome failed unexpectedly: ${messageOf(error)}` };
  }
  if (error.kind === "timeout") return { kind: "unknown", message: `${error.message}; the outcome may have been applied: reconcile before resending.` };
  if (error.kind === "network") {
    return error.notSent
      ? { kind: "retry", message: error.message }
      : { kind: "unknown", message: `${error.message}; the connection dropped after sending: reconcile before resending.` };
  }
  if (error.status >= 200 && error.status < 300) {
    // accepted, but the answer is unreadable: the outcome is applied all the same
    return { kind: "succeeded", response: error.body };
  }
  if (error.status === 429 || error.status >= 500) {
    return { kind: "retry", message: error.message, ...(error.retryAfterSeconds !== null ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
  }
  return { kind: "rejected", message: error.message, status: error.status, response: parsedBody(error.body) };
}

function appliedInputs(body: unknown, context: ProviderApiContext) {
  const mapped = inputsFromApiAlert(body);
  if (!mapped.ok) context.log("chargebackhit.outcome.unmapped", { error: mapped.error });
  return mapped.ok ? mapped.inputs : undefined;
}

// ───────────────────────────── provider outcomes ─────────────────────────────

export function createChargebackhitOutcomes(tuning: ChargebackhitClientTuning = {}): ProviderOutcomes {
  return {
    refunding: ["reversed"],
    // "previously-reversed": the merchant had refunded before the alert
    refunded: ["reversed", "previously-reversed"],
    offer,

    async send(context: ProviderApiContext, request: OutcomeRequest): Promise<OutcomeResult> {
      const built = outcomeBody(request);
      if (!built.ok) return { kind: "rejected", message: built.message, status: 0 };
      const connected = await clientFromContext(context, tuning);
      if (!connected.ok) return { kind: "rejected", message: connected.message, status: 0 };
      const { client } = connected;
      const id = request.alert.externalId;
      try {
        const returned = await client.updateOutcome(id, built.body);
        return { kind: "succeeded", response: returned, inputs: appliedInputs(returned, context) };
      } catch (error) {
        const result = outcomeFailure(error);
        if (result.kind !== "rejected" || (result.status !== 409 && result.status !== 422)) return result;
        // Refused as already answered? If the answer on file is ours, an earlier attempt landed.
        try {
          const current = await client.getAlert(id);
          if (token(outcomeOf(current)) === request.outcome) {
            context.log("chargebackhit.outcome.already_applied", { alertId: id, outcome: request.outcome });
            return { kind: "succeeded", response: current, inputs: appliedInputs(current, context) };
          }
        } catch {
          // keep the refusal
        }
        return result;
      }
    },

    async reconcile(context: ProviderApiContext, request: OutcomeRequest): Promise<ReconcileResult> {
      const connected = await clientFromContext(context, tuning);
      if (!connected.ok) return { kind: "unknown", message: connected.message };
      let current: unknown;
      try {
        current = await connected.client.getAlert(request.alert.externalId);
      } catch (error) {
        return { kind: "unknown", message: `Could not read the alert from Chargebackhit: ${messageOf(error)}` };
      }
      if (!isRecord(current) || !isRecord(current.alert)) return { kind: "unknown", message: "Chargebackhit answered without an alert." };
      const outcome = outcomeOf(current);
      if (!isFinalOutcome(outcome)) return { kind: "not_applied" };
      if (token(outcome) !== request.outcome) {
        // answered elsewhere (e.g. in Chargebackhit HUB): final either way, nothing may be sent again
        context.log("chargebackhit.outcome.answered_elsewhere", { alertId: request.alert.externalId, ours: request.outcome, theirs: outcome });
      }
      return { kind: "applied", inputs: appliedInputs(current, context) };
    },
  };
}

export const outcomes: ProviderOutcomes = createChargebackhitOutcomes();
