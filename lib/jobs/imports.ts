import type { Task } from "graphile-worker";
import { markFailed, processImport } from "@/lib/domain/imports/commands";
import { errorFields, logger } from "@/lib/logger";

/**
 * Processes a transaction import (lib/domain/imports/commands.ts). Safe to run twice or after a
 * crash: it resumes at the import's `processedRows`. An error is retried with backoff; after the
 * last attempt the import is marked FAILED (the rows already imported stay).
 */
export const importTask: Task = async (payload, helpers) => {
  const importId = (payload as { importId?: unknown } | null)?.importId;
  if (typeof importId !== "string") return;
  try {
    const summary = await processImport(importId);
    logger.info("import.processed", { importId, ...summary });
  } catch (error) {
    logger.warn("import.chunk_failed", { importId, attempt: helpers.job.attempts, ...errorFields(error) });
    if (helpers.job.attempts >= helpers.job.max_attempts) await markFailed(importId, "The import stopped after repeated errors; rows imported so far are kept.");
    throw error;
  }
};
