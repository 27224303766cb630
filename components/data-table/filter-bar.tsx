import Link from "next/link";

export type FilterField =
  | { kind: "select"; name: string; label: string; value: string; options: { value: string; label: string }[] }
  | { kind: "date"; name: string; label: string; value: string }
  | { kind: "text"; name: string; label: string; value: string; placeholder?: string };

/**
 * A GET form: filters live in the URL (shareable, back button works) and the server re-renders.
 * Works without JavaScript.
 */
export function FilterBar({ action, fields, resetHref, label }: { action: string; fields: FilterField[]; resetHref: string; label: string }) {
  return (
    <form method="get" action={action} aria-label={label} className="mb-3 flex flex-wrap items-end gap-2">
      {fields.map((field) => {
        const id = `filter-${field.name}`;
        return (
          <div key={field.name} className="flex flex-col gap-0.5">
            <label htmlFor={id} className="text-xs font-medium text-slate-600">
              {field.label}
            </label>
            {field.kind === "select" ? (
              <select id={id} name={field.name} defaultValue={field.value} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
                {field.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                name={field.name}
                type={field.kind === "date" ? "date" : "search"}
                defaultValue={field.value}
                placeholder={field.kind === "text" ? field.placeholder : undefined}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
              />
            )}
          </div>
        );
      })}
      <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
      <Link href={resetHref} className="px-2 py-1.5 text-sm">
        Reset
      </Link>
    </form>
  );
}
