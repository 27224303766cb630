import type { SqlClient } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secrets";
import { secretAad } from "@/lib/domain/connections/commands";
import type { ConnectionCredentials, SecretName } from "@/lib/providers/types";

/** Why a delivery for an archived organisation is stored as ignored (both ingest paths). */
export const ARCHIVED_ORGANISATION = "The organisation is archived.";

export type IngestConnection = {
  id: string;
  provider: string;
  scope: "ORG" | "PARTNER";
  status: "ACTIVE" | "DISABLED";
  organisationId: string | null;
  organisationArchived: boolean;
  credentials: ConnectionCredentials;
};

/** Decrypted secrets by ciphertext (immutable), so a hot endpoint does not decrypt every time. */
const plaintextCache = new Map<string, string>();
const CACHE_LIMIT = 2_000;

function decryptCached(connectionId: string, name: string, subject: string, ciphertext: string): string {
  const key = `${connectionId}|${name}|${subject}|${ciphertext}`;
  let value = plaintextCache.get(key);
  if (value === undefined) {
    value = decryptSecret(ciphertext, secretAad(connectionId, name, subject));
    if (plaintextCache.size >= CACHE_LIMIT) plaintextCache.clear();
    plaintextCache.set(key, value);
  }
  return value;
}

/**
 * The connection a webhook URL names, with its live secrets decrypted (current one first). One
 * round trip: this runs for every delivery.
 */
export async function loadConnection(tx: SqlClient, id: string, now: Date): Promise<IngestConnection | null> {
  if (id.length > 64) return null;
  const rows = await tx.$queryRawUnsafe<
    {
      id: string;
      provider: string;
      scope: "ORG" | "PARTNER";
      status: "ACTIVE" | "DISABLED";
      organisationId: string | null;
      publicKey: string | null;
      clientId: string | null;
      archived: boolean;
      secrets: { name: string; ciphertext: string }[];
    }[]
  >(
    `SELECT c.id, c.provider, c.scope::text AS scope, c.status::text AS status, c."organisationId", c."publicKey", c."clientId",
            (o."archivedAt" IS NOT NULL) AS archived,
            COALESCE(json_agg(json_build_object('name', s.name, 'ciphertext', s.ciphertext) ORDER BY s."createdAt" DESC)
                     FILTER (WHERE s.id IS NOT NULL), '[]'::json) AS secrets
       FROM "Connection" c
       LEFT JOIN "Organisation" o ON o.id = c."organisationId"
       LEFT JOIN "ConnectionSecret" s ON s."connectionId" = c.id AND s.subject = '' AND (s."expiresAt" IS NULL OR s."expiresAt" > $2::timestamptz)
      WHERE c.id = $1
      GROUP BY c.id, o."archivedAt"`,
    id,
    now,
  );
  const row = rows[0];
  if (!row) return null;
  const secrets: Partial<Record<SecretName, string[]>> = {};
  for (const s of row.secrets) (secrets[s.name as SecretName] ??= []).push(decryptCached(row.id, s.name, "", s.ciphertext));
  return {
    id: row.id,
    provider: row.provider,
    scope: row.scope,
    status: row.status,
    organisationId: row.organisationId,
    organisationArchived: row.archived,
    credentials: { secrets, publicKey: row.publicKey, clientId: row.clientId },
  };
}

/** Counts a rejected delivery in the connection's hourly bucket (bounded storage). */
export async function recordRejection(tx: SqlClient, connectionId: string, reason: string, now: Date) {
  const hour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000);
  await tx.$executeRawUnsafe(
    `INSERT INTO "DeliveryRejection" ("connectionId", hour, reason, count) VALUES ($1, $2::timestamptz, $3, 1)
     ON CONFLICT ("connectionId", hour, reason) DO UPDATE SET count = "DeliveryRejection".count + 1`,
    connectionId,
    hour,
    reason.slice(0, 64),
  );
}
