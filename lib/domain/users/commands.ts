import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { uniqueViolationFields } from "@/lib/domain/prisma-errors";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/crypto/passwords";
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { assertGlobalScope } from "@/lib/domain/admin/scope";
import { withTransaction } from "@/lib/domain/admin/transaction";
import type { AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { assertAdminRemains } from "./guards";
import {
  changePasswordSchema,
  createUserSchema,
  profileSchema,
  setGlobalRoleSchema,
  setUserActiveSchema,
  type ChangePasswordInput,
  type CreateUserInput,
  type SetGlobalRoleInput,
  type SetUserActiveInput,
} from "./schemas";
import { issueAuthToken } from "./tokens";

export async function createUser(input: CreateUserInput, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(createUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    const user = await tx.user.create({
      data: { email: data.email, name: data.name || null, passwordHash, globalRole: data.role ?? null },
      select: { id: true, email: true, name: true, globalRole: true },
    });
    await recordAudit(
      { actor, action: "user.create", targetType: "User", targetId: user.id, after: { email: user.email, role: user.globalRole } },
      tx,
    );
    return user;
  } catch (error) {
    if (uniqueViolationFields(error)) {
      throw new AppError("CONFLICT", {
        userMessage: "A user with that email already exists.",
        fieldErrors: { email: ["A user with that email already exists."] },
      });
    }
    throw error;
  }
}

export async function recordSignInSuccess(userId: string, tx: DbClient = defaultDb) {
  await tx.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
}

export async function updateTimeZone(userId: string, timeZone: string, tx: DbClient = defaultDb) {
  await tx.userPreference.upsert({ where: { userId }, create: { userId, timeZone }, update: { timeZone } });
}

const isSelf = (actor: AuditActor, userId: string) => actor.type === "user" && actor.id === userId;

async function lockUser(tx: DbClient, userId: string) {
  const [user] = await tx.$queryRawUnsafe<{ id: string; email: string; globalRole: "ADMIN" | "OPS" | null; deactivatedAt: Date | null }[]>(
    `SELECT id, email, "globalRole", "deactivatedAt" FROM "User" WHERE id = $1 FOR UPDATE`,
    userId,
  );
  if (!user) throw new AppError("NOT_FOUND", { userMessage: "User not found." });
  return user;
}

/**
 * Sets or clears a user's global role (ADMIN, OPS or none). Refuses to change your own role and to
 * take ADMIN from the last active administrator; one audit row with before/after.
 */
export async function setGlobalRole(scope: AccessScope, input: SetGlobalRoleInput, actor: AuditActor, db: DbClient = defaultDb) {
  assertGlobalScope(scope);
  const data = parseInput(setGlobalRoleSchema, input);
  return withTransaction(db, async (tx) => {
    const user = await lockUser(tx, data.userId);
    if (user.globalRole === data.role) return { id: user.id, globalRole: user.globalRole, changed: false };
    if (user.globalRole === "ADMIN" && user.deactivatedAt === null) await assertAdminRemains(tx, user.id, "demote");
    if (isSelf(actor, user.id)) {
      throw new AppError("CONFLICT", {
        userMessage: "You cannot change your own global role. Ask another administrator.",
        fieldErrors: { role: ["You cannot change your own global role."] },
      });
    }
    await tx.user.update({ where: { id: user.id }, data: { globalRole: data.role } });
    await recordAudit(
      { actor, action: "user.set_role", targetType: "User", targetId: user.id, before: { email: user.email, role: user.globalRole }, after: { email: user.email, role: data.role } },
      tx,
    );
    return { id: user.id, globalRole: data.role, changed: true };
  });
}

/**
 * Deactivates (sessions end on the next request; sign-in refused) or reactivates a user. Sessions
 * issued before a deactivation never come back on reactivation. You cannot deactivate yourself or
 * the last active administrator.
 */
export async function setUserActive(scope: AccessScope, input: SetUserActiveInput, actor: AuditActor, db: DbClient = defaultDb) {
  assertGlobalScope(scope);
  const data = parseInput(setUserActiveSchema, input);
  return withTransaction(db, async (tx) => {
    const user = await lockUser(tx, data.userId);
    const active = user.deactivatedAt === null;
    if (active === data.active) return { id: user.id, active, changed: false };
    if (!data.active) {
      if (user.globalRole === "ADMIN") await assertAdminRemains(tx, user.id, "deactivate");
      if (isSelf(actor, user.id)) throw new AppError("CONFLICT", { userMessage: "You cannot deactivate yourself. Ask another administrator." });
    }
    const now = new Date();
    await tx.user.update({
      where: { id: user.id },
      data: data.active ? { deactivatedAt: null } : { deactivatedAt: now, sessionsValidFrom: now },
    });
    if (!data.active) await tx.authToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await recordAudit(
      {
        actor,
        action: data.active ? "user.reactivate" : "user.deactivate",
        targetType: "User",
        targetId: user.id,
        before: { email: user.email, deactivatedAt: user.deactivatedAt?.toISOString() ?? null },
        after: { email: user.email, deactivatedAt: data.active ? null : now.toISOString() },
      },
      tx,
    );
    return { id: user.id, active: data.active, changed: true };
  });
}

/** A one-time password reset link (1 hour) for an admin to hand over; earlier reset links stop working. */
export async function createPasswordResetLink(scope: AccessScope, input: { userId: string }, actor: AuditActor, db: DbClient = defaultDb) {
  assertGlobalScope(scope);
  return withTransaction(db, async (tx) => {
    const user = await lockUser(tx, String(input.userId ?? ""));
    if (user.deactivatedAt) throw new AppError("CONFLICT", { userMessage: "Reactivate the user before sending a reset link." });
    const link = await issueAuthToken(tx, { userId: user.id, kind: "RESET", createdById: actor.type === "user" ? actor.id : null });
    await recordAudit(
      { actor, action: "user.reset_link", targetType: "User", targetId: user.id, after: { email: user.email, expiresAt: link.expiresAt.toISOString() } },
      tx,
    );
    return { ...link, email: user.email };
  });
}

/**
 * Changes your own password: the current one must match, the new one follows the password rules.
 * Every session issued before now ends (sessionsValidFrom): the caller signs the current one in again.
 */
export async function changeOwnPassword(userId: string, input: ChangePasswordInput, actor: AuditActor, db: DbClient = defaultDb, now = new Date()) {
  const data = parseInput(changePasswordSchema, input);
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, passwordHash: true, deactivatedAt: true } });
  if (!user || user.deactivatedAt) throw new AppError("UNAUTHENTICATED");
  if (!(await verifyPassword(data.currentPassword, user.passwordHash))) {
    throw new AppError("VALIDATION", { userMessage: "Your current password is not right.", fieldErrors: { currentPassword: ["That is not your current password."] } });
  }
  const problem = passwordProblem(data.newPassword, user.email);
  if (problem) throw new AppError("VALIDATION", { userMessage: problem, fieldErrors: { newPassword: [problem] } });
  const passwordHash = await hashPassword(data.newPassword);
  return withTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionsValidFrom: now } });
    await tx.authToken.updateMany({ where: { userId: user.id, kind: "RESET", usedAt: null }, data: { usedAt: now } });
    await recordAudit({ actor, action: "user.change_password", targetType: "User", targetId: user.id, metadata: { sessionsValidFrom: now.toISOString() } }, tx);
    return { email: user.email, sessionsValidFrom: now };
  });
}

export async function updateProfileName(userId: string, input: { name: string }, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(profileSchema, input);
  const before = await tx.user.findUnique({ where: { id: userId }, select: { name: true } });
  if (!before) throw new AppError("NOT_FOUND", { userMessage: "User not found." });
  const name = data.name === "" ? null : data.name;
  if (before.name === name) return { name };
  await tx.user.update({ where: { id: userId }, data: { name } });
  await recordAudit({ actor, action: "user.update_profile", targetType: "User", targetId: userId, before: { name: before.name }, after: { name } }, tx);
  return { name };
}
