import type { JobHelpers, Task, TaskList } from "graphile-worker";
import { NOTIFICATION_TASKS } from "@/lib/notifications/kinds";
import { scanNotifications } from "@/lib/notifications/scan";
import { enqueueDueDigests, RetryableSendError, sendDelivery, sendDigest } from "@/lib/notifications/send";
import { errorFields, logger } from "@/lib/logger";

/**
 * Notification tasks. Sends are claimed before they go out, so a job that runs twice sends
 * nothing the second time; a RetryableSendError (a definite failure) is rethrown for
 * graphile-worker's backoff, and the sender marks the row failed on the job's last attempt.
 */
const attempts = (helpers: JobHelpers) => ({ attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });

function logged(task: Task): Task {
  return async (payload, helpers) => {
    try {
      await task(payload, helpers);
    } catch (error) {
      const fields = { task: helpers.job.task_identifier, jobId: helpers.job.id, attempt: helpers.job.attempts, ...errorFields(error) };
      if (error instanceof RetryableSendError) logger.warn("job.retry", { ...fields, stack: undefined });
      else logger.warn("job.failed", fields);
      throw error;
    }
  };
}

export const notificationTasks: TaskList = {
  [NOTIFICATION_TASKS.scan]: logged(async () => {
    await scanNotifications(new Date());
  }),
  [NOTIFICATION_TASKS.digest]: logged(async () => {
    await enqueueDueDigests(new Date());
  }),
  [NOTIFICATION_TASKS.send]: logged(async (payload, helpers) => {
    const deliveryId = (payload as { deliveryId?: unknown } | null)?.deliveryId;
    if (typeof deliveryId !== "string") return;
    await sendDelivery(deliveryId, attempts(helpers));
  }),
  [NOTIFICATION_TASKS.sendDigest]: logged(async (payload, helpers) => {
    const recipient = (payload as { recipient?: unknown } | null)?.recipient;
    if (typeof recipient !== "string") return;
    await sendDigest(recipient, attempts(helpers));
  }),
};

/** Recurring jobs: the scan every minute, the digest every hour on the hour. */
export const NOTIFICATION_CRONTAB_LINES: string[] = [`* * * * * ${NOTIFICATION_TASKS.scan} ?max=1`, `0 * * * * ${NOTIFICATION_TASKS.digest} ?max=1`];
