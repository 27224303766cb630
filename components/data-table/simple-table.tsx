import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export type SimpleColumn<T> = {
  id: string;
  header: string;
  cell: (row: T) => React.ReactNode;
  className?: string;
  align?: "left" | "right";
};

/** Server-rendered table with a caption and page links that keep the other URL parameters. */
export function SimpleTable<T extends { id: string }>({
  caption,
  columns,
  rows,
  rowHref,
  empty,
}: {
  caption: string;
  columns: SimpleColumn<T>[];
  rows: T[];
  rowHref?: (row: T) => string;
  empty: { title: string; body?: React.ReactNode };
}) {
  if (rows.length === 0) return <EmptyState title={empty.title}>{empty.body}</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
            {columns.map((c) => (
              <th key={c.id} scope="col" className={`px-3 py-2 whitespace-nowrap ${c.align === "right" ? "text-right" : ""}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100 hover:bg-slate-50">
              {columns.map((c, index) => (
                <td key={c.id} className={`px-3 py-2 align-middle ${c.align === "right" ? "text-right tabular" : ""} ${c.className ?? ""}`}>
                  {index === 0 && rowHref ? (
                    <Link href={rowHref(row)} className="font-medium">
                      {c.cell(row)}
                    </Link>
                  ) : (
                    c.cell(row)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pager({
  page,
  perPage,
  total,
  hrefFor,
}: {
  page: number;
  perPage: number;
  total: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between px-3 py-2 text-sm text-slate-600">
      <p>
        {from.toLocaleString("en")}–{to.toLocaleString("en")} of {total.toLocaleString("en")}
      </p>
      <div className="flex gap-2">
        {page > 1 ? <Link href={hrefFor(page - 1)}>Previous</Link> : <span className="text-slate-400">Previous</span>}
        {page < pages ? <Link href={hrefFor(page + 1)}>Next</Link> : <span className="text-slate-400">Next</span>}
      </div>
    </nav>
  );
}
