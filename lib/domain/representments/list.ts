import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import type { RepresentmentStage, RepresentmentStatus } from "@/lib/generated/prisma/enums";
import { amountParam, dateParam, first, idParam, multi, oneOf, pageSizeParam, searchParam, type PageSize, type RawParams } from "@/lib/domain/list-params";
import type { AccessScope } from "@/lib/domain/scope";
import { decodeCursor, keysetPage, likeEscape, Sql, type KeysetPage, COUNT_CAP, countTabs, scopeClause } from "@/lib/domain/sql";

/**
 * The representment (dispute case) list: every filter, sort and page held in the URL. Sorting is
 * from an allow-list; paging is by cursor, so any depth costs what the first page costs.
 */
export const REPRESENTMENT_STATUSES = ["OPEN", "UNDER_REVIEW", "WON", "LOST", "CLOSED"] as const satisfies readonly RepresentmentStatus[];
export const REPRESENTMENT_STAGES = ["INQUIRY", "CHARGEBACK", "PRE_ARBITRATION", "ARBITRATION", "OTHER"] as const satisfies readonly RepresentmentStage[];
/** statuses whose due date still matters (the others show "closed") */
export const REPRESENTMENT_ACTIVE_STATUSES: readonly RepresentmentStatus[] = ["OPEN", "UNDER_REVIEW"];
export const REPRESENTMENT_DUE_WINDOWS = ["overdue", "24h", "7d", "later"] as const;
export type RepresentmentDueWindow = (typeof REPRESENTMENT_DUE_WINDOWS)[number];

/** sort id → column and the direction a click starts with */
export const REPRESENTMENT_SORTS = {
  due: { column: `r."dueAt"`, kind: "date", defaultDirection: "asc" },
  disputed: { column: `r."disputedAt"`, kind: "date", defaultDirection: "desc" },
  amount: { column: `r."amountMinor"`, kind: "number", defaultDirection: "desc" },
  received: { column: `r."receivedAt"`, kind: "date", defaultDirection: "desc" },
} as const;
export type RepresentmentSort = keyof typeof REPRESENTMENT_SORTS;
export const REPRESENTMENT_DEFAULT_STATUS = "OPEN" satisfies RepresentmentStatus;
export const REPRESENTMENT_DEFAULT_SORT: RepresentmentSort = "due";

export type RepresentmentListQuery = {
  status: RepresentmentStatus | "ALL";
  stages: RepresentmentStage[];
  providers: string[];
  organisationId?: string;
  merchantId?: string;
  due?: RepresentmentDueWindow;
  amountMin?: string;
  amountMax?: string;
  disputedFrom?: { text: string; at: Date };
  /** exclusive: the day after the chosen end date */
  disputedTo?: { text: string; at: Date };
  q?: string;
  /** only records not linked to a transaction (`unmatched=1`) */
  unmatched?: boolean;
  sort: RepresentmentSort;
  direction: "asc" | "desc";
  after?: string;
  before?: string;
  size: PageSize;
};

export function parseRepresentmentListParams(params: RawParams, options: { providers: readonly string[]; defaultSize: PageSize }): RepresentmentListQuery {
  const sort = oneOf(params, "sort", Object.keys(REPRESENTMENT_SORTS) as RepresentmentSort[], REPRESENTMENT_DEFAULT_SORT);
  return {
    status: oneOf(params, "status", [...REPRESENTMENT_STATUSES, "ALL"] as const, REPRESENTMENT_DEFAULT_STATUS),
    stages: multi(params, "stage", REPRESENTMENT_STAGES),
    providers: multi(params, "provider", options.providers),
    organisationId: idParam(params, "org"),
    merchantId: idParam(params, "merchant"),
    due: oneOf(params, "due", REPRESENTMENT_DUE_WINDOWS),
    amountMin: amountParam(params, "min"),
    amountMax: amountParam(params, "max"),
    disputedFrom: dateParam(params, "from"),
    disputedTo: dateParam(params, "to", true),
    q: searchParam(params),
    unmatched: first(params, "unmatched") === "1" ? true : undefined,
    sort,
    direction: oneOf(params, "dir", ["asc", "desc"] as const, REPRESENTMENT_SORTS[sort].defaultDirection),
    after: first(params, "after"),
    before: first(params, "before"),
    size: pageSizeParam(params, options.defaultSize),
  };
}

