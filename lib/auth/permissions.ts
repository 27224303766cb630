import type { GlobalRole, OrgRole } from "@/lib/generated/prisma/enums";

/**
 * The permission table of DESIGN.md ("Roles and permissions"), in one place. Pages, actions and
 * routes ask for a permission, never a role name. A global role grants its permissions for every
 * organisation; a membership role grants them for that organisation only.
 */
export const permissions = [
  "records.read", // alerts, representments, notices, lookups, enrolments, overview, CSV export
  "outcomes.send", // send outcomes, bulk actions
  "events.read", // delivery log
  "events.replay", // replay events
  "syncs.run", // pull provider state now
  "enrolments.request",
  "audit.read",
  "transactions.manage", // import transactions, confirm or change matches
  "admin.manage", // organisations, merchants, memberships, connections, users, rules
  "unassigned.read",
  "unassigned.manage",
  "system.read", // queue and delivery health
] as const;

export type Permission = (typeof permissions)[number];
export type Role = GlobalRole | OrgRole;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: [
    "records.read",
    "outcomes.send",
    "events.read",
    "events.replay",
    "syncs.run",
    "enrolments.request",
    "audit.read",
    "transactions.manage",
    "admin.manage",
    "unassigned.read",
    "unassigned.manage",
    "system.read",
  ],
  OPS: ["records.read", "events.read", "events.replay", "syncs.run", "enrolments.request", "audit.read", "unassigned.read", "system.read"],
  AGENT: ["records.read", "outcomes.send", "events.read", "audit.read", "transactions.manage"],
  VIEWER: ["records.read"],
};

/** Permissions that only a global role can hold (no organisation can grant them). */
export const GLOBAL_ONLY: readonly Permission[] = [
  "events.replay",
  "syncs.run",
  "enrolments.request",
  "admin.manage",
  "unassigned.read",
  "unassigned.manage",
  "system.read",
];

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
