import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import { pageWindow, scopeAndOrganisation, type ListOptions, type ListResult } from "@/lib/domain/list";
import type { AccessScope } from "@/lib/domain/scope";

export const auditSelect = {
  id: true,
  at: true,
  actorType: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetId: true,
  organisationId: true,
  ip: true,
  before: true,
  after: true,
  metadata: true,
} satisfies Prisma.AuditLogSelect;

export type AuditRow = Prisma.AuditLogGetPayload<{ select: typeof auditSelect }>;

export type AuditFilters = {
  /** action prefix, e.g. "user." or "organisation.set" */
  action?: string;
  /** actor email, case-insensitive substring */
  actorEmail?: string;
  targetType?: string;
  /** inclusive lower and exclusive upper bound on `at` */
  from?: Date;
  to?: Date;
};

/**
 * Audit rows within scope, newest first. Rows without an organisation (sign-ins, user admin) need
 * an all-organisation scope; members with audit.read see their own organisations' trail.
 */
export async function listAudit(scope: AccessScope, options: ListOptions & AuditFilters = {}, tx: DbClient = defaultDb): Promise<ListResult<AuditRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const where: Prisma.AuditLogWhereInput = {
    AND: [
      scopeAndOrganisation(scope, options.organisationId),
      options.action ? { action: { startsWith: options.action.trim() } } : {},
      options.actorEmail ? { actorEmail: { contains: options.actorEmail.trim(), mode: "insensitive" } } : {},
      options.targetType ? { targetType: options.targetType } : {},
      options.from ? { at: { gte: options.from } } : {},
      options.to ? { at: { lt: options.to } } : {},
    ],
  };
  const [rows, total] = await Promise.all([
    tx.auditLog.findMany({ where, select: auditSelect, orderBy: [{ at: "desc" }, { id: "desc" }], skip, take }),
    tx.auditLog.count({ where }),
  ]);
  return { rows, total, page, perPage };
}

/** Target types present in the trail the caller may see (filter options). */
export async function listAuditTargetTypes(scope: AccessScope, tx: DbClient = defaultDb): Promise<string[]> {
  const rows = await tx.auditLog.findMany({
    where: { AND: [scopeAndOrganisation(scope), { targetType: { not: null } }] },
    distinct: ["targetType"],
    select: { targetType: true },
    orderBy: { targetType: "asc" },
    take: 100,
  });
  return rows.map((r) => r.targetType!).filter(Boolean);
}
