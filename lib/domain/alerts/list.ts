import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import type { AlertKind, AlertStatus } from "@/lib/generated/prisma/enums";
import { amountParam, dateParam, first, idParam, multi, oneOf, pageSizeParam, searchParam, type PageSize, type RawParams } from "@/lib/domain/list-params";
import type { AccessScope } from "@/lib/domain/scope";
import { decodeCursor, keysetPage, likeEscape, Sql, type KeysetPage, COUNT_CAP, countTabs, scopeClause } from "@/lib/domain/sql";

/**
 * The alert queue: every filter, sort and page held in the URL. Sorting is from an allow-list;
 * paging is by cursor, so any depth costs what the first page costs.
 */
export const ALERT_STATUSES = ["ACTION_REQUIRED", "AWAITING_PROVIDER", "RESOLVED", "INVALID", "EXPIRED"] as const satisfies readonly AlertStatus[];
export const ALERT_KINDS = ["ETHOCA", "CDRN", "RDR", "OTHER"] as const satisfies readonly AlertKind[];
export const DUE_WINDOWS = ["overdue", "4h", "24h", "72h", "later"] as const;
export type DueWindow = (typeof DUE_WINDOWS)[number];

/** sort id → column and the direction a click starts with */
export const ALERT_SORTS = {
  deadline: { column: `a."deadlineAt"`, kind: "date", defaultDirection: "asc" },
  received: { column: `a."receivedAt"`, kind: "date", defaultDirection: "desc" },
  amount: { column: `a."amountMinor"`, kind: "number", defaultDirection: "desc" },
} as const;
export type AlertSort = keyof typeof ALERT_SORTS;

export type AlertListQuery = {
  status: AlertStatus | "ALL";
  providers: string[];
  kinds: AlertKind[];
  organisationId?: string;
  merchantId?: string;
  due?: DueWindow;
  amountMin?: string;
  amountMax?: string;
  receivedFrom?: { text: string; at: Date };
  receivedTo?: { text: string; at: Date };
  q?: string;
  /** only records not linked to a transaction (`unmatched=1`) */
  unmatched?: boolean;
  sort: AlertSort;
  direction: "asc" | "desc";
  after?: string;
  before?: string;
  size: PageSize;
};

export function parseAlertListParams(params: RawParams, options: { providers: readonly string[]; defaultSize: PageSize }): AlertListQuery {
  const sort = oneOf(params, "sort", Object.keys(ALERT_SORTS) as AlertSort[], "deadline");
  return {
    status: oneOf(params, "status", [...ALERT_STATUSES, "ALL"] as const, "ACTION_REQUIRED"),
    providers: multi(params, "provider", options.providers),
    kinds: multi(params, "kind", ALERT_KINDS),
    organisationId: idParam(params, "org"),
    merchantId: idParam(params, "merchant"),
    due: oneOf(params, "due", DUE_WINDOWS),
    amountMin: amountParam(params, "min"),
    amountMax: amountParam(params, "max"),
    receivedFrom: dateParam(params, "from"),
    receivedTo: dateParam(params, "to", true),
    q: searchParam(params),
    unmatched: first(params, "unmatched") === "1" ? true : undefined,
    sort,
    direction: oneOf(params, "dir", ["asc", "desc"] as const, ALERT_SORTS[sort].defaultDirection),
    after: first(params, "after"),
    before: first(params, "before"),
    size: pageSizeParam(params, options.defaultSize),
  };
}

/** The query as URL parameters (defaults omitted), for links. */
export function alertListSearch(query: AlertListQuery, overrides: Partial<Record<string, string | string[] | undefined>> = {}): Record<string, string | string[] | undefined> {
  return {
    status: query.status === "ACTION_REQUIRED" ? undefined : query.status,
    provider: query.providers,
    kind: query.kinds,
    org: query.organisationId,
    merchant: query.merchantId,
    due: query.due,
    min: query.amountMin,
    max: query.amountMax,
    from: query.receivedFrom?.text,
    to: query.receivedTo ? new Date(query.receivedTo.at.getTime() - 86_400_000).toISOString().slice(0, 10) : undefined,
    q: query.q,
    unmatched: query.unmatched ? "1" : undefined,
    sort: query.sort === "deadline" ? undefined : query.sort,
    dir: query.direction === ALERT_SORTS[query.sort].defaultDirection ? undefined : query.direction,
    ...overrides,
  };
}

export type AlertQueueRow = {
  id: string;
  organisationId: string | null;
  organisationName: string | null;
  provider: string;
  externalId: string;
  kind: AlertKind;
  status: AlertStatus;
  providerStatus: string;
  deadlineAt: Date | null;
  amountMinor: number | null;
  currency: string | null;
  cardScheme: string | null;
  cardLast4: string | null;
  descriptor: string | null;
  arn: string | null;
  receivedAt: Date;
  merchantId: string | null;
  merchantName: string | null;
  sortValue: unknown;
};

