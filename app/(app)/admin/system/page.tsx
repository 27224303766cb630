import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/auth/access";
import { requireViewer } from "@/lib/auth/viewer";
import { listUnassignedGroups } from "@/lib/domain/admin/unassigned";
import { getQueueStats, getSystemSummary, listConnectionHealth, listFailedJobs, listWorkers } from "@/lib/domain/system/queries";
import { scopeFor } from "@/lib/auth/access";
import { formatDuration, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";
import { dateTimeOrDash } from "../_lib/format";
import { ActionForm } from "../_components/action-form";
import { retryJobAction } from "./actions";
import { Sparkline } from "./_components/sparkline";

export const metadata: Metadata = { title: "System" };

/** A worker beats every 10 s; three missed beats is "stale" (others unlock its jobs after 60 s). */
const STALE_AFTER_SECONDS = 30;

export default async function SystemPage() {
  const { viewer, scope } = await requireViewer("system.read");
  const mayRetry = can(viewer, "events.replay");
  const now = new Date();
  const unassignedScope = scopeFor(viewer, "records.read");
  const [s, queue, failed, workers, connections, unassigned] = await Promise.all([
    getSystemSummary(),
    getQueueStats(scope),
    listFailedJobs(scope, 50),
    listWorkers(scope, { staleAfterSeconds: STALE_AFTER_SECONDS, now }),
    listConnectionHealth(scope, now),
    can(viewer, "unassigned.read") ? listUnassignedGroups(unassignedScope) : Promise.resolve([]),
  ]);
  const unassignedRows = unassigned.reduce((n, g) => n + g.total, 0);
  const tz = viewer.timeZone;
  // one line per process: a process with concurrency n runs n workers, each with its own heartbeat
  const byProcess = new Map<string, typeof workers>();
  for (const w of workers) byProcess.set(`${w.host}\u0000${w.pid}`, [...(byProcess.get(`${w.host}\u0000${w.pid}`) ?? []), w]);
  const processes = [...byProcess.values()].map((ws) => ({
    key: `${ws[0]!.host}-${ws[0]!.pid}`,
    host: ws[0]!.host,
    pid: ws[0]!.pid,
    workers: ws.length,
    live: ws.filter((w) => w.live).length,
    startedAt: new Date(Math.min(...ws.map((w) => w.startedAt.getTime()))),
    lastSeenAt: new Date(Math.max(...ws.map((w) => w.lastSeenAt.getTime()))),
  }));
  const liveWorkers = workers.filter((w) => w.live).length;
  return (
    <>
      <PageHeader title="System" description="Job queue, workers and delivery health." />
      {unassignedRows > 0 ? (
        <p role="status" className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {unassignedRows.toLocaleString("en")} unassigned row{unassignedRows === 1 ? "" : "s"} from partner connections wait for an organisation.{" "}
          <Link href="/admin/unassigned">See unassigned rows</Link>.
        </p>
      ) : null}
      <div className="grid gap-4 xl:grid-cols-3">
        <Card aria-labelledby="system-queue" className="xl:col-span-2">
          <CardHeader id="system-queue" title="Job queue" description="graphile-worker jobs: follow-up fetches, outcome sends, syncs, notifications." />
          <DescriptionList
            columns={3}
            items={[
              { label: "Waiting (due now)", value: <span className="tabular">{queue.waiting.toLocaleString("en")}</span> },
              { label: "Running (locked by a worker)", value: <span className="tabular">{queue.running.toLocaleString("en")}</span> },
              { label: "Scheduled (later)", value: <span className="tabular">{queue.scheduled.toLocaleString("en")}</span> },
              { label: "Retrying (failed before)", value: <span className="tabular">{queue.retrying.toLocaleString("en")}</span> },
              { label: "Failed (attempts used up)", value: <span className={`tabular ${queue.failed ? "font-semibold text-red-700" : ""}`}>{queue.failed.toLocaleString("en")}</span> },
              { label: "Database", value: s.database },
            ]}
          />
          {queue.byTask.length ? (
            <table className="mx-4 mb-4 w-[calc(100%-2rem)] text-xs">
              <caption className="sr-only">Jobs per task</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left text-slate-500">
                  <th scope="col" className="py-1 font-medium">Task</th>
                  {(["waiting", "running", "scheduled", "retrying", "failed"] as const).map((k) => (
                    <th key={k} scope="col" className="py-1 text-right font-medium">
                      {humanize(k)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {queue.byTask.map((t) => (
                  <tr key={t.task} className="border-b border-slate-100">
                    <td className="py-1">
                      <code>{t.task}</code>
                    </td>
                    {(["waiting", "running", "scheduled", "retrying", "failed"] as const).map((k) => (
                      <td key={k} className={`py-1 text-right tabular ${k === "failed" && t[k] ? "font-semibold text-red-700" : ""}`}>
                        {t[k]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </Card>
        <Card aria-labelledby="system-workers">
          <CardHeader id="system-workers" title={`Workers (${liveWorkers} live in ${processes.length} process${processes.length === 1 ? "" : "es"})`} description={`Live: a heartbeat within ${STALE_AFTER_SECONDS} s.`} />
          {workers.length === 0 ? (
            <div className="px-4 py-3">
              <FormMessage state={{ ok: false, message: "No worker has reported. Jobs wait until one runs (npm start runs one; npm run worker runs more)." }} />
            </div>
          ) : (
            <ul className="divide-y divide-slate-100 px-4 text-sm">
              {processes.map((p) => (
                <li key={p.key} className="flex items-center justify-between gap-2 py-2">
                  <span className="min-w-0">
                    <span className="block truncate font-medium">
                      {p.host} · pid {p.pid}
                    </span>
                    <span className="block text-xs text-slate-500">
                      {p.workers} worker{p.workers === 1 ? "" : "s"} · up {formatDuration(now.getTime() - p.startedAt.getTime())} · seen {formatDuration(now.getTime() - p.lastSeenAt.getTime())} ago
                    </span>
                  </span>
                  {p.live === p.workers ? <Badge tone="success">Live</Badge> : p.live > 0 ? <Badge tone="warning">{p.live} live</Badge> : <Badge tone="danger">Stale</Badge>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card aria-labelledby="system-failed" className="mt-4">
        <CardHeader
          id="system-failed"
          title={`Failed jobs (${queue.failed.toLocaleString("en")})`}
          description={mayRetry ? "Retry gives a job a fresh set of attempts, due now." : "An administrator or ops can retry them."}
        />
        {failed.length === 0 ? (
          <EmptyState title="No failed jobs" />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">Failed jobs</caption>
              <thead>
                <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
                  <th scope="col" className="px-3 py-2">Job</th>
                  <th scope="col" className="px-3 py-2">Task</th>
                  <th scope="col" className="px-3 py-2 text-right">Attempts</th>
                  <th scope="col" className="px-3 py-2">Last error</th>
                  <th scope="col" className="px-3 py-2 whitespace-nowrap">Failed at</th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Retry</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {failed.map((j) => (
                  <tr key={j.id} className="border-b border-slate-100 align-top">
                    <td className="px-3 py-2 tabular">
                      {j.id}
                      {j.key ? <span className="block max-w-48 truncate text-xs text-slate-500" title={j.key}>{j.key}</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      <code className="text-xs">{j.task}</code>
                    </td>
                    <td className="px-3 py-2 text-right tabular">
                      {j.attempts}/{j.maxAttempts}
                    </td>
                    <td className="max-w-[32rem] px-3 py-2 text-xs break-words text-red-800">{j.lastError ? j.lastError.slice(0, 400) : "–"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{dateTimeOrDash(j.updatedAt, tz)}</td>
                    <td className="px-3 py-2 text-right">
                      {mayRetry ? (
                        <ActionForm
                          action={retryJobAction}
                          label={`Retry job ${j.id}`}
                          layout="inline"
                          className="justify-end"
                          submitLabel="Retry"
                          pendingLabel="Queuing…"
                          variant="secondary"
                          fields={[{ kind: "hidden", name: "jobId", value: j.id }]}
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card aria-labelledby="system-connections" className="mt-4">
        <CardHeader
          id="system-connections"
          title="Deliveries per connection"
          description={`Last hour per minute (${s.deliveriesLastHour.toLocaleString("en")} in all), rejected signatures in 24 h (${s.failedLast24h.toLocaleString("en")} failed deliveries in 24 h), last sync.`}
        />
        {connections.length === 0 ? (
          <EmptyState title="No connections" />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">Deliveries per connection</caption>
              <thead>
                <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
                  <th scope="col" className="px-3 py-2">Connection</th>
                  <th scope="col" className="px-3 py-2">Organisation</th>
                  <th scope="col" className="px-3 py-2">Last hour, per minute</th>
                  <th scope="col" className="px-3 py-2 text-right">Last hour</th>
                  <th scope="col" className="px-3 py-2 text-right whitespace-nowrap">Rejected (24 h)</th>
                  <th scope="col" className="px-3 py-2 whitespace-nowrap">Last delivery</th>
                  <th scope="col" className="px-3 py-2 whitespace-nowrap">Last sync</th>
                </tr>
              </thead>
              <tbody>
                {connections.map((c) => {
                  const name = `${providerLabel(c.provider)}${c.label ? ` · ${c.label}` : ""}`;
                  return (
                    <tr key={c.id} className="border-b border-slate-100">
                      <td className="px-3 py-2">
                        <Link href={`/events?connection=${c.id}`}>{name}</Link>
                        <span className="block text-xs text-slate-500">
                          {c.id.slice(-8)} · {c.scope === "PARTNER" ? "partner" : "organisation"}
                          {c.status === "DISABLED" ? (
                            <Badge tone="muted" className="ml-1">
                              Disabled
                            </Badge>
                          ) : null}
                        </span>
                      </td>
                      <td className="px-3 py-2">
                        {c.organisation ? <Link href={`/admin/organisations/${c.organisation.id}?tab=connections`}>{c.organisation.name}</Link> : "–"}
                      </td>
                      <td className="px-3 py-2">
                        <Sparkline values={c.perMinute} label={`${name}: ${c.lastHour} deliveries in the last hour, at most ${Math.max(...c.perMinute)} in a minute`} />
                      </td>
                      <td className="px-3 py-2 text-right tabular">{c.lastHour.toLocaleString("en")}</td>
                      <td className={`px-3 py-2 text-right tabular ${c.rejectedLast24h ? "font-semibold text-red-700" : "text-slate-500"}`}>{c.rejectedLast24h.toLocaleString("en")}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{c.lastDeliveryAt ? dateTimeOrDash(c.lastDeliveryAt, tz) : "Not this week"}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{c.lastSyncAt ? dateTimeOrDash(c.lastSyncAt, tz) : "Never"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
