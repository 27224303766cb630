/** Milliseconds `timeZone` is ahead of UTC at `date`. */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The instant a calendar day (`YYYY-MM-DD`) starts in `timeZone`, or undefined for anything else.
 * With `endOfDay`, the start of the next day (an exclusive upper bound).
 */
export function startOfZonedDay(day: string | undefined, timeZone: string, endOfDay = false): Date | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0));
  if (Number.isNaN(midnightUtc) || new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) return undefined;
  let zone: string;
  try {
    zone = new Intl.DateTimeFormat("en", { timeZone }).resolvedOptions().timeZone;
  } catch {
    zone = "UTC";
  }
  const first = zoneOffsetMs(new Date(midnightUtc), zone);
  const second = zoneOffsetMs(new Date(midnightUtc - first), zone);
  return new Date(midnightUtc - second);
}
