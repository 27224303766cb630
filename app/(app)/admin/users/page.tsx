import type { Metadata } from "next";
import { SimpleTable, type SimpleColumn } from "@/components/data-table/simple-table";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/auth/viewer";
import { listUsers, type UserAdminRow } from "@/lib/domain/users/admin-queries";
import { formatDateTime, humanize } from "@/lib/format";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { viewer } = await requireViewer("admin.manage");
  const users = await listUsers();
  const columns: SimpleColumn<UserAdminRow>[] = [
    { id: "email", header: "Email", cell: (u) => u.email },
    { id: "name", header: "Name", cell: (u) => u.name ?? "–" },
    { id: "role", header: "Global role", cell: (u) => (u.globalRole ? <Badge tone="info">{humanize(u.globalRole)}</Badge> : "–") },
    { id: "orgs", header: "Memberships", cell: (u) => u.memberships.map((m) => `${m.organisation.name} (${humanize(m.role)})`).join(", ") || "–" },
    { id: "last", header: "Last sign-in", cell: (u) => formatDateTime(u.lastSignInAt, viewer.timeZone) || "Never" },
    { id: "state", header: "State", cell: (u) => (u.deactivatedAt ? <Badge tone="muted">Deactivated</Badge> : <Badge tone="success">Active</Badge>) },
  ];
  return (
    <>
      <PageHeader title="Users" description="People who can sign in, their global role and memberships." />
      <Card>
        <SimpleTable caption="Users" columns={columns} rows={users} empty={{ title: "No users" }} />
      </Card>
    </>
  );
}
