import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { chargebackstop } from "@/lib/providers/chargebackstop";
import { createChargebackStopFakeApi, createFakeApi } from "@/lib/providers/chargebackstop/fake-api";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/providers/chargebackstop/signature";
import { alertCreated, enrolmentCreated, prepareCalls, signedRequest, serialize, simulatorCli } from "@/lib/providers/chargebackstop/simulator";
import type { AlertInput, MapResult } from "@/lib/providers/types";

const BASE = "https://api.chargebackstop.com";
const ORG = "org_A";
const OTHER = "org_B";
const KEY = "cbs_key_org_a";
const PARTNER = "cbs_key_partner";
const SECRET = "whsec_fake_follow_up";
const NOW = new Date("2025-06-01T12:00:00.000Z");

type Sent = { url: string; headers: Headers; body: string };

function setup() {
  const sent: Sent[] = [];
  const webhookFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({ url: request.url, headers: request.headers, body: await request.text() });
    return new Response('{"received":true}', { status: 200 });
  }) as typeof fetch;
  const fake = createChargebackStopFakeApi({ now: () => NOW, webhookFetch });
  fake.addKey({ apiKey: KEY, organisationId: ORG });
  fake.addKey({ apiKey: PARTNER, partner: true });
  const ethoca = alertCreated({ organisationId: ORG, objectId: "netalrt_eth", now: new Date(NOW.getTime() - 60_000) }).data.object;
  const rdr = alertCreated({ organisationId: ORG, objectId: "netalrt_rdr", enrolmentType: "VERIFI_RDR", status: "RESOLVED" }).data.object;
  const foreign = alertCreated({ organisationId: OTHER, objectId: "netalrt_b" }).data.object;
  for (const a of [ethoca, rdr, foreign]) fake.putAlert(a);
  fake.setWebhookTarget(ORG, { url: "https://recourse.test/api/webhooks/chargebackstop/conn_1", secret: SECRET });
  const call = async (method: string, path: string, { key = KEY as string | null, body }: { key?: string | null; body?: unknown } = {}) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fake.fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  return { fake, call, sent, ethoca };
}

describe("auth and visibility", () => {
  it("a Bearer key is required (401)", async () => {
    const { call } = setup();
    expect((await call("GET", "/v1/alerts/netalrt_eth", { key: null })).status).toBe(401);
    expect((await call("GET", "/v1/alerts/netalrt_eth", { key: "cbs_unknown" })).status).toBe(401);
    expect((await call("GET", "/v1/alerts/netalrt_eth")).status).toBe(200);
  });

  it("another organisation's alerts are 404 (read and PATCH), untouched", async () => {
    const { call, fake } = setup();
    expect(await call("GET", "/v1/alerts/netalrt_b")).toMatchObject({ status: 404, json: { message: "Alert not found" } });
    expect((await call("PATCH", "/v1/alerts/netalrt_b", { body: { action: "REFUND" } })).status).toBe(404);
    expect(fake.state.alerts.get("netalrt_b")!.status).toBe("ACTION_REQUIRED");
    expect((await call("GET", "/v1/alerts/netalrt_b", { key: PARTNER })).status).toBe(200);
  });

  it("partner-only endpoints answer 401 to organisation-level keys", async () => {
    const { call } = setup();
    expect((await call("GET", "/v2/enrolments")).status).toBe(401);
    expect((await call("GET", "/v1/merchants")).status).toBe(401);
    expect((await call("GET", "/v2/enrolments", { key: PARTNER })).status).toBe(200);
  });

  it("abilities are enforced when a key lists them (403)", async () => {
    const { call, fake } = setup();
    fake.addKey({ apiKey: "cbs_ro", organisationId: ORG, abilities: ["alerts:read"] });
    expect((await call("GET", "/v1/alerts/netalrt_eth", { key: "cbs_ro" })).status).toBe(200);
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { key: "cbs_ro", body: { action: "REFUND" } })).status).toBe(403);
  });

  it("unknown paths 404, wrong methods 405, other paths are not the fake's", async () => {
    const { call, fake } = setup();
    expect((await call("GET", "/v1/organisations")).status).toBe(404);
    expect((await call("DELETE", "/v1/alerts/netalrt_eth")).status).toBe(405);
    expect(await fake.handle(new Request(`${BASE}/elsewhere`))).toBeNull();
    expect((await call("GET", "/v1/alerts/")).status).toBe(200);
  });
});

