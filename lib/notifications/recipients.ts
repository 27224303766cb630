import type { DbClient } from "@/lib/db";
import { can, type Viewer } from "@/lib/auth/access";
import type { ChannelKind, DeliveryMode } from "@/lib/generated/prisma/enums";
import { EVENT_KIND_INFO, type EventKind } from "./kinds";
import { parseNotificationPreferences, type DigestMode } from "./preferences";

export type UserRecipient = {
  type: "user";
  /** `user:<id>` (NotificationDelivery.recipient) */
  key: string;
  userId: string;
  email: string;
  timeZone: string;
  mode: DeliveryMode;
  digest: DigestMode;
  deadlineHours: number;
};

export type ChannelRecipient = {
  type: "channel";
  /** `channel:<id>` */
  key: string;
  channelId: string;
  channelKind: ChannelKind;
  timeZone: string;
  mode: DeliveryMode;
};

export type Recipient = UserRecipient | ChannelRecipient;

export const userKey = (userId: string) => `user:${userId}`;
export const channelKey = (channelId: string) => `channel:${channelId}`;

/** A Viewer built from stored roles, so recipients are judged by the same rules as requests. */
export function viewerFor(user: { id: string; email: string; globalRole: Viewer["globalRole"]; memberships: { organisationId: string; role: Viewer["memberships"][number]["role"] }[] }): Viewer {
  return {
    id: user.id,
    email: user.email,
    name: null,
    globalRole: user.globalRole,
    timeZone: "UTC",
    memberships: user.memberships.map((m) => ({ organisationId: m.organisationId, role: m.role, organisationName: "", organisationSlug: "" })),
  };
}

/**
 * Who is told about an event of `kind` on a record of `organisationId`:
 * - active users who are members of the organisation or hold a global role, who opted in to the
 *   kind with email on, and whose role lets them read the record (the kind's permission for that
 *   organisation; unassigned records (null) only for global roles that may read unassigned rows);
 * - the organisation's channels subscribed to the kind (never for unassigned records).
 * Archived or unknown organisations have no recipients.
 */
export async function resolveRecipients(tx: DbClient, kind: EventKind, organisationId: string | null): Promise<Recipient[]> {
  if (organisationId !== null) {
    const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { archivedAt: true } });
    if (!org || org.archivedAt) return [];
  }
  const permission = EVENT_KIND_INFO[kind].permission;
  const users = await tx.user.findMany({
    where: {
      deactivatedAt: null,
      preference: { isNot: null },
      OR: [{ globalRole: { not: null } }, ...(organisationId !== null ? [{ memberships: { some: { organisationId } } }] : [])],
    },
    select: {
      id: true,
      email: true,
      globalRole: true,
      preference: { select: { notifications: true, timeZone: true } },
      memberships: { where: { organisationId: organisationId ?? "" }, select: { organisationId: true, role: true } },
    },
    orderBy: { id: "asc" },
  });
  const recipients: Recipient[] = [];
  for (const user of users) {
    const prefs = parseNotificationPreferences(user.preference?.notifications);
    if (!prefs.email || !prefs.events[kind]) continue;
    if (!can(viewerFor(user), permission, organisationId)) continue;
    recipients.push({
      type: "user",
      key: userKey(user.id),
      userId: user.id,
      email: user.email,
      timeZone: user.preference?.timeZone ?? "UTC",
      mode: kind === "alert.deadline" || prefs.mode === "immediate" ? "IMMEDIATE" : "DIGEST",
      digest: prefs.mode,
      deadlineHours: prefs.deadlineHours,
    });
  }
  if (organisationId !== null) {
    const channels = await tx.notificationChannel.findMany({
      where: { organisationId, events: { has: kind } },
      select: { id: true, kind: true, mode: true },
      orderBy: { createdAt: "asc" },
    });
    for (const channel of channels) {
      recipients.push({ type: "channel", key: channelKey(channel.id), channelId: channel.id, channelKind: channel.kind, timeZone: "UTC", mode: kind === "alert.deadline" ? "IMMEDIATE" : channel.mode });
    }
  }
  return recipients;
}

/** resolveRecipients with a per-run cache (scans resolve the same organisation many times). */
export function recipientCache(tx: DbClient) {
  const cache = new Map<string, Promise<Recipient[]>>();
  return (kind: EventKind, organisationId: string | null) => {
    const key = `${kind}|${organisationId ?? ""}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = resolveRecipients(tx, kind, organisationId);
      cache.set(key, hit);
    }
    return hit;
  };
}
