import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { RepresentmentStatus } from "@/lib/generated/prisma/enums";
import { pageWindow, scopeAndOrganisation, type ListOptions, type ListResult } from "@/lib/domain/list";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export const representmentListSelect = {
  id: true,
  organisationId: true,
  provider: true,
  externalId: true,
  stage: true,
  status: true,
  providerStatus: true,
  reason: true,
  reasonCode: true,
  amountMinor: true,
  currency: true,
  dueAt: true,
  disputedAt: true,
  detailsPending: true,
  receivedAt: true,
  merchant: { select: { id: true, name: true } },
  organisation: { select: { id: true, name: true } },
} satisfies Prisma.RepresentmentSelect;

export type RepresentmentListRow = Prisma.RepresentmentGetPayload<{ select: typeof representmentListSelect }>;

export async function listRepresentments(
  scope: AccessScope,
  options: ListOptions & { status?: RepresentmentStatus } = {},
  tx: DbClient = defaultDb,
): Promise<ListResult<RepresentmentListRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const where: Prisma.RepresentmentWhereInput = {
    AND: [scopeAndOrganisation(scope, options.organisationId), options.status ? { status: options.status } : {}],
  };
  const [rows, total] = await Promise.all([
    tx.representment.findMany({
      where,
      select: representmentListSelect,
      orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      skip,
      take,
    }),
    tx.representment.count({ where }),
  ]);
  return { rows, total, page, perPage };
}

export const representmentDetailSelect = {
  ...representmentListSelect,
  providerStage: true,
  disputeStatus: true,
  transactionAmountMinor: true,
  transactionCurrency: true,
  cardScheme: true,
  arn: true,
  serviceType: true,
  managedBy: true,
  referenceId: true,
  transactionReferenceId: true,
  transactionAuthorisedAt: true,
  providerCreatedAt: true,
  providerUpdatedAt: true,
  providerData: true,
  transactionId: true,
} satisfies Prisma.RepresentmentSelect;

export type RepresentmentDetail = Prisma.RepresentmentGetPayload<{ select: typeof representmentDetailSelect }>;

export async function getRepresentmentById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<RepresentmentDetail | null> {
  return tx.representment.findFirst({ where: { AND: [scopedWhere(scope), { id }] }, select: representmentDetailSelect });
}
