import { createHash } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { getIngestDatabase, sqlClient, type IngestDatabase } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getProvider } from "@/lib/providers/registry";
import { loadConnection } from "./connections";
import { readBody } from "./read-body";

/**
 * Benchmark baseline (bench/ingest.ts): verify the signature and insert the raw body, nothing
 * else, through the same node-postgres pool as the pipeline. Enabled only with RECOURSE_BENCH=1;
 * answers 404 otherwise.
 */
export async function handleBareIngest(request: Request, connectionId: string, database: IngestDatabase = getIngestDatabase()): Promise<Response> {
  if (getEnv().RECOURSE_BENCH !== "1") return new Response("Not found", { status: 404 });
  const db = sqlClient(database.pool);
  const connection = await loadConnection(db, connectionId, new Date());
  const provider = connection ? getProvider(connection.provider) : undefined;
  if (!connection || !provider) return new Response("Not found", { status: 404 });
  const raw = await readBody(request);
  const verdict = provider.webhook.verify({ rawBody: raw, headers: request.headers, credentials: connection.credentials, now: new Date() });
  if (!verdict.ok) return new Response("Unauthorized", { status: 401 });
  await db.$executeRawUnsafe(
    `INSERT INTO "WebhookEvent" (id, "connectionId", provider, "externalEventId", type, status, "rawBody", "receivedAt", "lastReceivedAt")
     VALUES ($1, $2, $3, $4, 'bench.bare', 'PROCESSED', $5, now(), now()) ON CONFLICT ("connectionId", "externalEventId") DO NOTHING`,
    uuidv7(),
    connection.id,
    provider.id,
    `bare:${createHash("sha256").update(raw).digest("hex")}`,
    raw,
  );
  return Response.json({ received: true });
}
