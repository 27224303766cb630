import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { scopedOwnedWhere, scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";

/**
 * Organisation API keys for POST /api/v1/transactions: `rk_live_<random>`; only the SHA-256 of
 * the key is stored, the key itself is returned once.
 */
const hashKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

export const createApiKeySchema = z.object({ organisationId: z.string().min(1), name: z.string().trim().min(2, "Use at least 2 characters.").max(80) });

export async function createApiKey(scope: AccessScope, input: z.input<typeof createApiKeySchema>, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(createApiKeySchema, input);
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: { id: true } });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  const key = `rk_live_${randomBytes(24).toString("base64url")}`;
  const row = await tx.apiKey.create({
    data: { organisationId: org.id, name: data.name, prefix: key.slice(0, 12), hash: hashKey(key), createdById: actor.type === "user" ? actor.id : null },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  await recordAudit({ actor, action: "api_key.create", targetType: "ApiKey", targetId: row.id, organisationId: org.id, after: { name: row.name, prefix: row.prefix } }, tx);
  return { ...row, key };
}

export async function revokeApiKey(scope: AccessScope, id: string, actor: AuditActor, tx: DbClient = defaultDb) {
  const key = await tx.apiKey.findFirst({ where: { AND: [scopedOwnedWhere(scope), { id }] }, select: { id: true, organisationId: true, revokedAt: true, name: true } });
  if (!key) throw new AppError("NOT_FOUND", { userMessage: "API key not found." });
  if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
  const updated = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
  await recordAudit({ actor, action: "api_key.revoke", targetType: "ApiKey", targetId: key.id, organisationId: key.organisationId, before: { name: key.name } }, tx);
  return updated;
}

/** The organisation a presented key belongs to, or null (unknown or revoked). Records its use. */
export async function authenticateApiKey(key: string, tx: DbClient = defaultDb): Promise<{ apiKeyId: string; organisationId: string } | null> {
  if (!/^rk_live_[A-Za-z0-9_-]{20,80}$/.test(key)) return null;
  const row = await tx.apiKey.findUnique({ where: { hash: hashKey(key) }, select: { id: true, organisationId: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await tx.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { apiKeyId: row.id, organisationId: row.organisationId };
}

export async function listApiKeys(scope: AccessScope, organisationId: string, tx: DbClient = defaultDb) {
  return tx.apiKey.findMany({
    where: { AND: [scopedOwnedWhere(scope), { organisationId }] },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { createdAt: "desc" },
  });
}
