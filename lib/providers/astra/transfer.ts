/**
 * GET /v1/transfers/{id} → the full representment for one chargeback.
 *
 * ASSUMPTIONS (Astra does not publicly document the chargeback fields of a transfer; the lead
 * copies this block into the README):
 * 1. Where the chargeback is. Either (a) a list on the transfer, `chargebacks: [{ id, ... }]`
 *    (also accepted: `chargeback: { id, ... }` or `chargeback: [...]`; element id under `id` or
 *    `chargeback_id`), matched by the webhook's `resource_id` (exact string; numeric ids compared as
 *    their decimal string); or (b) flat on the transfer: `action_status` (the one field the docs
 *    name: "the chargeback status is the transfer's action_status"), optional `dispute_status`,
 *    `chargeback_id`, `chargeback_amount`. A list match wins; a non-empty list without a match
 *    means "not found"; without a list, the flat fields are used when the transfer has an
 *    `action_status` and no `chargeback_id` naming ANOTHER chargeback. Otherwise the chargeback is
 *    "not found" (the task retries: the transfer may lag behind the webhook).
 *    Fields missing on a list element fall back to the transfer's own (`action_status`,
 *    `dispute_status`, `currency`).
 * 2. Status: `action_status`, compared case-insensitively after trimming, with runs of spaces and
 *    dashes (incl. en/em dashes) around a `-` normalised to " - ":
 *      "Representment - Merchant Paid" → WON; "Representment…" (other) → UNDER_REVIEW;
 *      "Documentation received" → UNDER_REVIEW; "Closed - 2nd Chargeback…" → LOST;
 *      "Closed" (and other "Closed…") → CLOSED; "Open…", "Adjustment…" → OPEN;
 *      anything else → OPEN. providerStatus keeps Astra's string verbatim ("unknown" when absent).
 *    `dispute_status` (Not Disputed / Open / Won / Lost; field name assumed, absence tolerated) is
 *    kept verbatim in disputeStatus and does not change `status`.
 * 3. Amounts: decimal dollars (number or string, e.g. 12.34 or "12.34"), converted to integer cents
 *    exactly through the decimal text (no float arithmetic); more than two non-zero decimals,
 *    exponent notation, or anything non-numeric → null. The sign is dropped (a chargeback amount is
 *    a magnitude). Chargeback amount: the element's `amount` (list) or the transfer's
 *    `chargeback_amount` (flat); when neither exists, the transfer's `amount` (a chargeback
 *    normally reverses the whole transfer). transactionAmountMinor = the transfer's `amount`.
 * 4. Currency: a 3-letter `currency` on the element or transfer, upper-cased; otherwise USD (Astra
 *    is US-only).
 * 5. Dates (ISO-8601; no offset = UTC; numbers = Unix seconds/ms): chargeback created from
 *    `created_at` | `created` | `date_created` | `chargeback_date` (element), or
 *    `chargeback_created_at` | `chargeback_date` (flat) → providerCreatedAt and disputedAt;
 *    due date from `due_date` | `due_at` | `respond_by` (element) or `chargeback_due_date` (flat);
 *    the transfer's `created_at` | `created` | `date_created` → transactionAuthorisedAt.
 * 6. providerUpdatedAt: the latest of the transfer's `updated_at` | `updated` | `last_updated` |
 *    `date_updated` and the element's `updated_at` | `updated` | `last_updated`; when none exists,
 *    `fetchedAt` (so a later fetch always wins the order-safe upsert).
 * 7. Element: reason `reason` | `chargeback_reason`, code `reason_code` | `chargeback_reason_code`,
 *    reference `reference_id` | `case_number`; flat: `chargeback_reason`, `chargeback_reason_code`,
 *    `chargeback_reference_id` | `case_number`. Card scheme `card_network` | `card_brand` (element,
 *    else transfer). ARN, service type, managed-by: null. stage CHARGEBACK, providerStage null;
 *    transactionReferenceId = the transfer id.
 * 8. providerData = the whole transfer, cleaned (raw object kept); detailsPending false; not partial.
 */
import { cleanObject, isRecord, parseProviderDate, text } from "@/lib/providers/astra/util";
import type { ParseResult, RepresentmentInput, RepresentmentStatus } from "@/lib/providers/types";

