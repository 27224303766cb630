/**
 * A tiny parameterised SQL builder for the list queries that Prisma's query API cannot express
 * efficiently (keyset paging with row comparisons, capped counts). Values always travel as
 * parameters; identifiers come from code, never from input.
 */
import { scopedSql, type AccessScope } from "./scope";

/** Lists count each tab exactly up to this many rows, then show "10,000+". */
export const COUNT_CAP = 10_000;

/** A capped count as shown: "1,234", or "10,000+" past the cap. */
export function cappedCountLabel(n: number): string {
  return n > COUNT_CAP ? `${COUNT_CAP.toLocaleString("en")}+` : n.toLocaleString("en");
}

/**
 * Rows per status tab under the list's other filters, each exact up to COUNT_CAP (a count past it
 * comes back as COUNT_CAP + 1, shown "10,000+"). One statement per tab, run in parallel: each walks
 * its tab's part of an index that starts with the status (or the organisation and the status) and
 * stops after COUNT_CAP + 1 rows, so the cost is bounded whatever the table size.
 *
 * `onePass` is for filters that are selective but cannot use those indexes (a free-text search on
 * a trigram index): the matching rows are then grouped by tab in one scan, instead of the same
 * index search once per tab. That scan reads at most tabs × (COUNT_CAP + 1) rows; when it is cut
 * short, the tabs it left under the cap are counted one by one as above.
 */
