"use client";

import { useMemo, useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import type { ListFeatures } from "@/components/data-table/features";
import { Deadline } from "@/components/disputes/deadline";
import { StatusBadge } from "@/components/disputes/status-badge";
import type { AlertQueueRow } from "@/lib/domain/alerts/list";
import { alertKindLabel, formatMoney, formatShortDateTime, humanize } from "@/lib/format";
import type { ActionState } from "@/lib/action";
import { RecordTable } from "../../_components/record-table";
import { BulkBar } from "./bulk-bar";

export type AlertRow = Omit<AlertQueueRow, "sortValue">;

function alertColumns(options: { now: number; timeZone: string; providerLabels: Record<string, string>; showOrganisation: boolean }): ColumnDef<ListFeatures, AlertRow>[] {
  const { now, timeZone, providerLabels } = options;
  const columns: ColumnDef<ListFeatures, AlertRow>[] = [
    {
      id: "deadline",
      meta: { label: "Deadline", className: "whitespace-nowrap" },
      cell: ({ row }) => (
        <Deadline at={row.original.deadlineAt} closed={row.original.status !== "ACTION_REQUIRED" && row.original.status !== "EXPIRED"} serverNow={now} timeZone={timeZone} />
      ),
      enableHiding: false,
    },
    { id: "status", meta: { label: "Status" }, cell: ({ row }) => <StatusBadge status={row.original.status} /> },
    {
      id: "provider",
      meta: { label: "Provider", className: "whitespace-nowrap" },
      cell: ({ row }) => `${providerLabels[row.original.provider] ?? row.original.provider} · ${alertKindLabel(row.original.kind)}`,
    },
    ...(options.showOrganisation ? [{ id: "organisation", meta: { label: "Organisation" }, cell: ({ row }) => row.original.organisationName ?? "Unassigned" } satisfies ColumnDef<ListFeatures, AlertRow>] : []),
    { id: "merchant", meta: { label: "Merchant", className: "max-w-44 truncate" }, cell: ({ row }) => row.original.merchantName ?? "–" },
    {
      id: "amount",
      meta: { label: "Amount", align: "right", className: "whitespace-nowrap" },
      cell: ({ row }) => formatMoney(row.original.amountMinor, row.original.currency) || "–",
    },
    {
      id: "card",
      meta: { label: "Card", className: "whitespace-nowrap" },
      cell: ({ row }) => [row.original.cardScheme ? humanize(row.original.cardScheme) : null, row.original.cardLast4 ? `•• ${row.original.cardLast4}` : null].filter(Boolean).join(" ") || "–",
    },
    { id: "descriptor", meta: { label: "Descriptor", className: "max-w-48 truncate" }, cell: ({ row }) => row.original.descriptor ?? "–" },
    { id: "received", meta: { label: "Received", className: "whitespace-nowrap" }, cell: ({ row }) => formatShortDateTime(row.original.receivedAt, timeZone, new Date(now)) },
  ];
  return columns;
}

export function AlertsTable({
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
  bulk,
}: {
  rows: AlertRow[];
  now: number;
  timeZone: string;
  providerLabels: Record<string, string>;
  showOrganisation: boolean;
  sort: { id: string; direction: "asc" | "desc" };
  initialVisibility: Record<string, boolean>;
  pageSize: number;
  previous: string | null;
  next: string | null;
  /** bulk actions, for people who may send outcomes */
  bulk?: { matching: { count: number; label: string }; filter: string; limit: number; action: (state: ActionState, formData: FormData) => Promise<ActionState> };
}) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const columns = useMemo(() => alertColumns({ now, timeZone, providerLabels, showOrganisation }), [now, timeZone, providerLabels, showOrganisation]);
  return (
    <RecordTable
      table="alerts"
      caption="Alerts"
      selection={bulk ? { selected, onChange: setSelected, rowLabel: (row) => `Select alert ${formatMoney(row.amountMinor, row.currency)} ${row.externalId}` } : undefined}
      columns={columns}
      rows={rows}
      sort={{ ...sort, defaults: { deadline: "asc", received: "desc", amount: "desc" } }}
      initialVisibility={initialVisibility}
      pageSize={pageSize}
      previous={previous}
      next={next}
      rowHref={(row) => `/alerts/${row.id}`}
      rowLabel={(row) => `Open alert ${formatMoney(row.amountMinor, row.currency)} ${row.descriptor ?? ""} ${row.externalId}`.trim()}
      empty={{ title: "No alerts match", body: "Change the filters or the status tab." }}
    >
      {bulk ? <BulkBar selected={[...selected]} matching={bulk.matching} filter={bulk.filter} limit={bulk.limit} onClear={() => setSelected(new Set())} action={bulk.action} /> : null}
    </RecordTable>
  );
}
