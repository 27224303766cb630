import { v7 as uuidv7 } from "uuid";
import type { SqlClient } from "@/lib/db";
import { Sql } from "@/lib/domain/sql";

/**
 * One-statement, order-safe upsert for provider objects keyed by (provider, externalId):
 *  - absent → inserted;
 *  - present and the incoming `providerUpdatedAt` is newer or equal (ties apply: same snapshot
 *    twice is idempotent) or either side has none → updated;
 *  - present and newer than the incoming snapshot → left alone ("stale").
 * Concurrent deliveries for one object never raise a unique violation: Postgres serialises them
 * on the conflicting row. The previous `providerData` comes back for our own diff.
 */
export type UpsertColumn = {
  value: unknown;
  /** how an update treats this column (default: take the incoming value) */
  onUpdate?: "set" | "keep" | "coalesce" | { sql: (existing: string, incoming: string) => string };
  /** SQL cast for the parameter, e.g. `jsonb`, `timestamptz` or a quoted enum type `"AlertStatus"` */
  cast?: string;
};

export type UpsertResult = {
  id: string;
  outcome: "inserted" | "updated" | "stale";
  previousData: Record<string, unknown> | null;
  /** the `returning` columns of the written row (absent when stale) */
  row?: Record<string, unknown>;
};

const ident = (name: string) => {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`bad identifier ${name}`);
  return `"${name}"`;
};

export async function orderSafeUpsert(
  tx: SqlClient,
  table: string,
  key: { provider: string; externalId: string },
  columns: Record<string, UpsertColumn>,
  /**
   * A partial (thin) snapshot: insert when missing; when present, only the named columns are set
   * (and coalescing ones filled), whatever the versions say.
   */
  partial?: { update: string[] },
  /** more columns to return from the written row, as a RETURNING list (from code, never input) */
  returning?: string,
): Promise<UpsertResult> {
  const sql = new Sql();
  const statement = upsertStatement(sql, { table, key, columns, partial, returning });
  const rows = await tx.$queryRawUnsafe<UpsertRow[]>(`WITH ${statement.previousCte} ${statement.text}`, ...sql.params);
  const row = rows[0];
  if (row) return upsertResult(row, returning);
  const existing = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM ${ident(table)} WHERE provider = $1 AND "externalId" = $2`, key.provider, key.externalId);
  return { id: existing[0]!.id, outcome: "stale", previousData: null };
}

/** What the upsert statement returns for the written row (none when the snapshot was stale). */
export type UpsertRow = { id: string; inserted: boolean; previousData: Record<string, unknown> | null } & Record<string, unknown>;

export function upsertResult(row: UpsertRow, returning?: string): UpsertResult {
  return { id: row.id, outcome: row.inserted ? "inserted" : "updated", previousData: row.inserted ? null : row.previousData, ...(returning ? { row } : {}) };
}

export type UpsertSpec = {
  table: string;
  key: { provider: string; externalId: string };
  columns: Record<string, UpsertColumn>;
  partial?: { update: string[] };
  returning?: string;
};

/**
 * The upsert as SQL text, its parameters added to `sql` (so it can be one part of a larger
 * statement: the webhook fast path runs it as a CTE). `id` is the id a new row gets. `source`
 * replaces `VALUES (…)` with `SELECT … ${source}`, e.g. `WHERE EXISTS (…)` to make the insert
 * conditional. `previous` names the CTE that reads the row before the write; `returnPrevious:
 * false` leaves its `providerData` out of the result (a caller that has `previous_attributes`).
 */
export function upsertStatement(
  sql: Sql,
  spec: UpsertSpec & { id?: string; source?: string; previous?: string; returnPrevious?: boolean },
): { text: string; previousCte: string } {
  const t = ident(spec.table);
  const previous = ident(spec.previous ?? "previous");
  const names = ["id", "provider", "externalId", ...Object.keys(spec.columns), "createdAt", "updatedAt"];
  const providerParam = sql.param(spec.key.provider);
  const externalIdParam = sql.param(spec.key.externalId);
  const placeholders = [sql.param(spec.id ?? uuidv7()), providerParam, externalIdParam];
  for (const column of Object.values(spec.columns)) {
    const value = column.cast === "jsonb" && column.value !== null && column.value !== undefined ? JSON.stringify(column.value) : column.value;
    placeholders.push(sql.param(value ?? null, column.cast));
  }
  placeholders.push("now()", "now()");
  const partial = spec.partial;
  const updates = Object.entries(spec.columns)
    .filter(([name, c]) => c.onUpdate !== "keep" && (!partial || partial.update.includes(name) || c.onUpdate === "coalesce"))
    .map(([name, c]) => {
      const existing = `${t}.${ident(name)}`;
      const incoming = `EXCLUDED.${ident(name)}`;
      if (c.onUpdate === "coalesce") return `${ident(name)} = COALESCE(${incoming}, ${existing})`;
      if (typeof c.onUpdate === "object") return `${ident(name)} = ${c.onUpdate.sql(existing, incoming)}`;
      return `${ident(name)} = ${incoming}`;
    });
  updates.push(`"updatedAt" = now()`);
  const version = `"providerUpdatedAt"`;
  const values = spec.source ? `SELECT ${placeholders.join(", ")} ${spec.source}` : `VALUES (${placeholders.join(", ")})`;
  return {
    previousCte: `${previous} AS (SELECT id, "providerData", "providerUpdatedAt" FROM ${t} WHERE provider = ${providerParam} AND "externalId" = ${externalIdParam})`,
    text: `INSERT INTO ${t} (${names.map(ident).join(", ")}) ${values}
    ON CONFLICT (provider, "externalId") DO UPDATE SET ${updates.join(", ")}
    ${partial ? "" : `WHERE ${t}.${version} IS NULL OR EXCLUDED.${version} IS NULL OR EXCLUDED.${version} >= ${t}.${version}`}
    RETURNING id, (xmax = 0) AS inserted, ${spec.returnPrevious === false ? "NULL::jsonb" : `(SELECT "providerData" FROM ${previous})`} AS "previousData"${spec.returning ? `, ${spec.returning}` : ""}`,
  };
}

/** Top-level keys whose values differ, with the old values (the shape of previous_attributes). */
export function diffObjects(before: Record<string, unknown> | null, after: Record<string, unknown>): Record<string, unknown> | null {
  if (!before) return null;
  const changed: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === "updated_at") continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = before[key] ?? null;
  }
  return Object.keys(changed).length ? changed : null;
}
