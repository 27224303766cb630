import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import type { DeflectionStatus, LookupStatus } from "@/lib/generated/prisma/enums";
import { dateParam, first, idParam, multi, oneOf, pageSizeParam, searchParam, type PageSize, type RawParams } from "@/lib/domain/list-params";
import type { AccessScope } from "@/lib/domain/scope";
import { decodeCursor, keysetPage, likeEscape, Sql, type KeysetPage, COUNT_CAP, countTabs, scopeClause } from "@/lib/domain/sql";

/**
 * The lookup list (Order Insight, Consumer Clarity, … requests): every filter, sort and page
 * held in the URL. Sorting is from an allow-list; paging is by cursor.
 */
export const LOOKUP_STATUSES = ["PENDING", "SUCCEEDED", "FAILED", "TIMEOUT"] as const satisfies readonly LookupStatus[];
export const DEFLECTION_STATUSES = ["NOT_ATTEMPTED", "PENDING", "SUCCEEDED", "FAILED"] as const satisfies readonly DeflectionStatus[];

/** sort id → column and the direction a click starts with */
export const LOOKUP_SORTS = {
  received: { column: `l."receivedAt"`, kind: "date", defaultDirection: "desc" },
  amount: { column: `l."amountMinor"`, kind: "number", defaultDirection: "desc" },
} as const;
export type LookupSort = keyof typeof LOOKUP_SORTS;
export const LOOKUP_DEFAULT_SORT: LookupSort = "received";
/** options of the type filter: at most this many distinct values */
export const LOOKUP_TYPE_LIMIT = 50;

export type LookupListQuery = {
  status: LookupStatus | "ALL";
  deflections: DeflectionStatus[];
  lookupType?: string;
  providers: string[];
  organisationId?: string;
  merchantId?: string;
  receivedFrom?: { text: string; at: Date };
  /** exclusive: the day after the chosen end date */
  receivedTo?: { text: string; at: Date };
  q?: string;
  /** only records not linked to a transaction (`unmatched=1`) */
  unmatched?: boolean;
  sort: LookupSort;
  direction: "asc" | "desc";
  after?: string;
  before?: string;
  size: PageSize;
};

/** A lookup type from the URL ("VERIFI_ORDER_INSIGHT", "inquiry"): bounded, word characters only. */
function lookupTypeParam(params: RawParams, key: string): string | undefined {
  const raw = first(params, key)?.trim();
  return raw && /^[\p{L}\p{N} _.:/-]{1,64}$/u.test(raw) ? raw : undefined;
}

export function parseLookupListParams(params: RawParams, options: { providers: readonly string[]; defaultSize: PageSize }): LookupListQuery {
  const sort = oneOf(params, "sort", Object.keys(LOOKUP_SORTS) as LookupSort[], LOOKUP_DEFAULT_SORT);
  return {
    status: oneOf(params, "status", [...LOOKUP_STATUSES, "ALL"] as const, "ALL"),
    deflections: multi(params, "deflection", DEFLECTION_STATUSES),
    lookupType: lookupTypeParam(params, "type"),
    providers: multi(params, "provider", options.providers),
    organisationId: idParam(params, "org"),
    merchantId: idParam(params, "merchant"),
    receivedFrom: dateParam(params, "from"),
    receivedTo: dateParam(params, "to", true),
    q: searchParam(params),
    unmatched: first(params, "unmatched") === "1" ? true : undefined,
    sort,
    direction: oneOf(params, "dir", ["asc", "desc"] as const, LOOKUP_SORTS[sort].defaultDirection),
    after: first(params, "after"),
    before: first(params, "before"),
    size: pageSizeParam(params, options.defaultSize),
  };
}

/** The query as URL parameters (defaults omitted), for links. */
export function lookupListSearch(query: LookupListQuery, overrides: Partial<Record<string, string | string[] | undefined>> = {}): Record<string, string | string[] | undefined> {
  return {
    status: query.status === "ALL" ? undefined : query.status,
    deflection: query.deflections,
    type: query.lookupType,
    provider: query.providers,
    org: query.organisationId,
    merchant: query.merchantId,
    from: query.receivedFrom?.text,
    to: query.receivedTo?.text,
    q: query.q,
    unmatched: query.unmatched ? "1" : undefined,
    sort: query.sort === LOOKUP_DEFAULT_SORT ? undefined : query.sort,
    dir: query.direction === LOOKUP_SORTS[query.sort].defaultDirection ? undefined : query.direction,
    ...overrides,
  };
}

export type LookupListItem = {
  id: string;
  organisationId: string | null;
  organisationName: string | null;
  provider: string;
  externalId: string;
  lookupType: string;
  lookupStatus: LookupStatus;
  deflectionStatus: DeflectionStatus;
  amountMinor: number | null;
  currency: string | null;
  cardLast4: string | null;
  arn: string | null;
  descriptor: string | null;
  receivedAt: Date;
  merchantId: string | null;
  merchantName: string | null;
  /** its parent lookup exists and is within scope */
  hasParent: boolean;
  /** at least one child lookup within scope */
  hasChildren: boolean;
  sortValue: unknown;
};

