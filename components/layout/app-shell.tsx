import Link from "next/link";
import { LiveRefresh } from "./live-refresh";
import { NavLinks, type NavItem } from "./nav-links";
import { OrgSwitcher, type OrgOption } from "./org-switcher";

export function AppShell({
  nav,
  user,
  orgs,
  activeOrg,
  allOrgsLabel,
  switchOrgAction,
  signOutAction,
  children,
}: {
  nav: NavItem[];
  user: { email: string; name: string | null; roleLabel: string };
  orgs: OrgOption[];
  activeOrg: string;
  allOrgsLabel: string | null;
  switchOrgAction: (formData: FormData) => void | Promise<void>;
  signOutAction: () => void | Promise<void>;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col gap-5 border-r border-slate-200 bg-white px-3 py-4">
        <Link href="/" className="flex items-center gap-2 px-2 text-base font-semibold text-slate-900 no-underline hover:no-underline">
          <span aria-hidden className="inline-flex h-6 w-6 items-center justify-center rounded bg-brand-600 text-xs font-bold text-white">R</span>
          Recourse
        </Link>
        <div className="px-1">
          <OrgSwitcher options={orgs} value={activeOrg} allLabel={allOrgsLabel} action={switchOrgAction} />
        </div>
        <div className="flex-1 overflow-y-auto">
          <NavLinks items={nav} />
        </div>
        <div className="border-t border-slate-200 px-2 pt-3">
          <div className="mb-2">
            <LiveRefresh />
          </div>
          <p className="truncate text-sm font-medium text-slate-900" title={user.email}>
            {user.name ?? user.email}
          </p>
          <p className="truncate text-xs text-slate-500">
            {user.name ? user.email + " · " : ""}
            {user.roleLabel}
          </p>
          <form action={signOutAction} className="mt-2">
            <button type="submit" className="text-xs font-medium text-slate-600 underline-offset-2 hover:underline">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-6 py-5">
        {children}
      </main>
    </div>
  );
}
