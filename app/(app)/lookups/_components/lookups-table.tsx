"use client";

import { useMemo } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import type { ListFeatures } from "@/components/data-table/features";
import { StatusBadge } from "@/components/disputes/status-badge";
import { Badge } from "@/components/ui/badge";
import type { LookupListItem, LookupSort } from "@/lib/domain/lookups/list";
import { formatMoney, formatShortDateTime, humanize } from "@/lib/format";
import { RecordTable } from "../../_components/record-table";

export type LookupRow = Omit<LookupListItem, "sortValue">;

/** sort id → the direction a first click sorts in (the allow-list of the server query) */
const SORT_DEFAULTS = { received: "desc", amount: "desc" } as const satisfies Record<LookupSort, "asc" | "desc">;
/** columns off until the user turns them on */
const HIDDEN_BY_DEFAULT: Record<string, boolean> = { card: false };

function lookupColumns(options: { now: number; timeZone: string; providerLabels: Record<string, string>; showOrganisation: boolean }): ColumnDef<ListFeatures, LookupRow>[] {
  const { now, timeZone, providerLabels } = options;
  const today = new Date(now);
  return [
    {
      id: "received",
      meta: { label: "Received", className: "whitespace-nowrap" },
      cell: ({ row }) => formatShortDateTime(row.original.receivedAt, timeZone, today),
      enableHiding: false,
    },
    { id: "type", meta: { label: "Type", className: "max-w-48 truncate" }, cell: ({ row }) => <span title={row.original.lookupType}>{humanize(row.original.lookupType)}</span> },
    { id: "status", meta: { label: "Lookup" }, cell: ({ row }) => <StatusBadge status={row.original.lookupStatus} /> },
    { id: "deflection", meta: { label: "Deflection" }, cell: ({ row }) => <StatusBadge status={row.original.deflectionStatus} /> },
    { id: "provider", meta: { label: "Provider", className: "whitespace-nowrap" }, cell: ({ row }) => providerLabels[row.original.provider] ?? row.original.provider },
    ...(options.showOrganisation
      ? [
          {
            id: "organisation",
            meta: { label: "Organisation", className: "max-w-40 truncate" },
            cell: ({ row }) => row.original.organisationName ?? "Unassigned",
          } satisfies ColumnDef<ListFeatures, LookupRow>,
        ]
      : []),
    { id: "merchant", meta: { label: "Merchant", className: "max-w-40 truncate" }, cell: ({ row }) => row.original.merchantName ?? "–" },
    {
      id: "amount",
      meta: { label: "Amount", align: "right", className: "whitespace-nowrap" },
      cell: ({ row }) => formatMoney(row.original.amountMinor, row.original.currency) || "–",
    },
    { id: "descriptor", meta: { label: "Descriptor", className: "max-w-44 truncate" }, cell: ({ row }) => row.original.descriptor ?? "–" },
    { id: "card", meta: { label: "Card", className: "whitespace-nowrap" }, cell: ({ row }) => (row.original.cardLast4 ? `•• ${row.original.cardLast4}` : "–") },
    {
      // its role in a lookup family: "Child" follows up another lookup, "Parent" has follow-ups
      id: "related",
      meta: { label: "Linked" },
      cell: ({ row }) =>
        row.original.hasParent || row.original.hasChildren ? (
          <span className="flex flex-wrap gap-1">
            {row.original.hasParent ? (
              <Badge tone="neutral">
                Child<span className="sr-only"> of another lookup</span>
              </Badge>
            ) : null}
            {row.original.hasChildren ? (
              <Badge tone="neutral">
                Parent<span className="sr-only"> of other lookups</span>
              </Badge>
            ) : null}
          </span>
        ) : (
          <span className="text-slate-400">–</span>
        ),
    },
  ];
}

export function LookupsTable({
  rows,
  now,
  timeZone,
  providerLabels,
  showOrganisation,
  sort,
  initialVisibility,
  pageSize,
  previous,
  next,
}: {
  rows: LookupRow[];
  now: number;
  timeZone: string;
  providerLabels: Record<string, string>;
  showOrganisation: boolean;
  sort: { id: string; direction: "asc" | "desc" };
  initialVisibility: Record<string, boolean>;
  pageSize: number;
  previous: string | null;
  next: string | null;
}) {
  const columns = useMemo(() => lookupColumns({ now, timeZone, providerLabels, showOrganisation }), [now, timeZone, providerLabels, showOrganisation]);
  return (
    <RecordTable
      table="lookups"
      caption="Lookups"
      columns={columns}
      rows={rows}
      sort={{ ...sort, defaults: SORT_DEFAULTS }}
      initialVisibility={{ ...HIDDEN_BY_DEFAULT, ...initialVisibility }}
      pageSize={pageSize}
      previous={previous}
      next={next}
      rowHref={(row) => `/lookups/${row.id}`}
      rowLabel={(row) =>
        `Open ${humanize(row.lookupType)} lookup ${formatMoney(row.amountMinor, row.currency)} ${row.descriptor ?? ""} ${row.externalId}`.replace(/\s+/g, " ").trim()
      }
      empty={{ title: "No lookups match", body: "Change the filters or the status tab. Digital-receipt requests appear here when providers send them." }}
    />
  );
}
