import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SimpleTable } from "@/components/data-table/simple-table";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { requireViewer } from "@/lib/auth/viewer";
import { getBulkRun, type BulkItemView } from "@/lib/domain/bulk/queries";
import { intentLabel } from "@/lib/domain/rules/conditions";
import { alertKindLabel, formatDateTime, formatMoney } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";
import { discardBulkAction, startBulkAction } from "../actions";
import { ConfirmBulkForm, DiscardBulkForm } from "./forms";

export const metadata: Metadata = { title: "Bulk outcome" };

const RESULT_TONE: Record<string, Tone> = { pending: "neutral", sent: "success", refused: "warning", blocked: "danger", failed: "danger", send: "info" };
const RESULT_LABEL: Record<string, string> = { pending: "Waiting", sent: "Sent", refused: "Refused", blocked: "Blocked", failed: "Failed", send: "Will be sent" };

function alertCell(item: BulkItemView) {
  if (!item.alert) return <span className="text-slate-500">Alert no longer visible</span>;
  return (
    <span className="flex flex-col">
      <span>
        {providerLabel(item.alert.provider)} · {alertKindLabel(item.alert.kind)} · {formatMoney(item.alert.amountMinor, item.alert.currency) || "–"}
      </span>
      <span className="text-xs text-slate-500">{[item.alert.merchantName, item.alert.organisationName].filter(Boolean).join(" · ") || item.alert.externalId}</span>
    </span>
  );
}

export default async function BulkRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { viewer, scope } = await requireViewer("outcomes.send");
  const { runId } = await params;
  const run = await getBulkRun(viewer.id, runId, scope);
  if (!run) notFound();
  const outcome = intentLabel(run.outcome);

  if (run.status === "draft") {
    const plans = run.items.map((i) => i.plan!);
    const willSend = plans.filter((p) => p.verdict === "send").length;
    const refused = plans.filter((p) => p.verdict === "refused").length;
    const blocked = plans.filter((p) => p.verdict === "blocked").length;
    return (
      <>
        <PageHeader breadcrumb={<Link href="/alerts">Alerts</Link>} title={`Confirm: ${outcome}`} description={`${run.total} alert${run.total === 1 ? "" : "s"} selected. Check what each provider will be told, then confirm.`} />
        <div className="flex flex-col gap-4">
          <Card aria-labelledby="bulk-summary">
            <CardHeader id="bulk-summary" title="Summary" />
            <ul className="flex flex-wrap gap-6 px-4 py-3 text-sm">
              <li>
                <strong className="tabular text-lg">{willSend}</strong> will be sent
              </li>
              <li>
                <strong className="tabular text-lg">{refused}</strong> refused by the provider&apos;s rules or the alert&apos;s state
              </li>
              <li>
                <strong className="tabular text-lg">{blocked}</strong> blocked by the double-refund guard
              </li>
            </ul>
            <div className="border-t border-slate-200 px-4 py-3">
              <ConfirmBulkForm runId={run.id} count={willSend} outcome={outcome} action={startBulkAction} />
              <DiscardBulkForm runId={run.id} action={discardBulkAction} />
            </div>
          </Card>
          <Card>
            <SimpleTable
              caption="What each provider will be told"
              rows={run.items}
              rowHref={(item) => `/alerts/${item.alertId}`}
              columns={[
                { id: "alert", header: "Alert", cell: alertCell },
                { id: "verdict", header: "Result", cell: (item) => <Badge tone={RESULT_TONE[item.plan!.verdict]}>{RESULT_LABEL[item.plan!.verdict]}</Badge> },
                {
                  id: "told",
                  header: "The provider will be told",
                  className: "max-w-xl",
                  cell: (item) => (item.plan!.verdict === "send" ? <span><strong>{item.plan!.label}</strong>: {item.plan!.consequence}</span> : <span className="text-slate-600">{item.plan!.reason}</span>),
                },
              ]}
              empty={{ title: "No alerts" }}
            />
          </Card>
        </div>
      </>
    );
  }

  const done = run.total - run.counts.pending;
  const percent = run.total ? Math.round((done / run.total) * 100) : 100;
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/alerts">Alerts</Link>}
        title={`Bulk outcome: ${outcome}`}
        description={`Started ${formatDateTime(run.createdAt, viewer.timeZone)}${run.completedAt ? `, finished ${formatDateTime(run.completedAt, viewer.timeZone)}` : ""}.${run.note ? ` Note: ${run.note}` : ""}`}
        actions={<Badge tone={run.status === "completed" ? "success" : "info"}>{run.status === "completed" ? "Completed" : run.status === "queued" ? "Queued" : "Running"}</Badge>}
      />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="bulk-progress">
          <CardHeader id="bulk-progress" title="Progress" description="This page updates by itself." />
          <div className="flex flex-col gap-3 px-4 py-3">
            <div role="progressbar" aria-label="Alerts processed" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={done} aria-valuetext={`${done} of ${run.total} alerts processed`} className="h-2 w-full overflow-hidden rounded bg-slate-100">
              <div className="h-full bg-brand-600" style={{ width: `${percent}%` }} />
            </div>
            <ul className="flex flex-wrap gap-6 text-sm" aria-label="Results">
              <li>
                <strong className="tabular text-lg">{done}</strong> of {run.total} processed
              </li>
              <li>
                <strong className="tabular text-lg">{run.counts.sent}</strong> sent
              </li>
              <li>
                <strong className="tabular text-lg">{run.counts.refused}</strong> refused
              </li>
              <li>
                <strong className="tabular text-lg">{run.counts.blocked}</strong> blocked
              </li>
              {run.counts.failed ? (
                <li>
                  <strong className="tabular text-lg">{run.counts.failed}</strong> failed
                </li>
              ) : null}
            </ul>
          </div>
        </Card>
        <Card>
          <SimpleTable
            caption="Result per alert"
            rows={run.items}
            rowHref={(item) => `/alerts/${item.alertId}`}
            columns={[
              { id: "alert", header: "Alert", cell: alertCell },
              { id: "result", header: "Result", cell: (item) => <Badge tone={RESULT_TONE[item.status] ?? "neutral"}>{RESULT_LABEL[item.status] ?? item.status}</Badge> },
              { id: "provider", header: "Provider's answer", cell: (item) => (item.submissionStatus ? <StatusBadge status={item.submissionStatus} /> : "–") },
              { id: "detail", header: "Detail", className: "max-w-xl text-slate-600", cell: (item) => (item.message ? item.message.charAt(0).toUpperCase() + item.message.slice(1) : "–") },
            ]}
            empty={{ title: "No alerts" }}
          />
        </Card>
      </div>
    </>
  );
}
