/**
 * Chargebackhit alert webhooks → domain inputs. Pure: no I/O, never throws for a parsed event.
 *
 * One body shape for every `alert.type` (shared/providers/chargebackhit.md §3.3):
 *   init-refund, resolved            → alert (Resolve: Ethoca / CDRN refund request, RDR auto-refund)
 *   inquiry, prevented               → lookup (Prevent: Order Insight, Consumer Clarity, CE 3.0)
 *   fraud-notification               → scheme notice (Inform: TC40 / SAFE)
 *   dispute-notification             → representment (Inform: a chargeback was filed)
 *   anything else                    → ignored (stored, answered 2xx, replayable later)
 *
 * externalId is always `alert.id` (unique per table and provider). Chargebackhit sends no
 * `updated_at`, so providerUpdatedAt is null and the pipeline applies every NEW event (dedupe on
 * alert id + type already drops repeats): a later event for the same alert overwrites the row.
 */
import {
  parseProviderDate,
  decimalToMinor,
  readDetails,
  type ChargebackhitAlert,
  type ChargebackhitDetails,
  type ChargebackhitEvent,
  type ChargebackhitTransaction,
} from "@/lib/providers/chargebackhit/events";
import type {
  AlertInput,
  AlertKind,
  AlertStatus,
  DomainInput,
  LookupInput,
  MapResult,
  ParseResult,
  RepresentmentInput,
  SchemeNoticeInput,
  SchemeNoticeType,
} from "@/lib/providers/types";

// ───────────────────────────── cleaning ─────────────────────────────

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Nesting cap for cleanJson (the pipeline already rejects documents deeper than 64). */
export const MAX_JSON_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes a string safe for Postgres text/jsonb: drops U+0000 (rejected by both) and replaces lone
 * UTF-16 surrogates (which `JSON.parse` accepts from `\ud800` escapes but jsonb refuses) with U+FFFD.
 */
export function cleanString(s: string): string {
  return s.replace(/\u0000/g, "").replace(LONE_SURROGATE, "\uFFFD");
}

/**
 * A plain-JSON copy safe to store: strings (keys too) cleaned, `__proto__` keys dropped, non-JSON
 * values dropped (in objects) or nulled (in arrays), non-finite numbers nulled; anything nested
 * deeper than MAX_JSON_DEPTH becomes null (which also bounds the walk on cyclic input).
 */
export function cleanJson(value: unknown, depth = 0): JsonValue {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      return cleanString(value);
    case "number":
      return Number.isFinite(value) ? value : null;
    case "boolean":
      return value;
    case "object":
      break;
    default:
      return null;
  }
  if (depth >= MAX_JSON_DEPTH) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, depth + 1));
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    const cleanKey = cleanString(key);
    if (cleanKey === "__proto__") continue;
    out[cleanKey] = cleanJson(item, depth + 1);
  }
  return out;
}

export function cleanObject(value: unknown): Record<string, JsonValue> {
  const cleaned = cleanJson(value);
  return cleaned !== null && typeof cleaned === "object" && !Array.isArray(cleaned) ? cleaned : {};
}

/** A normalized optional text field: cleaned and trimmed; empty → null. */
export function text(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const cleaned = cleanString(value).trim();
  return cleaned === "" ? null : cleaned;
}

/** Provider enum values compared in lower case with spaces/underscores as `-`. */
export function token(value: string | null | undefined): string {
  return (text(value) ?? "").toLowerCase().replace(/[\s_]+/g, "-");
}

/** A 3-letter currency code in upper case, else null. */
export function currencyCode(value: string | null | undefined): string | null {
  const t = text(value)?.toUpperCase() ?? null;
  return t !== null && /^[A-Z]{3}$/.test(t) ? t : null;
}

export type Money = { amountMinor: number | null; currency: string | null };

/**
 * Amount + currency → minor units. An amount without a valid currency is dropped with it
 * (minor units mean nothing without the currency's exponent); a malformed amount keeps the
 * currency and reads as null.
 */
export function money(amount: string | null | undefined, currency: string | null | undefined): Money {
  const code = currencyCode(currency);
  const value = text(amount);
  if (code === null) return { amountMinor: null, currency: null };
  return { amountMinor: value === null ? null : decimalToMinor(value, code), currency: code };
}

/** The alert's own amount, else the transaction's (as one pair: never one's amount with the other's currency). */
export function alertMoney(details: ChargebackhitDetails): Money {
  const own = money(details.alert.amount, details.alert.currency);
  if (own.amountMinor !== null) return own;
  const fromTransaction = money(details.transaction?.amount, details.transaction?.currency);
  return fromTransaction.amountMinor !== null ? fromTransaction : own;
}

/** The transaction's own amount, else the alert's. */
export function transactionMoney(details: ChargebackhitDetails): Money {
  const own = money(details.transaction?.amount, details.transaction?.currency);
  if (own.amountMinor !== null) return own;
  const fromAlert = money(details.alert.amount, details.alert.currency);
  return fromAlert.amountMinor !== null ? fromAlert : own;
}

// ───────────────────────────── vocabularies ─────────────────────────────

