import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Pager } from "@/components/data-table/simple-table";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { JsonView } from "@/components/ui/json-view";
import { getActiveOrganisationId, requireViewer } from "@/lib/auth/viewer";
import { listAudit, listAuditTargetTypes, type AuditRow } from "@/lib/domain/audit/queries";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { formatDateTime } from "@/lib/format";
import { firstParam, hrefWith, parseEnum, parsePositiveInt, type SearchParams } from "@/lib/url-state";
import { startOfZonedDay } from "../_lib/dates";

export const metadata: Metadata = { title: "Audit trail" };

const text = (value: string | undefined, max = 120) => (value ? value.trim().slice(0, max) : "");

/** Where a target can be opened, when it has a page. */
function targetHref(row: AuditRow): string | null {
  if (!row.targetId) return null;
  switch (row.targetType) {
    case "Organisation":
      return `/admin/organisations/${row.targetId}`;
    case "User":
      return `/admin/users?user=${row.targetId}`;
    case "Alert":
      return `/alerts/${row.targetId}`;
    case "WebhookEvent":
      return `/events/${row.targetId}`;
    default:
      return row.organisationId && ["Merchant", "Membership", "Connection", "ApiKey"].includes(row.targetType ?? "") ? `/admin/organisations/${row.organisationId}` : null;
  }
}

