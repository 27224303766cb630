import type { AccessScope } from "@/lib/domain/scope";
import type { ViewerRecord } from "@/lib/domain/users/queries";
import { GLOBAL_ONLY, roleHas, type Permission } from "./permissions";

/** The signed-in user of one request. */
export type Viewer = Omit<ViewerRecord, "active" | "sessionsValidFrom">;

const READ_PERMISSIONS: readonly Permission[] = ["records.read", "events.read", "audit.read", "unassigned.read"];

/** Which organisations `viewer` may exercise `permission` on. Pure: tested without a database. */
export function scopeFor(viewer: Viewer, permission: Permission): AccessScope {
  if (viewer.globalRole && roleHas(viewer.globalRole, permission)) {
    const unassigned = READ_PERMISSIONS.includes(permission) ? "unassigned.read" : "unassigned.manage";
    return { kind: "all", includeUnassigned: roleHas(viewer.globalRole, unassigned) };
  }
  if (GLOBAL_ONLY.includes(permission)) return { kind: "orgs", organisationIds: [] };
  return {
    kind: "orgs",
    organisationIds: viewer.memberships.filter((m) => roleHas(m.role, permission)).map((m) => m.organisationId),
  };
}

/**
 * Whether the viewer holds `permission` at all (no organisation given) or for one organisation.
 * Used by the UI to hide controls; the server re-checks with the scope in the query.
 */
export function can(viewer: Viewer, permission: Permission, organisationId?: string | null): boolean {
  const scope = scopeFor(viewer, permission);
  if (scope.kind === "all") return organisationId === null ? scope.includeUnassigned : true;
  if (organisationId === undefined) return scope.organisationIds.length > 0;
  return organisationId !== null && scope.organisationIds.includes(organisationId);
}

/** Organisations the viewer can see at all (for the switcher and filters). */
export function visibleOrganisationIds(viewer: Viewer): "all" | string[] {
  const scope = scopeFor(viewer, "records.read");
  return scope.kind === "all" ? "all" : [...scope.organisationIds];
}