/** WHERE conditions of the scope and every filter but the status tab (shared with the counts). */
function filterConditions(sql: Sql, scope: AccessScope, query: Omit<AlertListQuery, "status">, now: Date): string[] {
  const conditions: string[] = [scopeClause(sql, scope, `a."organisationId"`)];
  if (query.unmatched) conditions.push(`a."transactionId" IS NULL`);
  if (query.organisationId) conditions.push(`a."organisationId" = ${sql.param(query.organisationId)}`);
  if (query.merchantId) conditions.push(`a."merchantId" = ${sql.param(query.merchantId)}`);
  if (query.providers.length) conditions.push(`a.provider = ANY(${sql.param(query.providers, "text[]")})`);
  if (query.kinds.length) conditions.push(`a.kind = ANY(${sql.param(query.kinds, `"AlertKind"[]`)})`);
  if (query.due) {
    // placeholders are created only when used (an unused parameter has no type for Postgres)
    const at = (hours: number) => sql.param(new Date(now.getTime() + hours * 3600_000), "timestamptz");
    if (query.due === "overdue") conditions.push(`a."deadlineAt" < ${at(0)}`);
    else if (query.due === "later") conditions.push(`a."deadlineAt" >= ${at(72)}`);
    else conditions.push(`a."deadlineAt" >= ${at(0)} AND a."deadlineAt" < ${at(query.due === "4h" ? 4 : query.due === "24h" ? 24 : 72)}`);
  }
  if (query.amountMin) conditions.push(`a."amountMinor" >= ${sql.param(query.amountMin, "numeric")} * power(10, currency_exponent(a.currency))`);
  if (query.amountMax) conditions.push(`a."amountMinor" <= ${sql.param(query.amountMax, "numeric")} * power(10, currency_exponent(a.currency))`);
  if (query.receivedFrom) conditions.push(`a."receivedAt" >= ${sql.param(query.receivedFrom.at, "timestamptz")}`);
  if (query.receivedTo) conditions.push(`a."receivedAt" < ${sql.param(query.receivedTo.at, "timestamptz")}`);
  if (query.q) {
    // identifiers match exactly (indexed); the descriptor by substring (trigram index)
    const q = sql.param(query.q);
    conditions.push(
      `(a.arn = ${q} OR a."cardLast4" = ${q} OR a."authCode" = upper(${q}) OR a."externalId" = ${q} OR a.descriptor ILIKE ${sql.param(`%${likeEscape(query.q)}%`)})`,
    );
  }
  return conditions;
}

export async function listAlertQueue(scope: AccessScope, query: AlertListQuery, now: Date, tx: DbClient = defaultDb): Promise<KeysetPage<AlertQueueRow>> {
  const sort = ALERT_SORTS[query.sort];
  return keysetPage<AlertQueueRow>({
    run: (text, params) => tx.$queryRawUnsafe<AlertQueueRow[]>(text, ...params),
    column: sort.column,
    idColumn: "a.id",
    direction: query.direction,
    kind: sort.kind,
    after: decodeCursor(query.after, sort.kind),
    before: query.after ? null : decodeCursor(query.before, sort.kind),
    limit: query.size,
    build: (sql, extraWhere) => {
      const conditions = [...filterConditions(sql, scope, query, now), extraWhere];
      if (query.status !== "ALL") conditions.push(`a.status = ${sql.param(query.status, `"AlertStatus"`)}`);
      return `SELECT a.id, a."organisationId", o.name AS "organisationName", a.provider, a."externalId", a.kind, a.status, a."providerStatus",
                     a."deadlineAt", a."amountMinor", a.currency, a."cardScheme", a."cardLast4", a.descriptor, a.arn, a."receivedAt",
                     a."merchantId", m.name AS "merchantName", ${sort.column} AS "sortValue"
                FROM "Alert" a
                LEFT JOIN "Merchant" m ON m.id = a."merchantId"
                LEFT JOIN "Organisation" o ON o.id = a."organisationId"
               WHERE ${conditions.join(" AND ")}`;
    },
  });
}

export { COUNT_CAP };

/** Rows per status tab under the other filters, exact up to 10,000 (then reported as 10,000+). */
export async function countAlertTabs(scope: AccessScope, query: AlertListQuery, now: Date, tx: DbClient = defaultDb): Promise<Record<AlertStatus, number>> {
  return countTabs({
    run: (text, params) => tx.$queryRawUnsafe<{ tab?: string; n: number }[]>(text, ...params),
    from: `"Alert" a`,
    column: `a.status`,
    cast: `"AlertStatus"`,
    tabs: ALERT_STATUSES,
    conditions: (sql) => filterConditions(sql, scope, query, now),
    // a search is selective but cannot use the status indexes: counted in one pass
    onePass: Boolean(query.q),
  });
}

/** The whole filtered list (no paging) for CSV export, in the page's order. */
export function alertExportQuery(scope: AccessScope, query: AlertListQuery, now: Date, limit: number): { text: string; params: unknown[] } {
  const sql = new Sql();
  const conditions = filterConditions(sql, scope, query, now);
  if (query.status !== "ALL") conditions.push(`a.status = ${sql.param(query.status, `"AlertStatus"`)}`);
  const sort = ALERT_SORTS[query.sort];
  return {
    text: `SELECT a.id, a."externalId", a.provider, a.kind, a.status, a."providerStatus", a."deadlineAt", a."amountMinor", a.currency,
                  a."cardScheme", a."cardLast4", a.arn, a."authCode", a.descriptor, a."receivedAt", m.name AS "merchantName", o.name AS "organisationName"
             FROM "Alert" a
             LEFT JOIN "Merchant" m ON m.id = a."merchantId"
             LEFT JOIN "Organisation" o ON o.id = a."organisationId"
            WHERE ${conditions.join(" AND ")}
            ORDER BY ${sort.column} ${query.direction} NULLS LAST, a.id ${query.direction}
            LIMIT ${Math.trunc(limit)}`,
    params: sql.params,
  };
}

/** Ids of the alerts the list shows under its filter and tab (for bulk actions), at most `limit`, in the page's order. */
export async function alertIdsMatching(scope: AccessScope, query: AlertListQuery, now: Date, limit: number, tx: DbClient = defaultDb): Promise<string[]> {
  const { text, params } = alertExportQuery(scope, query, now, limit);
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM (${text}) listed`, ...params);
  return rows.map((r) => r.id);
}
