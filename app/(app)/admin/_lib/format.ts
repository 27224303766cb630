import { formatDateTime } from "@/lib/format";

/** A date in the viewer's zone, or "–". */
export function dateTimeOrDash(value: Date | string | null | undefined, timeZone: string): string {
  return formatDateTime(value, timeZone) || "–";
}
