import Link from "next/link";
import { DisclosureMenu } from "@/components/ui/disclosure-menu";

export type FilterField =
  | { kind: "select"; name: string; label: string; value: string; options: { value: string; label: string }[] }
  | { kind: "checks"; name: string; label: string; values: string[]; options: { value: string; label: string }[] }
  | { kind: "date"; name: string; label: string; value: string }
  | { kind: "number"; name: string; label: string; value: string; placeholder?: string }
  | { kind: "text"; name: string; label: string; value: string; placeholder?: string; id?: string }
  | { kind: "hidden"; name: string; value: string };

const inputClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

/**
 * A GET form: filters live in the URL (shareable, back button works) and the server re-renders.
 * Works without JavaScript. Multi-value fields are checkbox groups in a disclosure.
 */
export function FilterBar({ action, fields, resetHref, label }: { action: string; fields: FilterField[]; resetHref: string; label: string }) {
  return (
    <form method="get" action={action} aria-label={label} className="mb-3 flex flex-wrap items-end gap-2">
      {fields.map((field) => {
        if (field.kind === "hidden") return <input key={field.name} type="hidden" name={field.name} value={field.value} />;
        const id = field.kind === "text" && field.id ? field.id : `filter-${field.name}`;
        if (field.kind === "checks" && field.options.length <= 5) {
          // few options: inline checkboxes, nothing to open or close
          return (
            <fieldset key={field.name} className="flex flex-col gap-0.5">
              <legend className="mb-0.5 text-xs font-medium text-slate-600">{field.label}</legend>
              <div className="flex items-center gap-2 rounded-md border border-slate-300 bg-white px-2 py-1">
                {field.options.map((o) => (
                  <label key={o.value} className="flex items-center gap-1 text-sm whitespace-nowrap">
                    <input type="checkbox" name={field.name} value={o.value} defaultChecked={field.values.includes(o.value)} />
                    {o.label}
                  </label>
                ))}
              </div>
            </fieldset>
          );
        }
        if (field.kind === "checks") {
          const chosen = field.options.filter((o) => field.values.includes(o.value)).map((o) => o.label);
          return (
            <div key={field.name} className="flex flex-col gap-0.5">
              <span className="text-xs font-medium text-slate-600" id={`${id}-label`}>
                {field.label}
              </span>
              <DisclosureMenu summary={chosen.length ? chosen.join(", ") : "Any"} summaryClassName={`${inputClass} min-w-32 cursor-pointer list-none`} ariaDescribedBy={`${id}-label`}>
                <fieldset className="absolute z-20 mt-1 w-52 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
                  <legend className="sr-only">{field.label}</legend>
                  {field.options.map((o) => (
                    <label key={o.value} className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                      <input type="checkbox" name={field.name} value={o.value} defaultChecked={field.values.includes(o.value)} />
                      {o.label}
                    </label>
                  ))}
                </fieldset>
              </DisclosureMenu>
            </div>
          );
        }
        return (
          <div key={field.name} className="flex flex-col gap-0.5">
            <label htmlFor={id} className="text-xs font-medium text-slate-600">
              {field.label}
            </label>
            {field.kind === "select" ? (
              <select id={id} name={field.name} defaultValue={field.value} className={inputClass}>
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
                type={field.kind === "date" ? "date" : field.kind === "number" ? "text" : "search"}
                inputMode={field.kind === "number" ? "decimal" : undefined}
                defaultValue={field.value}
                placeholder={"placeholder" in field ? field.placeholder : undefined}
                className={`${inputClass} ${field.kind === "number" ? "w-24" : field.kind === "text" ? "w-56" : ""}`}
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
