import type { DbClient } from "@/lib/db";
import { db as defaultDb, Prisma } from "@/lib/db";

export type AuditActor =
  | { type: "user"; id: string; email: string; ip?: string | null; userAgent?: string | null }
  | { type: "system" | "provider" | "cli"; id?: null; email?: null; ip?: null; userAgent?: null; label?: string }
  /** an auto-response rule: `label` is its name at the time (kept in metadata.actorLabel) */
  | { type: "rule"; id: string; label: string; email?: null; ip?: null; userAgent?: null };

export type AuditEntry = {
  actor: AuditActor | { type: "anonymous"; email?: string | null; ip?: string | null; userAgent?: string | null };
  action: string;
  targetType?: string;
  targetId?: string | null;
  organisationId?: string | null;
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown>;
};

const json = (value: unknown) =>
  value === undefined ? undefined : value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue);

/** Appends one audit row (the table refuses UPDATE and DELETE). Pass `tx` to commit with the change. */
export async function recordAudit(entry: AuditEntry, tx: DbClient = defaultDb): Promise<void> {
  const actor = entry.actor;
  await tx.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: "id" in actor && actor.id ? actor.id : null,
      actorEmail: "email" in actor && actor.email ? actor.email : null,
      ip: "ip" in actor && actor.ip ? actor.ip : null,
      userAgent: "userAgent" in actor && actor.userAgent ? actor.userAgent.slice(0, 300) : null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      organisationId: entry.organisationId ?? null,
      before: json(entry.before),
      after: json(entry.after),
      metadata: json(
        "label" in actor && actor.label ? { ...(entry.metadata ?? {}), actorLabel: actor.label } : entry.metadata,
      ),
    },
  });
}
