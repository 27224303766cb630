import { db as defaultDb, type Db } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers/registry";
import { loadConnection } from "./connections";
import { parseJsonBody } from "./json";
import { applyEvent } from "./pipeline";

/**
 * Re-applies a stored failed or ignored delivery through the same code as a live one (after a fix
 * or once support for its type exists). The signature was verified when it arrived.
 */
export async function replayEvent(scope: AccessScope, eventId: string, actor: AuditActor, db: Db = defaultDb as Db) {
  const event = await db.webhookEvent.findFirst({
    where: { AND: [scopedWhere(scope), { id: eventId }] },
    select: { id: true, connectionId: true, provider: true, status: true, rawBody: true, organisationId: true, type: true },
  });
  if (!event) throw new AppError("NOT_FOUND", { userMessage: "Delivery not found." });
  if (event.status === "PROCESSED") throw new AppError("CONFLICT", { userMessage: "This delivery was processed already; only failed or ignored deliveries are replayed." });
  const provider = getProvider(event.provider);
  if (!provider) throw new AppError("CONFLICT", { userMessage: `The provider "${event.provider}" is not installed.` });
  const connection = await loadConnection(db, event.connectionId, new Date());
  if (!connection) throw new AppError("NOT_FOUND", { userMessage: "The delivery's connection no longer exists." });

  const raw = Buffer.from(event.rawBody);
  const fail = async (error: string) => {
    await db.webhookEvent.update({ where: { id: event.id }, data: { status: "FAILED", error: error.slice(0, 1000), processedAt: new Date() } });
    await recordAudit({ actor, action: "event.replay", targetType: "WebhookEvent", targetId: event.id, organisationId: event.organisationId, after: { status: "FAILED", error } });
    return { status: "FAILED" as const, error };
  };
  const parsedJson = parseJsonBody(raw);
  if (!parsedJson.ok) return fail(parsedJson.error);
  const parsed = provider.webhook.parse(parsedJson.value);
  if (!parsed.ok) return fail(`Payload does not match the schema: ${parsed.error}`);
  const mapped = provider.webhook.map(parsed.value);
  if (!mapped.ok) return fail(`Payload does not match the schema: ${mapped.error}`);
  const envelope = provider.webhook.envelope(parsed.value, new Headers());

  const result = await db.$transaction(async (tx) => {
    const applied = await applyEvent(tx, { models: tx, provider, connection, eventRowId: event.id, envelope, mapped: mapped.value, event: parsed.value });
    await recordAudit(
      { actor, action: "event.replay", targetType: "WebhookEvent", targetId: event.id, organisationId: applied.organisationId, before: { status: event.status }, after: { status: applied.status } },
      tx,
    );
    return applied;
  });
  return { status: result.status, error: null };
}
