"use client";

import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { deadlineUrgency, formatDateTime, formatDuration } from "@/lib/format";

const styles = {
  overdue: "font-semibold text-red-700",
  critical: "font-semibold text-orange-700",
  soon: "text-amber-800",
  later: "text-slate-700",
  closed: "text-slate-400",
  none: "text-slate-400",
} as const;

/**
 * A deadline with a live countdown and urgency colour. Overdue is spelled out (not colour alone);
 * once the record is decided it reads "closed". `now` comes from the server render so the first
 * paint matches; the client then ticks every 30 s.
 */
export function Deadline({
  at,
  closed = false,
  serverNow,
  timeZone,
}: {
  at: Date | string | null;
  closed?: boolean;
  serverNow: number;
  timeZone: string;
}) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!at) return <span className={styles.none}>No deadline</span>;
  const urgency = deadlineUrgency(at, now, closed);
  const left = new Date(at).getTime() - now;
  const absolute = formatDateTime(at, timeZone);
  const text = closed ? "Closed" : urgency === "overdue" ? `Overdue ${formatDuration(left)}` : `${formatDuration(left)} left`;
  return (
    <span className={cn("tabular whitespace-nowrap", styles[urgency])} title={absolute}>
      {urgency === "overdue" ? <span aria-hidden>⚠ </span> : null}
      {text}
      <span className="sr-only">, due {absolute}</span>
    </span>
  );
}
