import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import type { SchemeNoticeType } from "@/lib/generated/prisma/enums";
import { dateParam, first, idParam, multi, oneOf, pageSizeParam, searchParam, type PageSize, type RawParams } from "@/lib/domain/list-params";
import type { AccessScope } from "@/lib/domain/scope";
import { decodeCursor, keysetPage, likeEscape, Sql, type KeysetPage, COUNT_CAP, countTabs, scopeClause } from "@/lib/domain/sql";

/**
 * The scheme notice list (TC40, TC15, SAFE fraud reports): every filter, sort and page held in
 * the URL. Sorting is from an allow-list; paging is by cursor.
 */
export const SCHEME_NOTICE_TYPES = ["TC40", "TC15", "SAFE", "OTHER"] as const satisfies readonly SchemeNoticeType[];
export const TRI_STATES = ["yes", "no"] as const;
export type TriState = (typeof TRI_STATES)[number];

/** sort id → column and the direction a click starts with */
export const SCHEME_NOTICE_SORTS = {
  reported: { column: `n."reportedAt"`, kind: "date", defaultDirection: "desc" },
  amount: { column: `n."amountMinor"`, kind: "number", defaultDirection: "desc" },
  received: { column: `n."receivedAt"`, kind: "date", defaultDirection: "desc" },
} as const;
export type SchemeNoticeSort = keyof typeof SCHEME_NOTICE_SORTS;
export const SCHEME_NOTICE_DEFAULT_SORT: SchemeNoticeSort = "reported";
/** options of the scheme and fraud type filters: at most this many distinct values */
export const FACET_LIMIT = 50;

export type SchemeNoticeListQuery = {
  type: SchemeNoticeType | "ALL";
  scheme?: string;
  fraudType?: string;
  /** yes: revoked only; no: not revoked */
  revoked?: TriState;
  /** yes: eligible; no: not eligible or not reported */
  disputeEligible?: TriState;
  providers: string[];
  organisationId?: string;
  merchantId?: string;
  reportedFrom?: { text: string; at: Date };
  /** exclusive: the day after the chosen end date */
  reportedTo?: { text: string; at: Date };
  q?: string;
  /** only records not linked to a transaction (`unmatched=1`) */
  unmatched?: boolean;
  sort: SchemeNoticeSort;
  direction: "asc" | "desc";
  after?: string;
  before?: string;
  size: PageSize;
};

