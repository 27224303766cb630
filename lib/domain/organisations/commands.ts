import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { uniqueViolationFields as uniqueViolation } from "@/lib/domain/prisma-errors";
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { parseInput } from "@/lib/domain/validation";
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/crypto/passwords";
import { narrowToOrganisation } from "@/lib/domain/admin/scope";
import { withTransaction } from "@/lib/domain/admin/transaction";
import { attachUnassignedRows, type UnassignedCounts } from "@/lib/domain/admin/unassigned";
import { scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";
import { issueAuthToken } from "@/lib/domain/users/tokens";
import { organisationSelect } from "./queries";
import {
  addMemberByEmailSchema,
  addMembershipSchema,
  changeMembershipRoleSchema,
  createOrganisationSchema,
  inviteMemberSchema,
  removeMembershipSchema,
  renameOrganisationSchema,
  setArchivedSchema,
  setProviderOrgIdSchema,
  slugify,
  type AddMemberByEmailInput,
  type AddMembershipInput,
  type CreateOrganisationInput,
  type InviteMemberInput,
  type RenameOrganisationInput,
  type SetProviderOrgIdInput,
} from "./schemas";

const nameTaken = (slug: string) =>
  new AppError("CONFLICT", {
    userMessage: `An organisation with that name already exists (slug "${slug}").`,
    fieldErrors: { name: ["An organisation with that name already exists."] },
  });
const providerOrgIdTaken = () =>
  new AppError("CONFLICT", {
    userMessage: "Another organisation already has that provider organisation id.",
    fieldErrors: { providerOrgId: ["Another organisation already has that provider organisation id."] },
  });

/**
 * Creates an organisation (slug = kebab-case of the name). With a provider organisation id, the
 * unassigned rows that already carry it are attached in the same transaction (counts in the audit row).
 */
export async function createOrganisation(input: CreateOrganisationInput, actor: AuditActor, db: DbClient = defaultDb) {
  const data = parseInput(createOrganisationSchema, input);
  const slug = slugify(data.name);
  try {
    return await withTransaction(db, async (tx) => {
      const organisation = await tx.organisation.create({
        data: { name: data.name, slug, providerOrgId: data.providerOrgId ?? null },
        select: organisationSelect,
      });
      const attached = organisation.providerOrgId ? await attachUnassignedRows(tx, organisation.id, organisation.providerOrgId) : null;
      await recordAudit(
        {
          actor,
          action: "organisation.create",
          targetType: "Organisation",
          targetId: organisation.id,
          organisationId: organisation.id,
          after: { name: organisation.name, slug, providerOrgId: organisation.providerOrgId, ...(attached ? { attached } : {}) },
        },
        tx,
      );
      return { ...organisation, attached };
    });
  } catch (error) {
    const fields = uniqueViolation(error);
    if (fields?.some((f) => f.includes("slug"))) throw nameTaken(slug);
    if (fields?.some((f) => f.includes("provider"))) throw providerOrgIdTaken();
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

async function lockOrganisation(scope: AccessScope, organisationId: string, tx: DbClient) {
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: organisationId }] }, select: organisationSelect });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  await tx.$executeRawUnsafe(`SELECT 1 FROM "Organisation" WHERE id = $1 FOR UPDATE`, org.id);
  return org;
}

/** Renames an organisation; the slug follows the name (kebab-case). A name whose slug exists is refused. */
export async function renameOrganisation(scope: AccessScope, input: RenameOrganisationInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(renameOrganisationSchema, input);
  const before = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: organisationSelect });
  if (!before) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  const slug = slugify(data.name);
  if (before.name === data.name) return before;
  try {
    const after = await tx.organisation.update({ where: { id: before.id }, data: { name: data.name, slug }, select: organisationSelect });
    await recordAudit(
      { actor, action: "organisation.rename", targetType: "Organisation", targetId: before.id, organisationId: before.id, before: { name: before.name, slug: before.slug }, after: { name: after.name, slug: after.slug } },
      tx,
    );
    return after;
  } catch (error) {
    if (uniqueViolation(error)) throw nameTaken(slug);
    throw error;
  }
}

