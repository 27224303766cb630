import { NO_ACCESS, scopeIncludes, type AccessScope } from "@/lib/domain/scope";
import { AppError } from "@/lib/errors";

/**
 * The scope limited to one organisation: a command given it can only touch rows of that
 * organisation, so an id of another organisation in a form or URL finds nothing (404), never a
 * row elsewhere. Outside the caller's own scope it is no access at all.
 */
export function narrowToOrganisation(scope: AccessScope, organisationId: string): AccessScope {
  return organisationId && scopeIncludes(scope, organisationId) ? { kind: "orgs", organisationIds: [organisationId] } : NO_ACCESS;
}

/** Users, the job queue and unassigned rows are global: only an all-organisation scope may manage them. */
export function assertGlobalScope(scope: AccessScope, options: { unassigned?: boolean } = {}): void {
  if (scope?.kind !== "all" || (options.unassigned && !scope.includeUnassigned)) throw new AppError("FORBIDDEN");
}
