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

/** The access scope as a condition on `column` (fails closed: a malformed scope is FALSE). */
export function scopeClause(sql: Sql, scope: AccessScope, column: string): string {
  const scoped = scopedSql(scope, column, 0);
  return scoped.params.length === 0 ? scoped.clause : scoped.clause.replace("$0::text[]", sql.param(scoped.params[0], "text[]"));
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