describe("GET /v1/alerts", () => {
  it("pages with limit/offset and { items, count }, only visible alerts", async () => {
    const { call, fake } = setup();
    for (let i = 0; i < 5; i++) fake.putAlert(alertCreated({ organisationId: ORG, objectId: `netalrt_p${i}`, now: new Date(NOW.getTime() - (10 - i) * 86_400_000) }).data.object);
    const first = await call("GET", "/v1/alerts?limit=3&offset=0&sort=alert_received_at");
    expect(first.json).toMatchObject({ count: 7 });
    expect((first.json!.items as { id: string }[]).map((a) => a.id)).toEqual(["netalrt_p0", "netalrt_p1", "netalrt_p2"]);
    const last = await call("GET", "/v1/alerts?limit=3&offset=6&sort=alert_received_at");
    expect((last.json!.items as unknown[]).length).toBe(1);
    const recent = await call("GET", `/v1/alerts?alert_received_at_gte=${encodeURIComponent(new Date(NOW.getTime() - 7 * 86_400_000).toISOString())}`);
    expect(recent.json!.count).toBe(4);
    const open = await call("GET", "/v1/alerts?status=RESOLVED");
    expect((open.json!.items as { id: string }[]).map((a) => a.id)).toEqual(["netalrt_rdr"]);
  });

  it("validates its parameters (422)", async () => {
    const { call } = setup();
    expect((await call("GET", "/v1/alerts?limit=0")).status).toBe(422);
    expect((await call("GET", "/v1/alerts?limit=101")).status).toBe(422);
    expect((await call("GET", "/v1/alerts?offset=-1")).status).toBe(422);
    expect((await call("GET", "/v1/alerts?sort=amount")).status).toBe(422);
    expect((await call("GET", "/v1/alerts?alert_received_at_gte=yesterday")).status).toBe(422);
    expect((await call("GET", "/v1/alerts?alert_received_at_gte=2025-06-02T00:00:00Z&alert_received_at_lte=2025-06-01T00:00:00Z")).status).toBe(422);
  });
});

