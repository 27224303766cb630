import { db as defaultDb, type Db } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { liveSecretWhere } from "@/lib/domain/connections/commands";
import { enqueueJob } from "@/lib/domain/queue";
import { AppError } from "@/lib/errors";
import { applyInput } from "@/lib/ingest/apply";
import { notifyChange } from "@/lib/live/notify";
import { getProvider, listProviderDefinitions } from "@/lib/providers/registry";
import { apiContextFor } from "./api-context";

export const SYNC_ALL_TASK = "sync.all";
export const SYNC_CONNECTION_TASK = "sync.connection";

/**
 * Pulls a connection's current state from the provider (enrolment statuses, which Chargebackhit
 * never sends as webhooks, and alerts whose webhook may have been lost) and applies it with the
 * same order-safe upserts as webhooks: an older snapshot never overwrites a newer one.
 */
export async function runSync(connectionId: string, actor: AuditActor, options: { db?: Db; fetch?: typeof fetch } = {}) {
  const db = options.db ?? (defaultDb as Db);
  const connection = await db.connection.findUnique({ where: { id: connectionId }, select: { id: true, provider: true, organisationId: true, status: true, lastSyncAt: true } });
  if (!connection) throw new AppError("NOT_FOUND", { userMessage: `No connection ${connectionId}.` });
  const provider = getProvider(connection.provider);
  if (!provider?.api?.sync) return { connectionId, inputs: 0, pages: 0, note: `${provider?.label ?? connection.provider} has nothing to sync` };
  if (connection.status !== "ACTIVE") return { connectionId, inputs: 0, pages: 0, note: "connection disabled" };
  const missing = await missingSyncSecrets(db, connectionId, provider.api.syncNeeds ?? []);
  if (missing.length > 0) return { connectionId, inputs: 0, pages: 0, note: `the connection has no ${missing.map((m) => m.replace("_", " ")).join(", ")}: nothing to sync` };
  const startedAt = new Date();
  const context = await apiContextFor(connectionId, { db, fetch: options.fetch });
  const result = await provider.api.sync(context, { since: connection.lastSyncAt ? new Date(connection.lastSyncAt.getTime() - 3600_000) : null });
  const applied = await db.$transaction(
    async (tx) => {
      let changed = 0;
      for (const input of result.inputs) {
        const outcome = await applyInput({ tx, models: tx, provider: connection.provider, connectionId, organisationId: connection.organisationId, webhookEventId: null }, input);
        // the same snapshot again is applied (ties apply) but is not a change
        if (outcome.outcome === "inserted" || (outcome.outcome === "updated" && outcome.changes !== null)) changed++;
      }
      await tx.connection.update({ where: { id: connectionId }, data: { lastSyncAt: startedAt } });
      await recordAudit({ actor, action: "connection.sync", targetType: "Connection", targetId: connectionId, organisationId: connection.organisationId, after: { received: result.inputs.length, changed, pages: result.pages } }, tx);
      if (changed) await notifyChange(tx, { type: "Enrolment", organisationId: connection.organisationId });
      return changed;
    },
    { timeout: 120_000 },
  );
  return { connectionId, inputs: result.inputs.length, changed: applied, pages: result.pages, note: result.note };
}

async function missingSyncSecrets(db: Db, connectionId: string, needs: readonly string[]): Promise<string[]> {
  if (needs.length === 0) return [];
  const held = await db.connectionSecret.findMany({
    where: { connectionId, name: { in: [...needs] }, ...liveSecretWhere(new Date()) },
    select: { name: true },
  });
  const names = new Set(held.map((h) => h.name));
  return needs.filter((n) => !names.has(n));
}

/**
 * Scheduled: one sync job per active connection whose provider can sync and that holds the
 * secrets a sync needs (a ChargebackStop connection without its optional API key is skipped).
 */
export async function enqueueSyncs(db: Db = defaultDb as Db): Promise<number> {
  let enqueued = 0;
  for (const provider of listProviderDefinitions()) {
    if (!provider.api?.sync) continue;
    const needs = provider.api.syncNeeds ?? [];
    const connections = await db.connection.findMany({
      where: { status: "ACTIVE", provider: provider.id, AND: needs.map((name) => ({ secrets: { some: { name, ...liveSecretWhere(new Date()) } } })) },
      select: { id: true },
    });
    for (const c of connections) await enqueueJob(db, { task: SYNC_CONNECTION_TASK, payload: { connectionId: c.id }, jobKey: `sync:${c.id}`, maxAttempts: 3 });
    enqueued += connections.length;
  }
  return enqueued;
}
