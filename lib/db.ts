import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv, requireEnv } from "@/lib/env";
import { logger } from "@/lib/logger";

export { Prisma } from "@/lib/generated/prisma/client";
export type Db = PrismaClient;
/** A client or an interactive-transaction client: every domain function accepts either. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * The raw-SQL part of a Prisma client. Code that needs no more than this (the webhook hot path)
 * takes a SqlClient, so it runs on a Prisma client or transaction and on a node-postgres
 * connection alike (`sqlClient`).
 */
export interface SqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Results shaped like Prisma's raw results: int8 as bigint (numeric stays a string). */
const RAW_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A node-postgres pool or connection as a SqlClient. */
export function sqlClient(client: pg.Pool | pg.PoolClient): SqlClient {
  return {
    $queryRawUnsafe: async <T,>(text: string, ...values: unknown[]) => (await client.query({ text, values, types: RAW_TYPES })).rows as T,
    $executeRawUnsafe: async (text: string, ...values: unknown[]) => (await client.query({ text, values, types: RAW_TYPES })).rowCount ?? 0,
  };
}

/**
 * Runs a statement as a named prepared statement: each pooled connection parses and plans it once
 * and then only binds parameters, and the text is not sent again. For long statements on the hot
 * path; the name is derived from the text, so two texts never share one.
 */
export async function queryPrepared<T>(client: pg.Pool | pg.PoolClient, text: string, values: unknown[]): Promise<T[]> {
  let name = preparedNames.get(text);
  if (!name) {
    name = `recourse_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
    if (preparedNames.size >= 1_000) preparedNames.clear();
    preparedNames.set(text, name);
  }
  return (await client.query({ name, text, values, types: RAW_TYPES })).rows as T[];
}
const preparedNames = new Map<string, string>();

type PoolOptions = { url?: string; applicationName?: string; max?: number; statementTimeoutMs?: number; lockTimeoutMs?: number };

function poolConfig(options: PoolOptions): pg.PoolConfig {
  return {
    connectionString: options.url ?? requireEnv("DATABASE_URL"),
    application_name: options.applicationName ?? "recourse",
    max: options.max ?? getEnv().RECOURSE_DB_POOL_SIZE,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    ...(options.lockTimeoutMs ? { lock_timeout: options.lockTimeoutMs } : {}),
  };
}

/**
 * Pool settings that keep a slow or absent database from hanging requests: a connection attempt
 * gives up after 2 s (webhooks answer 503 within 3 s), statements after 15 s, and idle-client
 * errors (server restart, pg_terminate_backend) are logged instead of crashing the process.
 */
export function createPrismaClient(options: PoolOptions = {}) {
  const adapter = new PrismaPg(
    poolConfig(options),
    {
      onPoolError: (err) => logger.warn("db.pool_error", { message: err.message }),
      onConnectionError: (err) => logger.warn("db.connection_error", { message: err.message }),
    },
  );
  return new PrismaClient({ adapter });
}

/** A node-postgres pool with the same settings; its idle-client errors are logged, never thrown. */
export function createPool(options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool(poolConfig(options));
  pool.on("error", (err) => logger.warn("db.pool_error", { message: err.message }));
  return pool;
}

/**
 * Runs `fn` in one transaction on a pooled connection: COMMIT when it resolves, ROLLBACK when it
 * throws. A connection that failed mid-transaction is discarded, not returned to the pool.
 */
export async function pgTransaction<T>(pool: pg.Pool, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // a connection that dies while checked out emits "error" on the client: the running query fails
  // with it, and without a listener the process would crash
  const onError = (error: Error) => {
    broken = error;
    logger.warn("db.connection_error", { message: error.message });
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await fn(sqlClient(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken ?? false);
  }
}

/**
 * The webhook path's database: a node-postgres pool for the delivery's transaction (the hot path
 * runs raw SQL; Prisma's per-statement cost would be most of a delivery's CPU time) and a Prisma
 * client for the model-rich paths (synchronous answers, enrolment notifications). Both give up on
 * statements after 2.5 s and lock waits after 2 s, so a stuck database answers 503 well inside a
 * provider's timeout.
 */
export type IngestDatabase = { pool: pg.Pool; prisma: PrismaClient };

export function createIngestDatabase(options: PoolOptions = {}): IngestDatabase {
  const settings = { applicationName: "recourse-ingest", statementTimeoutMs: 2_500, lockTimeoutMs: 2_000, ...options };
  return { pool: createPool(settings), prisma: createPrismaClient(settings) };
}

const globalForDb = globalThis as unknown as { __recourseDb?: PrismaClient; __recourseIngest?: IngestDatabase };

/** The process-wide client, created on first use. */
export function getDb(): PrismaClient {
  globalForDb.__recourseDb ??= createPrismaClient();
  return globalForDb.__recourseDb;
}

/** The process-wide webhook database (see IngestDatabase), created on first use. */
export function getIngestDatabase(): IngestDatabase {
  globalForDb.__recourseIngest ??= createIngestDatabase();
  return globalForDb.__recourseIngest;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
