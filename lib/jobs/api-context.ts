import { db as defaultDb, type Db } from "@/lib/db";
import type { ProviderApiContext } from "@/lib/providers/types";
import { taskContextFor } from "./context";

/** The API context for outcome sends and syncs on one connection (credentials, base URL, fetch). */
export async function apiContextFor(connectionId: string, options: { db?: Db; fetch?: typeof fetch } = {}): Promise<ProviderApiContext> {
  const ctx = await taskContextFor(connectionId, { db: options.db ?? (defaultDb as Db), fetch: options.fetch });
  return { connection: ctx.connection, secrets: { get: ctx.secrets.get }, fetch: ctx.fetch, now: ctx.now, log: ctx.log };
}
