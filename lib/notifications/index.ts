/**
 * Notifications: email (SMTP) to users who opted in, and organisation channels (a shared inbox,
 * Slack or Teams incoming webhooks). Event-driven ones are recorded in the caller's transaction;
 * time-based ones by the `notifications_scan` task; everything is sent by the job queue, at most
 * once per event and recipient, and never to someone who may not read the record.
 */
export { notifyAlertActionRequired, notifyEnrolmentEnabled, notifyOutcomeFailed } from "./notify";
export { scanNotifications, type ScanResult } from "./scan";
export { enqueueDueDigests, sendDelivery, sendDigest, RetryableSendError, type SendResult } from "./send";
export { EVENT_KINDS, EVENT_KIND_INFO, NOTIFICATION_TASKS, type EventKind } from "./kinds";
export { emailConfigured } from "./transports";