export const DEFAULT_CURRENCY = "USD";
export const UNKNOWN_PROVIDER_STATUS = "unknown";

type Obj = Record<string, unknown>;

/** First non-null value of `keys` on `o`, read with `read`. */
function pick<T>(o: Obj | null, keys: readonly string[], read: (v: unknown) => T | null): T | null {
  if (!o) return null;
  for (const key of keys) {
    if (!Object.hasOwn(o, key)) continue;
    const value = read(o[key]);
    if (value !== null) return value;
  }
  return null;
}

/**
 * Decimal dollars → integer cents, exactly (via the decimal text, never float arithmetic).
 * Accepts a finite number or a string like "12", "12.3", "-12.34", "12.340". Returns the magnitude;
 * null for more than two non-zero decimals, exponents, separators or non-numeric input.
 */
export function dollarsToMinor(value: unknown): number | null {
  let s: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    s = String(value);
  } else if (typeof value === "string") {
    s = value.trim();
  } else {
    return null;
  }
  const m = /^[-+]?(\d{1,15})(?:\.(\d{1,20}))?$/.exec(s);
  if (!m) return null;
  const whole = m[1] ?? "0";
  const frac = m[2] ?? "";
  if (/[^0]/.test(frac.slice(2))) return null;
  const cents = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
  return cents <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cents) : null;
}

function currencyCode(value: unknown): string | null {
  const t = text(value);
  return t && /^[A-Za-z]{3}$/.test(t) ? t.toUpperCase() : null;
}

function normalizeStatus(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/\s*[-\u2013\u2014]+\s*/g, " - ")
    .replace(/\s+/g, " ");
}

/** Astra `action_status` → our status (see assumption 2). */
export function chargebackStatus(actionStatus: string | null): RepresentmentStatus {
  if (actionStatus === null) return "OPEN";
  const k = normalizeStatus(actionStatus);
  if (k === "representment - merchant paid") return "WON";
  if (k.startsWith("closed - 2nd chargeback") || k.startsWith("closed - second chargeback")) return "LOST";
  if (k.startsWith("closed")) return "CLOSED";
  if (k.startsWith("representment")) return "UNDER_REVIEW";
  if (k.startsWith("documentation received")) return "UNDER_REVIEW";
  // "Open…", "Adjustment…" and anything unknown: still open (needs a look).
  return "OPEN";
}

const ELEMENT_ID_KEYS = ["id", "chargeback_id"] as const;

function chargebackList(transfer: Obj): Obj[] {
  const out: Obj[] = [];
  for (const key of ["chargebacks", "chargeback"]) {
    const value = transfer[key];
    if (Array.isArray(value)) out.push(...value.filter(isRecord));
    else if (isRecord(value)) out.push(value);
  }
  return out;
}

export type ChargebackLocation = { shape: "list"; element: Obj } | { shape: "flat" };

/** Finds the chargeback on a transfer (assumption 1); null when it is not there. */
export function locateChargeback(transfer: Obj, chargebackId: string): ChargebackLocation | null {
  const wanted = chargebackId.trim();
  const list = chargebackList(transfer);
  const element = list.find((e) => pick(e, ELEMENT_ID_KEYS, text) === wanted);
  if (element) return { shape: "list", element };
  // A transfer that lists its chargebacks but not this one: its flat fields describe another.
  if (list.length > 0) return null;
  const flatStatus = text(transfer.action_status);
  const flatId = text(transfer.chargeback_id);
  if (flatStatus !== null && (flatId === null || flatId === wanted)) return { shape: "flat" };
  return null;
}

function latest(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d.getTime() > best.getTime())) best = d;
  return best;
}

export type TransferChargebackResult =
  | { ok: true; value: RepresentmentInput }
  | { ok: false; reason: "not_an_object" | "chargeback_not_found"; error: string };

