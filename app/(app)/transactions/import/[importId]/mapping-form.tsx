"use client";

import { usePathname, useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import type { ActionState } from "@/lib/action";

type Field = { key: string; label: string; required: boolean };

/**
 * Step 2: our fields ← the file's columns. Every change re-renders the preview on the server
 * (the mapping is held in the URL, so a reload keeps it); "Import" sends the mapping shown.
 */
export function MappingForm({
  importId,
  fields,
  headers,
  mapping,
  suggested,
  start,
}: {
  importId: string;
  fields: Field[];
  headers: string[];
  mapping: Record<string, string>;
  suggested: Record<string, string>;
  start: (s: ActionState, f: FormData) => Promise<ActionState>;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [current, setCurrent] = useState<Record<string, string>>(mapping);
  const [pending, startTransition] = useTransition();
  const [state, formAction] = useActionState(start, { ok: false });

  function choose(key: string, header: string) {
    const next = { ...current };
    if (header) next[key] = header;
    else delete next[key];
    setCurrent(next);
    const params = new URLSearchParams({ mapped: "1" });
    for (const [k, v] of Object.entries(next)) params.set(`f.${k}`, v);
    startTransition(() => router.replace(`${pathname}?${params.toString()}`, { scroll: false }));
  }

  const missing = fields.filter((f) => f.required && !current[f.key]);
  return (
    <form action={formAction} className="flex flex-col gap-4 px-4 py-4" aria-label="Column mapping">
      <FormMessage state={state} />
      <input type="hidden" name="importId" value={importId} />
      <input type="hidden" name="mapping" value={JSON.stringify(current)} />
      <div className="grid gap-x-6 gap-y-3 sm:grid-cols-2 xl:grid-cols-3">
        {fields.map((f) => (
          <div key={f.key} className="flex flex-col gap-0.5">
            <label htmlFor={`map-${f.key}`} className="text-xs font-medium text-slate-700">
              {f.label}
              {f.required ? <span className="ml-1 text-red-700">*</span> : null}
              {suggested[f.key] && suggested[f.key] === current[f.key] ? <span className="ml-1 font-normal text-slate-400">suggested</span> : null}
            </label>
            <select
              id={`map-${f.key}`}
              value={current[f.key] ?? ""}
              onChange={(e) => choose(f.key, e.target.value)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
              aria-invalid={f.required && !current[f.key] ? true : undefined}
            >
              <option value="">— not in the file —</option>
              {headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Starting…">Import</SubmitButton>
        {missing.length ? <p className="text-sm text-red-700">Choose a column for: {missing.map((f) => f.label).join(", ")}.</p> : null}
        {pending ? <p className="text-xs text-slate-500" aria-live="polite">Updating the preview…</p> : null}
      </div>
    </form>
  );
}
