import { StatusBadge } from "@/components/disputes/status-badge";
import type { TimelineEntry } from "@/lib/domain/events/timeline";
import { formatDateTime } from "@/lib/format";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "empty";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A record's history from its stored deliveries: each update lists the fields it changed with
 * their previous and new values (from `previous_attributes`, or our own diff).
 */
export function Timeline({ entries, current, timeZone, eventHref }: { entries: TimelineEntry[]; current: Record<string, unknown>; timeZone: string; eventHref?: (id: string) => string }) {
  if (entries.length === 0) return <p className="px-4 py-4 text-sm text-slate-500">No deliveries recorded for this record yet.</p>;
  return (
    <ol className="flex flex-col gap-4 px-4 py-4">
      {entries.map((entry, index) => {
        const later = entries.slice(index + 1).map((e) => e.changes ?? {});
        return (
          <li key={entry.id} className="relative border-l-2 border-slate-200 pl-4">
            <span aria-hidden className="absolute top-1.5 -left-[5px] h-2 w-2 rounded-full bg-brand-600" />
            <div className="flex flex-wrap items-center gap-2 text-sm">
              {eventHref ? (
                <a href={eventHref(entry.id)} className="font-mono text-xs">
                  {entry.type}
                </a>
              ) : (
                <code className="text-xs">{entry.type}</code>
              )}
              <StatusBadge status={entry.status} />
              {entry.attempts > 1 ? <span className="text-xs text-slate-500">delivered {entry.attempts}×</span> : null}
            </div>
            <p className="text-xs text-slate-500">{formatDateTime(entry.receivedAt, timeZone)}</p>
            {entry.changes ? (
              <ul className="mt-1 flex flex-col gap-0.5 text-xs">
                {Object.entries(entry.changes).map(([field, previous]) => {
                  // the value this delivery set: the previous value recorded by the next change of the field, else today's
                  const nextChange = later.find((c) => field in c);
                  const value = nextChange ? nextChange[field] : current[field];
                  return (
                    <li key={field}>
                      <code className="text-slate-700">{field}</code>: <span className="text-slate-500 line-through">{show(previous)}</span> → <span className="font-medium text-slate-900">{show(value)}</span>
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
