/**
 * Chargebackhit alert webhook body (`SchemaWebhookAlert`, shared/providers/chargebackhit.md §3.2):
 * `{ alert: {...}, transaction?: {...}, merchant?: {...} }`, one shape for every alert type.
 *
 * Tolerant by design (the provider calls new fields and new event types non-breaking): objects
 * are loose (unknown keys kept), only `alert.id` and `alert.type` are required, every other field
 * is optional and a value of the wrong type reads as null (`.catch(null)`) instead of failing the
 * delivery; the untouched body is kept as providerData anyway. Enum-like fields (type, product,
 * provider, outcome, reason_group…) are plain strings: map.ts normalizes them.
 *
 * Also here: exact decimal ↔ minor-unit conversion (amounts are decimal strings in MAJOR units,
 * "49.99") and a strict ISO-8601 parser (no offset = UTC).
 */
import { z } from "zod";

// ───────────────────────────── dates ─────────────────────────────

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses the provider's ISO-8601 strings (`2024-01-15T10:30:00Z`). A value without an offset is
 * UTC, as is a bare date. Fractions beyond milliseconds are truncated. Returns null for null,
 * empty, non-ISO or impossible values (30 February, 24:00); never uses the engine's lenient parser.
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

// ───────────────────────────── money ─────────────────────────────

// Money conversions are shared by every provider (ISO 4217 minor units): lib/money.ts.
export { currencyExponent, decimalToMinor, minorToDecimal } from "@/lib/money";

// ───────────────────────────── field helpers ─────────────────────────────

/** A required id-like string: NULs removed (Postgres text rejects them), trimmed, then non-empty. */
const requiredText = (max = 255) =>
  z
    .string()
    .transform((s) => s.replace(/\u0000/g, "").trim())
    .pipe(z.string().min(1).max(max));
/** Optional string; any other type reads as null. */
const optText = z.string().nullish().catch(null);
/**
 * Optional amount: the documented decimal string, or a JSON number (tolerated: read back with
 * `String()`, i.e. the shortest text that round-trips, "49.99"); anything else reads as null.
 */
const optAmount = z
  .union([z.string(), z.number().transform((n) => String(n))])
  .nullish()
  .catch(null);

// ───────────────────────────── body ─────────────────────────────

export const alertSchema = z.looseObject({
  /** UUID; also the path parameter of update-outcome */
  id: requiredText(),
  /** init-refund | resolved | inquiry | prevented | fraud-notification | dispute-notification | (new types) */
  type: requiredText(120),
  card_acceptor_id: optText,
  date: optText,
  /** ethoca | verifi | … */
  provider: optText,
  /** ethoca | rdr | cdrn | oi | … */
  product: optText,
  /** empty (or null) until answered */
  outcome: optText,
  /** the ACQUIRER's BIN (not the card's) */
  acquirer_bin: optText,
  amount: optAmount,
  currency: optText,
  mcc: optText,
  descriptor: optText,
  reason_group: optText,
  reason_code: optText,
});
export type ChargebackhitAlert = z.output<typeof alertSchema>;

export const transactionSchema = z.looseObject({
  /** the merchant's own order / transaction id */
  transaction_merchant_id: optText,
  /** network transaction id */
  transaction_id: optText,
  date: optText,
  amount: optAmount,
  currency: optText,
  type: optText,
  card_brand: optText,
  bin: optText,
  last_four: optText,
  auth_code: optText,
  arn: optText,
});
export type ChargebackhitTransaction = z.output<typeof transactionSchema>;

export const merchantSchema = z.looseObject({
  /** Chargebackhit merchant UUID */
  id: optText,
  /** the merchant's own MID label */
  internal_id: optText,
  descriptor: optText,
  name: optText,
});
export type ChargebackhitMerchant = z.output<typeof merchantSchema>;

/**
 * What `parse` returns: only `alert.id` and `alert.type` are checked (and cleaned); every other
 * key stays exactly as sent, so providerData is the body as received. map.ts and respond.ts read
 * the typed fields through `readDetails`.
 */
export const chargebackhitEventSchema = z.looseObject({
  alert: z.looseObject({ id: requiredText(), type: requiredText(120) }),
});
export type ChargebackhitEvent = z.output<typeof chargebackhitEventSchema>;

/** The typed view of a delivery (mistyped optional fields read as null). */
export const chargebackhitDetailsSchema = z.looseObject({
  alert: alertSchema,
  transaction: transactionSchema.nullish().catch(null),
  merchant: merchantSchema.nullish().catch(null),
});
export type ChargebackhitDetails = z.output<typeof chargebackhitDetailsSchema>;

/** Reads the typed view of a parsed event; null only if `alert` itself is unusable. */
export function readDetails(event: ChargebackhitEvent): ChargebackhitDetails | null {
  const result = chargebackhitDetailsSchema.safeParse(event);
  return result.success ? result.data : null;
}

/** The alert types Chargebackhit documents (§3.3). */
export const CHARGEBACKHIT_ALERT_TYPES = ["init-refund", "resolved", "inquiry", "prevented", "fraud-notification", "dispute-notification"] as const;
export type ChargebackhitAlertType = (typeof CHARGEBACKHIT_ALERT_TYPES)[number];
