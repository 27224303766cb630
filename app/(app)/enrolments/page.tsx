import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/data-table/filter-bar";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/access";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { ButtonLink } from "@/components/ui/button";
import { ENROLMENT_SERVICES, getEnrolmentBoard, parseBoardParams } from "@/lib/domain/enrolments/board";
import type { RawParams } from "@/lib/domain/list-params";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { getEnv } from "@/lib/env";
import { formatDate, formatDuration, humanize } from "@/lib/format";
import { listProviders, providerLabel } from "@/lib/providers/registry";

export const metadata: Metadata = { title: "Enrolments" };

const SERVICE_LABELS: Record<(typeof ENROLMENT_SERVICES)[number], string> = {
  ETHOCA: "Ethoca alerts",
  RDR: "Verifi RDR",
  CDRN: "Verifi CDRN",
  ORDER_INSIGHT: "Order Insight",
  CONSUMER_CLARITY: "Consumer Clarity",
  OTHER: "Other",
};

export default async function EnrolmentsPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const { viewer, scope } = await requireViewer("records.read");
  const mayRequest = can(viewer, "enrolments.request");
  const params = await searchParams;
  const providers = listProviders();
  const query = parseBoardParams(params, providers.map((p) => p.id));
  query.organisationId ??= (await getActiveOrganisationId(viewer)) ?? undefined;
  const now = new Date();
  const stuckDays = getEnv().RECOURSE_STUCK_WORKING_DAYS;
  const [board, organisations] = await Promise.all([getEnrolmentBoard(scope, query, { now, stuckWorkingDays: stuckDays }), listOrganisations(scope)]);
  const stuckTotal = board.columns.reduce((n, c) => n + c.stuck, 0);
  return (
    <>
      <PageHeader
        title="Enrolments"
        actions={mayRequest ? <ButtonLink href="/enrolments/new">Request enrolment</ButtonLink> : null}
        description={`Ethoca, Verifi RDR and Order Insight sign-ups across organisations. Waiting longer than ${stuckDays} working days counts as stuck.`}
      />
      <Card aria-labelledby="progress" className="mb-4">
        <CardHeader id="progress" title="Progress by service" description="Merchants enrolled of those requested." />
        {board.progress.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-500">No enrolments yet.</p>
        ) : (
          <ul className="grid grid-cols-1 gap-3 px-4 py-3 sm:grid-cols-2 xl:grid-cols-5">
            {board.progress.map((p) => (
              <li key={p.service}>
                <p className="text-xs font-medium text-slate-600">{SERVICE_LABELS[p.service]}</p>
                <p className="text-sm tabular">
                  <span className="text-lg font-semibold">{p.enrolled}</span> / {p.requested} merchants
                </p>
                <div className="mt-1 h-2 rounded bg-slate-100" aria-hidden>
                  <div className="h-2 rounded bg-emerald-600" style={{ width: `${p.requested ? (p.enrolled / p.requested) * 100 : 0}%` }} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <FilterBar
        label="Filter enrolments"
        action="/enrolments"
        resetHref="/enrolments"
        fields={[
          { kind: "checks", name: "service", label: "Service", values: query.services, options: ENROLMENT_SERVICES.filter((s) => s !== "OTHER").map((s) => ({ value: s, label: SERVICE_LABELS[s] })) },
          { kind: "checks", name: "provider", label: "Provider", values: query.providers, options: providers.map((p) => ({ value: p.id, label: p.label })) },
          ...(organisations.length > 1
            ? [{ kind: "select" as const, name: "org", label: "Organisation", value: query.organisationId ?? "", options: [{ value: "", label: "All organisations" }, ...organisations.map((o) => ({ value: o.id, label: o.name }))] }]
            : []),
          { kind: "select", name: "stuck", label: "Show", value: query.stuckOnly ? "1" : "", options: [{ value: "", label: "All enrolments" }, { value: "1", label: `Stuck only (${stuckTotal})` }] },
        ]}
      />
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3 xl:grid-cols-5">
        {board.columns.map((column) => (
          <section key={column.status} aria-labelledby={`column-${column.status}`} className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-slate-100/60">
            <header className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
              <h2 id={`column-${column.status}`} className="text-sm font-semibold">
                {humanize(column.status)} <span className="font-normal text-slate-500 tabular">({column.total})</span>
              </h2>
              {column.stuck ? <Badge tone="danger">{column.stuck} stuck</Badge> : null}
            </header>
            <ol className="flex flex-col gap-2 p-2">
              {column.cards.length === 0 ? <li className="px-1 py-2 text-xs text-slate-500">None</li> : null}
              {column.cards.map((card) => (
                <li key={card.id}>
                  <Link
                    href={`/enrolments/${card.id}`}
                    className={`block rounded-md border bg-white px-3 py-2 text-sm no-underline shadow-xs hover:no-underline hover:ring-2 hover:ring-brand-100 ${card.stuck ? "border-red-300" : "border-slate-200"}`}
                  >
                    <span className="flex items-start justify-between gap-2">
                      <span className="font-medium text-slate-900">{SERVICE_LABELS[card.service]}</span>
                      {card.stuck ? <Badge tone="danger">Stuck</Badge> : null}
                    </span>
                    <span className="block truncate text-xs text-slate-600">{card.organisationName ?? "Unassigned"}</span>
                    <span className="block truncate text-xs text-slate-500">{card.merchantNames.join(", ") || "No merchant"}</span>
                    <span className="mt-1 flex items-center justify-between text-xs text-slate-500">
                      <span>{providerLabel(card.provider)}</span>
                      <span className="tabular" title={`since ${formatDate(card.statusChangedAt, viewer.timeZone)}`}>
                        {formatDuration(now.getTime() - new Date(card.statusChangedAt).getTime())}
                        <span className="sr-only"> in this status</span>
                      </span>
                    </span>
                  </Link>
                </li>
              ))}
              {column.total > column.cards.length ? <li className="px-1 text-xs text-slate-500">and {column.total - column.cards.length} more (longest waiting shown)</li> : null}
            </ol>
          </section>
        ))}
      </div>
    </>
  );
}
