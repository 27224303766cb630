import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Deadline } from "@/components/disputes/deadline";
import { StatusBadge } from "@/components/disputes/status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { JsonView } from "@/components/ui/json-view";
import { can, scopeFor } from "@/lib/auth/access";
import { listRecordActivity } from "@/lib/domain/audit/activity";
import { requireViewer } from "@/lib/auth/viewer";
import { PaymentCard } from "@/app/(app)/transactions/payment-card";
import { getAlertById } from "@/lib/domain/alerts/queries";
import { getRecordTimeline } from "@/lib/domain/events/timeline";
import { getOutcomeOffer, getRefundConflicts, listSubmissions } from "@/lib/domain/outcomes/queries";
import { minorToDecimal } from "@/lib/money";
import { retryOutcomeAction, sendOutcomeAction } from "./actions";
import { OutcomeForm } from "./outcome-form";
import { RetryButton } from "./retry-button";
import { Timeline } from "@/components/disputes/timeline";
import { alertKindLabel, formatDateTime, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Alert" };

export default async function AlertPage({ params }: { params: Promise<{ alertId: string }> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const { alertId } = await params;
  const alert = await getAlertById(scope, alertId);
  if (!alert) notFound();
  const tz = viewer.timeZone;
  const mayAct = can(viewer, "outcomes.send", alert.organisationId);
  const [timeline, submissions, offer] = await Promise.all([
    getRecordTimeline(scope, { type: "Alert", id: alert.id }),
    listSubmissions(scope, alert.id),
    mayAct ? getOutcomeOffer(scope, alert.id) : Promise.resolve(null),
  ]);
  const conflicts = offer?.ok && offer.choices.some((c) => c.refunds) ? await getRefundConflicts(scope, alert.id) : [];
  const canSeeEvents = can(viewer, "events.read", alert.organisationId);
  const activity = can(viewer, "audit.read", alert.organisationId) ? await listRecordActivity(scopeFor(viewer, "audit.read"), { type: "Alert", id: alert.id }) : null;
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/alerts">Alerts</Link>}
        title={`${providerLabel(alert.provider)} ${alertKindLabel(alert.kind)} alert · ${formatMoney(alert.amountMinor, alert.currency) || alert.externalId}`}
        description={alert.descriptor ?? undefined}
        actions={<StatusBadge status={alert.status} />}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex flex-col gap-4 lg:col-span-2">
          <Card aria-labelledby="alert-details">
            <CardHeader id="alert-details" title="Details" />
            <DescriptionList
              items={[
                { label: "Deadline", value: <Deadline at={alert.deadlineAt} closed={alert.status !== "ACTION_REQUIRED"} serverNow={Date.now()} timeZone={tz} /> },
                { label: "Due at", value: formatDateTime(alert.deadlineAt, tz) },
                { label: "Status", value: humanize(alert.status) },
                { label: "Provider status", value: alert.providerStatus },
                { label: "Organisation", value: alert.organisation?.name ?? "Unassigned" },
                { label: "Merchant", value: alert.merchant?.name },
                { label: "Amount", value: formatMoney(alert.amountMinor, alert.currency) },
                { label: "Card", value: [alert.cardScheme, alert.cardBin, alert.cardLast4 && `•• ${alert.cardLast4}`].filter(Boolean).join(" ") },
                { label: "Issuer", value: alert.cardIssuer },
                { label: "ARN", value: alert.arn },
                { label: "Auth code", value: alert.authCode },
                { label: "Authorised", value: formatDateTime(alert.authorisedAt, tz) },
                { label: "Refund outcome", value: alert.refundOutcome },
                { label: "Cancel outcome", value: alert.cancelOutcome },
                { label: "Provider id", value: <code className="text-xs">{alert.externalId}</code> },
                { label: "Received", value: formatDateTime(alert.receivedAt, tz) },
                { label: "Enrolment", value: alert.enrolment ? <Link href={`/enrolments/${alert.enrolment.id}`}>{humanize(alert.enrolment.service)}</Link> : null },
                { label: "Transaction", value: alert.transactionId ? <Link href={`/transactions/${alert.transactionId}`}>Open timeline</Link> : "Not matched" },
              ]}
            />
          </Card>
          <PaymentCard viewer={viewer} scope={scope} record={{ type: "Alert", id: alert.id }} />
          <Card aria-labelledby="alert-timeline">
            <CardHeader id="alert-timeline" title="Timeline" description="Every delivery about this alert, and what each one changed." />
            <Timeline entries={timeline} current={alert.providerData as Record<string, unknown>} timeZone={tz} eventHref={canSeeEvents ? (id) => `/events/${id}` : undefined} />
          </Card>
          {activity ? (
            <Card aria-labelledby="alert-activity">
              <CardHeader id="alert-activity" title="Activity" description="Who decided what, and what the provider answered (from the audit trail)." />
              {activity.length === 0 ? (
                <p className="px-4 py-3 text-sm text-slate-600">Nobody has acted on this alert yet.</p>
              ) : (
                <ol className="flex flex-col gap-2 px-4 py-3 text-sm">
                  {activity.map((entry) => (
                    <li key={entry.id} className="flex flex-wrap gap-x-2">
                      <time dateTime={entry.at.toISOString()} className="tabular text-slate-500">
                        {formatDateTime(entry.at, tz)}
                      </time>
                      <span className="font-medium">{entry.who}</span>
                      <span>{entry.action}</span>
                      {entry.detail ? <span className="text-slate-600">· {entry.detail}</span> : null}
                    </li>
                  ))}
                </ol>
              )}
            </Card>
          ) : null}
          <Card aria-labelledby="alert-raw">
            <CardHeader id="alert-raw" title="Provider object" description="As last reported by the provider." />
            <JsonView label="Provider object" value={JSON.stringify(alert.providerData, null, 2)} />
          </Card>
        </div>
        <Card aria-labelledby="alert-outcome" className="h-fit">
          <CardHeader id="alert-outcome" title="Outcome" description={mayAct ? "Your decision is sent to the provider once." : undefined} />
          {offer?.ok ? (
            <OutcomeForm
              alertId={alert.id}
              choices={offer.choices}
              fields={offer.fields}
              defaults={{ orderId: alert.merchantReference, refundAmount: alert.amountMinor !== null && alert.currency ? minorToDecimal(alert.amountMinor, alert.currency) : null }}
              conflicts={conflicts}
              action={sendOutcomeAction}
            />
          ) : (
            <p className="px-4 py-4 text-sm text-slate-600">
              {!mayAct
                ? alert.status === "ACTION_REQUIRED"
                  ? "You can view this alert; an agent of its organisation answers it."
                  : `This alert is ${humanize(alert.status).toLowerCase()}.`
                : (offer?.reason ?? "")}
            </p>
          )}
          {submissions.length ? (
            <div className="border-t border-slate-200 px-4 py-3">
              <h3 className="mb-2 text-xs font-semibold text-slate-600 uppercase">Sent to the provider</h3>
              <ol className="flex flex-col gap-3 text-sm">
                {submissions.map((s) => (
                  <li key={s.id}>
                    <div className="flex items-center justify-between gap-2">
                      <span className="font-medium">{humanize(s.outcome)}</span>
                      <StatusBadge status={s.status} />
                    </div>
                    <p className="text-xs text-slate-500">
                      {s.requestedBy ? `by ${s.requestedBy}` : s.ruleName ? `by rule “${s.ruleName}”` : "automatically"} · {formatDateTime(s.createdAt, tz)}
                      {s.attempts > 1 ? ` · ${s.attempts} attempts` : ""}
                    </p>
                    {s.status === "UNKNOWN" || s.status === "SENDING" ? <p className="text-xs text-amber-800">Checking with the provider before anything is sent again.</p> : null}
                    {s.lastError && s.status !== "SUCCEEDED" ? <p className="text-xs text-red-700">{s.lastError}</p> : null}
                    {s.status === "FAILED" && mayAct ? <RetryButton submissionId={s.id} alertId={alert.id} action={retryOutcomeAction} /> : null}
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
        </Card>
      </div>
    </>
  );
}