/** The query as URL parameters (defaults omitted), for links. */
export function representmentListSearch(
  query: RepresentmentListQuery,
  overrides: Partial<Record<string, string | string[] | undefined>> = {},
): Record<string, string | string[] | undefined> {
  return {
    status: query.status === REPRESENTMENT_DEFAULT_STATUS ? undefined : query.status,
    stage: query.stages,
    provider: query.providers,
    org: query.organisationId,
    merchant: query.merchantId,
    due: query.due,
    min: query.amountMin,
    max: query.amountMax,
    from: query.disputedFrom?.text,
    to: query.disputedTo?.text,
    q: query.q,
    unmatched: query.unmatched ? "1" : undefined,
    sort: query.sort === REPRESENTMENT_DEFAULT_SORT ? undefined : query.sort,
    dir: query.direction === REPRESENTMENT_SORTS[query.sort].defaultDirection ? undefined : query.direction,
    ...overrides,
  };
}

export type RepresentmentListItem = {
  id: string;
  organisationId: string | null;
  organisationName: string | null;
  provider: string;
  externalId: string;
  stage: RepresentmentStage;
  status: RepresentmentStatus;
  providerStatus: string;
  reason: string | null;
  reasonCode: string | null;
  amountMinor: number | null;
  currency: string | null;
  arn: string | null;
  dueAt: Date | null;
  disputedAt: Date | null;
  receivedAt: Date;
  detailsPending: boolean;
  merchantId: string | null;
  merchantName: string | null;
  sortValue: unknown;
};

/** WHERE conditions of the scope and every filter but the status tab (shared with the counts). */
function filterConditions(sql: Sql, scope: AccessScope, query: Omit<RepresentmentListQuery, "status">, now: Date): string[] {
  const conditions: string[] = [scopeClause(sql, scope, `r."organisationId"`)];
  if (query.unmatched) conditions.push(`r."transactionId" IS NULL`);
  if (query.organisationId) conditions.push(`r."organisationId" = ${sql.param(query.organisationId)}`);
  if (query.merchantId) conditions.push(`r."merchantId" = ${sql.param(query.merchantId)}`);
  if (query.providers.length) conditions.push(`r.provider = ANY(${sql.param(query.providers, "text[]")})`);
  if (query.stages.length) conditions.push(`r.stage = ANY(${sql.param(query.stages, `"RepresentmentStage"[]`)})`);
  if (query.due) {
    // placeholders are created only when used: an unused parameter has no type and fails the query
    const at = (hours: number) => sql.param(new Date(now.getTime() + hours * 3600_000), "timestamptz");
    if (query.due === "overdue") conditions.push(`r."dueAt" < ${at(0)}`);
    else if (query.due === "later") conditions.push(`r."dueAt" >= ${at(7 * 24)}`);
    else conditions.push(`r."dueAt" >= ${at(0)} AND r."dueAt" < ${at(query.due === "24h" ? 24 : 7 * 24)}`);
  }
  // major units compared per currency: 1.50 is 150 USD cents but 2 JPY (exponent 0) would be 1.50 yen
  if (query.amountMin) conditions.push(`r."amountMinor" >= ${sql.param(query.amountMin, "numeric")} * power(10, currency_exponent(r.currency))`);
  if (query.amountMax) conditions.push(`r."amountMinor" <= ${sql.param(query.amountMax, "numeric")} * power(10, currency_exponent(r.currency))`);
  if (query.disputedFrom) conditions.push(`r."disputedAt" >= ${sql.param(query.disputedFrom.at, "timestamptz")}`);
  if (query.disputedTo) conditions.push(`r."disputedAt" < ${sql.param(query.disputedTo.at, "timestamptz")}`);
  if (query.q) {
    // identifiers match exactly (ARN and provider id are indexed); the reason by substring, also
    // in its displayed form ("SUBSCRIPTION_CANCELED" is shown as "Subscription canceled")
    const q = sql.param(query.q);
    const like = sql.param(`%${likeEscape(query.q)}%`);
    conditions.push(
      `(r.arn = ${q} OR r."externalId" = ${q} OR upper(r."reasonCode") = upper(${q}) OR r.reason ILIKE ${like} OR replace(r.reason, '_', ' ') ILIKE ${like})`,
    );
  }
  return conditions;
}