/** WHERE conditions of the scope and every filter but the status tab (shared with the counts). */
function filterConditions(sql: Sql, scope: AccessScope, query: Omit<LookupListQuery, "status">): string[] {
  const conditions: string[] = [scopeClause(sql, scope, `l."organisationId"`)];
  if (query.unmatched) conditions.push(`l."transactionId" IS NULL`);
  if (query.organisationId) conditions.push(`l."organisationId" = ${sql.param(query.organisationId)}`);
  if (query.merchantId) conditions.push(`l."merchantId" = ${sql.param(query.merchantId)}`);
  if (query.providers.length) conditions.push(`l.provider = ANY(${sql.param(query.providers, "text[]")})`);
  if (query.deflections.length) conditions.push(`l."deflectionStatus" = ANY(${sql.param(query.deflections, `"DeflectionStatus"[]`)})`);
  if (query.lookupType) conditions.push(`l."lookupType" = ${sql.param(query.lookupType)}`);
  if (query.receivedFrom) conditions.push(`l."receivedAt" >= ${sql.param(query.receivedFrom.at, "timestamptz")}`);
  if (query.receivedTo) conditions.push(`l."receivedAt" < ${sql.param(query.receivedTo.at, "timestamptz")}`);
  if (query.q) {
    // identifiers match exactly; the descriptor by substring
    const q = sql.param(query.q);
    conditions.push(`(l.arn = ${q} OR l."cardLast4" = ${q} OR l."externalId" = ${q} OR l.descriptor ILIKE ${sql.param(`%${likeEscape(query.q)}%`)})`);
  }
  return conditions;
}

/** The columns and joins of a list row (pages and CSV export share them). */
const lookupSelect = (sortColumn: string, parentScope: string, childScope: string) => `SELECT l.id, l."organisationId", o.name AS "organisationName", l.provider, l."externalId", l."lookupType", l."lookupStatus",
                     l."deflectionStatus", l."amountMinor", l.currency, l."cardLast4", l.arn, l.descriptor, l."receivedAt",
                     l."merchantId", m.name AS "merchantName",
                     (l."parentId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Lookup" p WHERE p.id = l."parentId" AND ${parentScope})) AS "hasParent",
                     EXISTS (SELECT 1 FROM "Lookup" c WHERE c."parentId" = l.id AND ${childScope}) AS "hasChildren",
                     ${sortColumn} AS "sortValue"
                FROM "Lookup" l
                LEFT JOIN "Merchant" m ON m.id = l."merchantId"
                LEFT JOIN "Organisation" o ON o.id = l."organisationId"`;

export async function listLookupPage(scope: AccessScope, query: LookupListQuery, tx: DbClient = defaultDb): Promise<KeysetPage<LookupListItem>> {
  const sort = LOOKUP_SORTS[query.sort];
  return keysetPage<LookupListItem>({
    run: (text, params) => tx.$queryRawUnsafe<LookupListItem[]>(text, ...params),
    column: sort.column,
    idColumn: "l.id",
    direction: query.direction,
    kind: sort.kind,
    after: decodeCursor(query.after, sort.kind),
    before: query.after ? null : decodeCursor(query.before, sort.kind),
    limit: query.size,
    build: (sql, extraWhere) => {
      const conditions = [...filterConditions(sql, scope, query), extraWhere];
      if (query.status !== "ALL") conditions.push(`l."lookupStatus" = ${sql.param(query.status, `"LookupStatus"`)}`);
      // relatives are only reported when the viewer may see them (like getLookupById)
      const parentScope = scopeClause(sql, scope, `p."organisationId"`);
      const childScope = scopeClause(sql, scope, `c."organisationId"`);
      return `${lookupSelect(sort.column, parentScope, childScope)} WHERE ${conditions.join(" AND ")}`;
    },
  });
}

export { COUNT_CAP };

/** Rows per lookup status tab under the other filters, exact up to 10,000 (then reported as 10,000+). */
export async function countLookupTabs(scope: AccessScope, query: LookupListQuery, tx: DbClient = defaultDb): Promise<Record<LookupStatus, number>> {
  return countTabs({
    run: (text, params) => tx.$queryRawUnsafe<{ tab?: string; n: number }[]>(text, ...params),
    from: `"Lookup" l`,
    column: `l."lookupStatus"`,
    cast: `"LookupStatus"`,
    tabs: LOOKUP_STATUSES,
    conditions: (sql) => filterConditions(sql, scope, query),
    // a search is selective but cannot use the status indexes: counted in one pass
    onePass: Boolean(query.q),
  });
}

/** Distinct lookup types within scope (and the switcher's organisation), for the type filter. */
export async function listLookupTypes(scope: AccessScope, organisationId?: string | null, tx: DbClient = defaultDb): Promise<string[]> {
  const sql = new Sql();
  const conditions = [scopeClause(sql, scope, `l."organisationId"`)];
  if (organisationId) conditions.push(`l."organisationId" = ${sql.param(organisationId)}`);
  const rows = await tx.$queryRawUnsafe<{ value: string }[]>(
    `SELECT DISTINCT l."lookupType" AS value FROM "Lookup" l WHERE ${conditions.join(" AND ")} ORDER BY 1 LIMIT ${LOOKUP_TYPE_LIMIT}`,
    ...sql.params,
  );
  return rows.map((r) => r.value);
}

/** The whole filtered list (no paging) for CSV export, in the page's order. */
export function lookupExportQuery(scope: AccessScope, query: LookupListQuery, now: Date, limit: number): { text: string; params: unknown[] } {
  const sql = new Sql();
  const conditions = [...filterConditions(sql, scope, query)];
  if (query.status !== "ALL") conditions.push(`l."lookupStatus" = ${sql.param(query.status, `"LookupStatus"`)}`);
  const sort = LOOKUP_SORTS[query.sort];
  void now;
  const parentScope = scopeClause(sql, scope, `p."organisationId"`);
  const childScope = scopeClause(sql, scope, `c."organisationId"`);
  return {
    text: `${lookupSelect(sort.column, parentScope, childScope)} WHERE ${conditions.join(" AND ")} ORDER BY ${sort.column} ${query.direction} NULLS LAST, l.id ${query.direction} LIMIT ${Math.trunc(limit)}`,
    params: sql.params,
  };
}
