import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv, requireEnv } from "@/lib/env";
import { logger } from "@/lib/logger";

export { Prisma } from "@/lib/generated/prisma/client";
export type Db = PrismaClient;
/** A client or an interactive-transaction client: every domain function accepts either. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * Pool settings that keep a slow or absent database from hanging requests: a connection attempt
 * gives up after 2 s (webhooks answer 503 within 3 s), statements after 15 s, and idle-client
 * errors (server restart, pg_terminate_backend) are logged instead of crashing the process.
 */
export function createPrismaClient(
  options: { url?: string; applicationName?: string; max?: number; statementTimeoutMs?: number; lockTimeoutMs?: number } = {},
) {
  const adapter = new PrismaPg(
    {
      connectionString: options.url ?? requireEnv("DATABASE_URL"),
      application_name: options.applicationName ?? "recourse",
      max: options.max ?? getEnv().RECOURSE_DB_POOL_SIZE,
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      ...(options.lockTimeoutMs ? { lock_timeout: options.lockTimeoutMs } : {}),
    },
    {
      onPoolError: (err) => logger.warn("db.pool_error", { message: err.message }),
      onConnectionError: (err) => logger.warn("db.connection_error", { message: err.message }),
    },
  );
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __recourseDb?: PrismaClient; __recourseIngestDb?: PrismaClient };

/** The process-wide client, created on first use. */
export function getDb(): PrismaClient {
  globalForDb.__recourseDb ??= createPrismaClient();
  return globalForDb.__recourseDb;
}

/**
 * The webhook path's client: statements give up after 2.5 s and lock waits after 2 s, so a stuck
 * database answers 503 well inside a provider's timeout, without an extra round trip per delivery.
 */
export function getIngestDb(): PrismaClient {
  globalForDb.__recourseIngestDb ??= createPrismaClient({ applicationName: "recourse-ingest", statementTimeoutMs: 2_500, lockTimeoutMs: 2_000 });
  return globalForDb.__recourseIngestDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
