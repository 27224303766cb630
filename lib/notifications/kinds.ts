import type { Permission } from "@/lib/auth/permissions";

/**
 * The events Recourse notifies about. Each kind names the permission a recipient needs to read
 * the record it is about: nobody is told about what they could not open.
 */
export const EVENT_KINDS = [
  "alert.action_required",
  "alert.deadline",
  "outcome.failed",
  "enrolment.stuck",
  "enrolment.enabled",
  "connection.rejections",
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_INFO: Record<EventKind, { label: string; description: string; permission: Permission }> = {
  "alert.action_required": {
    label: "New alerts that need a decision",
    description: "An alert arrived and someone must refund, cancel or answer it before its deadline.",
    permission: "records.read",
  },
  "alert.deadline": {
    label: "Deadline reminders",
    description: "An alert still needs a decision and its deadline is near. Always sent at once, never in a digest.",
    permission: "records.read",
  },
  "outcome.failed": {
    label: "Outcomes rejected or failed",
    description: "A provider refused a decision, or it could not be delivered: the alert needs another look.",
    permission: "records.read",
  },
  "enrolment.stuck": {
    label: "Stuck enrolments",
    description: "An enrolment has been waiting longer than usual.",
    permission: "records.read",
  },
  "enrolment.enabled": {
    label: "Enrolments enabled",
    description: "A merchant is now enrolled in a service.",
    permission: "records.read",
  },
  "connection.rejections": {
    label: "Many rejected deliveries",
    description: "A provider connection received many deliveries with a bad signature in the last hour (wrong secret, or forged requests).",
    permission: "events.read",
  },
};

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === "string" && (EVENT_KINDS as readonly string[]).includes(value);
}

/** Deadline window used for organisation channels (users choose their own). */
export const CHANNEL_DEADLINE_HOURS = 4;

/** Job names (graphile-worker crontab identifiers cannot contain dots). */
export const NOTIFICATION_TASKS = {
  scan: "notifications_scan",
  digest: "notifications_digest",
  send: "notifications.send",
  sendDigest: "notifications.send_digest",
} as const;

/** Attempts for one send job: definite failures are retried with graphile-worker's backoff, then marked failed. */
export const SEND_MAX_ATTEMPTS = 5;

/** Delivery statuses (NotificationDelivery.status). */
export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "skipped" | "unknown";
