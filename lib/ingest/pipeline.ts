import { createHash } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { getIngestDatabase, pgTransaction, Prisma, sqlClient, type DbClient, type IngestDatabase, type SqlClient } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { errorFields, logger } from "@/lib/logger";
import { getProvider } from "@/lib/providers/registry";
import type { DomainInput, Envelope, MapResult, ProviderDefinition, ResponderContext } from "@/lib/providers/types";
import { applyInput, inputsNeedModels, type Applied } from "./apply";
import { deliverInOneStatement, fastPlan, type Recorded } from "./fast-path";
import { ARCHIVED_ORGANISATION, loadConnection, recordRejection, type IngestConnection } from "./connections";
import { parseJsonBody } from "./json";
import { PayloadTooLargeError, readBody } from "./read-body";
import { findTransactionFacts } from "./transactions";
import { CHANGES_CHANNEL, changePayload } from "@/lib/live/notify";
import { enqueueJob } from "@/lib/domain/queue";
import { decideInResponse, RESPONSE_BUDGET_MS } from "@/lib/domain/rules/in-response";

/**
 * The provider-agnostic webhook pipeline: read → verify → record → apply → respond.
 *
 *   404 unknown provider or connection · 410 disabled connection · 413 body over 1 MiB
 *   401 bad, missing or stale signature (nothing stored; a counter per connection)
 *   400 malformed JSON, nesting > 64, or a payload failing its schema (stored as failed)
 *   200 processed, ignored (unknown type, archived organisation) or a repeat (applied once)
 *   503 database unavailable or too slow (nothing half-stored; the provider retries)
 *
 * Recording and applying happen in one transaction; a repeat of the same event id answers 200,
 * increments `attempts` and applies nothing (a failed event is processed again).
 *
 * The transaction runs on node-postgres with raw SQL (lib/db.ts `pgTransaction`): Prisma's cost
 * per statement was most of a delivery's CPU time. Deliveries that need Prisma's models (a
 * synchronous answer decided by rules, enrolments with their history and notifications) run the
 * same code in a Prisma interactive transaction instead (`needsModels`).
 */
export type PipelineOptions = {
  /** tests: another database (e.g. one that is down) */
  database?: IngestDatabase;
  now?: () => Date;
  /** test-only fault injection (see README, Reliability) */
  fault?: string;
  /** test-only: runs inside the transaction just before it commits */
  beforeCommit?: (tx: SqlClient) => Promise<void>;
  /** test-only: runs before auto-response rules decide a synchronous answer (e.g. to spend the budget) */
  beforeDecide?: () => Promise<void>;
  /** test-only: always use the transaction, never the one-statement path (to compare the two) */
  transactionOnly?: boolean;
  /** test-only: told which path recorded the delivery */
  onPath?: (path: "statement" | "transaction") => void;
};

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
const problem = (status: number, code: string, message: string, headers: Record<string, string> = {}) => json(status, { error: { code, message } }, headers);

/** Headers kept with a delivery: never the signature or credentials. */
const KEPT_HEADERS = ["content-type", "user-agent", "x-idempotency-key", "x-request-id", "request-id", "content-length"];
function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value) kept[name] = value.slice(0, 200);
  }
  return kept;
}

/** Postgres error classes that mean "not now": timeouts, lock waits, conflicts, shutdown, connection trouble. */
const UNAVAILABLE_CODES = /^(57014|55P03|40001|40P01|57P0[1-3]|53300|08...)$/;

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && UNAVAILABLE_CODES.test(code)) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // P1001 unreachable, P1002 timeout, P1008 ops timeout, P1017 closed, P2024 pool timeout, P2034 conflict
    return ["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"].includes(error.code) || /reach|timeout|terminat|connection|closed|ECONN/i.test(error.message);
  }
  if (error instanceof Prisma.PrismaClientInitializationError || error instanceof Prisma.PrismaClientRustPanicError) return true;
  if (error instanceof Prisma.PrismaClientUnknownRequestError) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /ECONNREFUSED|ECONNRESET|timeout|terminat|Connection|connect|deadlock|57014|55P03|40001|40P01/i.test(message);
}

const unavailable = () => problem(503, "UNAVAILABLE", "Temporarily unavailable; retry later.", { "retry-after": "30" });

