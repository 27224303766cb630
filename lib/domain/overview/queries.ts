import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import type { AccessScope } from "@/lib/domain/scope";
import { scopeClause, Sql } from "@/lib/domain/sql";
import { refundedOutcomeValues } from "@/lib/providers/registry";

/**
 * The overview's figures, in the viewer's scope (and the switcher's organisation). Days are
 * calendar days in the viewer's time zone.
 */
export type OutcomeBucket = "refunded" | "acknowledged" | "expired" | "open";
export const OUTCOME_BUCKETS: OutcomeBucket[] = ["refunded", "acknowledged", "expired", "open"];

/**
 * How an alert ended: refunded (incl. RDR, which refunds by itself, and the outcomes each provider
 * declares as refunded), acknowledged (resolved or invalid without a refund), expired, or open.
 */
function outcomeSql(sql: Sql): string {
  return `CASE
  WHEN a.status IN ('ACTION_REQUIRED', 'AWAITING_PROVIDER') THEN 'open'
  WHEN a.status = 'EXPIRED' THEN 'expired'
  WHEN a.kind = 'RDR' OR a."refundOutcome" ILIKE 'REFUND%' OR a."providerOutcome" = ANY(${sql.param(refundedOutcomeValues(), "text[]")}) THEN 'refunded'
  ELSE 'acknowledged' END`;
}

function where(sql: Sql, scope: AccessScope, organisationId: string | null | undefined, alias: string): string {
  const parts = [scopeClause(sql, scope, `${alias}."organisationId"`)];
  if (organisationId) parts.push(`${alias}."organisationId" = ${sql.param(organisationId)}`);
  return parts.join(" AND ");
}

export type Attention = { overdue: number; due4h: number; dueToday: number; actionRequired: number };

/** What needs action now: overdue and unanswered (7 days), due within 4 h, due by the end of today. */
export async function getAttention(scope: AccessScope, options: { organisationId?: string | null; now: Date; endOfToday: Date }, tx: DbClient = defaultDb): Promise<Attention> {
  const sql = new Sql();
  const now = sql.param(options.now, "timestamptz");
  const rows = await tx.$queryRawUnsafe<Attention[]>(
    `SELECT
       count(*) FILTER (WHERE a.status IN ('ACTION_REQUIRED','EXPIRED') AND a."deadlineAt" < ${now} AND a."deadlineAt" >= ${now} - interval '7 days')::int AS overdue,
       count(*) FILTER (WHERE a.status = 'ACTION_REQUIRED' AND a."deadlineAt" >= ${now} AND a."deadlineAt" < ${now} + interval '4 hours')::int AS "due4h",
       count(*) FILTER (WHERE a.status = 'ACTION_REQUIRED' AND a."deadlineAt" >= ${now} AND a."deadlineAt" < ${sql.param(options.endOfToday, "timestamptz")})::int AS "dueToday",
       count(*) FILTER (WHERE a.status = 'ACTION_REQUIRED')::int AS "actionRequired"
     FROM "Alert" a
     WHERE ${where(sql, scope, options.organisationId, "a")} AND a.status IN ('ACTION_REQUIRED','EXPIRED')`,
    ...sql.params,
  );
  return rows[0] ?? { overdue: 0, due4h: 0, dueToday: 0, actionRequired: 0 };
}

export type DailyOutcomes = { day: string } & Record<OutcomeBucket, number>;

