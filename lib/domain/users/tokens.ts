import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { hashPassword, passwordProblem } from "@/lib/crypto/passwords";
import { recordAudit } from "@/lib/domain/audit/commands";
import { withTransaction } from "@/lib/domain/admin/transaction";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import type { TokenKind } from "@/lib/generated/prisma/enums";

/**
 * One-time links (invitations, password resets). The token is 32 random bytes (base64url) shown
 * to the admin once; only its SHA-256 is stored. A link works once, until it expires, for an
 * active user; setting a password through it also ends the user's other sessions.
 */
export const TOKEN_TTL_MS: Record<TokenKind, number> = { INVITE: 7 * 24 * 3600_000, RESET: 3600_000 };
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

export function authTokenPath(kind: TokenKind, token: string): string {
  return `${kind === "INVITE" ? "/invite" : "/reset-password"}/${token}`;
}

/**
 * Creates a token for `userId` (inside the caller's transaction). Earlier unused links of the same
 * kind stop working: only the newest one the admin handed out is valid.
 */
export async function issueAuthToken(
  tx: DbClient,
  options: { userId: string; kind: TokenKind; createdById?: string | null; now?: Date },
): Promise<{ id: string; token: string; path: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  await tx.authToken.updateMany({ where: { userId: options.userId, kind: options.kind, usedAt: null }, data: { usedAt: now } });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[options.kind]);
  const row = await tx.authToken.create({
    data: { userId: options.userId, kind: options.kind, hash: hashToken(token), expiresAt, createdById: options.createdById ?? null },
    select: { id: true },
  });
  return { id: row.id, token, path: authTokenPath(options.kind, token), expiresAt };
}

type TokenRow = { id: string; userId: string; kind: TokenKind; hash: string; expiresAt: Date; usedAt: Date | null; email: string; name: string | null; deactivatedAt: Date | null };

async function findToken(tx: DbClient, token: string, kind: TokenKind): Promise<TokenRow | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const row = await tx.authToken.findUnique({ where: { hash }, select: { id: true, userId: true, kind: true, hash: true, expiresAt: true, usedAt: true } });
  // the lookup is by digest; compare it again in constant time before trusting the row
  if (!row || row.kind !== kind || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex"))) return null;
  const user = await tx.user.findUnique({ where: { id: row.userId }, select: { email: true, name: true, deactivatedAt: true } });
  return user ? { ...row, ...user } : null;
}

const usable = (row: TokenRow | null, now: Date): row is TokenRow => !!row && row.usedAt === null && row.expiresAt.getTime() > now.getTime() && row.deactivatedAt === null;

export type AuthTokenState = { valid: true; email: string; name: string | null; expiresAt: Date } | { valid: false };

/** Whether a link can still be used (for the page); unknown, used, expired and wrong-kind links look alike. */
export async function getAuthTokenState(token: string, kind: TokenKind, tx: DbClient = defaultDb, now = new Date()): Promise<AuthTokenState> {
  const row = await findToken(tx, token, kind);
  return usable(row, now) ? { valid: true, email: row.email, name: row.name, expiresAt: row.expiresAt } : { valid: false };
}

export const INVALID_LINK_MESSAGE = "This link has expired or is invalid. Ask an administrator for a new one.";

export const redeemAuthTokenSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: z.string().max(200, "Use at most 200 characters."),
    confirmPassword: z.string(),
    name: z.string().trim().max(120, "Use at most 120 characters.").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords differ." });
  });
export type RedeemAuthTokenInput = z.input<typeof redeemAuthTokenSchema>;

/**
 * Sets the user's password through a one-time link: the token is marked used in the same
 * statement that checks it is unused and unexpired (two submissions: one wins), every other open
 * link of the user is closed, and sessions issued before now end (sessionsValidFrom).
 */
export async function redeemAuthToken(
  kind: TokenKind,
  input: RedeemAuthTokenInput,
  request: { ip?: string | null; userAgent?: string | null } = {},
  db: DbClient = defaultDb,
  now = new Date(),
): Promise<{ userId: string; email: string }> {
  const data = parseInput(redeemAuthTokenSchema, input);
  const row = await findToken(db, data.token, kind);
  if (!usable(row, now)) throw new AppError("GONE", { userMessage: INVALID_LINK_MESSAGE });
  const problem = passwordProblem(data.password, row.email);
  if (problem) throw new AppError("VALIDATION", { userMessage: problem, fieldErrors: { password: [problem] } });
  const passwordHash = await hashPassword(data.password);
  return withTransaction(db, async (tx) => {
    const claimed = await tx.authToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new AppError("GONE", { userMessage: INVALID_LINK_MESSAGE });
    const updated = await tx.user.updateMany({
      where: { id: row.userId, deactivatedAt: null },
      data: { passwordHash, sessionsValidFrom: now, ...(kind === "INVITE" && data.name ? { name: data.name } : {}) },
    });
    if (updated.count !== 1) throw new AppError("GONE", { userMessage: INVALID_LINK_MESSAGE });
    await tx.authToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await recordAudit(
      {
        actor: { type: "user", id: row.userId, email: row.email, ip: request.ip ?? null, userAgent: request.userAgent ?? null },
        action: kind === "INVITE" ? "user.invite_accepted" : "user.password_reset",
        targetType: "User",
        targetId: row.userId,
        metadata: { tokenId: row.id },
      },
      tx,
    );
    return { userId: row.userId, email: row.email };
  });
}
