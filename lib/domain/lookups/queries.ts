import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { LookupStatus } from "@/lib/generated/prisma/enums";
import { pageWindow, scopeAndOrganisation, type ListOptions, type ListResult } from "@/lib/domain/list";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export const lookupListSelect = {
  id: true,
  organisationId: true,
  provider: true,
  externalId: true,
  lookupType: true,
  lookupStatus: true,
  deflectionStatus: true,
  amountMinor: true,
  currency: true,
  cardLast4: true,
  descriptor: true,
  transactionAt: true,
  receivedAt: true,
  parentId: true,
  merchant: { select: { id: true, name: true } },
  organisation: { select: { id: true, name: true } },
} satisfies Prisma.LookupSelect;

export type LookupListRow = Prisma.LookupGetPayload<{ select: typeof lookupListSelect }>;

export async function listLookups(
  scope: AccessScope,
  options: ListOptions & { lookupStatus?: LookupStatus } = {},
  tx: DbClient = defaultDb,
): Promise<ListResult<LookupListRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const where: Prisma.LookupWhereInput = {
    AND: [scopeAndOrganisation(scope, options.organisationId), options.lookupStatus ? { lookupStatus: options.lookupStatus } : {}],
  };
  const [rows, total] = await Promise.all([
    tx.lookup.findMany({ where, select: lookupListSelect, orderBy: [{ receivedAt: "desc" }, { id: "desc" }], skip, take }),
    tx.lookup.count({ where }),
  ]);
  return { rows, total, page, perPage };
}

export const lookupDetailSelect = {
  ...lookupListSelect,
  parentExternalId: true,
  enrolmentExternalId: true,
  cardBin: true,
  arn: true,
  authCode: true,
  networkTransactionId: true,
  providerCreatedAt: true,
  providerUpdatedAt: true,
  providerData: true,
  transactionId: true,
  parent: { select: { id: true, externalId: true, lookupType: true } },
  children: { select: { id: true, externalId: true, lookupType: true, lookupStatus: true }, take: 50 },
} satisfies Prisma.LookupSelect;

export type LookupDetail = Prisma.LookupGetPayload<{ select: typeof lookupDetailSelect }>;

export async function getLookupById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<LookupDetail | null> {
  const lookup = await tx.lookup.findFirst({ where: { AND: [scopedWhere(scope), { id }] }, select: lookupDetailSelect });
  if (!lookup) return null;
  // A parent or child in another organisation is not shown.
  const visible = new Set(
    (
      await tx.lookup.findMany({
        where: { AND: [scopedWhere(scope), { id: { in: [lookup.parent?.id, ...lookup.children.map((c) => c.id)].filter((x): x is string => !!x) } }] },
        select: { id: true },
      })
    ).map((l) => l.id),
  );
  return {
    ...lookup,
    parent: lookup.parent && visible.has(lookup.parent.id) ? lookup.parent : null,
    children: lookup.children.filter((c) => visible.has(c.id)),
  };
}