const HOUR_MS = 3_600_000;
/** Card-network answer windows for `init-refund` (DESIGN.md "Deadlines"). */
export const DEADLINE_HOURS: Partial<Record<AlertKind, number>> = { ETHOCA: 24, CDRN: 72 };

function kindOf(value: string | null | undefined): AlertKind | null {
  const t = token(value);
  if (t === "") return null;
  if (t.includes("ethoca")) return "ETHOCA";
  if (t.includes("cdrn")) return "CDRN";
  if (t.includes("rdr")) return "RDR";
  return null;
}

/**
 * The alert kind: `alert.product` first (ethoca | cdrn | rdr), then `alert.provider` (ethoca;
 * "verifi" alone names two products and decides nothing), then the type (`resolved` is RDR's),
 * else OTHER.
 */
export function alertKind(alert: ChargebackhitAlert): AlertKind {
  return kindOf(alert.product) ?? kindOf(alert.provider) ?? (token(alert.type) === "resolved" ? "RDR" : "OTHER");
}

/** An answered outcome: anything but empty/null and `pending`. */
export function isFinalOutcome(outcome: string | null | undefined): boolean {
  const t = token(outcome);
  return t !== "" && t !== "pending";
}

/** DESIGN.md: init-refund unanswered or `pending` → ACTION_REQUIRED, a final outcome → RESOLVED; resolved (RDR) → RESOLVED. */
function alertStatus(alert: ChargebackhitAlert): AlertStatus {
  if (token(alert.type) === "resolved") return "RESOLVED";
  return isFinalOutcome(alert.outcome) ? "RESOLVED" : "ACTION_REQUIRED";
}

/** alert.date + 24 h (Ethoca) / 72 h (CDRN); null for other kinds or without a valid date. */
export function alertDeadline(kind: AlertKind, alertDate: Date | null): Date | null {
  const hours = DEADLINE_HOURS[kind];
  if (hours === undefined || alertDate === null) return null;
  return new Date(alertDate.getTime() + hours * HOUR_MS);
}

function cardScheme(transaction: ChargebackhitTransaction | null | undefined): string | null {
  return text(transaction?.card_brand)?.toUpperCase() ?? null;
}

/**
 * TC40 (Visa) unless the product or provider names SAFE or Mastercard; when neither names a
 * scheme either way, a Mastercard card brand also means SAFE.
 */
function noticeType(details: ChargebackhitDetails): SchemeNoticeType {
  const hints = [token(details.alert.product), token(details.alert.provider)];
  if (hints.some((h) => h.includes("safe") || h.includes("mastercard"))) return "SAFE";
  if (hints.some((h) => h.includes("tc40") || h.includes("visa"))) return "TC40";
  return token(details.transaction?.card_brand).includes("mastercard") ? "SAFE" : "TC40";
}

// ───────────────────────────── mapping ─────────────────────────────

function common(event: ChargebackhitEvent, details: ChargebackhitDetails) {
  const merchantId = text(details.merchant?.id);
  return {
    externalId: cleanString(details.alert.id),
    providerOrganisationId: null,
    providerMerchantIds: merchantId ? [merchantId] : [],
    providerCreatedAt: parseProviderDate(details.alert.date),
    providerUpdatedAt: null,
    // The body as sent (not the typed view, which nulls mistyped optional fields).
    providerData: cleanObject(event),
    previousAttributes: null,
  };
}

function descriptorOf(details: ChargebackhitDetails): string | null {
  return text(details.alert.descriptor) ?? text(details.merchant?.descriptor);
}

function apply(input: DomainInput): ParseResult<MapResult> {
  return { ok: true, value: { kind: "apply", inputs: [input] } };
}

function mapAlert(event: ChargebackhitEvent, details: ChargebackhitDetails): ParseResult<MapResult> {
  const { alert, transaction: t } = details;
  const kind = alertKind(alert);
  const { amountMinor, currency } = alertMoney(details);
  const input: AlertInput = {
    entity: "alert",
    ...common(event, details),
    fields: {
      kind,
      providerStatus: cleanString(alert.type),
      status: alertStatus(alert),
      deadlineAt: alertDeadline(kind, parseProviderDate(alert.date)),
      amountMinor,
      currency,
      cardScheme: cardScheme(t),
      // transaction.bin is the card's; alert.acquirer_bin is the acquirer's and never a card BIN
      cardBin: text(t?.bin),
      cardLast4: text(t?.last_four),
      cardIssuer: null,
      arn: text(t?.arn),
      authCode: text(t?.auth_code),
      descriptor: descriptorOf(details),
      networkTransactionId: text(t?.transaction_id),
      merchantReference: text(t?.transaction_merchant_id),
      authorisedAt: parseProviderDate(t?.date),
      reasonCode: text(alert.reason_code),
      refundOutcome: null,
      cancelOutcome: null,
      providerOutcome: text(alert.outcome),
      note: null,
    },
  };
  return apply(input);
}

