/**
 * The webhook pipeline against real Postgres with ChargebackStop deliveries signed by the
 * simulator: every status code path of reliability.md cases 1–24 that a single process can show.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestDatabase, db, type IngestDatabase } from "@/lib/db";
import { createConnection, rotateWebhookSecret, setConnectionStatus } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import * as sim from "@/lib/providers/chargebackstop/simulator";
import { makeOrganisation, unique } from "@/lib/testing/factories";
import { CHANGES_CHANNEL } from "@/lib/live/notify";
import { handleWebhook, type PipelineOptions } from "./pipeline";

const actor = { type: "system" as const };
const SECRET = "whsec_test_secret_value";

async function setup(options: { scope?: "ORG" | "PARTNER"; providerOrgId?: string | null } = {}) {
  const org = await makeOrganisation({ providerOrgId: options.providerOrgId ?? unique("org") });
  const connection = await createConnection(
    SYSTEM_SCOPE,
    { organisationId: org.id, provider: "chargebackstop", scope: options.scope ?? "ORG", secrets: { webhook_secret: SECRET } },
    actor,
  );
  return { org, connection };
}

type DeliverOptions = {
  secret?: string;
  timestamp?: number;
  body?: string | Buffer | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  provider?: string;
  now?: Date;
} & Omit<PipelineOptions, "now">;

async function deliver(connectionId: string, payload: unknown, o: DeliverOptions = {}) {
  const body = o.body ?? JSON.stringify(payload);
  const signed = typeof body === "string" || Buffer.isBuffer(body) ? sim.signedRequest({ body: body.toString(), secret: o.secret ?? SECRET, timestamp: o.timestamp }) : { headers: {}, body };
  const request = new Request(`http://localhost/api/webhooks/chargebackstop/${connectionId}`, {
    method: "POST",
    headers: { ...signed.headers, ...o.headers },
    body: body as BodyInit,
    // @ts-expect-error Node's fetch needs duplex for stream bodies
    duplex: "half",
  });
  const response = await handleWebhook(request, { provider: o.provider ?? "chargebackstop", connectionId }, { ...o, now: o.now ? () => o.now! : undefined });
  return { status: response.status, body: await response.text() };
}

const events = (connectionId: string) => db.webhookEvent.findMany({ where: { connectionId }, orderBy: { receivedAt: "asc" } });

describe("a valid delivery", () => {
  it("announces its alert and itself to live listeners on commit; a forged one announces nothing", async () => {
    const { org, connection } = await setup();
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const heard: { type: string; id?: string; organisationId: string | null }[] = [];
    listener.on("notification", (n) => {
      const change = JSON.parse(n.payload ?? "{}") as { type: string; id?: string; organisationId: string | null };
      if (change.organisationId === org.id) heard.push(change);
    });
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
    try {
      const payload = sim.alertCreated({});
      expect((await deliver(connection.id, payload, { secret: "whsec_wrong" })).status).toBe(401);
      expect((await deliver(connection.id, payload)).status).toBe(200);
      const alert = await db.alert.findUniqueOrThrow({ where: { provider_externalId: { provider: "chargebackstop", externalId: payload.data.object.id } } });
      const [event] = await events(connection.id);
      await expect.poll(() => heard.length).toBe(2);
      expect(heard).toEqual([
        { type: "Alert", id: alert.id, organisationId: org.id },
        { type: "WebhookEvent", id: event!.id, organisationId: org.id },
      ]);
    } finally {
      await listener.end();
    }
  });

  it("is stored and applied in one go, and repeats are applied once", async () => {
    const { org, connection } = await setup();
    const payload = sim.alertCreated({ amountMinor: 6606, currency: "USD" });
    const first = await deliver(connection.id, payload);
    expect(first.status).toBe(200);
    const alert = await db.alert.findUniqueOrThrow({ where: { provider_externalId: { provider: "chargebackstop", externalId: payload.data.object.id } } });
    expect(alert).toMatchObject({ organisationId: org.id, status: "ACTION_REQUIRED", amountMinor: 6606, currency: "USD", kind: "ETHOCA" });
    const [event] = await events(connection.id);
    expect(event).toMatchObject({ status: "PROCESSED", attempts: 1, subjectType: "Alert", subjectId: alert.id, externalEventId: payload.id, organisationId: org.id });
    expect(Buffer.from(event!.rawBody).toString()).toBe(JSON.stringify(payload));
    expect(JSON.stringify(event!.headers)).not.toContain("v1=");

    for (let i = 0; i < 4; i++) expect((await deliver(connection.id, payload)).status).toBe(200);
    const after = await events(connection.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.attempts).toBe(5);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).updatedAt).toEqual(alert.updatedAt);
  });

  it("applies 50 concurrent copies of one event exactly once", async () => {
    const { connection } = await setup();
    const payload = sim.alertCreated();
    const results = await Promise.all(Array.from({ length: 50 }, () => deliver(connection.id, payload)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const stored = await events(connection.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.attempts).toBe(50);
    expect(await db.alert.count({ where: { externalId: payload.data.object.id } })).toBe(1);
  });

  it("keeps NUL characters in the raw bytes and out of the stored object", async () => {
    const { connection } = await setup();
    const payload = sim.alertCreated({ descriptor: "EVIL\u0000SHOP" });
    expect((await deliver(connection.id, payload)).status).toBe(200);
    const alert = await db.alert.findFirstOrThrow({ where: { externalId: payload.data.object.id } });
    expect(alert.descriptor).not.toContain("\u0000");
    const [event] = await events(connection.id);
    expect(Buffer.from(event!.rawBody).toString()).toContain("\\u0000");
  });

  it("does not let __proto__ pollute anything", async () => {
    const { connection } = await setup();
    const payload = sim.alertCreated();
    const body = JSON.stringify(payload).replace('{"id":', '{"__proto__":{"isAdmin":true},"id":');
    const result = await deliver(connection.id, null, { body });
    expect(result.status).toBe(200);
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });
});

describe("rejected deliveries store nothing", () => {
  it("answers 401 for a wrong secret, a tampered body, a stale or future timestamp, and counts them", async () => {
    const { connection } = await setup();
    const payload = sim.alertCreated();
    const body = JSON.stringify(payload);
    const now = Math.floor(Date.now() / 1000);
    const wrongSecret = await deliver(connection.id, payload, { secret: "whsec_someone_else" });
    const signed = sim.signedRequest({ body, secret: SECRET });
    const tampered = await deliver(connection.id, null, { body: body.replace("ACTION_REQUIRED", "ACTION_REQUIREE"), headers: signed.headers });
    const stale = await deliver(connection.id, payload, { timestamp: now - 301 });
    const future = await deliver(connection.id, payload, { timestamp: now + 600 });
    const missing = await deliver(connection.id, payload, { headers: { "x-signature": "" } });
    for (const r of [wrongSecret, tampered, stale, future, missing]) {
      expect(r.status).toBe(401);
      expect(r.body).not.toContain(SECRET);
    }
    expect(await events(connection.id)).toHaveLength(0);
    const counted = await db.deliveryRejection.aggregate({ where: { connectionId: connection.id }, _sum: { count: true } });
    expect(counted._sum.count).toBe(5);
    // exactly at the edge is accepted
    expect((await deliver(connection.id, payload, { timestamp: now - 300, now: new Date(now * 1000) })).status).toBe(200);
  });

  it("answers 404 for an unknown connection or provider, 410 for a disabled one", async () => {
    const { connection } = await setup();
    const payload = sim.alertCreated();
    expect((await deliver("no-such-connection", payload)).status).toBe(404);
    expect((await deliver(connection.id, payload, { provider: "nobody" })).status).toBe(404);
    await setConnectionStatus(SYSTEM_SCOPE, connection.id, "DISABLED", actor);
    expect((await deliver(connection.id, payload)).status).toBe(410);
    await setConnectionStatus(SYSTEM_SCOPE, connection.id, "ACTIVE", actor);
    expect((await deliver(connection.id, payload)).status).toBe(200);
  });

  it("answers 413 past 1 MiB, with or without Content-Length, without reading on", async () => {
    const { connection } = await setup();
    const big = "x".repeat(1024 * 1024 + 1);
    expect((await deliver(connection.id, null, { body: big })).status).toBe(413);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 200) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    expect((await deliver(connection.id, null, { body: stream, headers: sim.signedRequest({ body: "", secret: SECRET }).headers })).status).toBe(413);
    expect(pulled).toBeLessThan(40);
    expect(await events(connection.id)).toHaveLength(0);
  });

  it("rotates secrets: the old and new one both verify during the overlap", async () => {
    const { connection } = await setup();
    await rotateWebhookSecret(SYSTEM_SCOPE, { connectionId: connection.id, secret: "whsec_the_new_secret" }, actor);
    expect((await deliver(connection.id, sim.alertCreated(), { secret: SECRET })).status).toBe(200);
    expect((await deliver(connection.id, sim.alertCreated(), { secret: "whsec_the_new_secret" })).status).toBe(200);
    const later = new Date(Date.now() + 25 * 3600_000);
    const t = Math.floor(later.getTime() / 1000);
    expect((await deliver(connection.id, sim.alertCreated(), { secret: SECRET, now: later, timestamp: t })).status).toBe(401);
    expect((await deliver(connection.id, sim.alertCreated(), { secret: "whsec_the_new_secret", now: later, timestamp: t })).status).toBe(200);
  });
});

describe("authentic but unusable deliveries are stored as failed (400)", () => {
  it("malformed, truncated, too deep", async () => {
    const { connection } = await setup();
    expect((await deliver(connection.id, null, { body: "not json at all" })).status).toBe(400);
    expect((await deliver(connection.id, null, { body: '{"id":"evt_x","type":"alert.crea' })).status).toBe(400);
    expect((await deliver(connection.id, null, { body: "[".repeat(100_000) + "]".repeat(100_000) })).status).toBe(400);
    const stored = await events(connection.id);
    expect(stored.map((e) => e.status)).toEqual(["FAILED", "FAILED", "FAILED"]);
    expect(Buffer.from(stored[0]!.rawBody).toString()).toBe("not json at all");
    expect(stored[2]!.error).toMatch(/deeper than 64/);
  });

  it("a payload failing its schema is failed, and a valid redelivery of that event is processed", async () => {
    const { connection } = await setup();
    const payload = sim.alertCreated();
    const broken = structuredClone(payload) as { data: { object: Record<string, unknown> } };
    delete broken.data.object.id;
    const bad = await deliver(connection.id, broken);
    expect(bad.status).toBe(400);
    expect((await events(connection.id))[0]).toMatchObject({ status: "FAILED", externalEventId: payload.id });
    const good = await deliver(connection.id, payload);
    expect(good.status).toBe(200);
    const [event] = await events(connection.id);
    expect(event).toMatchObject({ status: "PROCESSED", attempts: 2, error: null });
    expect(await db.alert.count({ where: { externalId: payload.data.object.id } })).toBe(1);
  });

  it("an unknown event type is stored as ignored and acknowledged", async () => {
    const { connection } = await setup();
    const payload = { ...sim.alertCreated(), type: "dispute.evidence_requested" };
    expect((await deliver(connection.id, payload)).status).toBe(200);
    expect((await events(connection.id))[0]).toMatchObject({ status: "IGNORED", type: "dispute.evidence_requested" });
  });
});

describe("order safety", () => {
  it("an update before its create still creates the row; the older snapshot never wins", async () => {
    const { connection } = await setup();
    const created = sim.alertCreated();
    const updated = sim.alertUpdated(created, { status: "RESOLVED", transaction_refund_outcome: "REFUNDED" });
    expect((await deliver(connection.id, updated)).status).toBe(200);
    expect((await deliver(connection.id, created)).status).toBe(200);
    const alert = await db.alert.findFirstOrThrow({ where: { externalId: created.data.object.id } });
    expect(alert.status).toBe("RESOLVED");
    expect(alert.refundOutcome).toBe("REFUNDED");
    const stored = await events(connection.id);
    expect(stored.map((e) => e.status)).toEqual(["PROCESSED", "PROCESSED"]);
    expect(stored[0]!.changes).toEqual({ status: "ACTION_REQUIRED", transaction_refund_outcome: null });
  });

  it("concurrent updates of one alert never error and the newest wins", async () => {
    const { connection } = await setup();
    const created = sim.alertCreated();
    await deliver(connection.id, created);
    const updates = Array.from({ length: 10 }, (_, i) =>
      sim.alertUpdated(created, { note: `note ${i}` }, { updatedAt: new Date(Date.parse(String(created.data.object.updated_at)) + (i + 1) * 1000) }),
    );
    const results = await Promise.all(updates.map((u) => deliver(connection.id, u)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const alert = await db.alert.findFirstOrThrow({ where: { externalId: created.data.object.id } });
    expect(alert.note).toBe("note 9");
  });

  it("records enrolment status history with the time each status began, even out of order", async () => {
    const { org, connection } = await setup();
    const created = sim.enrolmentCreated({ status: "IN_PROGRESS" });
    const enabled = sim.enrolmentUpdated(created, { status: "ENABLED" });
    await deliver(connection.id, enabled);
    await deliver(connection.id, created);
    const enrolment = await db.enrolment.findFirstOrThrow({ where: { externalId: created.data.object.id }, include: { history: { orderBy: { changedAt: "asc" } }, merchants: true } });
    expect(enrolment.organisationId).toBe(org.id);
    expect(enrolment.status).toBe("ENABLED");
    expect(enrolment.history.map((h) => h.toStatus)).toEqual(["IN_PROGRESS", "ENABLED"]);
    expect(enrolment.statusChangedAt.toISOString()).toBe(new Date(String(enabled.data.object.updated_at)).toISOString());
    expect(enrolment.merchants).toHaveLength(1);
  });
});

describe("routing", () => {
  it("a partner connection routes by organisation_id; unknown ones are unassigned; archived ones ignored", async () => {
    const { connection } = await setup({ scope: "PARTNER" });
    const target = await makeOrganisation({ providerOrgId: unique("org_target") });
    const routed = sim.alertCreated({ organisationId: target.providerOrgId! });
    await deliver(connection.id, routed);
    expect((await db.alert.findFirstOrThrow({ where: { externalId: routed.data.object.id } })).organisationId).toBe(target.id);

    const unknownOrg = unique("org_unknown");
    const orphan = sim.alertCreated({ organisationId: unknownOrg });
    expect((await deliver(connection.id, orphan)).status).toBe(200);
    const unassigned = await db.alert.findFirstOrThrow({ where: { externalId: orphan.data.object.id }, include: { merchant: true } });
    expect(unassigned.organisationId).toBeNull();
    expect(unassigned.providerOrganisationId).toBe(unknownOrg);
    expect(unassigned.merchant).toMatchObject({ placeholder: true, organisationId: null });

    await db.organisation.update({ where: { id: target.id }, data: { archivedAt: new Date() } });
    const late = sim.alertCreated({ organisationId: target.providerOrgId! });
    expect((await deliver(connection.id, late)).status).toBe(200);
    expect(await db.alert.count({ where: { externalId: late.data.object.id } })).toBe(0);
    expect((await db.webhookEvent.findFirstOrThrow({ where: { externalEventId: late.id } })).status).toBe("IGNORED");
  });

  it("a merchant first seen by id becomes one placeholder, however many deliveries race", async () => {
    const { connection } = await setup();
    const merchantId = unique("mrch");
    await Promise.all(Array.from({ length: 10 }, () => deliver(connection.id, sim.alertCreated({ merchantId }))));
    const merchants = await db.merchantProviderId.findMany({ where: { provider: "chargebackstop", externalId: merchantId }, include: { merchant: true } });
    expect(merchants).toHaveLength(1);
    expect(merchants[0]!.merchant.placeholder).toBe(true);
    expect(await db.alert.count({ where: { merchantId: merchants[0]!.merchantId } })).toBe(10);
  });

  it("a merchant id that belongs to another organisation's merchant is never linked across", async () => {
    const first = await setup();
    const second = await setup();
    const merchantId = unique("mrch");
    expect((await deliver(first.connection.id, sim.alertCreated({ merchantId }))).status).toBe(200);
    const [mapping] = await db.merchantProviderId.findMany({ where: { provider: "chargebackstop", externalId: merchantId } });
    // twice: the first answer comes from the database, the second from the cache
    for (let i = 0; i < 2; i++) {
      const payload = sim.alertCreated({ merchantId });
      expect((await deliver(second.connection.id, payload)).status).toBe(200);
      expect(await db.alert.findFirstOrThrow({ where: { externalId: payload.data.object.id } })).toMatchObject({ organisationId: second.org.id, merchantId: null });
    }
    expect(await db.merchant.findUniqueOrThrow({ where: { id: mapping!.merchantId } })).toMatchObject({ organisationId: first.org.id });
    expect(await db.merchant.count({ where: { organisationId: second.org.id } })).toBe(0);
  });
});

describe("database faults", () => {
  const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  afterAll(() => admin.end());

  it("a connection killed mid-transaction answers 503, leaves nothing, and the retry applies in full", async () => {
    const { connection } = await setup();
    const payload = sim.alertCreated();
    const killed = await deliver(connection.id, payload, {
      beforeCommit: async (tx) => {
        await tx.$executeRawUnsafe("SELECT pg_terminate_backend(pg_backend_pid())");
      },
    });
    expect(killed.status).toBe(503);
    expect(await events(connection.id)).toHaveLength(0);
    expect(await db.alert.count({ where: { externalId: payload.data.object.id } })).toBe(0);
    const retry = await deliver(connection.id, payload);
    expect(retry.status).toBe(200);
    expect(await db.alert.count({ where: { externalId: payload.data.object.id } })).toBe(1);
  });

  it("idle pooled connections killed (as by a Postgres restart): no crash, and the next delivery is applied", async () => {
    const { connection } = await setup();
    const ingest = createIngestDatabase({ applicationName: "recourse-test-idle", max: 3 });
    try {
      expect((await deliver(connection.id, sim.alertCreated(), { database: ingest })).status).toBe(200);
      const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'recourse-test-idle'");
      expect(rowCount).toBeGreaterThan(0);
      // the pools see their idle connections die (an uncaught "error" would fail this file)
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = sim.alertCreated();
      expect((await deliver(connection.id, after, { database: ingest })).status).toBe(200);
      expect(await db.alert.count({ where: { externalId: after.data.object.id } })).toBe(1);
    } finally {
      await ingest.pool.end();
      await ingest.prisma.$disconnect();
    }
  });

  it("a statement stuck on a lock answers 503 before the provider's timeout", async () => {
    const { connection } = await setup();
    const client = await admin.connect();
    try {
      await client.query("BEGIN");
      await client.query('LOCK TABLE "Alert" IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const result = await deliver(connection.id, sim.alertCreated());
      expect(result.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
    expect((await events(connection.id)).length).toBe(0);
  });

  let down: IngestDatabase;
  beforeAll(() => {
    down = createIngestDatabase({ url: "postgresql://nobody:nothing@127.0.0.1:1/none", applicationName: "recourse-test-down" });
  });
  afterAll(async () => {
    await down.pool.end();
    await down.prisma.$disconnect();
  });

  it("a database that is down answers 503 within 3 s", async () => {
    const started = Date.now();
    const result = await deliver("any-connection", sim.alertCreated(), { database: down });
    expect(result.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
