"use client";

export type OrgOption = { id: string; name: string };

/** Picks the organisation the lists show. Submits on change; the button covers no-JS use. */
export function OrgSwitcher({
  options,
  value,
  allLabel,
  action,
}: {
  options: OrgOption[];
  value: string;
  allLabel: string | null;
  action: (formData: FormData) => void | Promise<void>;
}) {
  if (options.length <= 1 && !allLabel) {
    return <p className="truncate text-sm font-medium text-slate-900">{options[0]?.name ?? "No organisation"}</p>;
  }
  return (
    <form action={action} className="flex items-center gap-1">
      <label htmlFor="org-switcher" className="sr-only">
        Organisation
      </label>
      <select
        id="org-switcher"
        name="org"
        defaultValue={value}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {allLabel ? <option value="all">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded border px-2 py-1 text-xs">
          Go
        </button>
      </noscript>
    </form>
  );
}