export async function countTabs<T extends string>(options: {
  run: (text: string, params: unknown[]) => Promise<{ tab?: string; n: number }[]>;
  /** the table with its alias, e.g. `"Alert" a` */
  from: string;
  /** the tab column, e.g. `a.status` */
  column: string;
  /** its SQL type, e.g. `"AlertStatus"` */
  cast: string;
  tabs: readonly T[];
  /** the scope and filter conditions (everything but the tab) */
  conditions: (sql: Sql) => string[];
  onePass?: boolean;
  /** tests only: a smaller cap */
  cap?: number;
}): Promise<Record<T, number>> {
  const { run, from, column, cast, tabs } = options;
  const cap = options.cap ?? COUNT_CAP;
  const counts = Object.fromEntries(tabs.map((tab) => [tab, 0])) as Record<T, number>;
  const perTab = async (wanted: readonly T[]) => {
    const results = await Promise.all(
      wanted.map(async (tab) => {
        const sql = new Sql();
        const where = [...options.conditions(sql), `${column} = ${sql.param(tab, cast)}`];
        const rows = await run(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where.join(" AND ")} LIMIT ${cap + 1}) capped`, sql.params);
        return [tab, rows[0]?.n ?? 0] as const;
      }),
    );
    for (const [tab, n] of results) counts[tab] = n;
  };
  if (!options.onePass) {
    await perTab(tabs);
    return counts;
  }
  const sql = new Sql();
  const where = [...options.conditions(sql), `${column} = ANY(${sql.param(tabs, `${cast}[]`)})`];
  const scanLimit = tabs.length * (cap + 1);
  const rows = await run(
    `SELECT tab::text AS tab, count(*)::int AS n FROM (SELECT ${column} AS tab FROM ${from} WHERE ${where.join(" AND ")} LIMIT ${scanLimit}) matched GROUP BY tab`,
    sql.params,
  );
  let seen = 0;
  for (const row of rows) {
    if (row.tab !== undefined && row.tab in counts) counts[row.tab as T] = Math.min(row.n, cap + 1);
    seen += row.n;
  }
  // every matching row was seen: the counts are exact
  if (seen < scanLimit) return counts;
  await perTab(tabs.filter((tab) => counts[tab] <= cap));
  return counts;
}

/** The access scope as a condition on `column` (fails closed: a malformed scope is FALSE). */
export function scopeClause(sql: Sql, scope: AccessScope, column: string): string {
  const scoped = scopedSql(scope, column, 0);
  // the clause carries its own cast (`$0::text` or `$0::text[]`)
  return scoped.params.length === 0 ? scoped.clause : scoped.clause.replace("$0", () => sql.param(scoped.params[0]));
}

export class Sql {
  readonly params: unknown[] = [];

  /** Adds a parameter and returns its placeholder, optionally with a cast (`$3::text[]`). */
  param(value: unknown, cast?: string): string {
    this.params.push(value);
    return `$${this.params.length}${cast ? `::${cast}` : ""}`;
  }
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type CursorValue = string | number | null;
export type Cursor = { value: CursorValue; id: string };

/** Opaque, URL-safe cursor of the last row of a page: its sort value and id. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id]), "utf8").toString("base64url");
}

/** A cursor from the URL, or null when it is malformed (the page then starts at the beginning). */
export function decodeCursor(text: string | undefined | null, kind: "date" | "number"): Cursor | null {
  if (!text || text.length > 300) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== "string" || parsed[1].length > 64) return null;
    const [value, id] = parsed as [unknown, string];
    if (value === null) return { value: null, id };
    if (kind === "number" && typeof value === "number" && Number.isSafeInteger(value)) return { value, id };
    if (kind === "date" && typeof value === "string" && !Number.isNaN(Date.parse(value))) return { value, id };
    return null;
  } catch {
    return null;
  }
}

export type KeysetPage<T> = {
  rows: T[];
  /** cursor for the next page (after the last row), or null on the last page */
  next: string | null;
  /** cursor for the previous page (before the first row), or null on the first page */
  previous: string | null;
};

/**
 * Keyset (cursor) paging on `(column, id)` with NULLs last, in either direction. The query is
 * split into the non-null and the null part (UNION ALL, each able to use a plain b-tree index on
 * (…, column, id)), so a page 5,000 rows deep costs what the first page costs.
 *
 * `build(sql, part)` returns the SELECT for one part without ORDER BY/LIMIT; it must select the
 * sort value as "sortValue" and the id as "id".
 */
export async function keysetPage<T extends { id: string; sortValue: unknown }>(options: {
  run: (text: string, params: unknown[]) => Promise<T[]>;
  build: (sql: Sql, extraWhere: string) => string;
  column: string;
  /** the id column, qualified when the query joins (e.g. `a.id`) */
  idColumn?: string;
  direction: "asc" | "desc";
  after: Cursor | null;
  before: Cursor | null;
  limit: number;
  kind: "date" | "number";
}): Promise<KeysetPage<T>> {
  const { column, limit } = options;
  const id = options.idColumn ?? "id";
  const sql = new Sql();
  const backwards = !options.after && Boolean(options.before);
  const cursor = options.after ?? options.before;
  // Direction of travel: forward pages walk the sort order; a "before" page walks it backwards.
  const forward = backwards ? (options.direction === "asc" ? "desc" : "asc") : options.direction;
  const op = forward === "asc" ? ">" : "<";
  const cursorValue = (c: Cursor) => sql.param(c.value, options.kind === "date" ? "timestamptz" : "bigint");
  const parts: string[] = [];
  const nonNull = (extra: string) => `(${options.build(sql, `${column} IS NOT NULL${extra}`)} ORDER BY ${column} ${forward}, ${id} ${forward} LIMIT ${limit + 1})`;
  const nulls = (extra: string) => `(${options.build(sql, `${column} IS NULL${extra}`)} ORDER BY ${id} ${forward} LIMIT ${limit + 1})`;
  if (!backwards) {
    // forward: non-null rows first, then the NULL tail
    if (!cursor) parts.push(nonNull(""), nulls(""));
    else if (cursor.value !== null) parts.push(nonNull(` AND (${column}, ${id}) ${op} (${cursorValue(cursor)}, ${sql.param(cursor.id)})`), nulls(""));
    else parts.push(nulls(` AND ${id} ${op} ${sql.param(cursor.id)}`));
  } else {
    // backwards from a cursor: the NULL part comes first when walking back
    if (cursor!.value === null) parts.push(nulls(` AND ${id} ${op} ${sql.param(cursor!.id)}`), nonNull(""));
    else parts.push(nonNull(` AND (${column}, ${id}) ${op} (${cursorValue(cursor!)}, ${sql.param(cursor!.id)})`));
  }
  const text = parts.length === 1 ? parts[0]! : `SELECT * FROM (${parts.join(" UNION ALL ")}) page LIMIT ${limit + 1}`;
  let rows = await options.run(text, sql.params);
  const more = rows.length > limit;
  rows = rows.slice(0, limit);
  if (backwards) rows.reverse();
  const toCursor = (row: T): string => {
    const v = row.sortValue;
    const value: CursorValue = v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === "bigint" ? Number(v) : (v as CursorValue);
    return encodeCursor({ value, id: row.id });
  };
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    next: last && (backwards ? true : more) ? toCursor(last) : null,
    previous: first && (backwards ? more : Boolean(cursor)) ? toCursor(first) : null,
  };
}
