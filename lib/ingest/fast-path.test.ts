/**
 * The one-statement delivery (./fast-path.ts) against the transaction it stands in for: the same
 * deliveries, sent through each path to its own organisation, must leave the same rows, events,
 * jobs and payment links. Real Postgres, deliveries signed by the simulator.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createIngestDatabase, db, type IngestDatabase } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import * as sim from "@/lib/providers/chargebackstop/simulator";
import { makeOrganisation, makeTransaction, unique } from "@/lib/testing/factories";
import { handleWebhook } from "./pipeline";

const SECRET = "whsec_fast_path_test";
type Path = "statement" | "transaction";

/**
 * An organisation with a ChargebackStop connection whose merchant is known: its first two
 * sightings take the transaction (created, then looked up and remembered), and are sent here.
 */
async function setup(options: { transactionOnly?: boolean } = {}) {
  const org = await makeOrganisation();
  const connection = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, provider: "chargebackstop", secrets: { webhook_secret: SECRET } }, { type: "system" });
  const paths: Path[] = [];
  const deliver = async (payload: unknown, database?: IngestDatabase) => {
    const signed = sim.signedRequest({ body: JSON.stringify(payload), secret: SECRET });
    const response = await handleWebhook(
      new Request(`http://localhost/api/webhooks/chargebackstop/${connection.id}`, { method: "POST", headers: signed.headers, body: signed.body }),
      { provider: "chargebackstop", connectionId: connection.id },
      { database, transactionOnly: options.transactionOnly, onPath: (path) => paths.push(path) },
    );
    return response.status;
  };
  const merchantId = unique("mrch");
  const warmUps = [sim.alertCreated({ merchantId }), sim.alertCreated({ merchantId })];
  for (const payload of warmUps) expect(await deliver(payload)).toBe(200);
  paths.length = 0;
  return { org, connection, merchantId, paths, deliver, warmUps };
}

/** Sends a fixed story of deliveries through one path and returns what it left, with ids replaced by names. */
async function story(transactionOnly: boolean) {
  const { org, connection, merchantId, paths, deliver, warmUps } = await setup({ transactionOnly });
  const statuses: number[] = [];
  const send = async (...payloads: unknown[]) => {
    for (const payload of payloads) statuses.push(await deliver(payload));
  };
  const names = new Map<string, string>(warmUps.map((payload, i) => [payload.data.object.id as string, `warm-up ${i + 1}`]));

  // created, updated, a repeat, an older snapshot after a newer one
  const a = sim.alertCreated({ merchantId });
  names.set(a.data.object.id as string, "a");
  const aUpdated = sim.alertUpdated(a, { note: "looked at" });
  const aResolved = sim.alertUpdated(aUpdated, { status: "RESOLVED", transaction_refund_outcome: "REFUNDED" });
  await send(a, aUpdated, a, aResolved, aUpdated);

  // an update before its create, and an update without previous_attributes (our own diff)
  const b = sim.alertCreated({ merchantId });
  names.set(b.data.object.id as string, "b");
  const bUpdated = sim.alertUpdated(b, { note: "first seen as an update" });
  const bLater = sim.alertUpdated(bUpdated, { note: "no previous attributes" }) as { data: { previous_attributes?: unknown } };
  delete bLater.data.previous_attributes;
  await send(bUpdated, b, bLater);

  // a payment to link to, an unknown event type, a failed event and its valid redelivery
  const c = sim.alertCreated({ merchantId, cardLast4: "4242" });
  names.set(c.data.object.id as string, "c");
  const payment = await makeTransaction(org.id, {
    arn: String(c.data.object.transaction_acquirer_reference_number),
    cardLast4: "4242",
    amountMinor: 6606,
    currency: "USD",
    authorisedAt: new Date(String(c.data.object.transaction_authorised_at)),
  });
  const broken = structuredClone(c) as { data: { object: Record<string, unknown> } };
  delete broken.data.object.id;
  await send({ ...sim.alertCreated({ merchantId }), type: "dispute.evidence_requested" }, broken, c, c);

  // the other records the fast path takes
  const representment = sim.representmentCreated({ merchantId });
  const notice = sim.schemeNoticeCreated({ merchantId });
  names.set(representment.data.object.id as string, "representment");
  names.set(notice.data.object.id as string, "notice");
  await send(representment, notice);

  const alerts = await db.alert.findMany({ where: { organisationId: org.id }, orderBy: { receivedAt: "asc" } });
  const ids = new Map<string, string>(alerts.map((alert) => [alert.id, names.get(alert.externalId) ?? "?"]));
  const others = [
    ...(await db.representment.findMany({ where: { organisationId: org.id } })),
    ...(await db.schemeNotice.findMany({ where: { organisationId: org.id } })),
  ];
  for (const row of others) ids.set(row.id, names.get(row.externalId) ?? "?");
  const events = await db.webhookEvent.findMany({ where: { connectionId: connection.id }, orderBy: { receivedAt: "asc" } });
  const jobs = await db.$queryRawUnsafe<{ alert: string }[]>(
    `SELECT substr(key, length('alert-arrived:') + 1) AS alert FROM graphile_worker.jobs WHERE key = ANY($1::text[]) ORDER BY 1`,
    alerts.map((alert) => `alert-arrived:${alert.id}`),
  );
  return {
    paths,
    statuses,
    alerts: alerts.map((alert) => ({
      name: ids.get(alert.id),
      status: alert.status,
      providerStatus: alert.providerStatus,
      note: alert.note,
      refundOutcome: alert.refundOutcome,
      merchant: alert.merchantId !== null,
      // which snapshot won, as its age relative to the alert's creation
      snapshotAge: (alert.providerUpdatedAt?.getTime() ?? 0) - (alert.providerCreatedAt?.getTime() ?? 0),
      decided: alert.decidedAt !== null,
      payment: alert.transactionId === payment.id ? "payment" : alert.transactionId,
      matchRule: alert.matchRule,
    })),
    others: others.map((row) => ({ name: ids.get(row.id), fields: Object.keys(row.providerData as object).sort(), merchant: row.merchantId !== null, payment: row.transactionId })),
    events: events.map((event) => ({
      type: event.type,
      status: event.status,
      attempts: event.attempts,
      error: event.error,
      subjectType: event.subjectType,
      subject: event.subjectId ? (ids.get(event.subjectId) ?? "unknown id") : null,
      changes: event.changes,
      processed: event.processedAt !== null,
    })),
    jobs: jobs.map((job) => ids.get(job.alert)),
  };
}

