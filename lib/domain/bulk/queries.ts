import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { alertForOutcomeSelect, type AlertOutcomeRow } from "@/lib/domain/outcomes/alert";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";
import type { OutcomeIntent } from "@/lib/providers/types";
import { planAlert, type BulkVerdict } from "./commands";

export type BulkRunView = {
  id: string;
  outcome: OutcomeIntent;
  note: string | null;
  status: "draft" | "queued" | "running" | "completed";
  total: number;
  createdAt: Date;
  completedAt: Date | null;
  counts: Record<"pending" | "sent" | "refused" | "blocked" | "failed", number>;
  items: BulkItemView[];
};

export type BulkItemView = {
  id: string;
  alertId: string;
  status: string;
  message: string | null;
  /** what became of the sent outcome (QUEUED … SUCCEEDED, REJECTED, FAILED) */
  submissionStatus: string | null;
  alert: { provider: string; kind: string; externalId: string; amountMinor: number | null; currency: string | null; organisationName: string | null; merchantName: string | null } | null;
  /** drafts only: what the provider will be told now */
  plan?: BulkVerdict;
};

/**
 * A run as its author sees it (nobody else does). For a draft, each alert's plan is computed now
 * in `scope` (the author's outcome scope), so the confirmation says what will really happen.
 */
export async function getBulkRun(userId: string, runId: string, scope: AccessScope, tx: DbClient = defaultDb): Promise<BulkRunView | null> {
  const run = await tx.bulkRun.findFirst({ where: { id: runId, createdById: userId } });
  if (!run) return null;
  const items = await tx.bulkRunItem.findMany({ where: { runId }, orderBy: { id: "asc" } });
  const alertIds = items.map((i) => i.alertId);
  const alerts = (await tx.alert.findMany({
    where: { AND: [scopedWhere(scope), { id: { in: alertIds } }] },
    select: { ...alertForOutcomeSelect, merchant: { select: { name: true } }, organisation: { select: { name: true } } },
  })) as (AlertOutcomeRow & { merchant: { name: string } | null; organisation: { name: string } | null })[];
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const submissionIds = items.map((i) => i.submissionId).filter((id): id is string => id !== null);
  const submissions = submissionIds.length ? await tx.outcomeSubmission.findMany({ where: { id: { in: submissionIds } }, select: { id: true, status: true } }) : [];
  const submissionStatus = new Map(submissions.map((s) => [s.id, s.status as string]));
  const counts = { pending: 0, sent: 0, refused: 0, blocked: 0, failed: 0 };
  const views: BulkItemView[] = [];
  for (const item of items) {
    const alert = byId.get(item.alertId) ?? null;
    const view: BulkItemView = {
      id: item.id,
      alertId: item.alertId,
      status: item.status,
      message: item.message,
      submissionStatus: item.submissionId ? (submissionStatus.get(item.submissionId) ?? null) : null,
      alert: alert
        ? { provider: alert.provider, kind: alert.kind, externalId: alert.externalId, amountMinor: alert.amountMinor, currency: alert.currency, organisationName: alert.organisation?.name ?? null, merchantName: alert.merchant?.name ?? null }
        : null,
    };
    if (run.status === "draft") view.plan = alert ? await planAlert(tx, alert, run.outcome as OutcomeIntent) : { verdict: "refused", reason: "You can no longer act on this alert." };
    if (item.status in counts) counts[item.status as keyof typeof counts] += 1;
    views.push(view);
  }
  return {
    id: run.id,
    outcome: run.outcome as OutcomeIntent,
    note: run.note,
    status: run.status as BulkRunView["status"],
    total: run.total,
    createdAt: run.createdAt,
    completedAt: run.completedAt,
    counts,
    items: views,
  };
}
