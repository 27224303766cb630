/**
 * ChargebackStop events → domain inputs. Pure: no I/O, never throws for any parsed event.
 * Vocabulary tables follow the digest's "Unknown / assumed" section (shared/providers/chargebackstop.md).
 */
import type { z } from "zod";
import {
  alertObjectSchema,
  enrolmentObjectSchema,
  fraudNotificationObjectSchema,
  lookupObjectSchema,
  parseProviderDate,
  representmentObjectSchema,
  schemeNoticeObjectSchema,
  type ChargebackStopEvent,
} from "@/lib/providers/chargebackstop/events";
import {
  parseWith,
  type AlertInput,
  type AlertKind,
  type AlertStatus,
  type DeflectionStatus,
  type DomainInput,
  type EnrolmentInput,
  type EnrolmentService,
  type EnrolmentStatus,
  type LookupInput,
  type LookupStatus,
  type MapResult,
  type ParseResult,
  type RepresentmentInput,
  type RepresentmentStage,
  type RepresentmentStatus,
  type SchemeNoticeInput,
  type SchemeNoticeType,
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
 * A plain-JSON copy safe to store: strings (keys too) cleaned, `__proto__` keys dropped (so a
 * later Object.assign/merge cannot swap a prototype), non-JSON values dropped (in objects) or
 * nulled (in arrays), non-finite numbers nulled. Anything nested deeper than MAX_JSON_DEPTH
 * becomes null, which also bounds the walk on cyclic input.
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

function cleanObject(value: unknown): Record<string, JsonValue> {
  const cleaned = cleanJson(value);
  return cleaned !== null && typeof cleaned === "object" && !Array.isArray(cleaned) ? cleaned : {};
}

/** A normalized optional text field: cleaned and trimmed; empty → null. */
function text(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const cleaned = cleanString(value).trim();
  return cleaned === "" ? null : cleaned;
}

/** Provider enum values compared in upper case with `-`/spaces as `_`. */
function token(value: string | null | undefined): string {
  return (text(value) ?? "").toUpperCase().replace(/[\s-]+/g, "_");
}

function currency(value: string | null | undefined): string | null {
  return text(value)?.toUpperCase() ?? null;
}

function minor(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) ? value : null;
}

