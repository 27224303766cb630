"use client";

import { useMemo } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import type { ListFeatures } from "@/components/data-table/features";
import { Badge } from "@/components/ui/badge";
import type { SchemeNoticeListItem, SchemeNoticeSort } from "@/lib/domain/scheme-notices/list";
import { formatMoney, formatShortDateTime, humanize } from "@/lib/format";
import { RecordTable } from "../../_components/record-table";

export type SchemeNoticeRow = Omit<SchemeNoticeListItem, "sortValue">;

/** sort id → the direction a first click sorts in (the allow-list of the server query) */
const SORT_DEFAULTS = { reported: "desc", amount: "desc", received: "desc" } as const satisfies Record<SchemeNoticeSort, "asc" | "desc">;
/** columns off until the user turns them on */
const HIDDEN_BY_DEFAULT: Record<string, boolean> = { received: false, provider: false };

const noticeTypeLabel = (row: Pick<SchemeNoticeRow, "noticeType" | "providerType">) => (row.noticeType === "OTHER" ? humanize(row.providerType) : row.noticeType);

function schemeNoticeColumns(options: { now: number; timeZone: string; providerLabels: Record<string, string>; showOrganisation: boolean }): ColumnDef<ListFeatures, SchemeNoticeRow>[] {
  const { now, timeZone, providerLabels } = options;
  const today = new Date(now);
  return [
    {
      id: "reported",
      meta: { label: "Reported", className: "whitespace-nowrap" },
      cell: ({ row }) => formatShortDateTime(row.original.reportedAt, timeZone, today) || <span className="text-slate-500">Not dated</span>,
      enableHiding: false,
    },
    { id: "type", meta: { label: "Type", className: "whitespace-nowrap" }, cell: ({ row }) => noticeTypeLabel(row.original) },
    { id: "scheme", meta: { label: "Scheme", className: "whitespace-nowrap" }, cell: ({ row }) => humanize(row.original.scheme) || "–" },
    { id: "fraud", meta: { label: "Fraud type", className: "max-w-44 truncate" }, cell: ({ row }) => humanize(row.original.fraudType) || "–" },
    {
      id: "flags",
      meta: { label: "Flags" },
      cell: ({ row }) =>
        row.original.revoked || row.original.disputeEligible ? (
          <span className="flex flex-wrap gap-1">
            {row.original.revoked ? <Badge tone="muted">Revoked</Badge> : null}
            {row.original.disputeEligible ? <Badge tone="warning">Dispute eligible</Badge> : null}
          </span>
        ) : (
          <span className="text-slate-400">–</span>
        ),
    },
    { id: "provider", meta: { label: "Provider", className: "whitespace-nowrap" }, cell: ({ row }) => providerLabels[row.original.provider] ?? row.original.provider },
    ...(options.showOrganisation
      ? [
          {
            id: "organisation",
            meta: { label: "Organisation", className: "max-w-40 truncate" },
            cell: ({ row }) => row.original.organisationName ?? "Unassigned",
          } satisfies ColumnDef<ListFeatures, SchemeNoticeRow>,
        ]
      : []),
    {
      id: "merchant",
      meta: { label: "Merchant", className: "max-w-48 truncate" },
      cell: ({ row }) =>
        row.original.merchantName ??
        (row.original.reportedMerchantName ? (
          <span className="text-slate-500" title="As named on the notice; not matched to a merchant">
            {row.original.reportedMerchantName}
          </span>
        ) : (
          "–"
        )),
    },
    {
      id: "amount",
      meta: { label: "Amount", align: "right", className: "whitespace-nowrap" },
      cell: ({ row }) => formatMoney(row.original.amountMinor, row.original.currency) || "–",
    },
    { id: "card", meta: { label: "Card", className: "whitespace-nowrap" }, cell: ({ row }) => (row.original.cardLast4 ? `•• ${row.original.cardLast4}` : "–") },
    {
      id: "received",
      meta: { label: "Received", className: "whitespace-nowrap" },
      cell: ({ row }) => formatShortDateTime(row.original.receivedAt, timeZone, today),
    },
  ];
}

export function SchemeNoticesTable({
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
  rows: SchemeNoticeRow[];
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
  const columns = useMemo(() => schemeNoticeColumns({ now, timeZone, providerLabels, showOrganisation }), [now, timeZone, providerLabels, showOrganisation]);
  return (
    <RecordTable
      table="scheme-notices"
      caption="Scheme notices"
      columns={columns}
      rows={rows}
      sort={{ ...sort, defaults: SORT_DEFAULTS }}
      initialVisibility={{ ...HIDDEN_BY_DEFAULT, ...initialVisibility }}
      pageSize={pageSize}
      previous={previous}
      next={next}
      rowHref={(row) => `/scheme-notices/${row.id}`}
      rowLabel={(row) =>
        `Open ${noticeTypeLabel(row)} notice ${formatMoney(row.amountMinor, row.currency)} ${row.merchantName ?? row.reportedMerchantName ?? ""} ${row.externalId}`.replace(/\s+/g, " ").trim()
      }
      empty={{ title: "No scheme notices match", body: "Change the filters or the type tab. Fraud reports appear here when providers send them." }}
    />
  );
}