export async function handleWebhook(request: Request, params: { provider: string; connectionId: string }, options: PipelineOptions = {}): Promise<Response> {
  const database = options.database ?? getIngestDatabase();
  const db = sqlClient(database.pool);
  const startedAt = performance.now();
  const now = (options.now ?? (() => new Date()))();
  const provider = getProvider(params.provider);
  if (!provider) return problem(404, "NOT_FOUND", "Unknown provider.");

  let connection: IngestConnection | null;
  try {
    connection = await loadConnection(db, params.connectionId, now);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
  if (!connection || connection.provider !== provider.id) return problem(404, "NOT_FOUND", "Unknown connection.");
  if (connection.status === "DISABLED") return problem(410, "GONE", "This connection is disabled.");

  let raw: Buffer;
  try {
    raw = await readBody(request);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return problem(413, "PAYLOAD_TOO_LARGE", "Body larger than 1 MiB.");
    return problem(400, "BAD_REQUEST", "Could not read the body.");
  }

  const verdict = provider.webhook.verify({ rawBody: raw, headers: request.headers, credentials: connection.credentials, now });
  if (!verdict.ok) {
    logger.warn("webhook.rejected", { provider: provider.id, connectionId: connection.id, reason: verdict.reason, bytes: raw.length });
    try {
      await recordRejection(db, connection.id, verdict.reason, now);
    } catch (error) {
      logger.warn("webhook.rejection_not_counted", errorFields(error));
    }
    return problem(401, "UNAUTHENTICATED", "Signature verification failed.");
  }

  // From here the sender is authentic: everything is stored, even what we cannot process.
  const parsedJson = parseJsonBody(raw);
  if (!parsedJson.ok) return storeFailed(db, provider, connection, raw, request.headers, null, parsedJson.error);
  const parsed = provider.webhook.parse(parsedJson.value);
  if (!parsed.ok) return storeFailed(db, provider, connection, raw, request.headers, null, `Payload does not match the schema: ${parsed.error}`);
  const envelope = provider.webhook.envelope(parsed.value, request.headers);
  const mapped = provider.webhook.map(parsed.value);
  if (!mapped.ok) return storeFailed(db, provider, connection, raw, request.headers, envelope, `Payload does not match the schema: ${mapped.error}`);

  let recorded: Recorded | null = null;
  // most deliveries are one statement (./fast-path.ts); the rest, and redeliveries of failed
  // events, run in a transaction
  const models = needsModels(provider, mapped.value);
  const plan = models || options.beforeCommit || options.transactionOnly ? null : fastPlan(provider.id, connection, mapped.value);
  let counted = false;
  try {
    if (plan) {
      const fast = await deliverInOneStatement(database.pool, { providerId: provider.id, connectionId: connection.id, raw, headers: JSON.stringify(keptHeaders(request.headers)), envelope, plan });
      if (fast.kind === "reprocess") counted = true;
      else {
        recorded = fast;
        options.onPath?.("statement");
      }
    }
    if (!recorded) {
      const recordArgs = [provider, connection, raw, request.headers, envelope, mapped.value, parsed.value, { ...options, responseDeadline: startedAt + RESPONSE_BUDGET_MS, counted }] as const;
      recorded = models
        ? await database.prisma.$transaction((tx) => record(tx, tx, ...recordArgs), { maxWait: 2_000, timeout: 8_000 })
        : await pgTransaction(database.pool, (tx) => record(tx, null, ...recordArgs));
      options.onPath?.("transaction");
    }
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      logger.warn("webhook.unavailable", { provider: provider.id, connectionId: connection.id, ...errorFields(error) });
      return unavailable();
    }
    throw error;
  }
  if (options.fault === "crash-after-commit" || getEnv().RECOURSE_FAULT === "crash-after-commit") {
    // test-only: the provider sees a connection reset although the delivery is committed
    process.kill(process.pid, "SIGKILL");
  }
  const body = recorded.responseBody ?? JSON.stringify({ received: true, duplicate: recorded.kind === "duplicate" || undefined });
  return new Response(body, { status: 200, headers: JSON_HEADERS });
}

/** Whether a delivery needs Prisma's models in its transaction (see PipelineOptions). */
function needsModels(provider: ProviderDefinition<unknown>, mapped: MapResult): boolean {
  return Boolean(provider.webhook.respond) || (mapped.kind === "apply" && inputsNeedModels(mapped.inputs));
}

