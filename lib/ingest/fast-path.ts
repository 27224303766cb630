import { v7 as uuidv7 } from "uuid";
import type pg from "pg";
import { queryPrepared, sqlClient, type SqlClient } from "@/lib/db";
import { addJobCall } from "@/lib/domain/queue";
import { Sql } from "@/lib/domain/sql";
import { CHANGES_CHANNEL, changePayload } from "@/lib/live/notify";
import { errorFields, logger } from "@/lib/logger";
import { matchRecord } from "@/lib/matching/match";
import { candidatesFromJson, candidatesQuery, matchState, type RecordMatchState } from "@/lib/matching/records";
import type { AlertInput, Envelope, MapResult, RepresentmentInput, SchemeNoticeInput } from "@/lib/providers/types";
import { knownMerchant, recordUpsert } from "./apply";
import { ARCHIVED_ORGANISATION, type IngestConnection } from "./connections";
import { arrivalJob } from "./follow-ups";
import { diffObjects, upsertResult, upsertStatement, type UpsertRow } from "./upsert";

/** What recording a delivery came to: a repeat (applied before), or stored and applied now. */
export type Recorded =
  | { kind: "duplicate"; eventId: string; responseBody: string | null }
  | { kind: "done"; eventId: string; status: "PROCESSED" | "IGNORED"; responseBody: string | null };

type RecordInput = AlertInput | RepresentmentInput | SchemeNoticeInput;

/** How a delivery can be done in one statement: what it applies, or why it is ignored. */
export type FastPlan =
  | { kind: "apply"; input: RecordInput; merchantId: string | null; organisationId: string }
  | { kind: "ignore"; reason: string; organisationId: string };

/**
 * Whether a delivery can take the one-statement path, and how. It can when nothing in it needs a
 * decision between statements: an organisation connection (no partner routing), one alert,
 * representment or scheme notice given whole (not a thin snapshot), no follow-up job of the
 * provider's own, and a merchant that is already known. Everything else runs in a transaction
 * (lib/ingest/pipeline.ts).
 */
export function fastPlan(providerId: string, connection: IngestConnection, mapped: MapResult): FastPlan | null {
  if (connection.scope !== "ORG" || !connection.organisationId) return null;
  const organisationId = connection.organisationId;
  if (connection.organisationArchived) return { kind: "ignore", reason: ARCHIVED_ORGANISATION, organisationId };
  if (mapped.kind === "ignore") return { kind: "ignore", reason: mapped.reason, organisationId };
  if (mapped.inputs.length !== 1 || mapped.jobs?.length) return null;
  const input = mapped.inputs[0]!;
  if (input.entity !== "alert" && input.entity !== "representment" && input.entity !== "schemeNotice") return null;
  if (input.partial || input.providerMerchantIds.length > 1) return null;
  const providerMerchantId = input.providerMerchantIds[0];
  const merchantId = providerMerchantId === undefined ? null : knownMerchant(providerId, providerMerchantId, organisationId);
  if (merchantId === undefined) return null;
  return { kind: "apply", input, merchantId, organisationId };
}

export type FastDelivery = {
  providerId: string;
  connectionId: string;
  raw: Buffer;
  /** the kept request headers, as JSON */
  headers: string;
  envelope: Envelope;
  plan: FastPlan;
};

/**
 * A delivery recorded and applied in one statement, without a transaction around it: on the
 * webhook hot path every statement costs a round trip and a system call each way, and a delivery
 * in a transaction took eight.
 *
 * One statement of data-modifying CTEs is atomic and does what the transaction did: the event row
 * is inserted (a repeat only counts an attempt), the record upserted order-safely only if the event
 * row is new, the arrival job enqueued only if the record is new, and the live-change
 * announcements made, all on commit or not at all. Concurrent copies of one event serialise on the
 * event's unique key, as they did.
 *
 * The event row is written before the upsert, so what it says of the record (its id and the
 * changes for the timeline) is predicted from the row as it was: the record's id or the new one,
 * and `previous_attributes` unless the snapshot is older than the stored one. When the outcome
 * differs (two deliveries creating one record at once, a provider without `previous_attributes`),
 * a second statement corrects the event row.
 *
 * Linking the record to a payment needs the matching rules, which run here: the statement returns
 * the candidate payments, and a link is written after the commit when the rules find one. A crash
 * between the two leaves the record unlinked until its next snapshot or the next payment import
 * (both match again).
 *
 * Returns "reprocess" for a redelivery of an event that failed before: that needs the
 * transaction (lib/ingest/pipeline.ts), and its attempt is already counted.
 */