/**
 * Sets (or clears) the organisation's provider organisation id. Setting it attaches every
 * unassigned row that carries it (alerts, representments, notices, lookups, enrolments,
 * merchants, deliveries), in the same transaction, with one audit row holding the counts.
 */
export async function setProviderOrgId(
  scope: AccessScope,
  input: SetProviderOrgIdInput,
  actor: AuditActor,
  db: DbClient = defaultDb,
): Promise<{ providerOrgId: string | null; attached: UnassignedCounts | null; changed: boolean }> {
  const data = parseInput(setProviderOrgIdSchema, input);
  try {
    return await withTransaction(db, async (tx) => {
      const org = await lockOrganisation(scope, data.organisationId, tx);
      if (org.providerOrgId === data.providerOrgId) return { providerOrgId: org.providerOrgId, attached: null, changed: false };
      if (data.providerOrgId) {
        const owner = await tx.organisation.findFirst({ where: { providerOrgId: data.providerOrgId, id: { not: org.id } }, select: { id: true } });
        if (owner) throw providerOrgIdTaken();
      }
      await tx.organisation.update({ where: { id: org.id }, data: { providerOrgId: data.providerOrgId } });
      // attaching needs the unassigned scope (ADMIN): a caller without it only sets the id
      const mayAttach = scope.kind === "all" && scope.includeUnassigned;
      const attached = data.providerOrgId && mayAttach ? await attachUnassignedRows(tx, org.id, data.providerOrgId) : null;
      await recordAudit(
        {
          actor,
          action: "organisation.set_provider_org_id",
          targetType: "Organisation",
          targetId: org.id,
          organisationId: org.id,
          before: { providerOrgId: org.providerOrgId },
          after: { providerOrgId: data.providerOrgId, ...(attached ? { attached } : {}) },
        },
        tx,
      );
      return { providerOrgId: data.providerOrgId, attached, changed: true };
    });
  } catch (error) {
    if (uniqueViolation(error)) throw providerOrgIdTaken();
    throw error;
  }
}

/**
 * Archives or unarchives an organisation. Nothing is deleted: members keep read access, and the
 * ingest pipeline stores new deliveries for an archived organisation as ignored (replayable).
 */
export async function setOrganisationArchived(scope: AccessScope, input: { organisationId: string; archived: boolean }, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(setArchivedSchema, input);
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: organisationSelect });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  if ((org.archivedAt !== null) === data.archived) return org;
  const archivedAt = data.archived ? new Date() : null;
  const after = await tx.organisation.update({ where: { id: org.id }, data: { archivedAt }, select: organisationSelect });
  await recordAudit(
    {
      actor,
      action: data.archived ? "organisation.archive" : "organisation.unarchive",
      targetType: "Organisation",
      targetId: org.id,
      organisationId: org.id,
      before: { archivedAt: org.archivedAt?.toISOString() ?? null },
      after: { archivedAt: archivedAt?.toISOString() ?? null },
    },
    tx,
  );
  return after;
}

/** Adds an existing user (by email) to the organisation with an organisation role. */
export async function addMemberByEmail(scope: AccessScope, input: AddMemberByEmailInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(addMemberByEmailSchema, input);
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: { id: true } });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  const user = await tx.user.findUnique({ where: { email: data.email }, select: { id: true, email: true } });
  if (!user) {
    const message = "No user has that email. Invite them instead.";
    throw new AppError("NOT_FOUND", { userMessage: message, fieldErrors: { email: [message] } });
  }
  try {
    return { ...(await addMembership({ userId: user.id, organisationId: org.id, role: data.role }, actor, tx)), email: user.email };
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") {
      throw new AppError("CONFLICT", { userMessage: error.userMessage, fieldErrors: { email: [error.userMessage] } });
    }
    throw error;
  }
}

