import type { DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Refuses a change that would leave no active user with the global role ADMIN. Locks the active
 * administrators' rows (FOR UPDATE), so two admins demoting each other at once cannot both pass:
 * the second re-reads after the first commits and finds itself last. Call inside the transaction
 * that makes the change.
 */
export async function assertAdminRemains(tx: DbClient, userId: string, change: "demote" | "deactivate"): Promise<void> {
  const admins = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM "User" WHERE "globalRole" = 'ADMIN' AND "deactivatedAt" IS NULL ORDER BY id FOR UPDATE`,
  );
  if (admins.some((a) => a.id !== userId)) return;
  const message =
    change === "demote"
      ? "This is the last active administrator: make someone else an administrator first."
      : "This is the last active administrator and cannot be deactivated: make someone else an administrator first.";
  throw new AppError("CONFLICT", { userMessage: message, fieldErrors: change === "demote" ? { role: [message] } : undefined });
}
