import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { OrganisationDetail } from "@/lib/domain/organisations/queries";
import { ActionForm } from "../../../_components/action-form";
import { addMemberAction, changeMemberRoleAction, inviteMemberAction, removeMemberAction } from "../actions";

const ROLE_OPTIONS = [
  { value: "AGENT", label: "Agent (decides alerts)" },
  { value: "VIEWER", label: "Viewer (reads only)" },
];

export function MembersTab({ organisationId, memberships, archived }: { organisationId: string; memberships: OrganisationDetail["memberships"]; archived: boolean }) {
  return (
    <div className="flex flex-col gap-4">
      <Card aria-labelledby="members-list">
        <CardHeader id="members-list" title={`Members (${memberships.length})`} description="Removing a member or changing a role takes effect on their next request." />
        {memberships.length === 0 ? (
          <EmptyState title="No members yet">Add an existing user or invite someone below.</EmptyState>
        ) : (
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Members</caption>
            <thead>
              <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
                <th scope="col" className="px-4 py-2">Person</th>
                <th scope="col" className="px-4 py-2">Role</th>
                <th scope="col" className="px-4 py-2">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {memberships.map((m) => (
                <tr key={m.id} className="border-b border-slate-100 align-top">
                  <td className="px-4 py-2">
                    <span className="font-medium text-slate-900">{m.user.name ?? m.user.email}</span>
                    {m.user.deactivatedAt ? (
                      <Badge tone="muted" className="ml-2">
                        Deactivated
                      </Badge>
                    ) : null}
                    <span className="block text-xs text-slate-500">{m.user.email}</span>
                  </td>
                  <td className="px-4 py-2">
                    <ActionForm
                      action={changeMemberRoleAction}
                      label={`Role of ${m.user.email}`}
                      layout="inline"
                      submitLabel="Change role"
                      variant="secondary"
                      fields={[
                        { kind: "hidden", name: "organisationId", value: organisationId },
                        { kind: "hidden", name: "membershipId", value: m.id },
                        { kind: "select", name: "role", label: `Role of ${m.user.email}`, options: ROLE_OPTIONS, defaultValue: m.role, className: "[&>label]:sr-only" },
                      ]}
                    />
                  </td>
                  <td className="px-4 py-2 text-right">
                    <ActionForm
                      action={removeMemberAction}
                      label={`Remove ${m.user.email}`}
                      layout="inline"
                      className="justify-end"
                      submitLabel="Remove"
                      pendingLabel="Removing…"
                      variant="secondary"
                      fields={[
                        { kind: "hidden", name: "organisationId", value: organisationId },
                        { kind: "hidden", name: "membershipId", value: m.id },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card aria-labelledby="member-add">
          <CardHeader id="member-add" title="Add an existing user" description="Someone who can already sign in." />
          <div className="px-4 py-4">
            <ActionForm
              action={addMemberAction}
              label="Add an existing user"
              submitLabel="Add member"
              pendingLabel="Adding…"
              fields={[
                { kind: "hidden", name: "organisationId", value: organisationId },
                { kind: "email", name: "email", label: "Email", autoComplete: "off", required: true },
                { kind: "select", name: "role", label: "Role", options: ROLE_OPTIONS, defaultValue: "AGENT" },
              ]}
            />
          </div>
        </Card>
        <Card aria-labelledby="member-invite">
          <CardHeader id="member-invite" title="Invite someone new" description="Creates their account and a one-time link (7 days) for them to choose a password." />
          <div className="px-4 py-4">
            {archived ? (
              <p className="text-sm text-slate-600">Unarchive the organisation to invite people.</p>
            ) : (
              <ActionForm
                action={inviteMemberAction}
                label="Invite someone new"
                submitLabel="Create invitation"
                pendingLabel="Inviting…"
                reveal={{ title: "Invitation link (shown once)", note: "Unless the message above says we emailed it, send it to them directly. It is not stored and cannot be shown again; invite again for a new one.", items: [{ key: "link", label: "Invitation link" }] }}
                fields={[
                  { kind: "hidden", name: "organisationId", value: organisationId },
                  { kind: "email", name: "email", label: "Email", autoComplete: "off", required: true },
                  { kind: "text", name: "name", label: "Name (optional)", maxLength: 120 },
                  { kind: "select", name: "role", label: "Role", options: ROLE_OPTIONS, defaultValue: "AGENT" },
                ]}
              />
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