/** Alerts received per day for the last `days` days, split by how they ended. */
export async function getDailyOutcomes(scope: AccessScope, options: { organisationId?: string | null; now: Date; timeZone: string; days?: number }, tx: DbClient = defaultDb): Promise<DailyOutcomes[]> {
  const days = options.days ?? 30;
  const sql = new Sql();
  const tz = sql.param(options.timeZone);
  const now = sql.param(options.now, "timestamptz");
  const rows = await tx.$queryRawUnsafe<{ day: string; outcome: OutcomeBucket; n: number }[]>(
    `WITH span AS (SELECT (date_trunc('day', ${now} AT TIME ZONE ${tz}) - interval '${days - 1} days') AS first_day)
     SELECT to_char(date_trunc('day', a."receivedAt" AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS day, ${outcomeSql(sql)} AS outcome, count(*)::int AS n
       FROM "Alert" a, span
      WHERE ${where(sql, scope, options.organisationId, "a")}
        AND a."receivedAt" >= (span.first_day AT TIME ZONE ${tz})
      GROUP BY 1, 2`,
    ...sql.params,
  );
  const byDay = new Map<string, DailyOutcomes>();
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: options.timeZone }).format(options.now);
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(Date.parse(`${today}T12:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, { day, refunded: 0, acknowledged: 0, expired: 0, open: 0 });
  }
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (entry) entry[row.outcome] += row.n;
  }
  return [...byDay.values()];
}

export type RepresentmentResults = { won: number; lost: number; open: number; closed: number };

/** Representment results over the last 12 months (by dispute date). */
export async function getRepresentmentResults(scope: AccessScope, options: { organisationId?: string | null; now: Date }, tx: DbClient = defaultDb): Promise<RepresentmentResults> {
  const sql = new Sql();
  const rows = await tx.$queryRawUnsafe<RepresentmentResults[]>(
    `SELECT count(*) FILTER (WHERE r.status = 'WON')::int AS won, count(*) FILTER (WHERE r.status = 'LOST')::int AS lost,
            count(*) FILTER (WHERE r.status IN ('OPEN','UNDER_REVIEW'))::int AS open, count(*) FILTER (WHERE r.status = 'CLOSED')::int AS closed
       FROM "Representment" r
      WHERE ${where(sql, scope, options.organisationId, "r")} AND coalesce(r."disputedAt", r."receivedAt") >= ${sql.param(options.now, "timestamptz")} - interval '12 months'`,
    ...sql.params,
  );
  return rows[0] ?? { won: 0, lost: 0, open: 0, closed: 0 };
}

/** Scheme notices per calendar month (viewer's zone) for the last 12 months, oldest first. */
export async function getNoticesPerMonth(scope: AccessScope, options: { organisationId?: string | null; now: Date; timeZone: string }, tx: DbClient = defaultDb): Promise<{ month: string; count: number }[]> {
  const sql = new Sql();
  const tz = sql.param(options.timeZone);
  const rows = await tx.$queryRawUnsafe<{ month: string; n: number }[]>(
    `SELECT to_char(date_trunc('month', coalesce(n."reportedAt", n."receivedAt") AT TIME ZONE ${tz}), 'YYYY-MM') AS month, count(*)::int AS n
       FROM "SchemeNotice" n
      WHERE ${where(sql, scope, options.organisationId, "n")}
        AND coalesce(n."reportedAt", n."receivedAt") >= ${sql.param(options.now, "timestamptz")} - interval '12 months'
      GROUP BY 1`,
    ...sql.params,
  );
  const counts = new Map(rows.map((r) => [r.month, r.n]));
  const [year, month] = new Intl.DateTimeFormat("en-CA", { timeZone: options.timeZone, year: "numeric", month: "2-digit" }).format(options.now).split("-").map(Number) as [number, number];
  const result: { month: string; count: number }[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    const key = d.toISOString().slice(0, 7);
    result.push({ month: key, count: counts.get(key) ?? 0 });
  }
  return result;
}

export type OrganisationAttention = {
  organisationId: string;
  name: string;
  actionRequired: number;
  overdue: number;
  due24h: number;
  refunded30d: number;
  decided30d: number;
  won: number;
  lost: number;
};

/** Per organisation, those needing attention first (admins and ops). */
export async function getOrganisationAttention(scope: AccessScope, options: { now: Date }, tx: DbClient = defaultDb): Promise<OrganisationAttention[]> {
  const sql = new Sql();
  const now = sql.param(options.now, "timestamptz");
  const outcome = outcomeSql(sql);
  return tx.$queryRawUnsafe<OrganisationAttention[]>(
    `SELECT o.id AS "organisationId", o.name,
            coalesce(al."actionRequired", 0)::int AS "actionRequired", coalesce(al.overdue, 0)::int AS overdue, coalesce(al."due24h", 0)::int AS "due24h",
            coalesce(al."refunded30d", 0)::int AS "refunded30d", coalesce(al."decided30d", 0)::int AS "decided30d",
            coalesce(rp.won, 0)::int AS won, coalesce(rp.lost, 0)::int AS lost
       FROM "Organisation" o
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE a.status = 'ACTION_REQUIRED') AS "actionRequired",
                count(*) FILTER (WHERE a.status IN ('ACTION_REQUIRED','EXPIRED') AND a."deadlineAt" < ${now} AND a."deadlineAt" >= ${now} - interval '7 days') AS overdue,
                count(*) FILTER (WHERE a.status = 'ACTION_REQUIRED' AND a."deadlineAt" >= ${now} AND a."deadlineAt" < ${now} + interval '24 hours') AS "due24h",
                count(*) FILTER (WHERE a."receivedAt" >= ${now} - interval '30 days' AND (${outcome}) = 'refunded') AS "refunded30d",
                count(*) FILTER (WHERE a."receivedAt" >= ${now} - interval '30 days' AND (${outcome}) <> 'open') AS "decided30d"
           FROM "Alert" a WHERE a."organisationId" = o.id AND (a.status IN ('ACTION_REQUIRED','EXPIRED') OR a."receivedAt" >= ${now} - interval '30 days')
       ) al ON TRUE
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE r.status = 'WON') AS won, count(*) FILTER (WHERE r.status = 'LOST') AS lost
           FROM "Representment" r WHERE r."organisationId" = o.id AND coalesce(r."disputedAt", r."receivedAt") >= ${now} - interval '12 months'
       ) rp ON TRUE
      WHERE ${scopeClause(sql, scope, "o.id")} AND o."archivedAt" IS NULL
      ORDER BY overdue DESC, "due24h" DESC, "actionRequired" DESC, o.name`,
    ...sql.params,
  );
}