function merchantIds(object: { merchant_id?: string | null; merchant_ids?: string[] | null }): string[] {
  const ids = [...(object.merchant_ids ?? []), object.merchant_id].map((id) => text(id)).filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

// ───────────────────────────── vocabularies ─────────────────────────────

function alertKind(enrolmentType: string | null | undefined): AlertKind {
  const t = token(enrolmentType);
  if (t === "ETHOCA_ALERT" || t === "ETHOCA") return "ETHOCA";
  if (t === "VERIFI_RDR" || t === "RDR") return "RDR";
  if (t === "VERIFI_CDRN" || t === "CDRN") return "CDRN";
  return "OTHER";
}

/**
 * ACTION_REQUIRED / RESOLVED / INVALID are the only documented alert statuses. Any other value is
 * normalized to INVALID: it is then never offered for action (acting on an alert the provider
 * does not call ACTION_REQUIRED would be refused anyway), and the provider's own string stays in
 * providerStatus so the UI can show it and a later mapping can fix it up.
 */
function alertStatus(status: string): AlertStatus {
  const t = token(status);
  if (t === "ACTION_REQUIRED" || t === "RESOLVED" || t === "INVALID") return t;
  return "INVALID";
}

function enrolmentService(type: string): EnrolmentService {
  const t = token(type);
  if (t === "ETHOCA_ALERT" || t === "ETHOCA") return "ETHOCA";
  if (t === "VERIFI_RDR" || t === "RDR") return "RDR";
  if (t === "VERIFI_ORDER_INSIGHT" || t === "ORDER_INSIGHT") return "ORDER_INSIGHT";
  if (t === "ETHOCA_CONSUMER_CLARITY" || t === "CONSUMER_CLARITY") return "CONSUMER_CLARITY";
  if (t.includes("CDRN")) return "CDRN";
  return "OTHER";
}

/** Documented: IN_PROGRESS, ENABLED, UNENROLLED. Unknown values read as "in progress" (digest). */
function enrolmentStatus(status: string): EnrolmentStatus {
  const t = token(status);
  if (t === "ENABLED") return "ENABLED";
  if (t === "UNENROLLED") return "UNENROLLED";
  if (t === "FAILED" || t === "REJECTED" || t === "ERROR") return "FAILED";
  if (t === "REQUESTED") return "REQUESTED";
  return "IN_PROGRESS";
}

function representmentStage(stage: string | null | undefined): RepresentmentStage {
  const t = token(stage);
  if (t === "INQUIRY" || t === "CHARGEBACK" || t === "PRE_ARBITRATION" || t === "ARBITRATION") return t;
  return "OTHER";
}

/** Seen: OPEN, LOST. The rest is a best-effort table; unknown values stay OPEN (needs a look). */
function representmentStatus(status: string): RepresentmentStatus {
  const t = token(status);
  if (t === "OPEN" || t === "NEEDS_RESPONSE") return "OPEN";
  if (t === "UNDER_REVIEW" || t === "SUBMITTED" || t === "PROCESSING") return "UNDER_REVIEW";
  if (t === "WON") return "WON";
  if (t === "LOST") return "LOST";
  if (t === "CLOSED" || t === "ACCEPTED") return "CLOSED";
  return "OPEN";
}

function schemeNoticeType(type: string | null | undefined): SchemeNoticeType {
  const t = token(type);
  if (t === "TC40" || t === "TC15" || t === "SAFE") return t;
  return "OTHER";
}

function lookupStatus(status: string | null | undefined): LookupStatus {
  const t = token(status);
  if (t === "PENDING" || t === "SUCCEEDED" || t === "FAILED" || t === "TIMEOUT") return t;
  return "PENDING";
}

function deflectionStatus(status: string | null | undefined): DeflectionStatus {
  const t = token(status);
  if (t === "NOT_ATTEMPTED" || t === "PENDING" || t === "SUCCEEDED" || t === "FAILED") return t;
  return "NOT_ATTEMPTED";
}

// ───────────────────────────── mapping ─────────────────────────────

type CommonObject = {
  id: string;
  organisation_id?: string | null;
  merchant_id?: string | null;
  merchant_ids?: string[] | null;
  created_at?: string | null;
  updated_at?: string | null;
};

function commonFields(event: ChargebackStopEvent, object: CommonObject) {
  return {
    externalId: cleanString(object.id),
    providerOrganisationId: text(object.organisation_id),
    providerMerchantIds: merchantIds(object),
    providerCreatedAt: parseProviderDate(object.created_at),
    providerUpdatedAt: parseProviderDate(object.updated_at),
    // The raw object as sent (not the schema output, which nulls mistyped optional fields).
    providerData: cleanObject(event.data.object),
    previousAttributes: event.data.previous_attributes ? cleanObject(event.data.previous_attributes) : null,
  };
}

/** Validates data.object against its type's schema, naming the object in the error. */
function objectOf<S extends z.ZodType>(schema: S, event: ChargebackStopEvent, label: string): ParseResult<z.output<S>> {
  const result = parseWith(schema, event.data.object);
  return result.ok ? result : { ok: false, error: `${label}: ${result.error}` };
}

function apply(input: DomainInput): ParseResult<MapResult> {
  return { ok: true, value: { kind: "apply", inputs: [input] } };
}

function mapAlert(event: ChargebackStopEvent): ParseResult<MapResult> {
  const parsed = objectOf(alertObjectSchema, event, "alert");
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const input: AlertInput = {
    entity: "alert",
    ...commonFields(event, o),
    fields: {
      kind: alertKind(o.enrolment_type),
      providerStatus: cleanString(o.status),
      status: alertStatus(o.status),
      deadlineAt: parseProviderDate(o.action_required_deadline),
      amountMinor: minor(o.transaction_amount_in_cents),
      currency: currency(o.transaction_currency_code),
      cardScheme: text(o.transaction_card_scheme),
      cardBin: text(o.transaction_card_bin),
      cardLast4: text(o.transaction_card_last4),
      cardIssuer: text(o.transaction_card_issuer),
      arn: text(o.transaction_acquirer_reference_number),
      authCode: text(o.transaction_authorisation_code),
      descriptor: text(o.transaction_statement_descriptor),
      networkTransactionId: text(o.transaction_network_id),
      merchantReference: text(o.integration_transaction_id),
      authorisedAt: parseProviderDate(o.transaction_authorised_at),
      reasonCode: text(o.chargeback_reason_code),
      refundOutcome: text(o.transaction_refund_outcome),
      cancelOutcome: text(o.subscription_cancel_outcome),
      providerOutcome: null,
      note: text(o.note),
    },
  };
  return apply(input);
}

function mapEnrolment(event: ChargebackStopEvent): ParseResult<MapResult> {
  const parsed = objectOf(enrolmentObjectSchema, event, "enrolment");
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  // When the reported status began: the object's updated_at, else its created_at, else the
  // event's created_at. Never "now": a redelivery days later must not move the history.
  const statusChangedAt = parseProviderDate(o.updated_at) ?? parseProviderDate(o.created_at) ?? parseProviderDate(event.created_at);
  if (!statusChangedAt) return { ok: false, error: "enrolment: no valid updated_at, created_at or event created_at" };
  const input: EnrolmentInput = {
    entity: "enrolment",
    ...commonFields(event, o),
    fields: {
      service: enrolmentService(o.type),
      providerType: cleanString(o.type),
      status: enrolmentStatus(o.status),
      providerStatus: cleanString(o.status),
      note: text(o.note),
    },
    statusChangedAt,
  };
  return apply(input);
}

function mapRepresentment(event: ChargebackStopEvent): ParseResult<MapResult> {
  const parsed = objectOf(representmentObjectSchema, event, "representment");
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const input: RepresentmentInput = {
    entity: "representment",
    ...commonFields(event, o),
    fields: {
      stage: representmentStage(o.dispute_stage),
      providerStage: text(o.dispute_stage),
      status: representmentStatus(o.dispute_status),
      providerStatus: cleanString(o.dispute_status),
      disputeStatus: text(o.dispute_status),
      reason: text(o.dispute_reason),
      reasonCode: text(o.dispute_reason_code),
      amountMinor: minor(o.dispute_amount_in_cents),
      currency: currency(o.dispute_currency_code),
      transactionAmountMinor: minor(o.transaction_amount_in_cents),
      transactionCurrency: currency(o.transaction_currency_code),
      cardScheme: text(o.dispute_schema),
      arn: text(o.transaction_acquirer_reference_number),
      serviceType: text(o.service_type),
      managedBy: text(o.managed_by),
      referenceId: text(o.dispute_reference_id),
      transactionReferenceId: text(o.transaction_reference_id),
      dueAt: parseProviderDate(o.dispute_due_by),
      disputedAt: parseProviderDate(o.disputed_at),
      transactionAuthorisedAt: parseProviderDate(o.transaction_authorisation_date),
      detailsPending: false,
    },
  };
  return apply(input);
}

function mapSchemeNotice(event: ChargebackStopEvent): ParseResult<MapResult> {
  const parsed = objectOf(schemeNoticeObjectSchema, event, "scheme_notice");
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const input: SchemeNoticeInput = {
    entity: "schemeNotice",
    ...commonFields(event, o),
    fields: {
      noticeType: schemeNoticeType(o.scheme_notice_type),
      providerType: cleanString(o.scheme_notice_type),
      category: text(o.notice_type),
      scheme: text(o.scheme),
      fraudType: text(o.fraud_type),
      disputeEligible: o.fraud_dispute_eligible ?? null,
      revoked: o.is_revoked === true,
      revokedAt: parseProviderDate(o.notice_revoked_at),
      reportedAt: parseProviderDate(o.fraud_reported_at),
      amountMinor: minor(o.transaction_amount_in_cents),
      currency: currency(o.transaction_currency_code),
      cardBin: text(o.transaction_card_bin),
      cardLast4: text(o.transaction_card_last4),
      arn: text(o.transaction_acquirer_reference_number),
      authCode: text(o.transaction_authorisation_code),
      merchantName: text(o.transaction_merchant_name),
      purchasedAt: parseProviderDate(o.transaction_purchase_date),
    },
  };
  return apply(input);
}

/**
 * Legacy `fraud_notification.created` → a scheme notice. Its type field is
 * `fraud_notification_type` (SAFE | TC40, seed 004): SAFE stays SAFE (a Mastercard notice must not
 * be filed as a Visa TC40); TC40, anything else or nothing → TC40. The scheme, when absent,
 * follows from the type (TC40 is Visa's, SAFE Mastercard's). Other fields are read under the
 * scheme-notice names with a few fallbacks; the raw object is kept as providerData.
 */
function mapFraudNotification(event: ChargebackStopEvent): ParseResult<MapResult> {
  const parsed = objectOf(fraudNotificationObjectSchema, event, "fraud_notification");
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const providerType = text(o.fraud_notification_type) ?? text(o.scheme_notice_type);
  const noticeType: SchemeNoticeType = token(providerType) === "SAFE" ? "SAFE" : "TC40";
  const input: SchemeNoticeInput = {
    entity: "schemeNotice",
    ...commonFields(event, o),
    fields: {
      noticeType,
      providerType: providerType ?? "fraud_notification",
      category: text(o.notice_type) ?? "FRAUD_NOTICE",
      scheme: text(o.scheme) ?? text(o.transaction_card_scheme) ?? (noticeType === "SAFE" ? "MASTERCARD" : "VISA"),
      fraudType: text(o.fraud_type),
      disputeEligible: o.fraud_dispute_eligible ?? null,
      revoked: o.is_revoked === true,
      revokedAt: parseProviderDate(o.notice_revoked_at),
      reportedAt: parseProviderDate(o.fraud_reported_at) ?? parseProviderDate(o.reported_at),
      amountMinor: minor(o.transaction_amount_in_cents),
      currency: currency(o.transaction_currency_code),
      cardBin: text(o.transaction_card_bin),
      cardLast4: text(o.transaction_card_last4),
      arn: text(o.transaction_acquirer_reference_number),
      authCode: text(o.transaction_authorisation_code),
      merchantName: text(o.transaction_merchant_name),
      purchasedAt:
        parseProviderDate(o.transaction_purchase_date) ?? parseProviderDate(o.transaction_original_date) ?? parseProviderDate(o.transaction_date),
    },
  };
  return apply(input);
}

function mapLookup(event: ChargebackStopEvent): ParseResult<MapResult> {
  const parsed = objectOf(lookupObjectSchema, event, "lookup");
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const input: LookupInput = {
    entity: "lookup",
    ...commonFields(event, o),
    fields: {
      lookupType: cleanString(o.type),
      lookupStatus: lookupStatus(o.lookup_status),
      deflectionStatus: deflectionStatus(o.deflection_status),
      parentExternalId: text(o.parent_lookup_id),
      enrolmentExternalId: text(o.enrollment_id) ?? text(o.enrolment_id),
      amountMinor: minor(o.transaction_amount),
      currency: currency(o.transaction_currency),
      cardBin: text(o.transaction_card_bin),
      cardLast4: text(o.transaction_card_last4),
      arn: text(o.transaction_arn),
      authCode: text(o.transaction_auth_code),
      descriptor: text(o.transaction_statement_descriptor),
      networkTransactionId: text(o.transaction_network_id),
      transactionAt: parseProviderDate(o.transaction_date),
    },
  };
  return apply(input);
}

const HANDLERS: Record<string, (event: ChargebackStopEvent) => ParseResult<MapResult>> = {
  "alert.created": mapAlert,
  "alert.updated": mapAlert,
  "enrolment.created": mapEnrolment,
  "enrolment.updated": mapEnrolment,
  "representment.created": mapRepresentment,
  "representment.updated": mapRepresentment,
  "scheme_notice.created": mapSchemeNotice,
  "scheme_notice.updated": mapSchemeNotice,
  "lookup.created": mapLookup,
  "lookup.updated": mapLookup,
  "fraud_notification.created": mapFraudNotification,
};

/** Maps one parsed event; unknown types are ignored (stored, answered 2xx, replayable later). */
export function mapEvent(event: ChargebackStopEvent): ParseResult<MapResult> {
  const handler = Object.hasOwn(HANDLERS, event.type) ? HANDLERS[event.type] : undefined;
  if (!handler) return { ok: true, value: { kind: "ignore", reason: `unhandled event type ${cleanString(event.type)}` } };
  try {
    return handler(event);
  } catch (error) {
    // Defensive: mapping is pure and should not throw; a bug here must not become a 500 loop.
    return { ok: false, error: `map failed: ${error instanceof Error ? error.message : "unknown error"}` };
  }
}
