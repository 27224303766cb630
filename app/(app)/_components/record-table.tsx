"use client";

import { useState, useTransition, type ReactNode } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { ColumnMenu } from "@/components/data-table/column-menu";
import { CursorPager } from "@/components/data-table/cursor-pager";
import { DataTable, type ListSort } from "@/components/data-table/data-table";
import type { ListFeatures } from "@/components/data-table/features";
import type { TableId } from "@/lib/domain/preferences/tables";
import { saveTablePreferenceAction } from "../preferences-actions";

/**
 * A record list (alerts, representments, scheme notices, lookups): the column menu, the table and
 * the cursor pager, with the user's column choices and page size remembered per table.
 * `children` render between the column menu and the table (the alerts' bulk bar).
 */
export function RecordTable<Row extends { id: string }>({
  table,
  caption,
  columns,
  rows,
  sort,
  initialVisibility,
  pageSize,
  previous,
  next,
  rowHref,
  rowLabel,
  empty,
  selection,
  children,
}: {
  table: TableId;
  caption: string;
  columns: ColumnDef<ListFeatures, Row>[];
  rows: Row[];
  sort: ListSort;
  initialVisibility: Record<string, boolean>;
  pageSize: number;
  previous: string | null;
  next: string | null;
  rowHref: (row: Row) => string;
  rowLabel: (row: Row) => string;
  empty: { title: string; body?: ReactNode };
  selection?: Parameters<typeof DataTable<Row>>[0]["selection"];
  children?: ReactNode;
}) {
  const [visibility, setVisibility] = useState(initialVisibility);
  const [, startTransition] = useTransition();
  const save = (nextVisibility: Record<string, boolean>, size?: number) =>
    startTransition(async () => {
      await saveTablePreferenceAction({ table, columns: nextVisibility, pageSize: (size ?? pageSize) as 25 | 50 | 100 });
    });
  return (
    <>
      <div className="flex items-center justify-end gap-2 border-b border-slate-200 px-3 py-2">
        <ColumnMenu
          columns={columns.map((c) => ({ id: c.id!, label: c.meta?.label ?? c.id!, canHide: c.enableHiding !== false }))}
          visibility={visibility}
          onChange={(nextVisibility) => {
            setVisibility(nextVisibility);
            save(nextVisibility);
          }}
        />
      </div>
      {children}
      <DataTable
        caption={caption}
        selection={selection}
        columns={columns}
        data={rows}
        sort={sort}
        columnVisibility={visibility}
        rowHref={rowHref}
        rowLabel={rowLabel}
        empty={empty}
      />
      <CursorPager previous={previous} next={next} size={pageSize} shown={rows.length} onPageSize={(size) => save(visibility, size)} />
    </>
  );
}