/**
 * inquiry / prevented → lookup. We answer an inquiry synchronously in the HTTP response, so the
 * lookup itself SUCCEEDED for both; deflection: `prevented` says the dispute was deflected
 * (SUCCEEDED), an `inquiry` is only a data request (NOT_ATTEMPTED).
 */
function mapLookup(event: ChargebackhitEvent, details: ChargebackhitDetails): ParseResult<MapResult> {
  const { alert, transaction: t } = details;
  const { amountMinor, currency } = alertMoney(details);
  const input: LookupInput = {
    entity: "lookup",
    ...common(event, details),
    fields: {
      lookupType: cleanString(alert.type),
      lookupStatus: "SUCCEEDED",
      deflectionStatus: token(alert.type) === "prevented" ? "SUCCEEDED" : "NOT_ATTEMPTED",
      parentExternalId: null,
      enrolmentExternalId: null,
      amountMinor,
      currency,
      cardBin: text(t?.bin),
      cardLast4: text(t?.last_four),
      arn: text(t?.arn),
      authCode: text(t?.auth_code),
      descriptor: descriptorOf(details),
      networkTransactionId: text(t?.transaction_id),
      transactionAt: parseProviderDate(t?.date),
    },
  };
  return apply(input);
}

function mapSchemeNotice(event: ChargebackhitEvent, details: ChargebackhitDetails): ParseResult<MapResult> {
  const { alert, transaction: t } = details;
  const type = noticeType(details);
  const { amountMinor, currency } = alertMoney(details);
  const input: SchemeNoticeInput = {
    entity: "schemeNotice",
    ...common(event, details),
    fields: {
      noticeType: type,
      providerType: cleanString(alert.type),
      category: "FRAUD_NOTICE",
      scheme: cardScheme(t) ?? (type === "SAFE" ? "MASTERCARD" : "VISA"),
      // best guess: the fraud type code (TC40/SAFE) travels as reason_code, its family as reason_group
      fraudType: text(alert.reason_code) ?? text(alert.reason_group),
      disputeEligible: null,
      revoked: false,
      revokedAt: null,
      reportedAt: parseProviderDate(alert.date),
      amountMinor,
      currency,
      cardBin: text(t?.bin),
      cardLast4: text(t?.last_four),
      arn: text(t?.arn),
      authCode: text(t?.auth_code),
      merchantName: text(details.merchant?.name),
      purchasedAt: parseProviderDate(t?.date),
    },
  };
  return apply(input);
}

function mapRepresentment(event: ChargebackhitEvent, details: ChargebackhitDetails): ParseResult<MapResult> {
  const { alert, transaction: t } = details;
  const disputed = alertMoney(details);
  const original = money(t?.amount, t?.currency);
  const input: RepresentmentInput = {
    entity: "representment",
    ...common(event, details),
    fields: {
      stage: "CHARGEBACK",
      providerStage: null,
      status: "OPEN",
      providerStatus: cleanString(alert.type),
      disputeStatus: null,
      reason: text(alert.reason_group),
      reasonCode: text(alert.reason_code),
      amountMinor: disputed.amountMinor,
      currency: disputed.currency,
      transactionAmountMinor: original.amountMinor,
      transactionCurrency: original.amountMinor === null ? null : original.currency,
      cardScheme: cardScheme(t),
      arn: text(t?.arn),
      serviceType: null,
      managedBy: null,
      referenceId: null,
      transactionReferenceId: text(t?.transaction_merchant_id),
      dueAt: null,
      disputedAt: parseProviderDate(alert.date),
      transactionAuthorisedAt: parseProviderDate(t?.date),
      detailsPending: false,
    },
  };
  return apply(input);
}

type Handler = (event: ChargebackhitEvent, details: ChargebackhitDetails) => ParseResult<MapResult>;

const HANDLERS: Record<string, Handler> = {
  "init-refund": mapAlert,
  resolved: mapAlert,
  inquiry: mapLookup,
  prevented: mapLookup,
  "fraud-notification": mapSchemeNotice,
  "dispute-notification": mapRepresentment,
};

/** Maps one parsed event; unknown alert types are ignored. */
export function mapEvent(event: ChargebackhitEvent): ParseResult<MapResult> {
  try {
    const id = typeof event?.alert?.id === "string" ? text(event.alert.id) : null;
    const type = typeof event?.alert?.type === "string" ? text(event.alert.type) : null;
    if (!id) return { ok: false, error: "alert.id: missing" };
    if (!type) return { ok: false, error: "alert.type: missing" };
    // "init_refund" / "Init-Refund" are read as "init-refund"; providerStatus keeps the value as sent
    const key = token(type);
    const handler = Object.hasOwn(HANDLERS, key) ? HANDLERS[key] : undefined;
    if (!handler) return { ok: true, value: { kind: "ignore", reason: `unhandled alert type ${type.slice(0, 120)}` } };
    const details = readDetails(event);
    if (!details) return { ok: false, error: "alert: unreadable" };
    return handler(event, details);
  } catch (error) {
    // Defensive: mapping is pure and should not throw; a bug here must not become a 500 loop.
    return { ok: false, error: `map failed: ${error instanceof Error ? error.message : "unknown error"}` };
  }
}
