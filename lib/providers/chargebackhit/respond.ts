/**
 * The merchant's answer to a Chargebackhit alert, sent in the HTTP response body of the webhook
 * (shared/providers/chargebackhit.md §3.3–3.4). Computed only from data already in our database
 * (`context.findTransaction`): no outbound call, no clock, no randomness, so the same event gets
 * the same answer (the pipeline also stores the first answer and replays it for duplicates).
 *
 * - `init-refund` → the organisation's auto-response rule's outcome when one decides within the
 *   budget (`context.decide`, e.g. `{"outcome":"reversed","order":{…,"refund":{…}}}`), otherwise
 *   `{"outcome":"pending"}`: a person (or the rule, through the outbox) answers later with
 *   update-outcome.
 * - `inquiry` (2-second budget) → `{"outcome":"acknowledged"}` plus `order`, `customer`,
 *   `transactions`, `products` when the transaction is found; just the outcome otherwise.
 * - everything else (resolved, prevented, fraud-notification, dispute-notification, unknown) →
 *   `{"outcome":"acknowledged"}`.
 *
 * A failing findTransaction is NOT swallowed: it runs inside the delivery's database transaction,
 * which is aborted by then anyway; the pipeline answers 5xx and Chargebackhit retries.
 */
import { minorToDecimal, parseProviderDate, readDetails, type ChargebackhitEvent } from "@/lib/providers/chargebackhit/events";
import { alertMoney, cleanString, text, token, transactionMoney } from "@/lib/providers/chargebackhit/map";
import type { ResponderContext, TransactionCriteria, TransactionFacts } from "@/lib/providers/types";

export type Outcome = string;

export type AnswerOrder = { order_id?: string; date?: string; amount?: string; currency?: string; refund?: { amount: string; currency: string } };
export type AnswerCustomer = Partial<Record<(typeof CUSTOMER_KEYS)[number], string>>;
export type AnswerTransaction = {
  transaction_merchant_id: string;
  date?: string;
  amount?: string;
  currency?: string;
  type: "sale";
  bin?: string;
  last_four?: string;
};
export type AnswerProduct = Partial<Record<(typeof PRODUCT_TEXT_KEYS)[number] | "quantity", string>>;

export type ChargebackhitAnswer = {
  outcome: Outcome;
  order?: AnswerOrder;
  customer?: AnswerCustomer;
  transactions?: AnswerTransaction[];
  products?: AnswerProduct[];
};

/** Customer keys passed through from the stored transaction (§3.4); anything else stays home. */
export const CUSTOMER_KEYS = ["customer_id", "first_name", "last_name", "email", "phone"] as const;
/** Product keys passed through (plus `quantity`, always sent as a string). */
export const PRODUCT_TEXT_KEYS = ["name", "sku", "description", "url"] as const;
export const MAX_PRODUCTS = 50;
const MAX_TEXT = 1000;

