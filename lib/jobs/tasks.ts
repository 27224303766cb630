import type { JobHelpers, Task, TaskList } from "graphile-worker";
import { expireOverdueAlerts } from "@/lib/domain/alerts/commands";
import { errorFields, logger } from "@/lib/logger";
import { listProviderDefinitions } from "@/lib/providers/registry";
import { PermanentTaskError } from "@/lib/providers/types";
import { taskContextFor } from "./context";
import { importTask } from "./imports";
import { outcomeTask } from "./outcomes";
import { enqueueSyncs, runSync, SYNC_ALL_TASK, SYNC_CONNECTION_TASK } from "./sync";
import { OUTCOME_TASK } from "@/lib/domain/outcomes/commands";
import { ALERT_ARRIVED_TASK } from "@/lib/domain/rules/automatic";
import { alertArrived } from "./alerts";
import { BULK_TASK } from "@/lib/domain/bulk/commands";
import { runBulk } from "./bulk";
import { NOTIFICATION_CRONTAB_LINES, notificationTasks } from "./notifications";
import { IMPORT_TASK } from "@/lib/domain/imports/commands";

/**
 * Every background task: the core ones, and `<provider>.<task>` for each provider's tasks.
 * Handlers are idempotent (a job can run twice). A PermanentTaskError marks the job failed for
 * good (no more retries); any other error is retried with graphile-worker's exponential backoff.
 */
async function failPermanently(helpers: JobHelpers, error: PermanentTaskError): Promise<never> {
  await helpers.withPgClient((client) =>
    client.query("UPDATE graphile_worker._private_jobs SET max_attempts = attempts WHERE id = $1", [helpers.job.id]),
  );
  throw error;
}

function providerTask(providerId: string, handler: (payload: Record<string, unknown>, ctx: Awaited<ReturnType<typeof taskContextFor>>) => Promise<void>): Task {
  return async (payload, helpers) => {
    const data = (payload ?? {}) as Record<string, unknown>;
    const connectionId = typeof data.connectionId === "string" ? data.connectionId : null;
    if (!connectionId) return failPermanently(helpers, new PermanentTaskError(`${providerId} task without connectionId`));
    try {
      await handler(data, await taskContextFor(connectionId));
    } catch (error) {
      logger.warn("job.failed", { task: helpers.job.task_identifier, jobId: helpers.job.id, attempt: helpers.job.attempts, ...errorFields(error) });
      if (error instanceof PermanentTaskError) return failPermanently(helpers, error);
      throw error;
    }
  };
}

export function taskList(): TaskList {
  const tasks: TaskList = {
    ...notificationTasks,
    [OUTCOME_TASK]: outcomeTask,
    [BULK_TASK]: async (payload) => {
      const runId = (payload as { runId?: unknown })?.runId;
      if (typeof runId === "string") await runBulk(runId);
    },
    [ALERT_ARRIVED_TASK]: async (payload) => {
      const alertId = (payload as { alertId?: unknown })?.alertId;
      if (typeof alertId === "string") await alertArrived(alertId);
    },
    [IMPORT_TASK]: importTask,
    // crontab identifiers cannot contain dots
    sync_all: async () => {
      await enqueueSyncs();
    },
    [SYNC_ALL_TASK]: async () => {
      await enqueueSyncs();
    },
    [SYNC_CONNECTION_TASK]: async (payload, helpers) => {
      const connectionId = (payload as { connectionId?: unknown })?.connectionId;
      if (typeof connectionId !== "string") return;
      try {
        await runSync(connectionId, { type: "system", label: "scheduled sync" });
      } catch (error) {
        if (error instanceof PermanentTaskError) return failPermanently(helpers, error);
        throw error;
      }
    },
    "expire-alerts": async () => {
      const expired = await expireOverdueAlerts(new Date());
      if (expired > 0) logger.info("alerts.expired", { count: expired });
    },
  };
  for (const provider of listProviderDefinitions()) {
    for (const task of provider.tasks ?? []) tasks[`${provider.id}.${task.name}`] = providerTask(provider.id, task.handler);
  }
  return tasks;
}

/** Recurring jobs (graphile-worker crontab syntax). */
export const CRONTAB = ["* * * * * expire-alerts ?max=1", "*/15 * * * * sync_all ?max=1", ...NOTIFICATION_CRONTAB_LINES].join("\n");
