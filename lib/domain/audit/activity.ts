import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export type ActivityEntry = { id: string; at: Date; who: string; action: string; detail: string | null };

const ACTION_WORDS: Record<string, string> = {
  "outcome.request": "decided",
  "outcome.retry": "sent again",
  "outcome.succeeded": "provider accepted the outcome",
  "outcome.rejected": "provider refused the outcome",
  "outcome.unknown": "no answer from the provider; checking",
  "outcome.reconcile": "checked with the provider",
  "outcome.failed": "outcome failed",
  "outcome.guard_override": "overrode the double-refund guard",
  "rule.not_applied": "rule matched but did not act",
  "match.confirm": "confirmed the payment match",
  "match.change": "changed the payment match",
  "match.clear": "removed the payment match",
};

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/**
 * Who did what to one record, oldest first: people by email, rules by name, the system by role.
 * Only for a record the caller can see (the audit rows carry its organisation).
 */
export async function listRecordActivity(scope: AccessScope, target: { type: string; id: string }, tx: DbClient = defaultDb): Promise<ActivityEntry[]> {
  const rows = await tx.auditLog.findMany({
    where: { AND: [scopedWhere(scope), { targetType: target.type, targetId: target.id }] },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, at: true, action: true, actorType: true, actorEmail: true, after: true, metadata: true },
  });
  return rows.map((r) => {
    const after = (r.after ?? {}) as Record<string, unknown>;
    const label = text((r.metadata as Record<string, unknown> | null)?.actorLabel);
    const who = r.actorEmail ?? (r.actorType === "rule" ? `Rule “${label ?? "deleted"}”` : label ? `${r.actorType} (${label})` : r.actorType);
    const detail = [text(after.consequence) ?? text(after.outcome), text(after.reason), text(after.message)].filter(Boolean).join(" · ") || null;
    return { id: r.id, at: r.at, who, action: ACTION_WORDS[r.action] ?? r.action, detail };
  });
}
