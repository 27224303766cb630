import type { Db, DbClient } from "@/lib/db";

/**
 * Runs `fn` in a transaction: a new one when `client` is the top-level client, the caller's when
 * it is already a transaction client (interactive transactions do not nest in Prisma). Lets a
 * command be atomic on its own and still compose into a caller's (or a test's) transaction.
 */
export async function withTransaction<T>(client: DbClient, fn: (tx: DbClient) => Promise<T>): Promise<T> {
  const top = client as DbClient & { $transaction?: Db["$transaction"] };
  if (typeof top.$transaction === "function") return (top as Db).$transaction((tx) => fn(tx));
  return fn(client);
}
