import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import { scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";
import { listProviderDefinitions } from "@/lib/providers/registry";
import { publicBaseUrl, webhookPath } from "./commands";

export const connectionSelect = {
  id: true,
  organisationId: true,
  provider: true,
  scope: true,
  mode: true,
  status: true,
  label: true,
  apiBaseUrl: true,
  publicKey: true,
  clientId: true,
  redirectUri: true,
  createdAt: true,
  lastSyncAt: true,
  organisation: { select: { id: true, name: true, slug: true } },
  // metadata only: never the ciphertext
  secrets: { select: { name: true, subject: true, last4: true, expiresAt: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.ConnectionSelect;

export type ConnectionRow = Prisma.ConnectionGetPayload<{ select: typeof connectionSelect }>;

export type ConnectionDto = Omit<ConnectionRow, "secrets"> & {
  webhookPath: string;
  webhookUrl: string;
  /** live secrets, masked: name → "…1234" (a rotation shows the previous one with its expiry) */
  secrets: { name: string; subject: string; masked: string; expiresAt: Date | null }[];
  rejectedLast24h: number;
};

export async function listConnections(scope: AccessScope, options: { organisationId?: string } = {}, tx: DbClient = defaultDb): Promise<ConnectionDto[]> {
  const rows = await tx.connection.findMany({
    where: { AND: [{ organisation: scopedOrganisationWhere(scope) }, options.organisationId ? { organisationId: options.organisationId } : {}] },
    select: connectionSelect,
    orderBy: { createdAt: "asc" },
  });
  const rejected = await countRejections(rows.map((r) => r.id), new Date(Date.now() - 24 * 3600_000), tx);
  const now = Date.now();
  return rows.map((row) => ({
    ...row,
    webhookPath: webhookPath(row.provider, row.id),
    webhookUrl: publicBaseUrl() + webhookPath(row.provider, row.id),
    secrets: row.secrets
      .filter((s) => !s.expiresAt || s.expiresAt.getTime() > now)
      .map((s) => ({ name: s.name, subject: s.subject, masked: `…${s.last4}`, expiresAt: s.expiresAt })),
    rejectedLast24h: rejected.get(row.id) ?? 0,
  }));
}

/** Rejected (401) deliveries per connection since `since` (hourly buckets). */
export async function countRejections(connectionIds: string[], since: Date, tx: DbClient = defaultDb): Promise<Map<string, number>> {
  if (connectionIds.length === 0) return new Map();
  const hour = new Date(Math.floor(since.getTime() / 3600_000) * 3600_000);
  const groups = await tx.deliveryRejection.groupBy({
    by: ["connectionId"],
    where: { connectionId: { in: connectionIds }, hour: { gte: hour } },
    _sum: { count: true },
  });
  return new Map(groups.map((g) => [g.connectionId, g._sum.count ?? 0]));
}

export type RecentDelivery = { id: string; type: string; status: "PROCESSED" | "IGNORED" | "FAILED"; receivedAt: Date; attempts: number; error: string | null };

/** The last `limit` deliveries of each connection (within scope), newest first. */
export async function listRecentDeliveries(
  scope: AccessScope,
  connectionIds: string[],
  limit = 10,
  tx: DbClient = defaultDb,
): Promise<Map<string, RecentDelivery[]>> {
  const entries = await Promise.all(
    connectionIds.map(async (connectionId) => {
      const rows = await tx.webhookEvent.findMany({
        where: { connectionId, connection: { organisation: scopedOrganisationWhere(scope) } },
        select: { id: true, type: true, status: true, receivedAt: true, attempts: true, error: true },
        orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
        take: Math.min(Math.max(limit, 1), 50),
      });
      return [connectionId, rows] as const;
    }),
  );
  return new Map(entries);
}

export type ConnectionFormSpec = {
  id: string;
  label: string;
  scopes: ("ORG" | "PARTNER")[];
  requiredSecrets: string[];
  optionalSecrets: string[];
  requiredFields: string[];
  optionalFields: string[];
  webhookSecret: string;
  rotationOverlapHours: number;
};

/** What each installed provider needs for a connection (the create form shows exactly these fields). */
export function connectionFormSpecs(): ConnectionFormSpec[] {
  return listProviderDefinitions().map((p) => ({
    id: p.id,
    label: p.label,
    scopes: [...p.scopes],
    requiredSecrets: [...p.credentials.requiredSecrets],
    optionalSecrets: [...p.credentials.optionalSecrets],
    requiredFields: [...p.credentials.requiredFields],
    optionalFields: [...p.credentials.optionalFields],
    webhookSecret: p.credentials.webhookSecret,
    rotationOverlapHours: p.credentials.rotationOverlapHours,
  }));
}