const show = (v: unknown) => (v === null || v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** "role: VIEWER → AGENT" for the top-level keys that changed (first three). */
function changeSummary(before: unknown, after: unknown): string {
  const b = before && typeof before === "object" ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === "object" ? (after as Record<string, unknown>) : {};
  // jsonb reorders keys: put the ones people look for first
  const rank = (k: string) => {
    const i = ["name", "email", "role", "status", "providerOrgId"].indexOf(k);
    return i === -1 ? 99 : i;
  };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort((x, y) => rank(x) - rank(y));
  const parts = keys.slice(0, 3).map((k) => (k in b && k in a ? `${k}: ${show(b[k])} → ${show(a[k])}` : k in a ? `${k}: ${show(a[k])}` : `${k} was ${show(b[k])}`));
  const line = parts.join(" · ") + (keys.length > 3 ? ` · +${keys.length - 3}` : "");
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("audit.read");
  const params = await searchParams;
  const tz = viewer.timeZone;
  const page = parsePositiveInt(firstParam(params, "page"), 1);
  const [organisations, targetTypes] = await Promise.all([listOrganisations(scope), listAuditTargetTypes(scope)]);
  const orgIds = organisations.map((o) => o.id);
  const organisationId = parseEnum(firstParam(params, "org"), orgIds) ?? (await getActiveOrganisationId(viewer)) ?? undefined;
  const action = text(firstParam(params, "action"), 80);
  const actor = text(firstParam(params, "actor"), 254);
  const targetType = parseEnum(firstParam(params, "target"), targetTypes);
  const fromDay = firstParam(params, "from");
  const toDay = firstParam(params, "to");
  const from = startOfZonedDay(fromDay, tz);
  const to = startOfZonedDay(toDay, tz, true);
  const result = await listAudit(scope, { page, organisationId, action: action || undefined, actorEmail: actor || undefined, targetType, from, to });
  const orgName = new Map(organisations.map((o) => [o.id, o.name]));
  return (
    <>
      <PageHeader
        title="Audit trail"
        description={viewer.globalRole ? "Who did what, when and from where. Append-only." : "Who did what in your organisations, when and from where. Append-only."}
      />
      <FilterBar
        label="Filter the audit trail"
        action="/admin/audit"
        resetHref="/admin/audit"
        fields={[
          { kind: "text", name: "action", label: "Action starts with", value: action, placeholder: "e.g. user. or organisation.", id: "filter-action" },
          { kind: "text", name: "actor", label: "Actor email", value: actor, placeholder: "name@example.com", id: "filter-actor" },
          { kind: "select", name: "target", label: "Target type", value: targetType ?? "", options: [{ value: "", label: "Any target" }, ...targetTypes.map((t) => ({ value: t, label: t }))] },
          {
            kind: "select",
            name: "org",
            label: "Organisation",
            value: organisationId ?? "",
            options: [{ value: "", label: viewer.globalRole ? "Any (and none)" : "Any of mine" }, ...organisations.map((o) => ({ value: o.id, label: o.name }))],
          },
          { kind: "date", name: "from", label: "From", value: from ? fromDay! : "" },
          { kind: "date", name: "to", label: "To", value: to ? toDay! : "" },
        ]}
      />
      <Card>
        {result.rows.length === 0 ? (
          <EmptyState title="Nothing matches">Try fewer filters.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">Audit trail</caption>
              <thead>
                <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
                  <th scope="col" className="px-3 py-2 whitespace-nowrap">When ({tz})</th>
                  <th scope="col" className="px-3 py-2">Actor</th>
                  <th scope="col" className="px-3 py-2">Action</th>
                  <th scope="col" className="px-3 py-2">Target</th>
                  <th scope="col" className="px-3 py-2">Organisation</th>
                  <th scope="col" className="px-3 py-2">IP</th>
                </tr>
              </thead>
              {result.rows.map((r) => {
                const href = targetHref(r);
                const hasDetails = r.before !== null || r.after !== null || r.metadata !== null;
                const summary = changeSummary(r.before, r.after);
                // one row group per entry: the facts, then what changed across the full width
                return (
                  <tbody key={r.id} className="border-b border-slate-200 hover:bg-slate-50/60">
                    <tr className="align-top">
                      <td className="px-3 pt-2 whitespace-nowrap tabular">{formatDateTime(r.at, tz)}</td>
                      <td className="px-3 pt-2">{r.actorEmail ?? <span className="text-slate-500">{r.actorType}</span>}</td>
                      <td className="px-3 pt-2">
                        <code className="text-xs">{r.action}</code>
                      </td>
                      <td className="px-3 pt-2 whitespace-nowrap">
                        {r.targetType ? (
                          href ? (
                            <Link href={href}>
                              {r.targetType} {r.targetId?.slice(-8)}
                            </Link>
                          ) : (
                            `${r.targetType} ${r.targetId?.slice(-8) ?? ""}`
                          )
                        ) : (
                          "–"
                        )}
                      </td>
                      <td className="px-3 pt-2">{r.organisationId ? (orgName.get(r.organisationId) ?? r.organisationId.slice(-8)) : <span className="text-slate-400">–</span>}</td>
                      <td className="px-3 pt-2 whitespace-nowrap tabular">{r.ip ?? <span className="text-slate-400">–</span>}</td>
                    </tr>
                    <tr>
                      <td colSpan={6} className="px-3 pt-1 pb-2">
                        {hasDetails ? (
                          <details>
                            <summary className="cursor-pointer text-xs text-slate-600">{summary || "Details"}</summary>
                            <div className="mt-2 grid gap-2 lg:grid-cols-2">
                              <div className="min-w-0">
                                <p className="mb-1 text-xs font-medium text-slate-500">Before</p>
                                <JsonView label={`Before, ${r.action}`} value={JSON.stringify(r.before, null, 2) ?? "null"} />
                              </div>
                              <div className="min-w-0">
                                <p className="mb-1 text-xs font-medium text-slate-500">After</p>
                                <JsonView label={`After, ${r.action}`} value={JSON.stringify(r.after, null, 2) ?? "null"} />
                              </div>
                              {r.metadata ? (
                                <div className="min-w-0 lg:col-span-2">
                                  <p className="mb-1 text-xs font-medium text-slate-500">Metadata</p>
                                  <JsonView label={`Metadata, ${r.action}`} value={JSON.stringify(r.metadata, null, 2)} />
                                </div>
                              ) : null}
                            </div>
                          </details>
                        ) : (
                          <span className="text-xs text-slate-400">No details recorded.</span>
                        )}
                      </td>
                    </tr>
                  </tbody>
                );
              })}
            </table>
          </div>
        )}
        <Pager page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => hrefWith("/admin/audit", params, { page: p })} />
      </Card>
    </>
  );
}