async function record(
  tx: SqlClient,
  models: DbClient | null,
  provider: ProviderDefinition<unknown>,
  connection: IngestConnection,
  raw: Buffer,
  headers: Headers,
  envelope: Envelope,
  mapped: MapResult,
  event: unknown,
  /** `counted`: the one-statement path already counted this attempt */
  options: PipelineOptions & { responseDeadline: number; counted: boolean },
): Promise<Recorded> {
  const inserted = await tx.$queryRawUnsafe<{ id: string; status: string; responseBody: string | null; inserted: boolean }[]>(
    `INSERT INTO "WebhookEvent" (id, "connectionId", provider, "externalEventId", "deliveryId", "providerOrganisationId", type, status, "rawBody", headers, "receivedAt", "lastReceivedAt", attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'PROCESSED', $8, $9::jsonb, now(), now(), 1)
     ON CONFLICT ("connectionId", "externalEventId") DO UPDATE SET attempts = "WebhookEvent".attempts + $10::int, "lastReceivedAt" = now()
     RETURNING id, status::text AS status, "responseBody", (xmax = 0) AS inserted`,
    uuidv7(),
    connection.id,
    provider.id,
    envelope.eventId,
    envelope.deliveryId,
    envelope.providerOrganisationId,
    envelope.type.slice(0, 200),
    raw,
    JSON.stringify(keptHeaders(headers)),
    options.counted ? 0 : 1,
  );
  const row = inserted[0]!;
  if (!row.inserted && row.status !== "FAILED") return { kind: "duplicate", eventId: row.id, responseBody: row.responseBody };
  if (!row.inserted) {
    // a redelivery of an event that failed before: process it again with the body received now
    await tx.$executeRawUnsafe(`UPDATE "WebhookEvent" SET "rawBody" = $2, error = NULL WHERE id = $1`, row.id, raw);
  }

  const result = await applyEvent(tx, {
    models,
    provider,
    connection,
    eventRowId: row.id,
    envelope,
    mapped,
    event,
    response: { deadline: options.responseDeadline, beforeDecide: options.beforeDecide },
  });
  if (options.beforeCommit) await options.beforeCommit(tx);
  return { kind: "done", eventId: row.id, status: result.status, responseBody: result.responseBody };
}

/**
 * Applies a recorded delivery: routes it to an organisation, upserts the domain rows, enqueues
 * follow-up jobs, computes the synchronous answer and marks the delivery processed or ignored.
 * Shared by live deliveries and replays.
 */