/**
 * Invites a new person: creates the user without a usable password (a hash of random bytes nobody
 * knows), the membership, and an INVITE link valid 7 days. The link is returned once, never stored.
 */
export async function inviteMember(scope: AccessScope, input: InviteMemberInput, actor: AuditActor, db: DbClient = defaultDb) {
  const data = parseInput(inviteMemberSchema, input);
  const unusable = await hashPassword(randomBytes(32).toString("base64url"));
  try {
    return await withTransaction(db, async (tx) => {
      const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: { id: true, archivedAt: true } });
      if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
      if (org.archivedAt) throw new AppError("CONFLICT", { userMessage: "The organisation is archived: unarchive it before inviting people." });
      const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
      if (existing) {
        const message = "A user with that email already exists: add them as a member instead.";
        throw new AppError("CONFLICT", { userMessage: message, fieldErrors: { email: [message] } });
      }
      const user = await tx.user.create({ data: { email: data.email, name: data.name || null, passwordHash: unusable }, select: { id: true, email: true } });
      const membership = await tx.membership.create({ data: { userId: user.id, organisationId: org.id, role: data.role }, select: { id: true } });
      const link = await issueAuthToken(tx, { userId: user.id, kind: "INVITE", createdById: actor.type === "user" ? actor.id : null });
      await recordAudit(
        {
          actor,
          action: "membership.invite",
          targetType: "Membership",
          targetId: membership.id,
          organisationId: org.id,
          after: { userId: user.id, email: user.email, role: data.role, expiresAt: link.expiresAt.toISOString() },
        },
        tx,
      );
      return { userId: user.id, email: user.email, membershipId: membership.id, ...link };
    });
  } catch (error) {
    if (uniqueViolation(error)) {
      const message = "A user with that email already exists: add them as a member instead.";
      throw new AppError("CONFLICT", { userMessage: message, fieldErrors: { email: [message] } });
    }
    throw error;
  }
}

async function membershipInOrganisation(scope: AccessScope, organisationId: string, membershipId: string, tx: DbClient) {
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, organisationId, organisation: scopedOrganisationWhere(narrowToOrganisation(scope, organisationId)) },
    select: { id: true, role: true, organisationId: true, user: { select: { id: true, email: true } } },
  });
  if (!membership) throw new AppError("NOT_FOUND", { userMessage: "That membership is not in this organisation." });
  return membership;
}

export async function changeMembershipRole(scope: AccessScope, input: { organisationId: string; membershipId: string; role: string }, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(changeMembershipRoleSchema, input);
  const membership = await membershipInOrganisation(scope, data.organisationId, data.membershipId, tx);
  if (membership.role === data.role) return { id: membership.id, role: membership.role, changed: false };
  await tx.membership.update({ where: { id: membership.id }, data: { role: data.role } });
  await recordAudit(
    {
      actor,
      action: "membership.change_role",
      targetType: "Membership",
      targetId: membership.id,
      organisationId: membership.organisationId,
      before: { email: membership.user.email, role: membership.role },
      after: { email: membership.user.email, role: data.role },
    },
    tx,
  );
  return { id: membership.id, role: data.role, changed: true };
}

/** Removes a membership; the person loses access to the organisation on their next request. */
export async function removeMembership(scope: AccessScope, input: { organisationId: string; membershipId: string }, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(removeMembershipSchema, input);
  const membership = await membershipInOrganisation(scope, data.organisationId, data.membershipId, tx);
  await tx.membership.delete({ where: { id: membership.id } });
  await recordAudit(
    { actor, action: "membership.remove", targetType: "Membership", targetId: membership.id, organisationId: membership.organisationId, before: { email: membership.user.email, role: membership.role } },
    tx,
  );
  return { id: membership.id, email: membership.user.email };
}
