/**
 * Display formatting shared by pages and components. Pure functions: amounts are integer minor
 * units + ISO currency, instants are Dates shown in the viewer's IANA time zone.
 */

export { currencyExponent } from "@/lib/money";

/** "66.06 USD": minor units in major units with the currency code (unambiguous across currencies). */
import { currencyExponent as exponentOf } from "@/lib/money";

export function formatMoney(amountMinor: number | null | undefined, currency: string | null | undefined): string {
  if (amountMinor === null || amountMinor === undefined) return "";
  if (!currency) return String(amountMinor);
  const exponent = exponentOf(currency);
  const major = majorUnitsFormat(exponent).format(amountMinor / 10 ** exponent);
  return `${major} ${currency.toUpperCase()}`;
}

/** Major units without grouping, for CSV ("1234.50"). Exact: integer arithmetic, no floats. */
export { minorToDecimal as minorToMajorString } from "@/lib/money";

/**
 * Intl formatters are costly to build (tens of microseconds each) and a page or an export formats
 * thousands of values: one per locale and options, kept for the process (a bounded set: a few
 * shapes times the time zones in use).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    if (dateFormats.size >= 5000) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

const numberFormats = new Map<number, Intl.NumberFormat>();
function majorUnitsFormat(exponent: number): Intl.NumberFormat {
  let format = numberFormats.get(exponent);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    numberFormats.set(exponent, format);
  }
  return format;
}

const zoneValidity = new Map<string, boolean>();
export function isValidTimeZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  // bounded: zone names come from browsers (case variants of a valid name are valid too)
  if (zoneValidity.size < 2000) zoneValidity.set(zone, valid);
  return valid;
}

/** "25 Nov 2026, 14:05" in the given zone. */
export function formatDateTime(value: Date | string | null | undefined, timeZone = "UTC"): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return dateFormat("en-GB", {
    timeZone: isValidTimeZone(timeZone) ? timeZone : "UTC",
    day: "2-digit",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

export function formatDate(value: Date | string | null | undefined, timeZone = "UTC"): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return dateFormat("en-GB", {
    timeZone: isValidTimeZone(timeZone) ? timeZone : "UTC",
    day: "2-digit",
    month: "short",
    year: "numeric",
  }).format(date);
}

/** "2h 05m", "3d 4h", "45s" for a duration in milliseconds (sign ignored). */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${total % 60}s`;
}

export type Urgency = "overdue" | "critical" | "soon" | "later" | "closed" | "none";

/** Urgency of a deadline: overdue, < 4 h, < 24 h, later. */
export function deadlineUrgency(deadline: Date | string | null | undefined, now: number, closed = false): Urgency {
  if (closed) return "closed";
  if (!deadline) return "none";
  const left = new Date(deadline).getTime() - now;
  if (left < 0) return "overdue";
  if (left < 4 * 3600_000) return "critical";
  if (left < 24 * 3600_000) return "soon";
  return "later";
}

/** "ACTION_REQUIRED" → "Action required". */
export function humanize(value: string | null | undefined): string {
  if (!value) return "";
  const text = value.replace(/[_-]+/g, " ").toLowerCase().trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** ETHOCA → "Ethoca", CDRN/RDR stay acronyms, OTHER → "Alert". */
export function alertKindLabel(kind: string): string {
  return kind === "ETHOCA" ? "Ethoca" : kind === "OTHER" ? "Alert" : kind;
}

/** "23 Nov, 17:00" within the current year, else with the year: compact for table cells. */
export function formatShortDateTime(value: Date | string | null | undefined, timeZone = "UTC", now = new Date()): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const year = (d: Date) => dateFormat("en", { timeZone: zone, year: "numeric" }).format(d);
  return dateFormat("en-GB", {
    timeZone: zone,
    day: "2-digit",
    month: "short",
    ...(year(date) === year(now) ? {} : { year: "numeric" }),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/** "2026-11-25T15:05:00+01:00": an instant in a time zone, with its offset (CSV exports). */
export function isoInZone(value: Date | string | null | undefined, timeZone = "UTC"): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const parts = Object.fromEntries(
    dateFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMinutes = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** Offset of a time zone from UTC at an instant, in minutes (Berlin in winter: 60). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const iso = isoInZone(at, timeZone);
  const match = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The instant the current calendar day ends (next local midnight) in the viewer's zone. */
export function endOfDayInZone(now: Date, timeZone: string): Date {
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const [y, m, d] = dateFormat("en-CA", { timeZone: zone }).format(now).split("-").map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  let guess = midnightUtc - zoneOffsetMinutes(new Date(midnightUtc), zone) * 60_000;
  guess = midnightUtc - zoneOffsetMinutes(new Date(guess), zone) * 60_000;
  return new Date(guess);
}
