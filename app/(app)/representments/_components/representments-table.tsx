"use client";

import { useMemo } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import type { ListFeatures } from "@/components/data-table/features";
import { Deadline } from "@/components/disputes/deadline";
import { StatusBadge } from "@/components/disputes/status-badge";
import { Badge } from "@/components/ui/badge";
import type { RepresentmentListItem, RepresentmentSort } from "@/lib/domain/representments/list";
import { formatMoney, formatShortDateTime, humanize } from "@/lib/format";
import { RecordTable } from "../../_components/record-table";

export type RepresentmentRow = Omit<RepresentmentListItem, "sortValue">;

/** sort id → the direction a first click sorts in (the allow-list of the server query) */
const SORT_DEFAULTS = { due: "asc", disputed: "desc", amount: "desc", received: "desc" } as const satisfies Record<RepresentmentSort, "asc" | "desc">;
/** columns off until the user turns them on */
const HIDDEN_BY_DEFAULT: Record<string, boolean> = { received: false, arn: false };

/** Cases whose due date still matters; the others read "closed". */
const isActive = (status: RepresentmentRow["status"]) => status === "OPEN" || status === "UNDER_REVIEW";

function representmentColumns(options: { now: number; timeZone: string; providerLabels: Record<string, string>; showOrganisation: boolean }): ColumnDef<ListFeatures, RepresentmentRow>[] {
  const { now, timeZone, providerLabels } = options;
  const today = new Date(now);
  return [
    {
      id: "due",
      meta: { label: "Due by", className: "whitespace-nowrap" },
      cell: ({ row }) => <Deadline at={row.original.dueAt} closed={!isActive(row.original.status)} serverNow={now} timeZone={timeZone} />,
      enableHiding: false,
    },
    { id: "status", meta: { label: "Status" }, cell: ({ row }) => <StatusBadge status={row.original.status} /> },
    { id: "stage", meta: { label: "Stage", className: "whitespace-nowrap" }, cell: ({ row }) => humanize(row.original.stage) },
    { id: "provider", meta: { label: "Provider", className: "whitespace-nowrap" }, cell: ({ row }) => providerLabels[row.original.provider] ?? row.original.provider },
    ...(options.showOrganisation
      ? [
          {
            id: "organisation",
            meta: { label: "Organisation", className: "max-w-40 truncate" },
            cell: ({ row }) => row.original.organisationName ?? "Unassigned",
          } satisfies ColumnDef<ListFeatures, RepresentmentRow>,
        ]
      : []),
    { id: "merchant", meta: { label: "Merchant", className: "max-w-40 truncate" }, cell: ({ row }) => row.original.merchantName ?? "–" },
    {
      id: "reason",
      meta: { label: "Reason", className: "max-w-56 truncate" },
      cell: ({ row }) => {
        const r = row.original;
        if (r.detailsPending && !r.reason && !r.reasonCode) return <Badge tone="info">Details pending</Badge>;
        const text = [humanize(r.reason), r.reasonCode].filter(Boolean).join(" · ") || "–";
        return (
          <span title={text}>
            {r.detailsPending ? (
              <Badge tone="info" className="mr-1">
                Details pending
              </Badge>
            ) : null}
            {text}
          </span>
        );
      },
    },
    {
      id: "amount",
      meta: { label: "Amount", align: "right", className: "whitespace-nowrap" },
      cell: ({ row }) => formatMoney(row.original.amountMinor, row.original.currency) || "–",
    },
    {
      id: "disputed",
      meta: { label: "Disputed", className: "whitespace-nowrap" },
      cell: ({ row }) => formatShortDateTime(row.original.disputedAt, timeZone, today) || "–",
    },
    {
      id: "received",
      meta: { label: "Received", className: "whitespace-nowrap" },
      cell: ({ row }) => formatShortDateTime(row.original.receivedAt, timeZone, today),
    },
    { id: "arn", meta: { label: "ARN", className: "font-mono text-xs whitespace-nowrap" }, cell: ({ row }) => row.original.arn ?? "–" },
  ];
}

export function RepresentmentsTable({
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
  rows: RepresentmentRow[];
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
  const columns = useMemo(() => representmentColumns({ now, timeZone, providerLabels, showOrganisation }), [now, timeZone, providerLabels, showOrganisation]);
  return (
    <RecordTable
      table="representments"
      caption="Representments"
      columns={columns}
      rows={rows}
      sort={{ ...sort, defaults: SORT_DEFAULTS }}
      initialVisibility={{ ...HIDDEN_BY_DEFAULT, ...initialVisibility }}
      pageSize={pageSize}
      previous={previous}
      next={next}
      rowHref={(row) => `/representments/${row.id}`}
      rowLabel={(row) =>
        `Open ${humanize(row.stage).toLowerCase()} ${formatMoney(row.amountMinor, row.currency)} ${row.merchantName ?? ""} ${row.externalId}`.replace(/\s+/g, " ").trim()
      }
      empty={{ title: "No representments match", body: "Change the filters or the status tab. Dispute cases appear here when providers report them." }}
    />
  );
}
