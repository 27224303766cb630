import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { uniqueViolationFields as uniqueViolation } from "@/lib/domain/prisma-errors";
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { parseInput } from "@/lib/domain/validation";
import { organisationSelect } from "./queries";
import {
  addMembershipSchema,
  createOrganisationSchema,
  slugify,
  type AddMembershipInput,
  type CreateOrganisationInput,
} from "./schemas";


export async function createOrganisation(input: CreateOrganisationInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(createOrganisationSchema, input);
  const slug = slugify(data.name);
  try {
    const organisation = await tx.organisation.create({
      data: { name: data.name, slug, providerOrgId: data.providerOrgId ?? null },
      select: organisationSelect,
    });
    await recordAudit(
      {
        actor,
        action: "organisation.create",
        targetType: "Organisation",
        targetId: organisation.id,
        organisationId: organisation.id,
        after: { name: organisation.name, slug, providerOrgId: organisation.providerOrgId },
      },
      tx,
    );
    return organisation;
  } catch (error) {
    const fields = uniqueViolation(error);
    if (fields?.some((f) => f.includes("slug"))) {
      throw new AppError("CONFLICT", {
        userMessage: `An organisation with that name already exists (slug "${slug}").`,
        fieldErrors: { name: ["An organisation with that name already exists."] },
      });
    }
    if (fields?.some((f) => f.includes("provider"))) {
      throw new AppError("CONFLICT", {
        userMessage: "Another organisation already has that provider organisation id.",
        fieldErrors: { providerOrgId: ["Another organisation already has that provider organisation id."] },
      });
    }
    throw error;
  }
}

export async function addMembership(input: AddMembershipInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(addMembershipSchema, input);
  try {
    const membership = await tx.membership.create({
      data: { userId: data.userId, organisationId: data.organisationId, role: data.role },
      select: { id: true, userId: true, organisationId: true, role: true },
    });
    await recordAudit(
      {
        actor,
        action: "membership.add",
        targetType: "Membership",
        targetId: membership.id,
        organisationId: membership.organisationId,
        after: { userId: membership.userId, role: membership.role },
      },
      tx,
    );
    return membership;
  } catch (error) {
    if (uniqueViolation(error)) {
      throw new AppError("CONFLICT", { userMessage: "That user is already a member of the organisation." });
    }
    throw error;
  }
}
