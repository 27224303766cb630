/**
 * Small helpers shared by the Astra files (copied in spirit from the ChargebackStop folder: a
 * provider never imports a sibling). Pure, never throw.
 */

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
 * values dropped (in objects) or nulled (in arrays), non-finite numbers nulled. Anything nested
 * deeper than MAX_JSON_DEPTH becomes null, which also bounds the walk on cyclic input.
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

/** cleanJson of an object; anything else → {}. */
export function cleanObject(value: unknown): Record<string, JsonValue> {
  const cleaned = cleanJson(value);
  return cleaned !== null && typeof cleaned === "object" && !Array.isArray(cleaned) ? cleaned : {};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A normalized optional text value: strings cleaned and trimmed (empty → null); safe integers
 * (ids sent as numbers) as their decimal string; anything else null.
 */
export function text(value: unknown, max = 1000): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== "string") return null;
  const cleaned = cleanString(value).trim();
  return cleaned === "" ? null : cleaned.slice(0, max);
}

// ───────────────────────────── dates ─────────────────────────────

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO-8601 string. Values without an offset (Python's `datetime.isoformat()` of a naive
 * datetime, e.g. `2024-03-12T19:21:51.213641`) and bare dates are UTC. Fractions beyond
 * milliseconds are truncated. A number is read as Unix time: seconds below 10^11, else
 * milliseconds. Returns null for anything else or impossible values (e.g. 30 February); never uses
 * the engine's lenient fallback parser.
 */
export function parseProviderDate(value: unknown): Date | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0) return null;
    const date = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (typeof value !== "string") return null;
  const m = ISO_DATE_TIME.exec(value.trim());
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
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000);
  if (Number.isNaN(date.getTime()) || year < 1000) return null;
  return date;
}
