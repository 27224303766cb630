"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";

export type OutcomeDay = { day: string; refunded: number; acknowledged: number; expired: number; open: number };

// Each series has its own colour AND fill pattern, so it reads in greyscale and for colour-blind users.
const SERIES = [
  { key: "refunded", label: "Refunded", color: "#2f54d6", pattern: "solid" },
  { key: "acknowledged", label: "Acknowledged", color: "#059669", pattern: "stripes" },
  { key: "expired", label: "Expired", color: "#dc2626", pattern: "dots" },
  { key: "open", label: "Open", color: "#94a3b8", pattern: "cross" },
] as const;

function Patterns() {
  return (
    <defs>
      {SERIES.map((s) => (
        <pattern key={s.key} id={`pattern-${s.key}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={s.pattern === "stripes" ? "rotate(45)" : undefined}>
          <rect width="6" height="6" fill={s.color} opacity={s.pattern === "solid" ? 1 : 0.35} />
          {s.pattern === "stripes" ? <rect width="2.5" height="6" fill={s.color} /> : null}
          {s.pattern === "dots" ? <circle cx="3" cy="3" r="1.6" fill={s.color} /> : null}
          {s.pattern === "cross" ? <path d="M0 3h6M3 0v6" stroke={s.color} strokeWidth="1.2" /> : null}
        </pattern>
      ))}
    </defs>
  );
}

/** Alerts per day for 30 days, stacked by outcome, with the figures as a table below. */
export function OutcomeChart({ data }: { data: OutcomeDay[] }) {
  const short = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
  return (
    <figure>
      <div className="overflow-x-auto px-2 pt-2" aria-hidden>
        <BarChart width={760} height={260} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
          <Patterns />
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={short} tick={{ fontSize: 11, fill: "#475569" }} interval={2} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip labelFormatter={(label) => String(label)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="outcomes" fill={`url(#pattern-${s.key})`} stroke={s.color} strokeWidth={0.5} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
      <figcaption className="sr-only">Alerts received per day over the last 30 days, by outcome. The same figures are in the table.</figcaption>
      <details className="px-4 pb-3 text-sm">
        <summary className="cursor-pointer text-slate-600">Figures as a table</summary>
        <div className="max-h-64 overflow-auto">
          <table className="mt-2 w-full text-xs">
            <caption className="sr-only">Alerts per day by outcome</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col">Day</th>
                {SERIES.map((s) => (
                  <th key={s.key} scope="col" className="text-right">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.day} className="border-t border-slate-100">
                  <th scope="row" className="py-0.5 text-left font-normal">
                    {d.day}
                  </th>
                  {SERIES.map((s) => (
                    <td key={s.key} className="text-right tabular">
                      {d[s.key]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
