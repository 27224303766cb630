import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { requireViewer } from "@/lib/auth/viewer";
import { listUsers, type UserAdminRow } from "@/lib/domain/users/admin-queries";
import { humanize } from "@/lib/format";
import { firstParam, hrefWith, type SearchParams } from "@/lib/url-state";
import { dateTimeOrDash } from "../_lib/format";
import { ActionForm } from "../_components/action-form";
import { createResetLinkAction, createUserAction, setGlobalRoleAction, setUserActiveAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

const ROLE_OPTIONS = [
  { value: "", label: "None (memberships only)" },
  { value: "ADMIN", label: "Admin" },
  { value: "OPS", label: "Ops" },
];

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer } = await requireViewer("admin.manage");
  const params = await searchParams;
  const users = await listUsers();
  const selected = users.find((u) => u.id === firstParam(params, "user")) ?? null;
  const activeAdmins = users.filter((u) => u.globalRole === "ADMIN" && !u.deactivatedAt).length;
  const tz = viewer.timeZone;
  return (
    <>
      <PageHeader
        title="Users"
        description={`People who can sign in, their global role and memberships. ${activeAdmins} active administrator${activeAdmins === 1 ? "" : "s"}.`}
      />
      <div className="grid gap-4 xl:grid-cols-[1fr_26rem]">
        <Card>
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">Users</caption>
              <thead>
                <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
                  <th scope="col" className="px-3 py-2">Person</th>
                  <th scope="col" className="px-3 py-2">Global role</th>
                  <th scope="col" className="px-3 py-2">Memberships</th>
                  <th scope="col" className="px-3 py-2 whitespace-nowrap">Last sign-in</th>
                  <th scope="col" className="px-3 py-2">State</th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Manage</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className={`border-b border-slate-100 ${selected?.id === u.id ? "bg-brand-50/60" : "hover:bg-slate-50"}`} aria-current={selected?.id === u.id ? "true" : undefined}>
                    <td className="px-3 py-2">
                      <span className="font-medium text-slate-900">{u.email}</span>
                      {u.id === viewer.id ? (
                        <Badge tone="info" className="ml-2">
                          You
                        </Badge>
                      ) : null}
                      {u.name ? <span className="block text-xs text-slate-500">{u.name}</span> : null}
                    </td>
                    <td className="px-3 py-2">{u.globalRole ? <Badge tone="info">{humanize(u.globalRole)}</Badge> : <span className="text-slate-400">–</span>}</td>
                    <td className="px-3 py-2 text-xs">{u.memberships.map((m) => `${m.organisation.name} (${humanize(m.role)})`).join(", ") || <span className="text-slate-400">–</span>}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{u.lastSignInAt ? dateTimeOrDash(u.lastSignInAt, tz) : "Never"}</td>
                    <td className="px-3 py-2">{u.deactivatedAt ? <Badge tone="muted">Deactivated</Badge> : <Badge tone="success">Active</Badge>}</td>
                    <td className="px-3 py-2 text-right">
                      <Link href={hrefWith("/admin/users", {}, { user: u.id })} aria-label={`Manage ${u.email}`} className="text-sm font-medium">
                        Manage
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <div className="flex flex-col gap-4">
          {selected ? <ManageUser key={selected.id} user={selected} isSelf={selected.id === viewer.id} timeZone={tz} /> : null}
          <Card aria-labelledby="user-new">
            <CardHeader id="user-new" title="New user" description="Same rules as the CLI. To let someone choose their own password, invite them from an organisation's Members tab." />
            <div className="px-4 py-4">
              <ActionForm
                action={createUserAction}
                label="New user"
                submitLabel="Create user"
                pendingLabel="Creating…"
                fields={[
                  { kind: "email", name: "email", label: "Email", required: true, autoComplete: "off" },
                  { kind: "text", name: "name", label: "Name (optional)", maxLength: 120 },
                  { kind: "password", name: "password", label: "Password", required: true, hint: "At least 10 characters, not common, not containing the email name." },
                  { kind: "select", name: "role", label: "Global role", options: ROLE_OPTIONS, defaultValue: "" },
                ]}
              />
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}

function ManageUser({ user, isSelf, timeZone }: { user: UserAdminRow; isSelf: boolean; timeZone: string }) {
  const active = !user.deactivatedAt;
  return (
    <Card aria-labelledby="user-manage">
      <CardHeader
        id="user-manage"
        title={`Manage ${user.email}`}
        description={
          isSelf
            ? "This is you: another administrator must change your role or deactivate you."
            : `Created ${dateTimeOrDash(user.createdAt, timeZone)}${user.deactivatedAt ? ` · deactivated ${dateTimeOrDash(user.deactivatedAt, timeZone)}` : ""}`
        }
        actions={
          <Link href="/admin/users" className="text-xs">
            Close
          </Link>
        }
      />
      <div className="flex flex-col gap-5 px-4 py-4">
        <ActionForm
          action={setGlobalRoleAction}
          label={`Global role of ${user.email}`}
          layout="inline"
          submitLabel="Set role"
          pendingLabel="Saving…"
          fields={[
            { kind: "hidden", name: "userId", value: user.id },
            { kind: "select", name: "role", label: "Global role", options: ROLE_OPTIONS, defaultValue: user.globalRole ?? "", className: "min-w-56" },
          ]}
        />
        <div className="border-t border-slate-100 pt-4">
          <p className="mb-2 text-sm text-slate-600">
            {active ? "Deactivating ends their sessions on their next request and refuses sign-in. Nothing they did is removed." : "Reactivating lets them sign in again (old sessions stay ended)."}
          </p>
          <ActionForm
            action={setUserActiveAction}
            label={active ? `Deactivate ${user.email}` : `Reactivate ${user.email}`}
            layout="inline"
            submitLabel={active ? "Deactivate user" : "Reactivate user"}
            variant={active ? "danger" : "primary"}
            fields={[
              { kind: "hidden", name: "userId", value: user.id },
              { kind: "hidden", name: "active", value: active ? "false" : "true" },
            ]}
          />
        </div>
        <div className="border-t border-slate-100 pt-4">
          <p className="mb-2 text-sm text-slate-600">A one-time link (1 hour) for them to choose a new password. Shown to you once.</p>
          <ActionForm
            action={createResetLinkAction}
            label={`Password reset link for ${user.email}`}
            layout="inline"
            submitLabel="Create reset link"
            variant="secondary"
            reveal={{ title: "Password reset link (shown once)", note: "Unless the message above says we emailed it, send it to them directly. Using it ends their other sessions.", items: [{ key: "link", label: "Reset link" }] }}
            fields={[{ kind: "hidden", name: "userId", value: user.id }]}
          />
        </div>
      </div>
    </Card>
  );
}
