import { isValidTimeZone, zoneOffsetMinutes } from "@/lib/format";

/** Milliseconds `timeZone` is ahead of UTC at `date`. */
const zoneOffsetMs = (date: Date, timeZone: string) => zoneOffsetMinutes(date, timeZone) * 60_000;

/**
 * The instant a calendar day (`YYYY-MM-DD`) starts in `timeZone`, or undefined for anything else.
 * With `endOfDay`, the start of the next day (an exclusive upper bound).
 */
export function startOfZonedDay(day: string | undefined, timeZone: string, endOfDay = false): Date | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0));
  if (Number.isNaN(midnightUtc) || new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) return undefined;
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const first = zoneOffsetMs(new Date(midnightUtc), zone);
  const second = zoneOffsetMs(new Date(midnightUtc - first), zone);
  return new Date(midnightUtc - second);
}