/** A stored JSON scalar as answer text: strings cleaned and trimmed, finite numbers as written; else null. */
function scalarText(value: unknown): string | null {
  if (typeof value === "string") {
    const t = text(value);
    return t === null ? null : t.slice(0, MAX_TEXT);
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The known customer keys of the stored JSON; null when none is usable. */
export function answerCustomer(stored: unknown): AnswerCustomer | null {
  if (!isRecord(stored)) return null;
  const out: AnswerCustomer = {};
  for (const key of CUSTOMER_KEYS) {
    const value = Object.hasOwn(stored, key) ? scalarText(stored[key]) : null;
    if (value !== null) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The known product keys of the stored JSON array (quantity as a string); null when none is usable. */
export function answerProducts(stored: unknown): AnswerProduct[] | null {
  if (!Array.isArray(stored)) return null;
  const out: AnswerProduct[] = [];
  for (const item of stored.slice(0, MAX_PRODUCTS)) {
    if (!isRecord(item)) continue;
    const product: AnswerProduct = {};
    for (const key of PRODUCT_TEXT_KEYS) {
      const value = Object.hasOwn(item, key) ? scalarText(item[key]) : null;
      if (value !== null) product[key] = value;
    }
    const quantity = Object.hasOwn(item, "quantity") ? scalarText(item.quantity) : null;
    if (quantity !== null) product.quantity = quantity;
    if (Object.keys(product).length > 0) out.push(product);
  }
  return out.length > 0 ? out : null;
}

function isoDate(value: unknown): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

/** The inquiry answer for a found transaction (shapes of §3.4; keys without a value are left out). */
export function inquiryAnswer(facts: TransactionFacts): ChargebackhitAnswer {
  const reference = cleanString(String(facts.merchantReference));
  const date = isoDate(facts.authorisedAt);
  const currency = typeof facts.currency === "string" ? cleanString(facts.currency).trim().toUpperCase() : "";
  const amount = currency ? minorToDecimal(facts.amountMinor, currency) : null;
  const money = amount !== null ? { amount, currency } : {};

  const order: AnswerOrder = { order_id: reference, ...(date ? { date } : {}), ...money };
  const transaction: AnswerTransaction = {
    transaction_merchant_id: reference,
    ...(date ? { date } : {}),
    ...money,
    // our transactions are the merchant's payments (refunds live inside them)
    type: "sale",
    ...(text(facts.cardBin) ? { bin: text(facts.cardBin)! } : {}),
    ...(text(facts.cardLast4) ? { last_four: text(facts.cardLast4)! } : {}),
  };
  const customer = answerCustomer(facts.customer);
  const products = answerProducts(facts.products);
  return {
    outcome: "acknowledged",
    order,
    ...(customer ? { customer } : {}),
    transactions: [transaction],
    ...(products ? { products } : {}),
  };
}

/** What we know about the alert's transaction, as lookup criteria. */
export function transactionCriteria(event: ChargebackhitEvent): TransactionCriteria {
  const details = readDetails(event);
  const t = details?.transaction;
  const money = details ? transactionMoney(details) : { amountMinor: null, currency: null };
  return {
    networkTransactionId: text(t?.transaction_id),
    merchantReference: text(t?.transaction_merchant_id),
    arn: text(t?.arn),
    cardLast4: text(t?.last_four),
    authCode: text(t?.auth_code),
    amountMinor: money.amountMinor,
    currency: money.currency,
    // the purchase date (the alert's own date is when the inquiry was made, not the sale)
    at: parseProviderDate(t?.date),
  };
}

const ACKNOWLEDGED: ChargebackhitAnswer = { outcome: "acknowledged" };

/** The response body for a verified, recorded delivery. */
export async function respond(event: ChargebackhitEvent, context: ResponderContext): Promise<ChargebackhitAnswer> {
  const type = token(typeof event?.alert?.type === "string" ? event.alert.type : null);
  if (type === "init-refund") {
    const decision = context.decide ? await context.decide() : null;
    return decision ? ruleAnswer(event, decision) : { outcome: "pending" };
  }
  if (type !== "inquiry") return { ...ACKNOWLEDGED };
  const facts = await context.findTransaction(transactionCriteria(event));
  return facts ? inquiryAnswer(facts) : { ...ACKNOWLEDGED };
}

/** An init-refund answered by a rule (§3.4): the outcome, the order id and, for a refund, the amount. */
export function ruleAnswer(event: ChargebackhitEvent, decision: { outcome: string; refunds: boolean }): ChargebackhitAnswer {
  const criteria = transactionCriteria(event);
  const details = readDetails(event);
  // the refund is the alert's amount (what the alert disputes), as on the alert row
  const money = details ? alertMoney(details) : { amountMinor: null, currency: null };
  const order: AnswerOrder = {};
  if (criteria.merchantReference) order.order_id = criteria.merchantReference;
  if (decision.refunds && money.amountMinor !== null && money.currency) {
    const amount = minorToDecimal(money.amountMinor, money.currency);
    if (amount !== null) order.refund = { amount, currency: money.currency };
  }
  return Object.keys(order).length > 0 ? { outcome: decision.outcome, order } : { outcome: decision.outcome };
}
