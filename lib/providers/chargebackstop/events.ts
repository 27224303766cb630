/**
 * ChargebackStop webhook payloads (seed 003; legacy `fraud_notification.created` from seed 004).
 *
 * Tolerant by design: objects are loose (unknown fields kept), only the fields the mapping cannot
 * do without are required, and optional fields of the wrong type read as null (`.catch(null)`)
 * instead of failing the delivery: the untouched object is kept as providerData anyway.
 * Enum-like fields are plain strings; map.ts normalizes them and maps unknown values to defaults.
 */
import { z } from "zod";

// ───────────────────────────── dates ─────────────────────────────

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses the provider's ISO-8601 strings. Some carry no offset (representment `disputed_at:
 * "2024-11-19T00:00:00"`): those are UTC, as is a bare date. Fractions beyond milliseconds are
 * truncated. Returns null for null, empty, non-ISO or impossible values (e.g. 30 February);
 * never uses the engine's lenient fallback parser.
 */
export function parseProviderDate(s: string | null | undefined): Date | null {
  if (typeof s !== "string") return null;
  const m = ISO_DATE_TIME.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", frac = "", , sign, oh = "0", om = "0"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const offset = sign ? (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) : 0;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  const date = new Date(time);
  // Date.UTC maps years 0–99 to 1900–1999; the provider never sends those.
  if (Number.isNaN(date.getTime()) || year < 1000) return null;
  return date;
}

// ───────────────────────────── field helpers ─────────────────────────────

/** A required id-like string: NULs removed (Postgres text rejects them), then non-empty. */
const requiredText = (max = 255) =>
  z
    .string()
    .transform((s) => s.replace(/\u0000/g, "").trim())
    .pipe(z.string().min(1).max(max));
/** Optional string; any other type reads as null. */
const optText = z.string().nullish().catch(null);
/** Optional integer amount in minor units (cents); any other value reads as null. */
const optMinor = z.number().int().nullish().catch(null);
const optBool = z.boolean().nullish().catch(null);
/** Optional JSON object (previous_attributes); anything else reads as null. */
const optRecord = z.record(z.string(), z.unknown()).nullish().catch(null);
const optTextList = z.array(z.string()).nullish().catch(null);

// ───────────────────────────── envelope ─────────────────────────────

/**
 * `{ id, type, created_at, api_version?, data: { object, previous_attributes? } }`. The object
 * stays raw here (loose, every key kept as sent) so an unknown event type still yields an
 * envelope; map.ts validates it against the schema of its type.
 */
export const chargebackStopEventSchema = z.looseObject({
  id: requiredText(),
  type: requiredText(120),
  created_at: optText,
  api_version: optText,
  data: z.looseObject({
    object: z.looseObject({}),
    previous_attributes: optRecord,
  }),
});
export type ChargebackStopEvent = z.output<typeof chargebackStopEventSchema>;

// ───────────────────────────── objects ─────────────────────────────

const common = {
  id: requiredText(),
  organisation_id: optText,
  merchant_id: optText,
  merchant_ids: optTextList,
  created_at: optText,
  updated_at: optText,
};

/** Alert (matches GET /v1/alerts/{id}). Status values: ACTION_REQUIRED, RESOLVED, INVALID. */
export const alertObjectSchema = z.looseObject({
  ...common,
  status: requiredText(120),
  note: optText,
  enrolment_type: optText,
  action_required_deadline: optText,
  alert_received_at: optText,
  transaction_amount_in_cents: optMinor,
  transaction_currency_code: optText,
  transaction_card_scheme: optText,
  transaction_card_bin: optText,
  transaction_card_last4: optText,
  transaction_card_issuer: optText,
  transaction_acquirer_reference_number: optText,
  transaction_authorisation_code: optText,
  transaction_statement_descriptor: optText,
  transaction_network_id: optText,
  transaction_authorised_at: optText,
  integration_id: optText,
  integration_transaction_id: optText,
  chargeback_reason_code: optText,
  transaction_refund_outcome: optText,
  subscription_cancel_outcome: optText,
});
export type AlertObject = z.output<typeof alertObjectSchema>;

/** Enrolment (v2: `merchant_ids`; v1: `merchant_id`). */
export const enrolmentObjectSchema = z.looseObject({
  ...common,
  type: requiredText(120),
  status: requiredText(120),
  note: optText,
});
export type EnrolmentObject = z.output<typeof enrolmentObjectSchema>;

/** Representment (webhook-only; some dates carry no offset). */
export const representmentObjectSchema = z.looseObject({
  ...common,
  dispute_status: requiredText(120),
  dispute_stage: optText,
  dispute_reason: optText,
  dispute_reason_code: optText,
  dispute_schema: optText,
  dispute_reference_id: optText,
  dispute_currency_code: optText,
  dispute_amount_in_cents: optMinor,
  dispute_due_by: optText,
  disputed_at: optText,
  managed_by: optText,
  service_type: optText,
  transaction_reference_id: optText,
  transaction_currency_code: optText,
  transaction_amount_in_cents: optMinor,
  transaction_authorisation_date: optText,
  transaction_acquirer_reference_number: optText,
});
export type RepresentmentObject = z.output<typeof representmentObjectSchema>;

/** Scheme notice: `scheme_notice_type` TC15 | TC40 | SAFE; `notice_type` FRAUD_NOTICE | DISPUTE_NOTICE. */
export const schemeNoticeObjectSchema = z.looseObject({
  ...common,
  scheme_notice_type: requiredText(120),
  notice_type: optText,
  scheme: optText,
  is_revoked: optBool,
  notice_revoked_at: optText,
  fraud_reported_at: optText,
  fraud_type: optText,
  fraud_dispute_eligible: optBool,
  transaction_amount_in_cents: optMinor,
  transaction_currency_code: optText,
  transaction_card_bin: optText,
  transaction_card_last4: optText,
  transaction_merchant_name: optText,
  transaction_merchant_id: optText,
  transaction_acquirer_reference_number: optText,
  transaction_authorisation_code: optText,
  transaction_original_date: optText,
  transaction_purchase_date: optText,
});
export type SchemeNoticeObject = z.output<typeof schemeNoticeObjectSchema>;

/**
 * Legacy fraud notification (deprecated, removal announced for 31 March 2026). Seed 004 keeps
 * only its field definitions (`fraud_notification_type`: SAFE | TC40, `fraud_type`), not a sample,
 * so every field but `id` is optional and we read the scheme-notice field names as a best guess.
 */
export const fraudNotificationObjectSchema = z.looseObject({
  ...common,
  fraud_notification_type: optText,
  scheme_notice_type: optText,
  notice_type: optText,
  scheme: optText,
  transaction_card_scheme: optText,
  is_revoked: optBool,
  notice_revoked_at: optText,
  fraud_reported_at: optText,
  reported_at: optText,
  fraud_type: optText,
  fraud_dispute_eligible: optBool,
  transaction_amount_in_cents: optMinor,
  transaction_currency_code: optText,
  transaction_card_bin: optText,
  transaction_card_last4: optText,
  transaction_merchant_name: optText,
  transaction_acquirer_reference_number: optText,
  transaction_authorisation_code: optText,
  transaction_purchase_date: optText,
  transaction_original_date: optText,
  transaction_date: optText,
});
export type FraudNotificationObject = z.output<typeof fraudNotificationObjectSchema>;

/** Lookup (digital receipts; same shape as GET /v1/lookups/{id}). Note `enrollment_id` (two l's). */
export const lookupObjectSchema = z.looseObject({
  ...common,
  type: requiredText(120),
  enrollment_id: optText,
  enrolment_id: optText,
  parent_lookup_id: optText,
  lookup_status: optText,
  deflection_status: optText,
  transaction_card_bin: optText,
  transaction_card_last4: optText,
  transaction_arn: optText,
  transaction_auth_code: optText,
  transaction_amount: optMinor,
  transaction_currency: optText,
  transaction_date: optText,
  transaction_statement_descriptor: optText,
  transaction_network_id: optText,
  integration_id: optText,
  integration_transaction_id: optText,
});
export type LookupObject = z.output<typeof lookupObjectSchema>;

/** The event types this provider sends (current ten + the legacy one). */
export const CHARGEBACKSTOP_EVENT_TYPES = [
  "alert.created",
  "alert.updated",
  "enrolment.created",
  "enrolment.updated",
  "representment.created",
  "representment.updated",
  "scheme_notice.created",
  "scheme_notice.updated",
  "lookup.created",
  "lookup.updated",
  "fraud_notification.created",
] as const;
export type ChargebackStopEventType = (typeof CHARGEBACKSTOP_EVENT_TYPES)[number];
