import { scopedWhere, type AccessScope } from "./scope";

/** Common list parameters (the triage pages add sorting, filters and cursors on top). */
export type ListOptions = {
  /** the organisation picked in the switcher; intersected with the scope, never widening it */
  organisationId?: string | null;
  page?: number;
  perPage?: number;
};

export type ListResult<T> = { rows: T[]; total: number; page: number; perPage: number };

export const MAX_PER_PAGE = 200;

export function pageWindow(options: ListOptions): { skip: number; take: number; page: number; perPage: number } {
  const perPage = Math.min(Math.max(Math.trunc(options.perPage ?? 50), 1), MAX_PER_PAGE);
  const page = Math.max(Math.trunc(options.page ?? 1), 1);
  return { skip: (page - 1) * perPage, take: perPage, page, perPage };
}

/** scopedWhere plus the switcher's organisation. */
export function scopeAndOrganisation(scope: AccessScope, organisationId?: string | null) {
  return organisationId ? { AND: [scopedWhere(scope), { organisationId }] } : scopedWhere(scope);
}
