import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { EnrolmentStatus } from "@/lib/generated/prisma/enums";
import { pageWindow, scopeAndOrganisation, type ListOptions, type ListResult } from "@/lib/domain/list";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export const enrolmentListSelect = {
  id: true,
  organisationId: true,
  provider: true,
  externalId: true,
  service: true,
  providerType: true,
  status: true,
  providerStatus: true,
  statusChangedAt: true,
  providerCreatedAt: true,
  organisation: { select: { id: true, name: true } },
  merchants: { select: { merchant: { select: { id: true, name: true } } }, take: 5 },
} satisfies Prisma.EnrolmentSelect;

export type EnrolmentListRow = Prisma.EnrolmentGetPayload<{ select: typeof enrolmentListSelect }>;

export async function listEnrolments(
  scope: AccessScope,
  options: ListOptions & { status?: EnrolmentStatus } = {},
  tx: DbClient = defaultDb,
): Promise<ListResult<EnrolmentListRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const where: Prisma.EnrolmentWhereInput = {
    AND: [scopeAndOrganisation(scope, options.organisationId), options.status ? { status: options.status } : {}],
  };
  const [rows, total] = await Promise.all([
    tx.enrolment.findMany({ where, select: enrolmentListSelect, orderBy: [{ statusChangedAt: "asc" }, { id: "asc" }], skip, take }),
    tx.enrolment.count({ where }),
  ]);
  return { rows, total, page, perPage };
}

export const enrolmentDetailSelect = {
  ...enrolmentListSelect,
  note: true,
  providerUpdatedAt: true,
  providerData: true,
  history: {
    select: { id: true, fromStatus: true, toStatus: true, providerStatus: true, changedAt: true },
    orderBy: { changedAt: "asc" },
  },
} satisfies Prisma.EnrolmentSelect;

export type EnrolmentDetail = Prisma.EnrolmentGetPayload<{ select: typeof enrolmentDetailSelect }>;

export async function getEnrolmentById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<EnrolmentDetail | null> {
  return tx.enrolment.findFirst({ where: { AND: [scopedWhere(scope), { id }] }, select: enrolmentDetailSelect });
}
