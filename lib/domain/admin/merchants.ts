import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { uniqueViolationFields } from "@/lib/domain/prisma-errors";
import { scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import { getProvider, providerLabel } from "@/lib/providers/registry";
import { narrowToOrganisation } from "./scope";

/** "" (an emptied form field) → null; otherwise trimmed text checked by `pattern`. */
const optionalText = (pattern: RegExp, message: string, max = 64) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v),
    z.string().max(max, `Use at most ${max} characters.`).regex(pattern, message).nullable().optional(),
  );

export const merchantFieldsSchema = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters.").max(120, "Use at most 120 characters."),
  descriptor: optionalText(/^[\x20-\x7e]+$/, "Use printable ASCII (as on a card statement).", 40),
  mid: optionalText(/^[A-Za-z0-9-]+$/, "A MID is letters, digits and hyphens.", 32),
  caid: optionalText(/^[A-Za-z0-9-]+$/, "A CAID is letters, digits and hyphens.", 32),
  acquirerBin: optionalText(/^\d{6,11}$/, "An acquirer BIN is 6 to 11 digits.", 11),
  mcc: optionalText(/^\d{4}$/, "An MCC is 4 digits.", 4),
});

export const createMerchantSchema = merchantFieldsSchema.extend({ organisationId: z.string().min(1) });
export type CreateMerchantInput = z.input<typeof createMerchantSchema>;
export const updateMerchantSchema = createMerchantSchema.extend({ merchantId: z.string().min(1) });
export type UpdateMerchantInput = z.input<typeof updateMerchantSchema>;

export const merchantProviderIdSchema = z.object({
  organisationId: z.string().min(1),
  merchantId: z.string().min(1),
  provider: z.string().trim().min(1, "Choose a provider."),
  externalId: z.string().trim().min(1, "Enter the provider's merchant id.").max(200, "Use at most 200 characters."),
});
export type MerchantProviderIdInput = z.input<typeof merchantProviderIdSchema>;

const merchantSelect = {
  id: true,
  organisationId: true,
  name: true,
  descriptor: true,
  mid: true,
  caid: true,
  acquirerBin: true,
  mcc: true,
  placeholder: true,
  createdAt: true,
  providerIds: { select: { id: true, provider: true, externalId: true }, orderBy: [{ provider: "asc" }, { externalId: "asc" }] },
} satisfies Prisma.MerchantSelect;

export type AdminMerchant = Prisma.MerchantGetPayload<{ select: typeof merchantSelect }>;

/** An organisation's merchants: placeholders (created by webhooks, "needs a name") first, then by name. */
export async function listOrganisationMerchants(scope: AccessScope, organisationId: string, tx: DbClient = defaultDb): Promise<AdminMerchant[]> {
  return tx.merchant.findMany({
    where: { organisationId, organisation: scopedOrganisationWhere(narrowToOrganisation(scope, organisationId)) },
    select: merchantSelect,
    orderBy: [{ placeholder: "desc" }, { name: "asc" }, { id: "asc" }],
  });
}

async function organisationInScope(scope: AccessScope, organisationId: string, tx: DbClient) {
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: organisationId }] }, select: { id: true } });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  return org;
}

async function merchantInOrganisation(scope: AccessScope, organisationId: string, merchantId: string, tx: DbClient) {
  const merchant = await tx.merchant.findFirst({
    where: { id: merchantId, organisationId, organisation: scopedOrganisationWhere(narrowToOrganisation(scope, organisationId)) },
    select: merchantSelect,
  });
  if (!merchant) throw new AppError("NOT_FOUND", { userMessage: "Merchant not found in this organisation." });
  return merchant;
}