describe("PATCH /v1/alerts/{id}", () => {
  it("REFUND resolves the alert, records the refund, bumps updated_at, answers the alert", async () => {
    const { call, fake, ethoca } = setup();
    const answer = await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "REFUND", note: "done" } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: "netalrt_eth", status: "RESOLVED", transaction_refund_outcome: "REFUNDED", subscription_cancel_outcome: null, note: "done", updated_at: NOW.toISOString() });
    expect(answer.json!.updated_at).not.toBe(ethoca.updated_at);
    expect(fake.state.alerts.get("netalrt_eth")).toEqual(answer.json);
  });

  it("sets the outcomes each action implies", async () => {
    const expected = {
      REFUND: { transaction_refund_outcome: "REFUNDED", subscription_cancel_outcome: null },
      CANCEL: { transaction_refund_outcome: null, subscription_cancel_outcome: "CANCELLED" },
      REFUND_AND_CANCEL: { transaction_refund_outcome: "REFUNDED", subscription_cancel_outcome: "CANCELLED" },
      ACCEPT_DISPUTE: { transaction_refund_outcome: null, subscription_cancel_outcome: null },
    };
    for (const [action, outcome] of Object.entries(expected)) {
      const { call } = setup();
      expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action } })).json).toMatchObject({ status: "RESOLVED", ...outcome });
    }
  });

  it("refuses a second final action (409) and leaves the first result", async () => {
    const { call, fake } = setup();
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "CANCEL" } })).status).toBe(200);
    expect(await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "REFUND" } })).toEqual({ status: 409, json: { message: "Alert is not actionable" } });
    expect(fake.state.alerts.get("netalrt_eth")).toMatchObject({ transaction_refund_outcome: null, subscription_cancel_outcome: "CANCELLED" });
  });

  it("refuses actions on RDR and on resolved or invalid alerts (409)", async () => {
    const { call, fake } = setup();
    expect((await call("PATCH", "/v1/alerts/netalrt_rdr", { body: { action: "REFUND" } })).status).toBe(409);
    fake.putAlert(alertCreated({ organisationId: ORG, objectId: "netalrt_rdr_open", enrolmentType: "VERIFI_RDR", status: "ACTION_REQUIRED" }).data.object);
    expect((await call("PATCH", "/v1/alerts/netalrt_rdr_open", { body: { action: "REFUND" } })).status).toBe(409);
    fake.putAlert(alertCreated({ organisationId: ORG, objectId: "netalrt_resolved", status: "RESOLVED" }).data.object);
    fake.putAlert(alertCreated({ organisationId: ORG, objectId: "netalrt_invalid", status: "INVALID" }).data.object);
    expect((await call("PATCH", "/v1/alerts/netalrt_resolved", { body: { action: "ACCEPT_DISPUTE" } })).status).toBe(409);
    expect((await call("PATCH", "/v1/alerts/netalrt_invalid", { body: { action: "CANCEL" } })).status).toBe(409);
  });

  it("validates the body (422; 400 for broken JSON)", async () => {
    const { call } = setup();
    expect(await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "REFUND_TWICE" } })).toMatchObject({ status: 422, json: { code: "INVALID_ACTION" } });
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: {} })).status).toBe(422);
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "REFUND", amount: 1 } })).status).toBe(422);
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: { note: 42 } })).status).toBe(422);
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: [] })).status).toBe(422);
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: "{nope" })).status).toBe(400);
  });

  it("a note alone is allowed, even on a resolved alert, and changes nothing else", async () => {
    const { call } = setup();
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: { note: "called the customer" } })).json).toMatchObject({ status: "ACTION_REQUIRED", note: "called the customer" });
    expect((await call("PATCH", "/v1/alerts/netalrt_rdr", { body: { note: "seen" } })).json).toMatchObject({ status: "RESOLVED", note: "seen" });
  });

  it("records calls with PATCH bodies and never the key", async () => {
    const { call, fake } = setup();
    await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "REFUND" } });
    await call("GET", "/v1/alerts?limit=5");
    expect(fake.calls()).toEqual([
      expect.objectContaining({ method: "PATCH", path: "/v1/alerts/netalrt_eth", status: 200, body: { action: "REFUND" }, organisationId: ORG }),
      expect.objectContaining({ method: "GET", path: "/v1/alerts", query: "limit=5", status: 200 }),
    ]);
    expect(fake.calls()[1]).not.toHaveProperty("body");
    expect(JSON.stringify(fake.state.calls)).not.toContain(KEY);
  });
});