export async function deliverInOneStatement(pool: pg.Pool, delivery: FastDelivery): Promise<Recorded | { kind: "reprocess" }> {
  const { plan, envelope } = delivery;
  const sql = new Sql();
  const channel = sql.param(CHANGES_CHANNEL);
  const organisation = sql.param(plan.organisationId);
  // CTEs before the event row (what it reads) and after it (what it gates)
  const before: string[] = [];
  const after: string[] = [];
  let subject = "NULL";
  let changes = "NULL";
  let subjectType: "Alert" | "Representment" | "SchemeNotice" | null = null;
  let select = "";
  let from = "";
  let upsert: ReturnType<typeof recordUpsert> | null = null;
  let newId: string | null = null;
  let incoming: RecordMatchState | null = null;

  if (plan.kind === "apply") {
    const { input } = plan;
    newId = uuidv7();
    upsert = recordUpsert({ provider: delivery.providerId, connectionId: delivery.connectionId, organisationId: plan.organisationId }, input, plan.merchantId);
    subjectType = upsert.type;
    const statement = upsertStatement(sql, { ...upsert, id: newId, source: `WHERE EXISTS (SELECT 1 FROM ev WHERE ev.inserted)`, returnPrevious: !input.previousAttributes });
    before.push(statement.previousCte);
    subject = `COALESCE((SELECT id FROM previous), ${sql.param(newId)})`;
    // previous_attributes, or none when the stored snapshot is newer (the upsert leaves it alone)
    changes = input.previousAttributes
      ? `CASE WHEN ${sql.param(input.providerUpdatedAt, "timestamptz")} < (SELECT "providerUpdatedAt" FROM previous) THEN NULL ELSE ${sql.param(JSON.stringify(input.previousAttributes), "jsonb")} END`
      : "NULL";
    const job = arrivalJob(newId, input, plan.organisationId);
    // the record as the statement is about to write it, for the candidate payments
    incoming = matchState({ type: upsert.type, id: newId }, { ...Object.fromEntries(Object.entries(upsert.columns).map(([name, column]) => [name, column.value ?? null])), matchConfirmed: false });
    const candidates = candidatesQuery(sql, `up."organisationId"`, incoming.facts);
    select = `, up.*, ${candidates ? "cand.candidates" : "NULL::json AS candidates"}${job ? ", (SELECT count(*) FROM job) AS jobs" : ""},
      CASE WHEN ev.inserted THEN pg_notify(${channel}, json_build_object('type', ${sql.param(subjectType)}::text, 'id', COALESCE(up.id, ev."subjectId"), 'organisationId', ${organisation})::text) END AS "subjectNotified"`;
    from = ` LEFT JOIN up ON true${candidates ? ` LEFT JOIN LATERAL (SELECT json_agg(c) AS candidates FROM (${candidates}) c) cand ON true` : ""}`;
    after.push(`up AS (${statement.text})`);
    if (job) after.push(`job AS (SELECT ${addJobCall(sql, job)} FROM up WHERE up.inserted)`);
  }

  const status = plan.kind === "apply" ? "PROCESSED" : "IGNORED";
  const error = plan.kind === "ignore" ? plan.reason : null;
  const eventCte = `ev AS (
    INSERT INTO "WebhookEvent" (id, "connectionId", provider, "externalEventId", "deliveryId", "providerOrganisationId", type, status, error, "rawBody", headers,
                                "receivedAt", "lastReceivedAt", attempts, "organisationId", "subjectType", "subjectId", changes, "processedAt")
    VALUES (${sql.param(uuidv7())}, ${sql.param(delivery.connectionId)}, ${sql.param(delivery.providerId)}, ${sql.param(envelope.eventId)}, ${sql.param(envelope.deliveryId)},
            ${sql.param(envelope.providerOrganisationId)}, ${sql.param(envelope.type.slice(0, 200))}, ${sql.param(status)}::"WebhookEventStatus", ${sql.param(error)},
            ${sql.param(delivery.raw)}, ${sql.param(delivery.headers, "jsonb")}, now(), now(), 1, ${organisation}, ${sql.param(subjectType)}, ${subject}, ${changes}, now())
    ON CONFLICT ("connectionId", "externalEventId") DO UPDATE SET attempts = "WebhookEvent".attempts + 1, "lastReceivedAt" = now()
    RETURNING id, status::text AS status, "responseBody", (xmax = 0) AS inserted, "subjectId", changes IS NOT NULL AS "hasChanges")`;
  const text = `WITH ${[...before, eventCte, ...after].join(",\n")}
    SELECT ev.id AS "eventRowId", ev.status AS "eventStatus", ev."responseBody" AS "eventResponseBody", ev.inserted AS "eventInserted",
           ev."subjectId" AS "eventSubjectId", ev."hasChanges" AS "eventHasChanges"${select},
           CASE WHEN ev.inserted THEN pg_notify(${channel}, json_build_object('type', 'WebhookEvent', 'id', ev.id, 'organisationId', ${organisation})::text) END AS "eventNotified"
      FROM ev${from}`;

  type Row = {
    eventRowId: string;
    eventStatus: string;
    eventResponseBody: string | null;
    eventInserted: boolean;
    eventSubjectId: string | null;
    eventHasChanges: boolean;
    candidates?: Parameters<typeof candidatesFromJson>[0];
  } & Partial<UpsertRow>;
  const db = sqlClient(pool);
  const [row] = await queryPrepared<Row>(pool, text, sql.params);
  if (!row) throw new Error("The delivery statement returned no row.");
  if (!row.eventInserted) {
    if (row.eventStatus === "FAILED") return { kind: "reprocess" };
    return { kind: "duplicate", eventId: row.eventRowId, responseBody: row.eventResponseBody };
  }
  if (plan.kind === "apply" && upsert && incoming) {
    await afterCommit(db, delivery.providerId, row.eventRowId, plan, upsert, newId!, row, incoming);
  }
  return { kind: "done", eventId: row.eventRowId, status, responseBody: null };
}

