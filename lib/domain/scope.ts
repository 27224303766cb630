/**
 * Which organisations a caller may see for one permission. Built by lib/auth from the session;
 * every domain query takes it first and spreads scopedWhere(scope) into its filter.
 */
export type AccessScope =
  | { readonly kind: "all"; readonly includeUnassigned: boolean }
  | { readonly kind: "orgs"; readonly organisationIds: readonly string[] };

/** System actors (jobs, webhooks, CLI) see everything. */
export const SYSTEM_SCOPE: AccessScope = Object.freeze({ kind: "all", includeUnassigned: true });

export const NO_ACCESS: AccessScope = Object.freeze({ kind: "orgs", organisationIds: [] });

/**
 * The where-fragment for rows that carry `organisationId`. Fails closed: anything that is not a
 * well-formed scope matches nothing.
 */
export function scopedWhere(scope: AccessScope): { organisationId?: { in: string[] } | { not: null } } {
  if (scope?.kind === "all") {
    return scope.includeUnassigned ? {} : { organisationId: { not: null } };
  }
  if (scope?.kind === "orgs" && Array.isArray(scope.organisationIds)) {
    return { organisationId: { in: [...scope.organisationIds] } };
  }
  return { organisationId: { in: [] } };
}

/** Same rule for the Organisation table itself (keyed by `id`). */
export function scopedOrganisationWhere(scope: AccessScope): { id?: { in: string[] } } {
  if (scope?.kind === "all") return {};
  if (scope?.kind === "orgs" && Array.isArray(scope.organisationIds)) return { id: { in: [...scope.organisationIds] } };
  return { id: { in: [] } };
}

export function scopeIncludes(scope: AccessScope, organisationId: string | null): boolean {
  if (scope.kind === "all") return organisationId !== null || scope.includeUnassigned;
  return organisationId !== null && scope.organisationIds.includes(organisationId);
}

/** SQL form for raw queries: returns [clause, params] with `$n` placeholders starting at `from`. */
export function scopedSql(scope: AccessScope, column: string, from: number): { clause: string; params: unknown[] } {
  if (scope?.kind === "all") {
    return scope.includeUnassigned ? { clause: "TRUE", params: [] } : { clause: `${column} IS NOT NULL`, params: [] };
  }
  if (scope?.kind === "orgs" && Array.isArray(scope.organisationIds)) {
    // one organisation (most members) as plain equality: with `= ANY(array)` Postgres cannot walk an
    // (organisationId, …, sort column) index in order, and sorts every matching row instead
    if (scope.organisationIds.length === 1 && typeof scope.organisationIds[0] === "string") {
      return { clause: `${column} = $${from}::text`, params: [scope.organisationIds[0]] };
    }
    return { clause: `${column} = ANY($${from}::text[])`, params: [[...scope.organisationIds]] };
  }
  return { clause: "FALSE", params: [] };
}

/** scopedWhere for tables whose organisationId is never null (transactions, API keys, rules). */
export function scopedOwnedWhere(scope: AccessScope): { organisationId?: { in: string[] } } {
  if (scope?.kind === "all") return {};
  if (scope?.kind === "orgs" && Array.isArray(scope.organisationIds)) return { organisationId: { in: [...scope.organisationIds] } };
  return { organisationId: { in: [] } };
}