export async function applyEvent(
  tx: SqlClient,
  args: {
    /** the same transaction as a Prisma client; required when `needsModels` says so */
    models: DbClient | null;
    provider: ProviderDefinition<unknown>;
    connection: IngestConnection;
    eventRowId: string;
    envelope: Envelope;
    mapped: MapResult;
    event: unknown;
    /** a live delivery the provider waits on: rules may decide the answer before `deadline` (performance.now()) */
    response?: { deadline: number; beforeDecide?: () => Promise<void> };
  },
): Promise<{ status: "PROCESSED" | "IGNORED"; responseBody: string | null; organisationId: string | null }> {
  const { provider, connection, envelope, mapped, event } = args;
  const row = { id: args.eventRowId };
  // Which organisation: the connection's, or for partner connections the one whose provider id
  // the payload names (unknown → unassigned, attached when an admin sets the id).
  let organisationId: string | null = connection.organisationId;
  let archived = connection.organisationArchived;
  if (connection.scope === "PARTNER") {
    organisationId = null;
    archived = false;
    if (envelope.providerOrganisationId) {
      const [org] = await tx.$queryRawUnsafe<{ id: string; archivedAt: Date | null }[]>(
        `SELECT id, "archivedAt" FROM "Organisation" WHERE "providerOrgId" = $1`,
        envelope.providerOrganisationId,
      );
      organisationId = org?.id ?? null;
      archived = org?.archivedAt != null;
    }
  }

  let status: "PROCESSED" | "IGNORED" = "PROCESSED";
  let error: string | null = null;
  const applied: Applied[] = [];
  if (archived) {
    status = "IGNORED";
    error = ARCHIVED_ORGANISATION;
  } else if (mapped.kind === "ignore") {
    status = "IGNORED";
    error = mapped.reason;
  } else {
    const ctx = { tx, models: args.models, provider: provider.id, connectionId: connection.id, organisationId, webhookEventId: row.id };
    for (const input of mapped.inputs as DomainInput[]) applied.push(await applyInput(ctx, input));
    if (mapped.jobs?.length) await enqueueJobs(tx, connection.id, mapped.jobs);
  }

  let responseBody: string | null = null;
  // The synchronous answer (Chargebackhit) is given for ignored deliveries too: the provider
  // still expects an outcome in the response.
  if (provider.webhook.respond) {
    const models = args.models;
    if (!models) throw new Error("A synchronous answer needs the Prisma transaction (needsModels).");
    const context: ResponderContext = { organisationId, findTransaction: (criteria) => findTransactionFacts(models, organisationId, criteria) };
    const alert = applied.find((a) => a.subjectType === "Alert");
    const response = args.response;
    if (response && alert && status === "PROCESSED") {
      context.decide = async () => {
        await response.beforeDecide?.();
        return decideInResponse(models, alert.subjectId, { deadline: response.deadline });
      };
    }
    responseBody = JSON.stringify(await provider.webhook.respond(event, context));
  }
  const subject = applied[0];
  // the delivery's result and the change announcements (delivered on commit) in one round trip:
  // a delivery is on the hot path
  const changes = [...applied.map((item) => ({ type: item.subjectType, id: item.subjectId, organisationId })), { type: "WebhookEvent", id: row.id, organisationId }];
  await tx.$executeRawUnsafe(
    `WITH done AS (
       UPDATE "WebhookEvent" SET status = $2::"WebhookEventStatus", error = $3, "organisationId" = $4, "subjectType" = $5, "subjectId" = $6,
              changes = $7::jsonb, "responseBody" = $8, "processedAt" = now() WHERE id = $1 RETURNING id)
     SELECT pg_notify($9, payload) FROM done, unnest($10::text[]) WITH ORDINALITY AS c(payload, n) ORDER BY n`,
    row.id,
    status,
    error,
    organisationId,
    subject?.subjectType ?? null,
    subject?.subjectId ?? null,
    subject?.changes ? JSON.stringify(subject.changes) : null,
    responseBody,
    CHANGES_CHANNEL,
    changes.map(changePayload),
  );
  return { status, responseBody, organisationId };
}

/** Jobs are enqueued in the delivery's transaction: both commit or neither does. */
async function enqueueJobs(tx: SqlClient, connectionId: string, jobs: NonNullable<Extract<MapResult, { kind: "apply" }>["jobs"]>) {
  for (const job of jobs) await enqueueJob(tx, { ...job, payload: { ...job.payload, connectionId } });
}

/** Stores an authentic delivery we could not process (status failed) and answers 400. */
async function storeFailed(
  db: SqlClient,
  provider: ProviderDefinition<unknown>,
  connection: IngestConnection,
  raw: Buffer,
  headers: Headers,
  envelope: Envelope | null,
  reason: string,
): Promise<Response> {
  const eventId = envelope?.eventId ?? `unparsed:${createHash("sha256").update(raw).digest("hex")}`;
  try {
    await db.$executeRawUnsafe(
      `INSERT INTO "WebhookEvent" (id, "connectionId", provider, "externalEventId", "deliveryId", "providerOrganisationId", type, status, error, "rawBody", headers, "receivedAt", "lastReceivedAt", attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'FAILED', $8, $9, $10::jsonb, now(), now(), 1)
       ON CONFLICT ("connectionId", "externalEventId") DO UPDATE SET attempts = "WebhookEvent".attempts + 1, "lastReceivedAt" = now(),
         error = CASE WHEN "WebhookEvent".status = 'FAILED' THEN EXCLUDED.error ELSE "WebhookEvent".error END,
         "rawBody" = CASE WHEN "WebhookEvent".status = 'FAILED' THEN EXCLUDED."rawBody" ELSE "WebhookEvent"."rawBody" END`,
      uuidv7(),
      connection.id,
      provider.id,
      eventId,
      envelope?.deliveryId ?? headers.get("x-idempotency-key"),
      envelope?.providerOrganisationId ?? null,
      (envelope?.type ?? "unknown").slice(0, 200),
      reason.slice(0, 1000),
      raw,
      JSON.stringify(keptHeaders(headers)),
    );
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
  logger.warn("webhook.failed", { provider: provider.id, connectionId: connection.id, eventId, reason: reason.slice(0, 200) });
  return problem(400, "BAD_REQUEST", reason.slice(0, 300));
}