/** Corrects the event row when the outcome was not the predicted one, and links the record to its payment. */
async function afterCommit(
  db: SqlClient,
  providerId: string,
  eventRowId: string,
  plan: Extract<FastPlan, { kind: "apply" }>,
  upsert: ReturnType<typeof recordUpsert>,
  /** the id the record would have had, had this delivery created it */
  newId: string,
  row: { eventSubjectId: string | null; eventHasChanges: boolean; candidates?: Parameters<typeof candidatesFromJson>[0] } & Partial<UpsertRow>,
  incoming: RecordMatchState,
) {
  const { input } = plan;
  const { type } = upsert;
  const written = row.id ? upsertResult(row as UpsertRow, upsert.returning) : null;
  // the delivery is committed: what follows only corrects or adds, and a failure is logged, not
  // answered with an error (the provider would retry a delivery that is already applied)
  try {
    let subjectId = written?.id ?? row.eventSubjectId;
    if (!written && subjectId === newId) {
      // stale against a row another delivery inserted after this statement's snapshot
      const [existing] = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "${type}" WHERE provider = $1 AND "externalId" = $2`, providerId, input.externalId);
      subjectId = existing?.id ?? null;
    }
    const changes = !written ? null : (input.previousAttributes ?? diffObjects(written.previousData, input.providerData));
    const predicted = row.eventHasChanges ? input.previousAttributes : null;
    if (subjectId !== row.eventSubjectId || JSON.stringify(changes) !== JSON.stringify(predicted)) {
      // the announcement named the predicted record: name the right one
      await db.$executeRawUnsafe(
        `WITH fixed AS (UPDATE "WebhookEvent" SET "subjectId" = $2, changes = $3::jsonb WHERE id = $1 RETURNING id)
         SELECT pg_notify($4, $5) FROM fixed WHERE $6`,
        eventRowId,
        subjectId,
        changes ? JSON.stringify(changes) : null,
        CHANGES_CHANNEL,
        changePayload({ type, id: subjectId ?? undefined, organisationId: plan.organisationId }),
        subjectId !== row.eventSubjectId,
      );
    }
    if (!written?.row) return;
    const ref = { type, id: written.id };
    const record = matchState(ref, written.row);
    // the candidates were found for the record as sent; the stored one can differ (a coalesced column)
    const same = JSON.stringify(record.facts) === JSON.stringify(incoming.facts);
    // no candidate for the record as stored: the rules have nothing to link (the common case)
    if (same && !row.candidates?.length) return;
    const result = await matchRecord(db, ref, record, same ? candidatesFromJson(row.candidates ?? null) : undefined);
    if (result.status === "matched" && result.changed) {
      await db.$executeRawUnsafe("SELECT pg_notify($1, $2)", CHANGES_CHANNEL, changePayload({ type, id: written.id, organisationId: plan.organisationId }));
    }
  } catch (error) {
    // the link follows with the next snapshot or payment import
    logger.warn("webhook.after_commit_failed", { type, eventId: eventRowId, ...errorFields(error) });
  }
}
