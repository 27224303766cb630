import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { SchemeNoticeType } from "@/lib/generated/prisma/enums";
import { pageWindow, scopeAndOrganisation, type ListOptions, type ListResult } from "@/lib/domain/list";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export const schemeNoticeListSelect = {
  id: true,
  organisationId: true,
  provider: true,
  externalId: true,
  noticeType: true,
  providerType: true,
  category: true,
  scheme: true,
  fraudType: true,
  disputeEligible: true,
  revoked: true,
  reportedAt: true,
  amountMinor: true,
  currency: true,
  cardLast4: true,
  receivedAt: true,
  merchant: { select: { id: true, name: true } },
  organisation: { select: { id: true, name: true } },
} satisfies Prisma.SchemeNoticeSelect;

export type SchemeNoticeListRow = Prisma.SchemeNoticeGetPayload<{ select: typeof schemeNoticeListSelect }>;

export async function listSchemeNotices(
  scope: AccessScope,
  options: ListOptions & { noticeType?: SchemeNoticeType } = {},
  tx: DbClient = defaultDb,
): Promise<ListResult<SchemeNoticeListRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const where: Prisma.SchemeNoticeWhereInput = {
    AND: [scopeAndOrganisation(scope, options.organisationId), options.noticeType ? { noticeType: options.noticeType } : {}],
  };
  const [rows, total] = await Promise.all([
    tx.schemeNotice.findMany({
      where,
      select: schemeNoticeListSelect,
      orderBy: [{ reportedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
      skip,
      take,
    }),
    tx.schemeNotice.count({ where }),
  ]);
  return { rows, total, page, perPage };
}

export const schemeNoticeDetailSelect = {
  ...schemeNoticeListSelect,
  revokedAt: true,
  cardBin: true,
  arn: true,
  authCode: true,
  merchantName: true,
  purchasedAt: true,
  providerCreatedAt: true,
  providerUpdatedAt: true,
  providerData: true,
  transactionId: true,
} satisfies Prisma.SchemeNoticeSelect;

export type SchemeNoticeDetail = Prisma.SchemeNoticeGetPayload<{ select: typeof schemeNoticeDetailSelect }>;

export async function getSchemeNoticeById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<SchemeNoticeDetail | null> {
  return tx.schemeNotice.findFirst({ where: { AND: [scopedWhere(scope), { id }] }, select: schemeNoticeDetailSelect });
}
