import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export type TimelineEntry = {
  id: string;
  type: string;
  status: string;
  receivedAt: Date;
  attempts: number;
  /** previous values of the fields this delivery changed */
  changes: Record<string, unknown> | null;
};

/**
 * The deliveries that touched one record, oldest first: its history as the provider reported it.
 * Scoped like every query (a record's events live in its organisation).
 */
export async function getRecordTimeline(
  scope: AccessScope,
  subject: { type: "Alert" | "Representment" | "SchemeNotice" | "Lookup" | "Enrolment"; id: string },
  tx: DbClient = defaultDb,
): Promise<TimelineEntry[]> {
  const rows = await tx.webhookEvent.findMany({
    where: { AND: [scopedWhere(scope), { subjectType: subject.type, subjectId: subject.id }] },
    select: { id: true, type: true, status: true, receivedAt: true, attempts: true, changes: true },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: 200,
  });
  return rows.map((r) => ({ ...r, changes: (r.changes as Record<string, unknown> | null) ?? null }));
}
