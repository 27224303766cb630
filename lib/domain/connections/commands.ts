import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { encryptSecret, lastFour } from "@/lib/crypto/secrets";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers/registry";
import type { SecretName } from "@/lib/providers/types";
import { createConnectionSchema, rotateSecretSchema, type CreateConnectionInput } from "./schemas";

export const secretAad = (connectionId: string, name: string, subject = "") => `${connectionId}/${name}/${subject}`;

/** A secret in force at `now` (not the superseded half of a rotation past its overlap). */
export const liveSecretWhere = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

export function publicBaseUrl(): string {
  const env = getEnv();
  return (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

export function webhookPath(provider: string, connectionId: string) {
  return `/api/webhooks/${provider}/${connectionId}`;
}

export type CreatedConnection = {
  id: string;
  provider: string;
  scope: "org" | "partner";
  organisationId: string | null;
  webhookPath: string;
  webhookUrl: string;
};

const plainFieldLabels = { publicKey: "public key", clientId: "client id", redirectUri: "redirect URI" } as const;

/**
 * Creates a connection with its secrets encrypted at rest. The provider decides which secrets and
 * fields are required or allowed; anything else is refused with a field error. Secrets are never
 * returned or logged (the audit row keeps the last four characters).
 */
export async function createConnection(
  scope: AccessScope,
  input: CreateConnectionInput,
  actor: AuditActor,
  tx: DbClient = defaultDb,
): Promise<CreatedConnection> {
  const data = parseInput(createConnectionSchema, input);
  const provider = getProvider(data.provider);
  if (!provider) {
    throw new AppError("VALIDATION", { userMessage: `Unknown provider "${data.provider}".`, fieldErrors: { provider: ["Unknown provider."] } });
  }
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: { id: true, archivedAt: true } });
  if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
  if (org.archivedAt) throw new AppError("CONFLICT", { userMessage: "The organisation is archived." });
  if (!provider.scopes.includes(data.scope)) {
    throw new AppError("VALIDATION", { userMessage: `${provider.label} connections cannot have scope ${data.scope.toLowerCase()}.`, fieldErrors: { scope: ["Not supported by this provider."] } });
  }

  const spec = provider.credentials;
  const fieldErrors: Record<string, string[]> = {};
  for (const name of spec.requiredSecrets) if (!data.secrets[name]) fieldErrors[name] = [`${provider.label} needs a ${name.replace("_", " ")}.`];
  for (const name of Object.keys(data.secrets) as SecretName[]) {
    if (!spec.requiredSecrets.includes(name) && !spec.optionalSecrets.includes(name)) fieldErrors[name] = [`${provider.label} connections do not use a ${name.replace("_", " ")}.`];
  }
  for (const field of spec.requiredFields) if (!data[field]) fieldErrors[field] = [`${provider.label} needs a ${plainFieldLabels[field]}.`];
  for (const field of ["publicKey", "clientId", "redirectUri"] as const) {
    if (data[field] && !spec.requiredFields.includes(field) && !spec.optionalFields.includes(field)) fieldErrors[field] = [`${provider.label} connections do not use a ${plainFieldLabels[field]}.`];
  }
  if (Object.keys(fieldErrors).length) {
    throw new AppError("VALIDATION", { userMessage: Object.values(fieldErrors)[0]![0], fieldErrors });
  }

  const connection = await tx.connection.create({
    data: {
      organisationId: org.id,
      provider: provider.id,
      scope: data.scope,
      mode: data.mode,
      label: data.label ?? null,
      apiBaseUrl: data.apiBaseUrl ?? provider.defaultApiBaseUrl(data.mode),
      publicKey: data.publicKey ?? null,
      clientId: data.clientId ?? null,
      redirectUri: data.redirectUri ?? null,
    },
    select: { id: true, provider: true, scope: true, organisationId: true },
  });
  const entries = Object.entries(data.secrets) as [SecretName, string][];
  if (entries.length) {
    await tx.connectionSecret.createMany({
      data: entries.map(([name, value]) => ({ connectionId: connection.id, name, ciphertext: encryptSecret(value, secretAad(connection.id, name)), last4: lastFour(value) })),
    });
  }
  await recordAudit(
    {
      actor,
      action: "connection.create",
      targetType: "Connection",
      targetId: connection.id,
      organisationId: org.id,
      after: { provider: provider.id, scope: data.scope, mode: data.mode, secrets: Object.fromEntries(entries.map(([n, v]) => [n, `…${lastFour(v)}`])) },
    },
    tx,
  );
  const path = webhookPath(connection.provider, connection.id);
  return {
    id: connection.id,
    provider: connection.provider,
    scope: connection.scope === "ORG" ? "org" : "partner",
    organisationId: connection.organisationId,
    webhookPath: path,
    webhookUrl: publicBaseUrl() + path,
  };
}

async function findConnectionInScope(scope: AccessScope, id: string, tx: DbClient) {
  const connection = await tx.connection.findFirst({
    where: { id, organisation: scopedOrganisationWhere(scope) },
    select: { id: true, provider: true, organisationId: true, status: true },
  });
  if (!connection) throw new AppError("NOT_FOUND", { userMessage: "Connection not found." });
  return connection;
}

/**
 * Replaces the webhook signing secret. The previous one keeps verifying for the provider's overlap
 * (ChargebackStop: 24 h) so deliveries signed before the switch still pass.
 */
export async function rotateWebhookSecret(scope: AccessScope, input: { connectionId: string; secret: string }, actor: AuditActor, tx: DbClient = defaultDb) {
  const data = parseInput(rotateSecretSchema, input);
  const connection = await findConnectionInScope(scope, data.connectionId, tx);
  const provider = getProvider(connection.provider);
  if (!provider) throw new AppError("CONFLICT", { userMessage: "The connection's provider is not installed." });
  const name = provider.credentials.webhookSecret;
  const now = new Date();
  const overlapUntil = new Date(now.getTime() + provider.credentials.rotationOverlapHours * 3600_000);
  await tx.connectionSecret.updateMany({ where: { connectionId: connection.id, name, subject: "", OR: [{ expiresAt: null }, { expiresAt: { gt: overlapUntil } }] }, data: { expiresAt: overlapUntil } });
  await tx.connectionSecret.create({
    data: { connectionId: connection.id, name, ciphertext: encryptSecret(data.secret, secretAad(connection.id, name)), last4: lastFour(data.secret) },
  });
  await recordAudit(
    { actor, action: "connection.rotate_secret", targetType: "Connection", targetId: connection.id, organisationId: connection.organisationId, after: { secret: `…${lastFour(data.secret)}`, previousValidUntil: overlapUntil.toISOString() } },
    tx,
  );
  return { id: connection.id, rotatedAt: now.toISOString(), previousSecretValidUntil: overlapUntil.toISOString() };
}

export async function setConnectionStatus(scope: AccessScope, connectionId: string, status: "ACTIVE" | "DISABLED", actor: AuditActor, tx: DbClient = defaultDb) {
  const connection = await findConnectionInScope(scope, connectionId, tx);
  await tx.connection.update({ where: { id: connection.id }, data: { status, disabledAt: status === "DISABLED" ? new Date() : null } });
  await recordAudit(
    { actor, action: status === "DISABLED" ? "connection.disable" : "connection.enable", targetType: "Connection", targetId: connection.id, organisationId: connection.organisationId, before: { status: connection.status }, after: { status } },
    tx,
  );
  return { id: connection.id, status: status === "ACTIVE" ? "active" : "disabled" };
}
