import { v7 as uuidv7 } from "uuid";
import type { DbClient } from "@/lib/db";
import { enqueueJob } from "@/lib/domain/queue";
import { NOTIFICATION_TASKS, SEND_MAX_ATTEMPTS, type EventKind } from "./kinds";
import type { Message } from "./messages";
import type { Recipient } from "./recipients";

export type PlannedNotification = {
  kind: EventKind;
  organisationId: string | null;
  /** the event's key; a function when it depends on the recipient (deadline windows) */
  eventKey: string | ((recipient: Recipient) => string);
  render: (recipient: Recipient) => Message;
};

/**
 * Records one notification per recipient, at most once per (recipient, event key): the insert is
 * `ON CONFLICT DO NOTHING`, so a repeat (same webhook twice, two scans at once) records nothing
 * and enqueues nothing. Immediate ones get a send job in the same transaction; digest ones wait
 * for the hourly digest. Returns the ids of the rows this call created.
 */
export async function recordNotifications(tx: DbClient, planned: PlannedNotification, recipients: Recipient[]): Promise<string[]> {
  const created: string[] = [];
  for (const recipient of recipients) {
    const eventKey = typeof planned.eventKey === "function" ? planned.eventKey(recipient) : planned.eventKey;
    const message = planned.render(recipient);
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO "NotificationDelivery" (id, recipient, "eventKey", kind, "organisationId", subject, body, mode, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"DeliveryMode", 'pending')
       ON CONFLICT (recipient, "eventKey") DO NOTHING
       RETURNING id`,
      uuidv7(),
      recipient.key,
      eventKey,
      planned.kind,
      planned.organisationId,
      message.subject,
      message.body,
      recipient.mode,
    );
    const id = rows[0]?.id;
    if (!id) continue;
    created.push(id);
    if (recipient.mode === "IMMEDIATE") {
      await enqueueJob(tx, { task: NOTIFICATION_TASKS.send, payload: { deliveryId: id }, maxAttempts: SEND_MAX_ATTEMPTS });
    }
  }
  return created;
}

/** Which of these (recipient, event key) pairs already have a delivery (lets scans skip work). */
export async function existingDeliveryKeys(tx: DbClient, eventKeys: string[]): Promise<Set<string>> {
  if (eventKeys.length === 0) return new Set();
  const rows = await tx.notificationDelivery.findMany({ where: { eventKey: { in: eventKeys } }, select: { recipient: true, eventKey: true } });
  return new Set(rows.map((r) => `${r.recipient}|${r.eventKey}`));
}
