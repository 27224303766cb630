import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { uniqueViolationFields } from "@/lib/domain/prisma-errors";
import { hashPassword } from "@/lib/crypto/passwords";
import { AppError } from "@/lib/errors";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { parseInput } from "@/lib/domain/validation";
import { createUserSchema, type CreateUserInput } from "./schemas";

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
