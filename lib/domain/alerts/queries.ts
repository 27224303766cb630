import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { AlertStatus } from "@/lib/generated/prisma/enums";
import { pageWindow, scopeAndOrganisation, type ListOptions, type ListResult } from "@/lib/domain/list";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export const alertListSelect = {
  id: true,
  organisationId: true,
  provider: true,
  externalId: true,
  kind: true,
  status: true,
  providerStatus: true,
  deadlineAt: true,
  amountMinor: true,
  currency: true,
  cardScheme: true,
  cardLast4: true,
  descriptor: true,
  receivedAt: true,
  decidedAt: true,
  merchant: { select: { id: true, name: true } },
  organisation: { select: { id: true, name: true } },
} satisfies Prisma.AlertSelect;

export type AlertListRow = Prisma.AlertGetPayload<{ select: typeof alertListSelect }>;

export async function listAlerts(
  scope: AccessScope,
  options: ListOptions & { status?: AlertStatus } = {},
  tx: DbClient = defaultDb,
): Promise<ListResult<AlertListRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const where: Prisma.AlertWhereInput = {
    AND: [scopeAndOrganisation(scope, options.organisationId), options.status ? { status: options.status } : {}],
  };
  const [rows, total] = await Promise.all([
    tx.alert.findMany({
      where,
      select: alertListSelect,
      orderBy: [{ deadlineAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      skip,
      take,
    }),
    tx.alert.count({ where }),
  ]);
  return { rows, total, page, perPage };
}

export const alertDetailSelect = {
  ...alertListSelect,
  connectionId: true,
  cardBin: true,
  cardIssuer: true,
  arn: true,
  authCode: true,
  networkTransactionId: true,
  merchantReference: true,
  authorisedAt: true,
  reasonCode: true,
  refundOutcome: true,
  cancelOutcome: true,
  providerOutcome: true,
  note: true,
  providerCreatedAt: true,
  providerUpdatedAt: true,
  providerData: true,
  matchRule: true,
  matchConfidence: true,
  transactionId: true,
  enrolment: { select: { id: true, service: true, status: true, externalId: true } },
} satisfies Prisma.AlertSelect;

export type AlertDetail = Prisma.AlertGetPayload<{ select: typeof alertDetailSelect }>;

/** One alert within scope, or null (the page answers 404 either way). */
export async function getAlertById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<AlertDetail | null> {
  return tx.alert.findFirst({ where: { AND: [scopedWhere(scope), { id }] }, select: alertDetailSelect });
}

/** Counts per normalized status within scope (tabs and the overview). */
export async function countAlertsByStatus(
  scope: AccessScope,
  options: { organisationId?: string | null } = {},
  tx: DbClient = defaultDb,
): Promise<Record<AlertStatus, number>> {
  const groups = await tx.alert.groupBy({
    by: ["status"],
    where: scopeAndOrganisation(scope, options.organisationId),
    _count: { _all: true },
  });
  const result = { ACTION_REQUIRED: 0, AWAITING_PROVIDER: 0, RESOLVED: 0, INVALID: 0, EXPIRED: 0 } as Record<AlertStatus, number>;
  for (const g of groups) result[g.status] = g._count._all;
  return result;
}

/** Open alerts whose deadline falls before `before` (overdue included), within scope. */
export async function countAlertsDueBefore(
  scope: AccessScope,
  before: Date,
  options: { organisationId?: string | null; after?: Date } = {},
  tx: DbClient = defaultDb,
): Promise<number> {
  return tx.alert.count({
    where: {
      AND: [
        scopeAndOrganisation(scope, options.organisationId),
        { status: "ACTION_REQUIRED", deadlineAt: { lt: before, ...(options.after ? { gte: options.after } : {}) } },
      ],
    },
  });
}
