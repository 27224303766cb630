import type { Metadata } from "next";
import Link from "next/link";
import { BarList } from "@/components/charts/bar-list";
import { OutcomeChart } from "@/components/charts/outcome-chart";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { getAttention, getDailyOutcomes, getNoticesPerMonth, getOrganisationAttention, getRepresentmentResults } from "@/lib/domain/overview/queries";
import { endOfDayInZone } from "@/lib/format";

export const metadata: Metadata = { title: "Overview" };

function Tile({ label, value, href, tone, hint }: { label: string; value: number; href: string; tone?: "danger" | "warning"; hint?: string }) {
  const color = tone === "danger" && value > 0 ? "text-red-700" : tone === "warning" && value > 0 ? "text-amber-700" : "text-slate-900";
  return (
    <Card className="px-4 py-3">
      <Link href={href} className="block no-underline hover:no-underline">
        <p className="text-xs font-medium text-slate-500">{label}</p>
        <p className={`mt-1 text-2xl font-semibold tabular ${color}`}>{value.toLocaleString("en")}</p>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </Link>
    </Card>
  );
}

const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${Math.round((part / whole) * 100)}%`);

export default async function OverviewPage() {
  const { viewer, scope } = await requireViewer("records.read");
  const organisationId = await getActiveOrganisationId(viewer);
  const now = new Date();
  const tz = viewer.timeZone;
  const options = { organisationId, now, timeZone: tz };
  const seesAll = scope.kind === "all";
  const [attention, daily, results, notices, organisations] = await Promise.all([
    getAttention(scope, { organisationId, now, endOfToday: endOfDayInZone(now, tz) }),
    getDailyOutcomes(scope, options),
    getRepresentmentResults(scope, options),
    getNoticesPerMonth(scope, options),
    seesAll && !organisationId ? getOrganisationAttention(scope, { now }) : Promise.resolve([]),
  ]);
  const totals = daily.reduce((t, d) => ({ refunded: t.refunded + d.refunded, acknowledged: t.acknowledged + d.acknowledged, expired: t.expired + d.expired }), { refunded: 0, acknowledged: 0, expired: 0 });
  const decided = totals.refunded + totals.acknowledged + totals.expired;
  return (
    <>
      <PageHeader title="Overview" description={`What needs action now, ${viewer.name ?? viewer.email}.`} />
      <h2 className="mb-2 text-sm font-semibold text-slate-700">Needs action</h2>
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Tile label="Overdue, unanswered" hint="deadline passed in the last 7 days" value={attention.overdue} href="/alerts?status=EXPIRED" tone="danger" />
        <Tile label="Due within 4 hours" value={attention.due4h} href="/alerts?due=4h" tone="warning" />
        <Tile label="Due today" value={attention.dueToday} href="/alerts?due=24h" />
        <Tile label="Action required" value={attention.actionRequired} href="/alerts" />
      </div>

      <div className="mb-6 grid gap-4 xl:grid-cols-3">
        <Card aria-labelledby="outcomes" className="xl:col-span-2">
          <CardHeader id="outcomes" title="Alerts per day (30 days), by outcome" />
          <OutcomeChart data={daily} />
        </Card>
        <div className="flex flex-col gap-4">
          <Card aria-labelledby="rates">
            <CardHeader id="rates" title="Decisions (30 days)" description={`${decided.toLocaleString("en")} alerts decided or expired`} />
            <dl className="grid grid-cols-3 gap-2 px-4 py-3 text-center">
              {[
                ["Refunded", percent(totals.refunded, decided)],
                ["Acknowledged", percent(totals.acknowledged, decided)],
                ["Expired", percent(totals.expired, decided)],
              ].map(([label, value]) => (
                <div key={label}>
                  <dt className="text-xs text-slate-500">{label}</dt>
                  <dd className="text-lg font-semibold tabular">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card aria-labelledby="representment-results">
            <CardHeader id="representment-results" title="Representments (12 months)" description={`Win rate ${percent(results.won, results.won + results.lost)}`} />
            <BarList label="Representment results" items={[{ label: "Won", value: results.won }, { label: "Lost", value: results.lost }, { label: "Open", value: results.open }, { label: "Closed", value: results.closed }]} />
          </Card>
        </div>
      </div>

      <div className="mb-6 grid gap-4 xl:grid-cols-3">
        <Card aria-labelledby="notices-month">
          <CardHeader id="notices-month" title="Scheme notices per month" />
          <BarList label="Scheme notices per month" items={notices.map((n) => ({ label: n.month, value: n.count }))} />
        </Card>
        {organisations.length ? (
          <Card aria-labelledby="per-org" className="xl:col-span-2">
            <CardHeader id="per-org" title="By organisation" description="Those needing attention first." />
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="sr-only">Organisations needing attention</caption>
                <thead>
                  <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
                    <th scope="col" className="px-3 py-2">Organisation</th>
                    <th scope="col" className="px-3 py-2 text-right">Overdue</th>
                    <th scope="col" className="px-3 py-2 text-right">Due 24 h</th>
                    <th scope="col" className="px-3 py-2 text-right">Action required</th>
                    <th scope="col" className="px-3 py-2 text-right">Refunded (30 d)</th>
                    <th scope="col" className="px-3 py-2 text-right">Win rate</th>
                  </tr>
                </thead>
                <tbody>
                  {organisations.map((o) => (
                    <tr key={o.organisationId} className="border-b border-slate-100">
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        <Link href={`/alerts?org=${o.organisationId}`}>{o.name}</Link>
                      </th>
                      <td className={`px-3 py-2 text-right tabular ${o.overdue ? "font-semibold text-red-700" : ""}`}>{o.overdue}</td>
                      <td className="px-3 py-2 text-right tabular">{o.due24h}</td>
                      <td className="px-3 py-2 text-right tabular">{o.actionRequired}</td>
                      <td className="px-3 py-2 text-right tabular">{percent(o.refunded30d, o.decided30d)}</td>
                      <td className="px-3 py-2 text-right tabular">{percent(o.won, o.won + o.lost)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}
