import { db as defaultDb, type Db } from "@/lib/db";
import { scopeFor } from "@/lib/auth/access";
import { runBulkItems } from "@/lib/domain/bulk/commands";
import { NO_ACCESS } from "@/lib/domain/scope";
import { getViewerRecord } from "@/lib/domain/users/queries";
import { logger } from "@/lib/logger";

/**
 * Job `bulk.run`: works through a started bulk run as its author, with the author's access as it
 * is now (a deactivated author or a removed membership stops what is left).
 */
export async function runBulk(runId: string, db: Db = defaultDb as Db): Promise<void> {
  const run = await db.bulkRun.findUnique({ where: { id: runId }, select: { createdById: true } });
  if (!run) return;
  const author = run.createdById ? await getViewerRecord(run.createdById, db) : null;
  const scope = author?.active ? scopeFor(author, "outcomes.send") : NO_ACCESS;
  const actor = { type: "user" as const, id: author?.id ?? "deleted", email: author?.email ?? "deleted user" };
  const counts = await runBulkItems(runId, scope, actor, db);
  logger.info("bulk.completed", { runId, ...counts });
}
