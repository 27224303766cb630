import { AppShell } from "@/components/layout/app-shell";
import type { NavItem } from "@/components/layout/nav-links";
import { can } from "@/lib/auth/access";
import type { Permission } from "@/lib/auth/permissions";
import { getActiveOrganisationId, getViewer } from "@/lib/auth/viewer";
import { listOrganisations } from "@/lib/domain/organisations/queries";
import { scopeFor } from "@/lib/auth/access";
import { switchOrganisationAction, signOutAction } from "./shell-actions";

const NAV: (NavItem & { permission: Permission | null })[] = [
  { href: "/", label: "Overview", section: "work", permission: "records.read" },
  { href: "/alerts", label: "Alerts", section: "work", permission: "records.read" },
  { href: "/representments", label: "Representments", section: "work", permission: "records.read" },
  { href: "/scheme-notices", label: "Scheme notices", section: "work", permission: "records.read" },
  { href: "/lookups", label: "Lookups", section: "work", permission: "records.read" },
  { href: "/enrolments", label: "Enrolments", section: "work", permission: "records.read" },
  { href: "/events", label: "Delivery log", section: "work", permission: "events.read" },
  { href: "/transactions/import", label: "Import payments", section: "work", permission: "transactions.manage" },
  { href: "/admin/organisations", label: "Organisations", section: "admin", permission: "admin.manage" },
  { href: "/admin/users", label: "Users", section: "admin", permission: "admin.manage" },
  { href: "/admin/unassigned", label: "Unassigned", section: "admin", permission: "unassigned.read" },
  { href: "/admin/audit", label: "Audit trail", section: "admin", permission: "audit.read" },
  { href: "/admin/system", label: "System", section: "admin", permission: "system.read" },
  { href: "/settings", label: "Settings", section: "personal", permission: null },
];

/**
 * Navigation and the organisation switcher only. Access decisions are made by every page, action
 * and route on its own (layouts are not re-run for every request).
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) return <>{children}</>;
  const nav = NAV.filter((item) => item.permission === null || can(viewer, item.permission)).map(({ permission: _p, ...item }) => item);
  const orgs = await listOrganisations(scopeFor(viewer, "records.read"));
  const active = await getActiveOrganisationId(viewer);
  const roleLabel = viewer.globalRole
    ? viewer.globalRole === "ADMIN"
      ? "Admin"
      : "Ops"
    : viewer.memberships.map((m) => (m.role === "AGENT" ? "Agent" : "Viewer")).filter((v, i, a) => a.indexOf(v) === i).join(", ") || "No role";
  return (
    <AppShell
      nav={nav}
      user={{ email: viewer.email, name: viewer.name, roleLabel }}
      orgs={orgs.map((o) => ({ id: o.id, name: o.archivedAt ? `${o.name} (archived)` : o.name }))}
      activeOrg={active ?? "all"}
      allOrgsLabel={orgs.length > 1 ? "All organisations" : null}
      switchOrgAction={switchOrganisationAction}
      signOutAction={signOutAction}
    >
      {children}
    </AppShell>
  );
}
