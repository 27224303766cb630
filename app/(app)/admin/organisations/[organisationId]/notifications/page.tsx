import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { OrgChannels } from "@/components/notifications/org-channels";
import { requireViewer } from "@/lib/auth/viewer";
import { listOrganisationChannels } from "@/lib/notifications/channels";
import { EVENT_KIND_INFO, EVENT_KINDS } from "@/lib/notifications/kinds";
import { emailConfigured } from "@/lib/notifications/transports";
import { createChannelAction, deleteChannelAction } from "./actions";

export const metadata: Metadata = { title: "Organisation notifications" };

export default async function OrganisationNotificationsPage({ params }: { params: Promise<{ organisationId: string }> }) {
  const { scope } = await requireViewer("admin.manage");
  const { organisationId } = await params;
  const data = await listOrganisationChannels(scope, organisationId);
  if (!data) notFound();
  const { organisation, channels } = data;
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link href="/admin/organisations">Organisations</Link> / <Link href={`/admin/organisations/${organisation.id}`}>{organisation.name}</Link>
          </>
        }
        title={`${organisation.name}: notifications`}
        description="Channels that receive this organisation's notifications."
      />
      <OrgChannels
        organisation={organisation}
        channels={channels}
        eventKinds={EVENT_KINDS.map((kind) => ({ value: kind, label: EVENT_KIND_INFO[kind].label, description: EVENT_KIND_INFO[kind].description }))}
        createAction={createChannelAction}
        deleteAction={deleteChannelAction}
        emailConfigured={emailConfigured()}
      />
    </>
  );
}
