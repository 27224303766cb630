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

/** Audit rows within scope. Rows without an organisation (sign-ins, user admin) need an all-org scope. */
export async function listAudit(
  scope: AccessScope,
  options: ListOptions & { action?: string } = {},
  tx: DbClient = defaultDb,
): Promise<ListResult<AuditRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const where: Prisma.AuditLogWhereInput = {
    AND: [scopeAndOrganisation(scope, options.organisationId), options.action ? { action: { startsWith: options.action } } : {}],
  };
  const [rows, total] = await Promise.all([
    tx.auditLog.findMany({ where, select: auditSelect, orderBy: [{ at: "desc" }, { id: "desc" }], skip, take }),
    tx.auditLog.count({ where }),
  ]);
  return { rows, total, page, perPage };
}
