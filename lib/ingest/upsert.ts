import { v7 as uuidv7 } from "uuid";
import type { SqlClient } from "@/lib/db";

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
  const t = ident(table);
  const names = ["id", "provider", "externalId", ...Object.keys(columns), "createdAt", "updatedAt"];
  const values: unknown[] = [uuidv7(), key.provider, key.externalId];
  const placeholders = ["$1", "$2", "$3"];
  for (const column of Object.values(columns)) {
    const value = column.cast === "jsonb" && column.value !== null && column.value !== undefined ? JSON.stringify(column.value) : column.value;
    values.push(value ?? null);
    placeholders.push(`$${values.length}${column.cast ? `::${column.cast}` : ""}`);
  }
  placeholders.push("now()", "now()");
  const updates = Object.entries(columns)
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
  const sql = `
    WITH previous AS (SELECT "providerData" FROM ${t} WHERE provider = $2 AND "externalId" = $3)
    INSERT INTO ${t} (${names.map(ident).join(", ")}) VALUES (${placeholders.join(", ")})
    ON CONFLICT (provider, "externalId") DO UPDATE SET ${updates.join(", ")}
    ${partial ? "" : `WHERE ${t}.${version} IS NULL OR EXCLUDED.${version} IS NULL OR EXCLUDED.${version} >= ${t}.${version}`}
    RETURNING id, (xmax = 0) AS inserted, (SELECT "providerData" FROM previous) AS "previousData"${returning ? `, ${returning}` : ""}`;
  const rows = await tx.$queryRawUnsafe<({ id: string; inserted: boolean; previousData: Record<string, unknown> | null } & Record<string, unknown>)[]>(sql, ...values);
  const row = rows[0];
  if (row) return { id: row.id, outcome: row.inserted ? "inserted" : "updated", previousData: row.inserted ? null : row.previousData, ...(returning ? { row } : {}) };
  const existing = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM ${t} WHERE provider = $1 AND "externalId" = $2`, key.provider, key.externalId);
  return { id: existing[0]!.id, outcome: "stale", previousData: null };
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