describe("follow-up webhooks", () => {
  it("after an action: a signed alert.updated with previous_attributes and a fresh event id, after the answer", async () => {
    const { call, fake, sent } = setup();
    await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "REFUND" } });
    expect(sent).toHaveLength(0); // queued, not sent before the answer
    await fake.flushWebhooks();
    await call("PATCH", "/v1/alerts/netalrt_eth", { body: { note: "after" } });
    await fake.flushWebhooks();
    expect(sent).toHaveLength(2);
    const [first, second] = sent as [Sent, Sent];
    expect(first.url).toBe("https://recourse.test/api/webhooks/chargebackstop/conn_1");
    expect(verifySignature({ rawBody: first.body, header: first.headers.get(SIGNATURE_HEADER), secrets: [SECRET], now: NOW })).toEqual({ ok: true });
    expect(verifySignature({ rawBody: first.body, header: first.headers.get(SIGNATURE_HEADER), secrets: ["whsec_other"], now: NOW }).ok).toBe(false);
    expect(first.headers.get("x-idempotency-key")).toMatch(/^whdl_/);
    const event = JSON.parse(first.body) as { id: string; type: string; data: { object: Record<string, unknown>; previous_attributes: Record<string, unknown> } };
    expect(event.type).toBe("alert.updated");
    expect(event.id).toMatch(/^evt_/);
    expect(event.id).not.toBe((JSON.parse(second.body) as { id: string }).id);
    expect(event.data.previous_attributes).toEqual({ status: "ACTION_REQUIRED", transaction_refund_outcome: null });
    expect(JSON.parse(second.body).data.previous_attributes).toEqual({ note: null });

    // the app's own webhook path accepts and maps it
    const parsed = chargebackstop.webhook.parse(JSON.parse(first.body));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const mapped = chargebackstop.webhook.map(parsed.value);
    const input = ((mapped as { ok: true; value: MapResult }).value as { inputs: AlertInput[] }).inputs[0]!;
    expect(input.fields).toMatchObject({ status: "RESOLVED", refundOutcome: "REFUNDED" });
    expect(input.previousAttributes).toEqual({ status: "ACTION_REQUIRED", transaction_refund_outcome: null });
    expect(fake.webhooks().map((w) => w.outcome)).toEqual(["sent", "sent"]);
  });

  it("is sent with the global fetch to a real receiver when no webhookFetch is given", async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const fake = createFakeApi({ now: () => NOW });
      fake.addKey({ apiKey: KEY, organisationId: ORG });
      fake.putAlert(alertCreated({ organisationId: ORG, objectId: "netalrt_g", now: NOW }).data.object);
      fake.setWebhookTarget(ORG, { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: SECRET });
      const response = await fake.fetch(`${BASE}/v1/alerts/netalrt_g`, { method: "PATCH", headers: { authorization: `Bearer ${KEY}` }, body: '{"action":"ACCEPT_DISPUTE"}' });
      expect(response.status).toBe(200);
      await fake.flushWebhooks();
      expect(received).toHaveLength(1);
      const header = received[0]!.headers[SIGNATURE_HEADER];
      expect(verifySignature({ rawBody: received[0]!.body, header: typeof header === "string" ? header : null, secrets: [SECRET], now: NOW })).toEqual({ ok: true });
      expect(fake.webhooks()[0]).toMatchObject({ status: 200, outcome: "sent", type: "alert.updated", objectId: "netalrt_g" });
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it("without a target nothing is sent; a failed refusal sends nothing either", async () => {
    const { call, fake, sent } = setup();
    fake.addKey({ apiKey: "cbs_b", organisationId: OTHER });
    await call("PATCH", "/v1/alerts/netalrt_b", { key: "cbs_b", body: { action: "REFUND" } });
    await call("PATCH", "/v1/alerts/netalrt_rdr", { body: { action: "REFUND" } });
    await fake.flushWebhooks();
    expect(sent).toHaveLength(0);
    expect(fake.webhooks()).toEqual([expect.objectContaining({ outcome: "no_target", organisationId: OTHER })]);
  });
});

describe("enrolments", () => {
  function withMerchants() {
    const s = setup();
    s.fake.putMerchant({ id: "mrch_a1", organisation_id: ORG, name: "A1" });
    s.fake.putMerchant({ id: "mrch_a2", organisation_id: ORG, name: "A2" });
    s.fake.putMerchant({ id: "mrch_b1", organisation_id: OTHER, name: "B1" });
    return s;
  }

  it("creates IN_PROGRESS with merchant_ids and the organisation, and sends enrolment.created", async () => {
    const { call, fake, sent } = withMerchants();
    const created = await call("POST", "/v2/enrolments", { key: PARTNER, body: { merchant_ids: ["mrch_a1", "mrch_a2"], type: "ETHOCA_ALERT" } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ organisation_id: ORG, merchant_ids: ["mrch_a1", "mrch_a2"], type: "ETHOCA_ALERT", status: "IN_PROGRESS", created_at: NOW.toISOString() });
    expect(created.json!.id).toMatch(/^enrl_/);
    expect((await call("GET", `/v2/enrolments/${String(created.json!.id)}`, { key: PARTNER })).json).toEqual(created.json);
    expect((await call("GET", "/v2/enrolments?limit=10", { key: PARTNER })).json).toMatchObject({ count: 1 });
    await fake.flushWebhooks();
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ type: "enrolment.created", data: { object: { id: created.json!.id } } });
  });

  it("validates: unknown merchant 404, different organisations 422, duplicates 422, type 422, shape 422", async () => {
    const { call, fake } = withMerchants();
    const post = (body: unknown) => call("POST", "/v2/enrolments", { key: PARTNER, body });
    expect(await post({ merchant_ids: ["mrch_a1", "mrch_zz"], type: "ETHOCA_ALERT" })).toMatchObject({ status: 404, json: { code: "MERCHANT_NOT_FOUND" } });
    expect(await post({ merchant_ids: ["mrch_a1", "mrch_b1"], type: "ETHOCA_ALERT" })).toMatchObject({ status: 422, json: { code: "MERCHANTS_DIFFERENT_ORGANISATIONS" } });
    expect(await post({ merchant_ids: ["mrch_a1", "mrch_a1"], type: "VERIFI_RDR" })).toMatchObject({ status: 422, json: { code: "DUPLICATE_MERCHANT_IDS" } });
    expect(await post({ merchant_ids: ["mrch_a1"], type: "ETHOCA" })).toMatchObject({ status: 422, json: { code: "INVALID_ENROLMENT_TYPE" } });
    expect((await post({ merchant_ids: [], type: "VERIFI_RDR" })).status).toBe(422);
    expect((await post({ merchant_id: "mrch_a1", type: "VERIFI_RDR" })).status).toBe(422);
    expect(fake.state.enrolments.size).toBe(0);
  });

  it("a partner group that does not see a merchant's organisation gets 404", async () => {
    const { call, fake } = withMerchants();
    fake.addKey({ apiKey: "cbs_group", partner: true, organisationIds: [ORG] });
    expect((await call("POST", "/v2/enrolments", { key: "cbs_group", body: { merchant_ids: ["mrch_b1"], type: "VERIFI_RDR" } })).status).toBe(404);
    expect((await call("GET", "/v1/merchants", { key: "cbs_group" })).json).toMatchObject({ count: 2 });
    expect((await call("GET", `/v1/merchants?organisation_id=${OTHER}`, { key: PARTNER })).json).toMatchObject({ count: 1 });
  });
});

