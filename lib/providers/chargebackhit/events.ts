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

const CURRENCY_PATTERN = /^[A-Za-z]{3}$/;
/** Digits, optionally a dot and more digits: no sign, no exponent, no separators, no spaces. */
const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;
const MAX_DECIMAL_LENGTH = 40;
const exponentCache = new Map<string, number>();

/**
 * The number of minor-unit digits of a currency, as `Intl` (CLDR) knows it: USD 2, JPY 0, KWD 3.
 * A malformed code (Intl throws) counts as 2. Note CLDR says 0 for a few currencies ISO 4217
 * gives 2 (HUF, IDR, ISK…): we follow Intl, as DESIGN.md asks, so "1500.50" HUF is rejected.
 */
export function currencyExponent(currency: string): number {
  const code = typeof currency === "string" ? currency.trim().toUpperCase() : "";
  const cached = exponentCache.get(code);
  if (cached !== undefined) return cached;
  let exponent = 2;
  if (CURRENCY_PATTERN.test(code)) {
    try {
      const digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits;
      if (typeof digits === "number" && Number.isInteger(digits) && digits >= 0 && digits <= 6) exponent = digits;
    } catch {
      exponent = 2;
    }
    if (exponentCache.size < 1000) exponentCache.set(code, exponent);
  }
  return exponent;
}

/**
 * A decimal string in major units → integer minor units, exactly (BigInt, no floats).
 * - `"49.99"` USD → 4999; `"49.9"` → 4990; `"49"` → 4900; `"1200"` JPY → 1200; `"1.234"` KWD → 1234;
 * - surrounding whitespace is trimmed; leading zeros are fine (`"007.50"` → 750);
 * - more fraction digits than the currency has: accepted only when the extra digits are zeros
 *   (`"49.990"` → 4999, `"1200.00"` JPY → 1200: the value is still exact), otherwise null
 *   (`"0.005"` USD → null: rounding would invent money);
 * - null for anything else: signs (`"-1.00"`, `"+1"`), thousands or decimal commas (`"1,234.56"`
 *   is ambiguous: "1,234" may be a decimal comma), exponents (`"1e3"`), `"49."`, `".5"`, empty,
 *   non-strings, and values beyond Number.MAX_SAFE_INTEGER minor units.
 */
export function decimalToMinor(amount: string, currency: string): number | null {
  if (typeof amount !== "string") return null;
  const text = amount.trim();
  if (text.length === 0 || text.length > MAX_DECIMAL_LENGTH) return null;
  const m = DECIMAL_PATTERN.exec(text);
  if (!m) return null;
  const whole = m[1]!;
  let fraction = m[2] ?? "";
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    if (!/^0*$/.test(fraction.slice(exponent))) return null;
    fraction = fraction.slice(0, exponent);
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, "0") || "0");
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

/**
 * Integer minor units → a decimal string in major units with exactly the currency's digits
 * (4990 USD → "49.90", 1200 JPY → "1200", 5 USD → "0.05", -150 USD → "-1.50"). Null for a
 * non-integer or unsafe number.
 */
export function minorToDecimal(minor: number, currency: string): string | null {
  if (typeof minor !== "number" || !Number.isSafeInteger(minor)) return null;
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

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
