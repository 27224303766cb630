import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import type { OrganisationDetail } from "@/lib/domain/organisations/queries";
import { dateTimeOrDash } from "../../../_lib/format";
import { ActionForm } from "../../../_components/action-form";
import { renameOrganisationAction, setArchivedAction, setProviderOrgIdAction } from "../actions";

export function SettingsTab({ org, timeZone, unassignedForId }: { org: OrganisationDetail; timeZone: string; unassignedForId: number }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card aria-labelledby="org-name">
        <CardHeader id="org-name" title="Name" description={`The slug follows the name (now ${org.slug}); URLs and the CLI accept either the id or the slug.`} />
        <div className="px-4 py-4">
          <ActionForm
            action={renameOrganisationAction}
            label="Rename organisation"
            submitLabel="Rename"
            pendingLabel="Saving…"
            fields={[
              { kind: "hidden", name: "organisationId", value: org.id },
              { kind: "text", name: "name", label: "Name", defaultValue: org.name, required: true, maxLength: 120 },
            ]}
          />
        </div>
      </Card>
      <Card aria-labelledby="org-provider-id">
        <CardHeader
          id="org-provider-id"
          title="Provider organisation id"
          description={
            <>
              Partner connections route deliveries by it (ChargebackStop <code>org_…</code>). Setting it attaches the{" "}
              <Link href="/admin/unassigned">unassigned rows</Link> that carry it.
            </>
          }
        />
        <div className="px-4 py-4">
          <ActionForm
            action={setProviderOrgIdAction}
            label="Set the provider organisation id"
            submitLabel="Save provider id"
            pendingLabel="Saving…"
            fields={[
              { kind: "hidden", name: "organisationId", value: org.id },
              {
                kind: "text",
                name: "providerOrgId",
                label: "Provider organisation id",
                defaultValue: org.providerOrgId ?? "",
                placeholder: "org_…",
                maxLength: 120,
                hint:
                  org.providerOrgId && unassignedForId > 0
                    ? `${unassignedForId} unassigned row${unassignedForId === 1 ? "" : "s"} with this id arrived meanwhile: attach them from Unassigned.`
                    : "Leave empty to clear it (attached rows stay).",
              },
            ]}
          />
        </div>
      </Card>
      <Card aria-labelledby="org-archive">
        <CardHeader
          id="org-archive"
          title={org.archivedAt ? "Archived" : "Archive"}
          description={
            org.archivedAt
              ? `Archived ${dateTimeOrDash(org.archivedAt, timeZone)}. Its data is kept and readable; new deliveries are stored as ignored.`
              : "Keeps every record. New deliveries for an archived organisation are stored as ignored (replayable) instead of processed."
          }
        />
        <div className="px-4 py-4">
          <ActionForm
            action={setArchivedAction}
            label={org.archivedAt ? "Unarchive organisation" : "Archive organisation"}
            submitLabel={org.archivedAt ? "Unarchive" : "Archive organisation"}
            variant={org.archivedAt ? "primary" : "danger"}
            fields={[
              { kind: "hidden", name: "organisationId", value: org.id },
              { kind: "hidden", name: "archived", value: org.archivedAt ? "false" : "true" },
            ]}
          />
        </div>
      </Card>
    </div>
  );
}