describe("failure injection", () => {
  it("status, count and path", async () => {
    const { call, fake } = setup();
    fake.failNext({ status: 500, count: 2, path: "/v1/alerts/netalrt_eth" });
    expect((await call("GET", "/v1/alerts?limit=1")).status).toBe(200);
    expect((await call("GET", "/v1/alerts/netalrt_eth")).status).toBe(500);
    expect((await call("PATCH", "/v1/alerts/netalrt_eth", { body: { action: "REFUND" } })).status).toBe(500);
    expect(fake.state.alerts.get("netalrt_eth")!.status).toBe("ACTION_REQUIRED");
    expect((await call("GET", "/v1/alerts/netalrt_eth")).status).toBe(200);
  });

  it("429 carries Retry-After", async () => {
    const { fake } = setup();
    fake.failNext({ status: 429, retryAfterSeconds: 7 });
    const response = await fake.fetch(`${BASE}/v1/alerts`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
  });

  it("network failures reject like undici (refused / dropped)", async () => {
    const { fake } = setup();
    fake.failNext({ network: "refused" });
    fake.failNext({ network: true });
    await expect(fake.fetch(`${BASE}/v1/alerts`)).rejects.toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
    await expect(fake.fetch(`${BASE}/v1/alerts`)).rejects.toMatchObject({ message: "fetch failed", cause: { code: "UND_ERR_SOCKET" } });
  });
});

describe("control endpoints over listen", () => {
  it("keys, alerts, merchants, enrolments, webhook target, fail, calls, reset-calls", async () => {
    const fake = createChargebackStopFakeApi({ now: () => NOW, webhookFetch: (async () => new Response("{}")) as typeof fetch });
    const server = await fake.listen();
    const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    try {
      expect((await post("/_sim/keys", { apiKey: KEY, organisationId: ORG })).status).toBe(201);
      expect((await post("/_sim/keys", { apiKey: PARTNER, partner: true })).status).toBe(201);
      expect((await post("/_sim/keys", { apiKey: "x" })).status).toBe(400);
      const alert = alertCreated({ organisationId: ORG, objectId: "netalrt_sim" }).data.object;
      expect(await (await post("/_sim/alerts", [alert])).json()).toEqual({ ids: ["netalrt_sim"] });
      expect((await post("/_sim/alerts", { note: "no id" })).status).toBe(400);
      expect((await post("/_sim/merchants", { id: "mrch_sim", organisation_id: ORG })).status).toBe(201);
      expect((await post("/_sim/merchants", { id: "mrch_orphan" })).status).toBe(400);
      expect((await post("/_sim/enrolments", enrolmentCreated({ organisationId: ORG, objectId: "enrl_sim" }).data.object)).status).toBe(201);
      expect((await post("/_sim/webhook-target", { organisationId: ORG, url: "http://127.0.0.1:1/hook", secret: SECRET })).status).toBe(200);
      expect((await post("/_sim/webhook-target", { organisationId: ORG, url: "not a url", secret: SECRET })).status).toBe(400);
      expect(await (await post("/_sim/fail", { status: 503, path: "/v1/alerts" })).json()).toEqual({ queued: 1 });

      const auth = { authorization: `Bearer ${KEY}` };
      expect((await fetch(`${server.url}/v1/alerts/netalrt_sim`, { headers: auth })).status).toBe(503);
      const patched = await fetch(`${server.url}/v1/alerts/netalrt_sim`, { method: "PATCH", headers: { ...auth, "content-type": "application/json" }, body: '{"action":"REFUND"}' });
      expect(patched.status).toBe(200);
      expect((await fetch(`${server.url}/v2/enrolments/enrl_sim`, { headers: { authorization: `Bearer ${PARTNER}` } })).status).toBe(200);
      expect(await (await fetch(`${server.url}/_sim/alerts/netalrt_sim`)).json()).toMatchObject({ status: "RESOLVED" });

      const calls = (await (await fetch(`${server.url}/_sim/calls`)).json()) as { calls: { method: string; path: string; status: number; body?: unknown }[] };
      expect(calls.calls.map((c) => [c.method, c.path, c.status])).toEqual([
        ["GET", "/v1/alerts/netalrt_sim", 503],
        ["PATCH", "/v1/alerts/netalrt_sim", 200],
        ["GET", "/v2/enrolments/enrl_sim", 200],
      ]);
      expect(calls.calls[1]!.body).toEqual({ action: "REFUND" });
      expect(JSON.stringify(calls)).not.toContain(KEY);
      expect((await post("/_sim/reset-calls", {})).status).toBe(200);
      expect(await (await fetch(`${server.url}/_sim/calls`)).json()).toMatchObject({ calls: [] });
    } finally {
      await server.close();
    }
  });
});

describe("simulator prepare", () => {
  it("registers the scenario's newest alert snapshots, merchants and enrolments", () => {
    const deliveries = simulatorCli.scenarios["alert-lifecycle"]!.deliveries({ secret: SECRET, organisationId: ORG });
    const calls = simulatorCli.prepare!(deliveries, { secret: SECRET });
    expect(calls.map((c) => c.path)).toEqual(["/_sim/merchants", "/_sim/alerts"]);
    const alerts = calls[1]!.body as { status: string; organisation_id: string }[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: "RESOLVED", organisation_id: ORG });
    const withKey = prepareCalls(simulatorCli.scenarios["enrolment-progress"]!.deliveries({ secret: SECRET, organisationId: ORG }), {
      secret: SECRET,
      apiKey: PARTNER,
      webhookUrl: "https://recourse.test/hook",
    });
    expect(withKey.map((c) => c.path)).toEqual(["/_sim/keys", "/_sim/webhook-target", "/_sim/merchants", "/_sim/enrolments"]);
    expect(withKey[1]!.body).toEqual({ organisationId: ORG, url: "https://recourse.test/hook", secret: SECRET });
  });

  it("an action-required scenario prepared into the fake can be actioned once", async () => {
    const fake = createChargebackStopFakeApi();
    const deliveries = simulatorCli.scenarios["action-required"]!.deliveries({ secret: SECRET, organisationId: ORG });
    expect(deliveries).toHaveLength(1);
    for (const c of prepareCalls(deliveries, { secret: SECRET, apiKey: PARTNER })) {
      const response = await fake.fetch(`${BASE}${c.path}`, { method: "POST", body: JSON.stringify(c.body) });
      expect(response.status).toBeLessThan(300);
    }
    const id = (JSON.parse(deliveries[0]!.body) as { data: { object: { id: string } } }).data.object.id;
    const patch = () => fake.fetch(`${BASE}/v1/alerts/${id}`, { method: "PATCH", headers: { authorization: `Bearer ${PARTNER}` }, body: '{"action":"REFUND"}' });
    expect((await patch()).status).toBe(200);
    expect((await patch()).status).toBe(409);
  });

  it("ignores deliveries that are not JSON events", () => {
    const signed = signedRequest({ body: serialize({ nope: true }), secret: SECRET });
    expect(prepareCalls([{ label: "x", body: "not json", headers: {} }, { label: "y", ...signed }], { secret: SECRET })).toEqual([]);
  });
});