async function assertNameFree(tx: DbClient, organisationId: string, name: string, exceptId?: string) {
  const clash = await tx.merchant.findFirst({
    where: { organisationId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) {
    throw new AppError("CONFLICT", {
      userMessage: "This organisation already has a merchant with that name.",
      fieldErrors: { name: ["This organisation already has a merchant with that name."] },
    });
  }
}

const fields = (m: { name: string; descriptor: string | null; mid: string | null; caid: string | null; acquirerBin: string | null; mcc: string | null }) => ({
  name: m.name,
  descriptor: m.descriptor,
  mid: m.mid,
  caid: m.caid,
  acquirerBin: m.acquirerBin,
  mcc: m.mcc,
});

export async function createMerchant(scope: AccessScope, input: CreateMerchantInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(createMerchantSchema, input);
  const org = await organisationInScope(scope, data.organisationId, tx);
  await assertNameFree(tx, org.id, data.name);
  const merchant = await tx.merchant.create({
    data: {
      organisationId: org.id,
      name: data.name,
      descriptor: data.descriptor ?? null,
      mid: data.mid ?? null,
      caid: data.caid ?? null,
      acquirerBin: data.acquirerBin ?? null,
      mcc: data.mcc ?? null,
    },
    select: merchantSelect,
  });
  await recordAudit({ actor, action: "merchant.create", targetType: "Merchant", targetId: merchant.id, organisationId: org.id, after: fields(merchant) }, tx);
  return merchant;
}

/** Edits a merchant's fields; naming a placeholder clears its "needs a name" flag. */
export async function updateMerchant(scope: AccessScope, input: UpdateMerchantInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(updateMerchantSchema, input);
  const before = await merchantInOrganisation(scope, data.organisationId, data.merchantId, tx);
  await assertNameFree(tx, data.organisationId, data.name, before.id);
  const merchant = await tx.merchant.update({
    where: { id: before.id },
    data: {
      name: data.name,
      descriptor: data.descriptor ?? null,
      mid: data.mid ?? null,
      caid: data.caid ?? null,
      acquirerBin: data.acquirerBin ?? null,
      mcc: data.mcc ?? null,
      placeholder: false,
    },
    select: merchantSelect,
  });
  await recordAudit(
    {
      actor,
      action: "merchant.update",
      targetType: "Merchant",
      targetId: merchant.id,
      organisationId: merchant.organisationId,
      before: { ...fields(before), placeholder: before.placeholder },
      after: { ...fields(merchant), placeholder: false },
    },
    tx,
  );
  return merchant;
}

/** Adds a provider's merchant id; (provider, id) is unique across merchants, so a taken one is refused. */
export async function addMerchantProviderId(scope: AccessScope, input: MerchantProviderIdInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(merchantProviderIdSchema, input);
  const provider = getProvider(data.provider);
  if (!provider) throw new AppError("VALIDATION", { userMessage: "Unknown provider.", fieldErrors: { provider: ["Unknown provider."] } });
  const merchant = await merchantInOrganisation(scope, data.organisationId, data.merchantId, tx);
  const taken = await tx.merchantProviderId.findUnique({
    where: { provider_externalId: { provider: provider.id, externalId: data.externalId } },
    select: { merchant: { select: { id: true, name: true } } },
  });
  const takenError = (name: string) => {
    const message = `${provider.label} merchant id ${data.externalId} already belongs to ${name}.`;
    return new AppError("CONFLICT", { userMessage: message, fieldErrors: { externalId: [message] } });
  };
  if (taken) throw takenError(taken.merchant.id === merchant.id ? "this merchant" : `the merchant “${taken.merchant.name}”`);
  try {
    const row = await tx.merchantProviderId.create({ data: { merchantId: merchant.id, provider: provider.id, externalId: data.externalId }, select: { id: true, provider: true, externalId: true } });
    await recordAudit(
      { actor, action: "merchant.provider_id.add", targetType: "Merchant", targetId: merchant.id, organisationId: merchant.organisationId, after: { provider: row.provider, externalId: row.externalId } },
      tx,
    );
    return row;
  } catch (error) {
    if (uniqueViolationFields(error)) throw takenError("another merchant");
    throw error;
  }
}

export const removeMerchantProviderIdSchema = z.object({ organisationId: z.string().min(1), merchantId: z.string().min(1), providerIdId: z.string().min(1) });

export async function removeMerchantProviderId(scope: AccessScope, input: z.input<typeof removeMerchantProviderIdSchema>, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(removeMerchantProviderIdSchema, input);
  const merchant = await merchantInOrganisation(scope, data.organisationId, data.merchantId, tx);
  const row = merchant.providerIds.find((p) => p.id === data.providerIdId);
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "That provider id is not on this merchant." });
  await tx.merchantProviderId.delete({ where: { id: row.id } });
  await recordAudit(
    { actor, action: "merchant.provider_id.remove", targetType: "Merchant", targetId: merchant.id, organisationId: merchant.organisationId, before: { provider: row.provider, externalId: row.externalId } },
    tx,
  );
  return { id: row.id, label: `${providerLabel(row.provider)} ${row.externalId}` };
}
