/** A labelled horizontal bar list (server-rendered): value in text, bar length as a visual aid. */
export function BarList({ items, label }: { items: { label: string; value: number; hint?: string }[]; label: string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <ul aria-label={label} className="flex flex-col gap-1.5 px-4 py-3">
      {items.map((item) => (
        <li key={item.label} className="grid grid-cols-[6rem_1fr_3.5rem] items-center gap-2 text-xs">
          <span className="text-slate-600">{item.label}</span>
          <span className="h-3 rounded-sm bg-slate-100" aria-hidden>
            <span className="block h-3 rounded-sm bg-brand-600" style={{ width: `${(item.value / max) * 100}%` }} />
          </span>
          <span className="text-right tabular text-slate-900" title={item.hint}>
            {item.value.toLocaleString("en")}
          </span>
        </li>
      ))}
    </ul>
  );
}