describe("the one-statement delivery", () => {
  it("leaves what the transaction leaves: rows, events and their changes, jobs, payment links", async () => {
    const statement = await story(false);
    const transaction = await story(true);
    expect(transaction.paths.every((path) => path === "transaction")).toBe(true);
    // all took one statement but the failed event's redelivery (the 400 itself is stored apart)
    expect(statement.paths.filter((path) => path === "transaction")).toHaveLength(1);
    expect(statement.paths.filter((path) => path === "statement")).toHaveLength(12);
    const { paths: _a, ...left } = statement;
    const { paths: _b, ...expected } = transaction;
    expect(left).toEqual(expected);
    // and the story itself is what it should be
    expect(left.alerts.find((alert) => alert.name === "a")).toMatchObject({ status: "RESOLVED", refundOutcome: "REFUNDED", note: "looked at" });
    expect(left.alerts.find((alert) => alert.name === "b")).toMatchObject({ note: "no previous attributes" });
    expect(left.alerts.find((alert) => alert.name === "c")).toMatchObject({ payment: "payment", matchRule: "ARN_CARD" });
    expect(left.events.find((event) => event.subject === "b" && event.changes && "note" in (event.changes as object) && (event.changes as { note: unknown }).note === "first seen as an update")).toBeTruthy();
    expect(left.jobs.sort()).toEqual(["a", "b", "c", "warm-up 1", "warm-up 2"]);
    expect(left.events.map((event) => event.status)).toContain("IGNORED");
  });
});

describe("the one-statement delivery under races and faults", () => {
  const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  afterAll(() => admin.end());

  it("deliveries racing to create one record leave one row, and every event names it", async () => {
    const { connection, merchantId, paths, deliver } = await setup();
    const created = Array.from({ length: 8 }, () => sim.alertCreated({ merchantId }));
    const updates = created.map((payload) => sim.alertUpdated(payload, { note: "raced" }));
    // each alert's created and updated arrive at once, so both may see no row before either writes
    const statuses = await Promise.all(created.flatMap((payload, i) => [deliver(payload), deliver(updates[i]!), deliver(payload)]));
    expect(statuses).toEqual(Array(24).fill(200));
    expect(paths.every((path) => path === "statement")).toBe(true);
    for (const payload of created) {
      const rows = await db.alert.findMany({ where: { provider: "chargebackstop", externalId: payload.data.object.id as string } });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.note).toBe("raced");
      const events = await db.webhookEvent.findMany({ where: { connectionId: connection.id, subjectId: rows[0]!.id } });
      expect(events.map((event) => event.type).sort()).toEqual(["alert.created", "alert.updated"]);
      expect(events.reduce((sum, event) => sum + event.attempts, 0)).toBe(3);
    }
    const strays = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "WebhookEvent" e WHERE e."connectionId" = $1 AND NOT EXISTS (SELECT 1 FROM "Alert" a WHERE a.id = e."subjectId")`,
      connection.id,
    );
    expect(strays[0]!.n).toBe(0);
  });

  it("a connection killed while the statement runs answers 503, leaves nothing, and the retry applies in full", async () => {
    const { connection, merchantId, paths, deliver } = await setup();
    const created = sim.alertCreated({ merchantId });
    expect(await deliver(created)).toBe(200);
    const ingest = createIngestDatabase({ applicationName: "recourse-test-fast-kill", max: 2 });
    const holder = await admin.connect();
    try {
      // hold the alert's row so the update waits inside its statement, then kill that connection
      await holder.query("BEGIN");
      await holder.query(`SELECT id FROM "Alert" WHERE provider = 'chargebackstop' AND "externalId" = $1 FOR UPDATE`, [created.data.object.id]);
      const update = sim.alertUpdated(created, { note: "after the kill" });
      const pending = deliver(update, ingest);
      await expect.poll(async () => (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'recourse-test-fast-kill' AND wait_event_type = 'Lock'`)).rowCount).toBe(1);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'recourse-test-fast-kill' AND wait_event_type = 'Lock'`);
      expect(await pending).toBe(503);
      await holder.query("ROLLBACK");
      expect(await db.webhookEvent.count({ where: { connectionId: connection.id, externalEventId: update.id } })).toBe(0);
      expect(await deliver(update, ingest)).toBe(200);
      const alert = await db.alert.findFirstOrThrow({ where: { provider: "chargebackstop", externalId: created.data.object.id as string } });
      expect(alert.note).toBe("after the kill");
      expect(await db.webhookEvent.findFirst({ where: { connectionId: connection.id, externalEventId: update.id } })).toMatchObject({ attempts: 1, subjectId: alert.id, status: "PROCESSED" });
      expect(paths).toEqual(["statement", "statement"]);
    } finally {
      holder.release();
      await ingest.pool.end();
      await ingest.prisma.$disconnect();
    }
  });
});