/** A free-text facet value (scheme, fraud type): bounded, letters, digits and simple punctuation. */
function facetParam(params: RawParams, key: string): string | undefined {
  const raw = first(params, key)?.trim();
  return raw && /^[\p{L}\p{N} _.:/&'()-]{1,64}$/u.test(raw) ? raw : undefined;
}

export function parseSchemeNoticeListParams(params: RawParams, options: { providers: readonly string[]; defaultSize: PageSize }): SchemeNoticeListQuery {
  const sort = oneOf(params, "sort", Object.keys(SCHEME_NOTICE_SORTS) as SchemeNoticeSort[], SCHEME_NOTICE_DEFAULT_SORT);
  return {
    type: oneOf(params, "type", [...SCHEME_NOTICE_TYPES, "ALL"] as const, "ALL"),
    scheme: facetParam(params, "scheme"),
    fraudType: facetParam(params, "fraud"),
    revoked: oneOf(params, "revoked", TRI_STATES),
    disputeEligible: oneOf(params, "eligible", TRI_STATES),
    providers: multi(params, "provider", options.providers),
    organisationId: idParam(params, "org"),
    merchantId: idParam(params, "merchant"),
    reportedFrom: dateParam(params, "from"),
    reportedTo: dateParam(params, "to", true),
    q: searchParam(params),
    unmatched: first(params, "unmatched") === "1" ? true : undefined,
    sort,
    direction: oneOf(params, "dir", ["asc", "desc"] as const, SCHEME_NOTICE_SORTS[sort].defaultDirection),
    after: first(params, "after"),
    before: first(params, "before"),
    size: pageSizeParam(params, options.defaultSize),
  };
}

/** The query as URL parameters (defaults omitted), for links. */
export function schemeNoticeListSearch(
  query: SchemeNoticeListQuery,
  overrides: Partial<Record<string, string | string[] | undefined>> = {},
): Record<string, string | string[] | undefined> {
  return {
    type: query.type === "ALL" ? undefined : query.type,
    scheme: query.scheme,
    fraud: query.fraudType,
    revoked: query.revoked,
    eligible: query.disputeEligible,
    provider: query.providers,
    org: query.organisationId,
    merchant: query.merchantId,
    from: query.reportedFrom?.text,
    to: query.reportedTo?.text,
    q: query.q,
    unmatched: query.unmatched ? "1" : undefined,
    sort: query.sort === SCHEME_NOTICE_DEFAULT_SORT ? undefined : query.sort,
    dir: query.direction === SCHEME_NOTICE_SORTS[query.sort].defaultDirection ? undefined : query.direction,
    ...overrides,
  };
}

export type SchemeNoticeListItem = {
  id: string;
  organisationId: string | null;
  organisationName: string | null;
  provider: string;
  externalId: string;
  noticeType: SchemeNoticeType;
  providerType: string;
  scheme: string | null;
  fraudType: string | null;
  disputeEligible: boolean | null;
  revoked: boolean;
  reportedAt: Date | null;
  amountMinor: number | null;
  currency: string | null;
  cardLast4: string | null;
  arn: string | null;
  /** the merchant name as the notice reported it */
  reportedMerchantName: string | null;
  receivedAt: Date;
  merchantId: string | null;
  merchantName: string | null;
  sortValue: unknown;
};

/** WHERE conditions of the scope and every filter but the type tab (shared with the counts). */
function filterConditions(sql: Sql, scope: AccessScope, query: Omit<SchemeNoticeListQuery, "type">): string[] {
  const conditions: string[] = [scopeClause(sql, scope, `n."organisationId"`)];
  if (query.unmatched) conditions.push(`n."transactionId" IS NULL`);
  if (query.organisationId) conditions.push(`n."organisationId" = ${sql.param(query.organisationId)}`);
  if (query.merchantId) conditions.push(`n."merchantId" = ${sql.param(query.merchantId)}`);
  if (query.providers.length) conditions.push(`n.provider = ANY(${sql.param(query.providers, "text[]")})`);
  if (query.scheme) conditions.push(`n.scheme = ${sql.param(query.scheme)}`);
  if (query.fraudType) conditions.push(`n."fraudType" = ${sql.param(query.fraudType)}`);
  if (query.revoked) conditions.push(query.revoked === "yes" ? `n.revoked` : `NOT n.revoked`);
  // "no" is the complement of "yes": not eligible, or eligibility not reported
  if (query.disputeEligible) conditions.push(query.disputeEligible === "yes" ? `n."disputeEligible" IS TRUE` : `n."disputeEligible" IS NOT TRUE`);
  if (query.reportedFrom) conditions.push(`n."reportedAt" >= ${sql.param(query.reportedFrom.at, "timestamptz")}`);
  if (query.reportedTo) conditions.push(`n."reportedAt" < ${sql.param(query.reportedTo.at, "timestamptz")}`);
  if (query.q) {
    // identifiers match exactly; the merchant name on the notice by substring
    const q = sql.param(query.q);
    conditions.push(`(n.arn = ${q} OR n."cardLast4" = ${q} OR n."externalId" = ${q} OR n."merchantName" ILIKE ${sql.param(`%${likeEscape(query.q)}%`)})`);
  }
  return conditions;
}

/** The columns and joins of a list row (pages and CSV export share them). */
const SCHEME_NOTICE_SELECT = `SELECT n.id, n."organisationId", o.name AS "organisationName", n.provider, n."externalId", n."noticeType", n."providerType",
                     n.scheme, n."fraudType", n."disputeEligible", n.revoked, n."reportedAt", n."amountMinor", n.currency, n."cardLast4", n.arn,
                     n."merchantName" AS "reportedMerchantName", n."receivedAt", n."merchantId", m.name AS "merchantName", __SORT__ AS "sortValue"
                FROM "SchemeNotice" n
                LEFT JOIN "Merchant" m ON m.id = n."merchantId"
                LEFT JOIN "Organisation" o ON o.id = n."organisationId"`;

export async function listSchemeNoticePage(scope: AccessScope, query: SchemeNoticeListQuery, tx: DbClient = defaultDb): Promise<KeysetPage<SchemeNoticeListItem>> {
  const sort = SCHEME_NOTICE_SORTS[query.sort];
  return keysetPage<SchemeNoticeListItem>({
    run: (text, params) => tx.$queryRawUnsafe<SchemeNoticeListItem[]>(text, ...params),
    column: sort.column,
    idColumn: "n.id",
    direction: query.direction,
    kind: sort.kind,
    after: decodeCursor(query.after, sort.kind),
    before: query.after ? null : decodeCursor(query.before, sort.kind),
    limit: query.size,
    build: (sql, extraWhere) => {
      const conditions = [...filterConditions(sql, scope, query), extraWhere];
      if (query.type !== "ALL") conditions.push(`n."noticeType" = ${sql.param(query.type, `"SchemeNoticeType"`)}`);
      return `${SCHEME_NOTICE_SELECT.replace("__SORT__", sort.column)} WHERE ${conditions.join(" AND ")}`;
    },
  });
}

export { COUNT_CAP };

/** Rows per type tab under the other filters, exact up to 10,000 (then reported as 10,000+). */
export async function countSchemeNoticeTabs(scope: AccessScope, query: SchemeNoticeListQuery, tx: DbClient = defaultDb): Promise<Record<SchemeNoticeType, number>> {
  return countTabs({
    run: (text, params) => tx.$queryRawUnsafe<{ tab?: string; n: number }[]>(text, ...params),
    from: `"SchemeNotice" n`,
    column: `n."noticeType"`,
    cast: `"SchemeNoticeType"`,
    tabs: SCHEME_NOTICE_TYPES,
    conditions: (sql) => filterConditions(sql, scope, query),
    // a search is selective but cannot use the status indexes: counted in one pass
    onePass: Boolean(query.q),
  });
}

/** Distinct schemes and fraud types within scope (and the switcher's organisation), for the filters. */
export async function listSchemeNoticeFacets(
  scope: AccessScope,
  organisationId?: string | null,
  tx: DbClient = defaultDb,
): Promise<{ schemes: string[]; fraudTypes: string[] }> {
  const distinct = async (column: string) => {
    const sql = new Sql();
    const conditions = [scopeClause(sql, scope, `n."organisationId"`), `${column} IS NOT NULL`];
    if (organisationId) conditions.push(`n."organisationId" = ${sql.param(organisationId)}`);
    const rows = await tx.$queryRawUnsafe<{ value: string }[]>(
      `SELECT DISTINCT ${column} AS value FROM "SchemeNotice" n WHERE ${conditions.join(" AND ")} ORDER BY 1 LIMIT ${FACET_LIMIT}`,
      ...sql.params,
    );
    return rows.map((r) => r.value);
  };
  const [schemes, fraudTypes] = await Promise.all([distinct("n.scheme"), distinct(`n."fraudType"`)]);
  return { schemes, fraudTypes };
}

/** The whole filtered list (no paging) for CSV export, in the page's order. */
export function schemeNoticeExportQuery(scope: AccessScope, query: SchemeNoticeListQuery, now: Date, limit: number): { text: string; params: unknown[] } {
  const sql = new Sql();
  const conditions = [...filterConditions(sql, scope, query)];
  if (query.type !== "ALL") conditions.push(`n."noticeType" = ${sql.param(query.type, `"SchemeNoticeType"`)}`);
  const sort = SCHEME_NOTICE_SORTS[query.sort];
  void now;
  return {
    text: `${SCHEME_NOTICE_SELECT.replace("__SORT__", sort.column)} WHERE ${conditions.join(" AND ")} ORDER BY ${sort.column} ${query.direction} NULLS LAST, n.id ${query.direction} LIMIT ${Math.trunc(limit)}`,
    params: sql.params,
  };
}
