export type DescriptionItem = { label: string; value: React.ReactNode };

/** Label/value pairs; empty values show an en dash. */
export function DescriptionList({ items, columns = 2 }: { items: DescriptionItem[]; columns?: 1 | 2 | 3 }) {
  const grid = columns === 3 ? "sm:grid-cols-3" : columns === 2 ? "sm:grid-cols-2" : "";
  return (
    <dl className={`grid grid-cols-1 gap-x-6 gap-y-3 px-4 py-4 ${grid}`}>
      {items.map((item) => (
        <div key={item.label} className="min-w-0">
          <dt className="text-xs font-medium text-slate-500">{item.label}</dt>
          <dd className="mt-0.5 truncate text-sm text-slate-900">
            {item.value === null || item.value === undefined || item.value === "" ? <span className="text-slate-400">–</span> : item.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