/** The columns and joins of a list row (pages and CSV export share them). */
const REPRESENTMENT_SELECT = `SELECT r.id, r."organisationId", o.name AS "organisationName", r.provider, r."externalId", r.stage, r.status, r."providerStatus",
                     r.reason, r."reasonCode", r."amountMinor", r.currency, r.arn, r."dueAt", r."disputedAt", r."receivedAt", r."detailsPending",
                     r."merchantId", m.name AS "merchantName", __SORT__ AS "sortValue"
                FROM "Representment" r
                LEFT JOIN "Merchant" m ON m.id = r."merchantId"
                LEFT JOIN "Organisation" o ON o.id = r."organisationId"`;

export async function listRepresentmentPage(
  scope: AccessScope,
  query: RepresentmentListQuery,
  now: Date,
  tx: DbClient = defaultDb,
): Promise<KeysetPage<RepresentmentListItem>> {
  const sort = REPRESENTMENT_SORTS[query.sort];
  return keysetPage<RepresentmentListItem>({
    run: (text, params) => tx.$queryRawUnsafe<RepresentmentListItem[]>(text, ...params),
    column: sort.column,
    idColumn: "r.id",
    direction: query.direction,
    kind: sort.kind,
    after: decodeCursor(query.after, sort.kind),
    before: query.after ? null : decodeCursor(query.before, sort.kind),
    limit: query.size,
    build: (sql, extraWhere) => {
      const conditions = [...filterConditions(sql, scope, query, now), extraWhere];
      if (query.status !== "ALL") conditions.push(`r.status = ${sql.param(query.status, `"RepresentmentStatus"`)}`);
      return `${REPRESENTMENT_SELECT.replace("__SORT__", sort.column)} WHERE ${conditions.join(" AND ")}`;
    },
  });
}

export { COUNT_CAP };

/** Rows per status tab under the other filters, exact up to 10,000 (then reported as 10,000+). */
export async function countRepresentmentTabs(
  scope: AccessScope,
  query: RepresentmentListQuery,
  now: Date,
  tx: DbClient = defaultDb,
): Promise<Record<RepresentmentStatus, number>> {
  return countTabs({
    run: (text, params) => tx.$queryRawUnsafe<{ tab?: string; n: number }[]>(text, ...params),
    from: `"Representment" r`,
    column: `r.status`,
    cast: `"RepresentmentStatus"`,
    tabs: REPRESENTMENT_STATUSES,
    conditions: (sql) => filterConditions(sql, scope, query, now),
    // a search is selective but cannot use the status indexes: counted in one pass
    onePass: Boolean(query.q),
  });
}

/** The whole filtered list (no paging) for CSV export, in the page's order. */
export function representmentExportQuery(scope: AccessScope, query: RepresentmentListQuery, now: Date, limit: number): { text: string; params: unknown[] } {
  const sql = new Sql();
  const conditions = [...filterConditions(sql, scope, query, now)];
  if (query.status !== "ALL") conditions.push(`r.status = ${sql.param(query.status, `"RepresentmentStatus"`)}`);
  const sort = REPRESENTMENT_SORTS[query.sort];
  
  return {
    text: `${REPRESENTMENT_SELECT.replace("__SORT__", sort.column)} WHERE ${conditions.join(" AND ")} ORDER BY ${sort.column} ${query.direction} NULLS LAST, r.id ${query.direction} LIMIT ${Math.trunc(limit)}`,
    params: sql.params,
  };
}
