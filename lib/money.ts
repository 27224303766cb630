/**
 * ISO 4217 minor-unit exponents. The default is 2; these are the exceptions. Kept in step with the
 * SQL function currency_exponent() (migration currency_exponent). Intl's display conventions
 * differ for a few currencies (HUF, IDR: 0 in Intl, 2 in ISO; IQD: 0 vs 3), and money is stored in
 * ISO minor units, so Intl is not used for this.
 */
const EXCEPTIONS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function currencyExponent(currency: string): number {
  return typeof currency === "string" ? (EXCEPTIONS[currency.trim().toUpperCase()] ?? 2) : 2;
}

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;
const MAX_DECIMAL_LENGTH = 40;

/**
 * A decimal string in major units → integer minor units, exactly (BigInt, no floats).
 * - `"49.99"` USD → 4999; `"49.9"` → 4990; `"1200"` JPY → 1200; `"1.234"` KWD → 1234;
 * - more fraction digits than the currency has are accepted only when they are zeros
 *   (`"49.990"` → 4999), otherwise null (`"0.005"` USD → null: rounding would invent money);
 * - null for signs, commas (`"1,234.56"` is ambiguous), exponents, `"49."`, `".5"`, empty,
 *   non-strings, and values beyond Number.MAX_SAFE_INTEGER minor units.
 */
export function decimalToMinor(amount: string, currency: string): number | null {
  if (typeof amount !== "string") return null;
  const text = amount.trim();
  if (text.length === 0 || text.length > MAX_DECIMAL_LENGTH) return null;
  const m = DECIMAL_PATTERN.exec(text);
  if (!m) return null;
  let fraction = m[2] ?? "";
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    if (!/^0*$/.test(fraction.slice(exponent))) return null;
    fraction = fraction.slice(0, exponent);
  }
  const minor = BigInt(m[1]!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, "0") || "0");
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/**
 * Minor units → a decimal string in major units with the currency's digits (4990 USD → "49.90",
 * 5 → "0.05", -150 → "-1.50"); null for a non-integer or unsafe number.
 */
export function minorToDecimal(minor: number, currency: string): string | null {
  if (typeof minor !== "number" || !Number.isSafeInteger(minor)) return null;
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(Math.trunc(minor))).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : ""}`;
}