/** Like parseTransferChargeback, with a machine-readable failure reason (the task retries "not found"). */
export function readTransferChargeback(transfer: unknown, chargebackId: string, fetchedAt: Date): TransferChargebackResult {
  if (!isRecord(transfer)) return { ok: false, reason: "not_an_object", error: "transfer: not a JSON object" };
  const id = chargebackId.trim();
  if (id === "") return { ok: false, reason: "chargeback_not_found", error: "chargeback id is empty" };
  const transferId = text(transfer.id);
  const location = locateChargeback(transfer, id);
  if (!location) {
    return { ok: false, reason: "chargeback_not_found", error: `chargeback ${id} not found on transfer ${transferId ?? "(no id)"}` };
  }
  const el: Obj | null = location.shape === "list" ? location.element : null;
  const flat = location.shape === "flat";
  /** element first, then the transfer (for fields that can live on either). */
  const either = <T>(keys: readonly string[], read: (v: unknown) => T | null): T | null => pick(el, keys, read) ?? pick(transfer, keys, read);

  const actionStatus = either(["action_status"], text);
  const transferAmount = dollarsToMinor(transfer.amount);
  const chargebackAmount = (el ? pick(el, ["amount", "chargeback_amount"], dollarsToMinor) : pick(transfer, ["chargeback_amount"], dollarsToMinor)) ?? transferAmount;
  const currency = either(["currency", "currency_code"], currencyCode) ?? DEFAULT_CURRENCY;
  const transferCurrency = pick(transfer, ["currency", "currency_code"], currencyCode) ?? DEFAULT_CURRENCY;

  const createdAt = el
    ? pick(el, ["created_at", "created", "date_created", "chargeback_date"], parseProviderDate)
    : pick(transfer, ["chargeback_created_at", "chargeback_date"], parseProviderDate);
  const transferUpdated = pick(transfer, ["updated_at", "updated", "last_updated", "date_updated"], parseProviderDate);
  const elementUpdated = pick(el, ["updated_at", "updated", "last_updated"], parseProviderDate);
  const onElementOrFlat = <T>(elementKeys: readonly string[], flatKeys: readonly string[], read: (v: unknown) => T | null): T | null =>
    flat ? pick(transfer, flatKeys, read) : pick(el, elementKeys, read);

  const input: RepresentmentInput = {
    entity: "representment",
    externalId: id,
    providerOrganisationId: null,
    providerMerchantIds: [],
    providerCreatedAt: createdAt,
    providerUpdatedAt: latest([transferUpdated, elementUpdated]) ?? fetchedAt,
    providerData: cleanObject(transfer),
    previousAttributes: null,
    fields: {
      stage: "CHARGEBACK",
      providerStage: null,
      status: chargebackStatus(actionStatus),
      providerStatus: actionStatus ?? UNKNOWN_PROVIDER_STATUS,
      disputeStatus: either(["dispute_status"], text),
      reason: onElementOrFlat(["reason", "chargeback_reason"], ["chargeback_reason"], text),
      reasonCode: onElementOrFlat(["reason_code", "chargeback_reason_code"], ["chargeback_reason_code"], text),
      amountMinor: chargebackAmount,
      currency,
      transactionAmountMinor: transferAmount,
      transactionCurrency: transferAmount === null ? null : transferCurrency,
      cardScheme: either(["card_network", "card_brand"], text),
      arn: null,
      serviceType: null,
      managedBy: null,
      referenceId: onElementOrFlat(["reference_id", "case_number"], ["chargeback_reference_id", "case_number"], text),
      transactionReferenceId: transferId,
      dueAt: onElementOrFlat(["due_date", "due_at", "respond_by"], ["chargeback_due_date"], parseProviderDate),
      disputedAt: createdAt,
      transactionAuthorisedAt: pick(transfer, ["created_at", "created", "date_created"], parseProviderDate),
      detailsPending: false,
    },
  };
  return { ok: true, value: input };
}

/** The chargeback `chargebackId` of a fetched transfer as a full representment input (see ASSUMPTIONS). */
export function parseTransferChargeback(transfer: unknown, chargebackId: string, fetchedAt: Date): ParseResult<RepresentmentInput> {
  try {
    const result = readTransferChargeback(transfer, chargebackId, fetchedAt);
    return result.ok ? result : { ok: false, error: result.error };
  } catch (error) {
    return { ok: false, error: `transfer parse failed: ${error instanceof Error ? error.message : "unknown error"}` };
  }
}
