import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import { scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";

export const organisationSelect = {
  id: true,
  name: true,
  slug: true,
  providerOrgId: true,
  archivedAt: true,
  createdAt: true,
} satisfies Prisma.OrganisationSelect;

export type OrganisationDto = Prisma.OrganisationGetPayload<{ select: typeof organisationSelect }>;

export async function listOrganisations(scope: AccessScope, tx: DbClient = defaultDb): Promise<OrganisationDto[]> {
  return tx.organisation.findMany({
    where: scopedOrganisationWhere(scope),
    select: organisationSelect,
    orderBy: { name: "asc" },
  });
}

/** Accepts an id or a slug (CLI and URLs). */
export async function findOrganisationByRef(
  scope: AccessScope,
  ref: string,
  tx: DbClient = defaultDb,
): Promise<OrganisationDto | null> {
  return tx.organisation.findFirst({
    where: { AND: [scopedOrganisationWhere(scope), { OR: [{ id: ref }, { slug: ref }] }] },
    select: organisationSelect,
  });
}

export type OrganisationSummary = OrganisationDto & {
  merchants: number;
  members: number;
  openAlerts: number;
  enrolments: number;
};

/** Organisations with the counts the admin list shows. */
export async function listOrganisationSummaries(scope: AccessScope, tx: DbClient = defaultDb): Promise<OrganisationSummary[]> {
  const rows = await tx.organisation.findMany({
    where: scopedOrganisationWhere(scope),
    select: { ...organisationSelect, _count: { select: { merchants: true, memberships: true, enrolments: true } } },
    orderBy: { name: "asc" },
  });
  const open = await tx.alert.groupBy({
    by: ["organisationId"],
    where: { organisationId: { in: rows.map((r) => r.id) }, status: "ACTION_REQUIRED" },
    _count: { _all: true },
  });
  const openBy = new Map(open.map((o) => [o.organisationId, o._count._all]));
  return rows.map(({ _count, ...org }) => ({
    ...org,
    merchants: _count.merchants,
    members: _count.memberships,
    enrolments: _count.enrolments,
    openAlerts: openBy.get(org.id) ?? 0,
  }));
}

export const organisationDetailSelect = {
  ...organisationSelect,
  merchants: {
    select: { id: true, name: true, descriptor: true, mid: true, caid: true, placeholder: true, providerIds: { select: { provider: true, externalId: true } } },
    orderBy: { name: "asc" },
  },
  memberships: {
    select: { id: true, role: true, user: { select: { id: true, email: true, name: true, deactivatedAt: true } } },
    orderBy: { user: { email: "asc" } },
  },
  connections: {
    select: { id: true, provider: true, scope: true, mode: true, status: true, label: true, apiBaseUrl: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  },
} satisfies Prisma.OrganisationSelect;

export type OrganisationDetail = Prisma.OrganisationGetPayload<{ select: typeof organisationDetailSelect }>;

export async function getOrganisationDetail(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<OrganisationDetail | null> {
  return tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id }] }, select: organisationDetailSelect });
}
