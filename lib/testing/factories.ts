/**
 * Test and demo data builders on the real database. Every builder makes unique names (tests run
 * in parallel on one database without truncating), and returns the created rows.
 */
import { randomUUID } from "node:crypto";
import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { hashPassword } from "@/lib/crypto/passwords";
import type { GlobalRole, OrgRole, Prisma } from "@/lib/generated/prisma/client";
import { slugify } from "@/lib/domain/organisations/schemas";

export const unique = (label = "t") => `${label}-${randomUUID().slice(0, 8)}`;

export async function makeOrganisation(options: { name?: string; providerOrgId?: string | null } = {}, tx: DbClient = defaultDb) {
  const name = options.name ?? `Org ${unique()}`;
  return tx.organisation.create({ data: { name, slug: slugify(name), providerOrgId: options.providerOrgId ?? null } });
}

const passwordHashes = new Map<string, Promise<string>>();
function cachedHash(password: string) {
  if (!passwordHashes.has(password)) passwordHashes.set(password, hashPassword(password));
  return passwordHashes.get(password)!;
}

export async function makeUser(
  options: { email?: string; password?: string; name?: string; globalRole?: GlobalRole | null; memberships?: { organisationId: string; role: OrgRole }[] } = {},
  tx: DbClient = defaultDb,
) {
  const email = (options.email ?? `${unique("user")}@example.test`).toLowerCase();
  const password = options.password ?? "correct horse battery";
  const user = await tx.user.create({
    data: {
      email,
      name: options.name ?? null,
      passwordHash: await cachedHash(password),
      globalRole: options.globalRole ?? null,
      memberships: options.memberships ? { create: options.memberships.map((m) => ({ organisationId: m.organisationId, role: m.role })) } : undefined,
    },
  });
  return { ...user, password };
}

export async function makeMerchant(organisationId: string | null, options: { name?: string; provider?: string; externalId?: string } = {}, tx: DbClient = defaultDb) {
  return tx.merchant.create({
    data: {
      organisationId,
      name: options.name ?? `Merchant ${unique()}`,
      providerIds: options.provider ? { create: { provider: options.provider, externalId: options.externalId ?? unique("mrch") } } : undefined,
    },
  });
}

export async function makeAlert(
  organisationId: string | null,
  overrides: Partial<Prisma.AlertUncheckedCreateInput> = {},
  tx: DbClient = defaultDb,
) {
  return tx.alert.create({
    data: {
      organisationId,
      provider: "chargebackstop",
      externalId: unique("netalrt"),
      kind: "ETHOCA",
      providerStatus: "ACTION_REQUIRED",
      status: "ACTION_REQUIRED",
      deadlineAt: new Date(Date.now() + 24 * 3600_000),
      amountMinor: 6606,
      currency: "USD",
      cardScheme: "MASTERCARD",
      cardLast4: "5455",
      descriptor: "ECOM-STUFF.COM",
      providerData: {},
      ...overrides,
    },
  });
}

export async function makeRepresentment(organisationId: string | null, overrides: Partial<Prisma.RepresentmentUncheckedCreateInput> = {}, tx: DbClient = defaultDb) {
  return tx.representment.create({
    data: {
      organisationId,
      provider: "chargebackstop",
      externalId: unique("rep"),
      stage: "CHARGEBACK",
      status: "OPEN",
      providerStatus: "OPEN",
      amountMinor: 4444,
      currency: "USD",
      dueAt: new Date(Date.now() + 10 * 24 * 3600_000),
      providerData: {},
      ...overrides,
    },
  });
}

export async function makeSchemeNotice(organisationId: string | null, overrides: Partial<Prisma.SchemeNoticeUncheckedCreateInput> = {}, tx: DbClient = defaultDb) {
  return tx.schemeNotice.create({
    data: { organisationId, provider: "chargebackstop", externalId: unique("schntc"), noticeType: "TC40", providerType: "TC40", reportedAt: new Date(), providerData: {}, ...overrides },
  });
}

export async function makeLookup(organisationId: string | null, overrides: Partial<Prisma.LookupUncheckedCreateInput> = {}, tx: DbClient = defaultDb) {
  return tx.lookup.create({
    data: {
      organisationId,
      provider: "chargebackstop",
      externalId: unique("lkup"),
      lookupType: "VERIFI_ORDER_INSIGHT",
      lookupStatus: "SUCCEEDED",
      deflectionStatus: "NOT_ATTEMPTED",
      providerData: {},
      ...overrides,
    },
  });
}

export async function makeEnrolment(organisationId: string | null, overrides: Partial<Prisma.EnrolmentUncheckedCreateInput> = {}, tx: DbClient = defaultDb) {
  return tx.enrolment.create({
    data: {
      organisationId,
      provider: "chargebackstop",
      externalId: unique("enrl"),
      service: "ETHOCA",
      providerType: "ETHOCA_ALERT",
      status: "IN_PROGRESS",
      providerStatus: "IN_PROGRESS",
      statusChangedAt: new Date(),
      providerData: {},
      ...overrides,
    },
  });
}

export async function makeTransaction(organisationId: string, overrides: Partial<Prisma.TransactionUncheckedCreateInput> = {}, tx: DbClient = defaultDb) {
  return tx.transaction.create({
    data: { organisationId, merchantReference: unique("order"), amountMinor: 6606, currency: "USD", authorisedAt: new Date(), ...overrides },
  });
}
