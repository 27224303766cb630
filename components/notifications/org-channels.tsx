import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { ActionState } from "@/lib/action";
import type { ChannelDto } from "@/lib/notifications/channels";
import { ChannelForm } from "./channel-form";
import { DeleteChannelForm } from "./delete-channel-form";

type Action = (s: ActionState, f: FormData) => Promise<ActionState>;
export type EventKindOption = { value: string; label: string; description: string };

const KIND_LABEL: Record<ChannelDto["kind"], string> = { EMAIL: "Email", SLACK: "Slack", TEAMS: "Teams" };

/**
 * An organisation's notification channels: the list (webhook URLs masked) with a remove button
 * each, and the form to add one. Data and actions arrive as props.
 */
export function OrgChannels({
  organisation,
  channels,
  eventKinds,
  createAction,
  deleteAction,
  emailConfigured,
}: {
  organisation: { id: string; name: string; archived: boolean };
  channels: ChannelDto[];
  eventKinds: EventKindOption[];
  createAction: Action;
  deleteAction: Action;
  emailConfigured: boolean;
}) {
  const labelOf = new Map(eventKinds.map((k) => [k.value, k.label]));
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Card aria-labelledby="channels-list">
        <CardHeader
          id="channels-list"
          title={`Channels (${channels.length})`}
          description="Shared inboxes and Slack or Teams incoming webhooks that receive this organisation's notifications. Members choose their own email notifications in their settings."
        />
        {channels.length === 0 ? (
          <EmptyState title="No channels yet">Add a shared inbox or a Slack or Teams webhook.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 px-4 text-sm" aria-label="Notification channels">
            {channels.map((channel) => {
              const name = channel.label ?? `${KIND_LABEL[channel.kind]} ${channel.target}`;
              return (
                <li key={channel.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="flex items-center gap-2 font-medium">
                      <Badge tone="info">{KIND_LABEL[channel.kind]}</Badge>
                      <span className="truncate">{channel.label ?? "Unnamed channel"}</span>
                      <Badge tone="muted">{channel.mode === "DIGEST" ? "Hourly digest" : "Immediate"}</Badge>
                    </p>
                    <p className="mt-1 break-all text-xs text-slate-600">
                      <code>{channel.target}</code>
                    </p>
                    <p className="mt-1 text-xs text-slate-500">{channel.events.map((e) => labelOf.get(e) ?? e).join(" · ")}</p>
                  </div>
                  <DeleteChannelForm action={deleteAction} organisationId={organisation.id} channelId={channel.id} name={name} />
                </li>
              );
            })}
          </ul>
        )}
      </Card>
      <Card aria-labelledby="channels-add">
        <CardHeader
          id="channels-add"
          title="Add a channel"
          description={
            emailConfigured
              ? "Webhook URLs are stored encrypted and shown masked after saving."
              : "Webhook URLs are stored encrypted and shown masked after saving. Email is not set up on this server yet (SMTP_URL): email channels wait until it is."
          }
        />
        {organisation.archived ? (
          <EmptyState title="This organisation is archived">Channels cannot be added to an archived organisation.</EmptyState>
        ) : (
          <ChannelForm action={createAction} organisationId={organisation.id} eventKinds={eventKinds} />
        )}
      </Card>
    </div>
  );
}
