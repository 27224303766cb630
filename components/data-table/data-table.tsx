"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTable, type ColumnDef, type ColumnVisibilityState as VisibilityState, type SortingState } from "@tanstack/react-table";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { listFeatures, type ListFeatures } from "./features";

export type ListSort = { id: string; direction: "asc" | "desc"; defaults: Record<string, "asc" | "desc"> };

/**
 * A server-paged table (TanStack Table v9 in manual mode). Sorting writes `sort`/`dir` to the URL
 * (dropping cursors), which re-renders the server page. Keyboard: j/k move between rows, Enter
 * opens the focused row, / focuses the search box (`#list-search`).
 */
export function DataTable<TData extends { id: string }>({
  caption,
  columns,
  data,
  sort,
  columnVisibility,
  onColumnVisibilityChange,
  rowHref,
  rowLabel,
  empty,
  selection,
}: {
  caption: string;
  columns: ColumnDef<ListFeatures, TData>[];
  data: TData[];
  sort: ListSort;
  columnVisibility: VisibilityState;
  onColumnVisibilityChange?: (next: VisibilityState) => void;
  rowHref: (row: TData) => string;
  /** accessible name of a row's link */
  rowLabel: (row: TData) => string;
  empty: { title: string; body?: React.ReactNode };
  /** a leading checkbox per row (bulk actions); `selected` holds row ids */
  selection?: { selected: ReadonlySet<string>; onChange: (next: Set<string>) => void; rowLabel: (row: TData) => string };
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const sorting: SortingState = [{ id: sort.id, desc: sort.direction === "desc" }];

  const setSort = useCallback(
    (id: string) => {
      const params = new URLSearchParams(searchParams.toString());
      const defaultDirection = sort.defaults[id] ?? "asc";
      const direction = id === sort.id ? (sort.direction === "asc" ? "desc" : "asc") : defaultDirection;
      params.set("sort", id);
      params.set("dir", direction);
      params.delete("after");
      params.delete("before");
      router.push(`${pathname}?${params.toString()}`);
    },
    [pathname, router, searchParams, sort],
  );

  const table = useTable({
    features: listFeatures,
    columns,
    data,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility },
    onSortingChange: () => undefined,
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === "function" ? updater(columnVisibility) : updater;
      onColumnVisibilityChange?.(next);
    },
  });

  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [active, setActive] = useState(-1);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))) return;
      const links = bodyRef.current?.querySelectorAll<HTMLAnchorElement>("a[data-row-link]");
      if (event.key === "/") {
        const search = document.getElementById("list-search");
        if (search) {
          event.preventDefault();
          search.focus();
        }
        return;
      }
      if (!links?.length || (event.key !== "j" && event.key !== "k")) return;
      event.preventDefault();
      const current = Array.from(links).findIndex((l) => l === document.activeElement);
      const from = current >= 0 ? current : active;
      const next = event.key === "j" ? Math.min(links.length - 1, from + 1) : Math.max(0, from < 0 ? 0 : from - 1);
      links[next]?.focus();
      setActive(next);
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [active]);

  if (data.length === 0) return <EmptyState title={empty.title}>{empty.body}</EmptyState>;

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
              {selection ? (
                <th scope="col" className="w-8 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select every row on this page"
                    checked={data.length > 0 && data.every((row) => selection.selected.has(row.id))}
                    ref={(el) => {
                      if (el) el.indeterminate = data.some((row) => selection.selected.has(row.id)) && !data.every((row) => selection.selected.has(row.id));
                    }}
                    onChange={(event) => {
                      const next = new Set(selection.selected);
                      for (const row of data) {
                        if (event.target.checked) next.add(row.id);
                        else next.delete(row.id);
                      }
                      selection.onChange(next);
                    }}
                  />
                </th>
              ) : null}
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const sortable = header.column.id in sort.defaults;
                const sorted = sort.id === header.column.id ? sort.direction : null;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                    className={cn("px-3 py-2 whitespace-nowrap", meta?.align === "right" && "text-right")}
                  >
                    {sortable ? (
                      <button type="button" onClick={() => setSort(header.column.id)} className="inline-flex items-center gap-1 font-medium hover:text-slate-900">
                        {meta?.label ?? header.column.id}
                        <span aria-hidden className="text-[10px] text-slate-400">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        <span className="sr-only">{sorted ? `, sorted ${sorted === "asc" ? "ascending" : "descending"}` : ", sortable"}</span>
                      </button>
                    ) : (
                      (meta?.label ?? header.column.id)
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody ref={bodyRef}>
          {table.getRowModel().rows.map((row, index) => (
            <tr key={row.id} className={cn("border-b border-slate-100 hover:bg-slate-50 focus-within:bg-brand-50", index === active && "bg-brand-50/60")}>
              {selection ? (
                <td className="w-8 px-3 py-2 align-middle">
                  <input
                    type="checkbox"
                    aria-label={selection.rowLabel(row.original)}
                    checked={selection.selected.has(row.original.id)}
                    onChange={(event) => {
                      const next = new Set(selection.selected);
                      if (event.target.checked) next.add(row.original.id);
                      else next.delete(row.original.id);
                      selection.onChange(next);
                    }}
                  />
                </td>
              ) : null}
              {row.getVisibleCells().map((cell, cellIndex) => {
                const meta = cell.column.columnDef.meta;
                return (
                  <td key={cell.id} className={cn("px-3 py-2 align-middle", meta?.align === "right" && "text-right tabular", meta?.className)}>
                    {cellIndex === 0 ? (
                      <Link href={rowHref(row.original)} data-row-link aria-label={rowLabel(row.original)} className="font-medium" onFocus={() => setActive(index)}>
                        <table.FlexRender cell={cell} />
                      </Link>
                    ) : (
                      <table.FlexRender cell={cell} />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
