"use client";

import { DisclosureMenu } from "@/components/ui/disclosure-menu";

export type ColumnOption = { id: string; label: string; canHide: boolean };

/** A disclosure with one checkbox per column; every change is reported (and saved by the caller). */
export function ColumnMenu({
  columns,
  visibility,
  onChange,
}: {
  columns: ColumnOption[];
  visibility: Record<string, boolean>;
  onChange: (next: Record<string, boolean>) => void;
}) {
  return (
    <DisclosureMenu summary="Columns" summaryClassName="cursor-pointer list-none rounded-md px-2 py-1 text-sm text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
      <fieldset className="absolute right-0 z-20 mt-1 w-52 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <legend className="sr-only">Visible columns</legend>
        {columns.map((c) => (
          <label key={c.id} className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
            <input
              type="checkbox"
              checked={visibility[c.id] !== false}
              disabled={!c.canHide}
              onChange={(event) => onChange({ ...visibility, [c.id]: event.currentTarget.checked })}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </DisclosureMenu>
  );
}
