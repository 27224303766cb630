import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { countAlertsByStatus, countAlertsDueBefore } from "@/lib/domain/alerts/queries";
import { humanize } from "@/lib/format";

export const metadata: Metadata = { title: "Overview" };

function Tile({ label, value, href, tone }: { label: string; value: number; href: string; tone?: "danger" | "warning" }) {
  const color = tone === "danger" && value > 0 ? "text-red-700" : tone === "warning" && value > 0 ? "text-amber-700" : "text-slate-900";
  return (
    <Card className="px-4 py-3">
      <Link href={href} className="block no-underline hover:no-underline">
        <p className="text-xs font-medium text-slate-500">{label}</p>
        <p className={`mt-1 text-2xl font-semibold tabular ${color}`}>{value.toLocaleString("en")}</p>
      </Link>
    </Card>
  );
}

export default async function OverviewPage() {
  const { viewer, scope } = await requireViewer("records.read");
  const organisationId = await getActiveOrganisationId(viewer);
  const now = new Date();
  const in4h = new Date(now.getTime() + 4 * 3600_000);
  const in24h = new Date(now.getTime() + 24 * 3600_000);
  const [overdue, due4h, due24h, counts] = await Promise.all([
    countAlertsDueBefore(scope, now, { organisationId }),
    countAlertsDueBefore(scope, in4h, { organisationId, after: now }),
    countAlertsDueBefore(scope, in24h, { organisationId, after: now }),
    countAlertsByStatus(scope, { organisationId }),
  ]);
  return (
    <>
      <PageHeader title="Overview" description={`What needs action now, ${viewer.name ?? viewer.email}.`} />
      <h2 className="mb-2 text-sm font-semibold text-slate-700">Needs action</h2>
      <div className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Tile label="Overdue" value={overdue} href="/alerts?status=ACTION_REQUIRED" tone="danger" />
        <Tile label="Due in 4 hours" value={due4h} href="/alerts?status=ACTION_REQUIRED" tone="warning" />
        <Tile label="Due in 24 hours" value={due24h} href="/alerts?status=ACTION_REQUIRED" />
        <Tile label="Action required" value={counts.ACTION_REQUIRED} href="/alerts?status=ACTION_REQUIRED" />
      </div>
      <h2 className="mb-2 text-sm font-semibold text-slate-700">Alerts by status</h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        {(Object.keys(counts) as (keyof typeof counts)[]).map((status) => (
          <Tile key={status} label={humanize(status)} value={counts[status]} href={`/alerts?status=${status}`} />
        ))}
      </div>
    </>
  );
}
