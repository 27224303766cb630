"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { PAGE_SIZES } from "@/lib/url-state";

/** First / previous / next by cursor, and the page size (also remembered by the caller). */
export function CursorPager({
  previous,
  next,
  size,
  shown,
  onPageSize,
}: {
  previous: string | null;
  next: string | null;
  size: number;
  shown: number;
  onPageSize?: (size: number) => void;
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const router = useRouter();
  const href = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(searchParams.toString());
    params.delete("after");
    params.delete("before");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    const text = params.toString();
    return text ? `${pathname}?${text}` : pathname;
  };
  const linkClass = "rounded-md px-2 py-1 ring-1 ring-slate-300 ring-inset no-underline hover:bg-slate-50 hover:no-underline";
  const disabledClass = "rounded-md px-2 py-1 text-slate-400 ring-1 ring-slate-200 ring-inset";
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm text-slate-600">
      <div className="flex items-center gap-2">
        <label htmlFor="page-size" className="text-xs">
          Rows per page
        </label>
        <select
          id="page-size"
          value={size}
          onChange={(event) => {
            const value = Number(event.currentTarget.value);
            onPageSize?.(value);
            router.push(href({ size: String(value) }));
          }}
          className="rounded-md border border-slate-300 bg-white px-1.5 py-0.5 text-sm"
        >
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <span className="text-xs text-slate-500">{shown} shown</span>
      </div>
      <div className="flex gap-2">
        {previous ? <Link href={href({})} className={linkClass}>First</Link> : <span className={disabledClass}>First</span>}
        {previous ? <Link href={href({ before: previous })} className={linkClass} rel="prev">Previous</Link> : <span className={disabledClass}>Previous</span>}
        {next ? <Link href={href({ after: next })} className={linkClass} rel="next">Next</Link> : <span className={disabledClass}>Next</span>}
      </div>
    </nav>
  );
}
