import { afterEach, describe, expect, it } from "vitest";
import { createChargebackhitClient } from "@/lib/providers/chargebackhit/client";
import { createChargebackhitFakeApi, createFakeApi, type RecordedCall } from "@/lib/providers/chargebackhit/fake-api";
import { createChargebackhitOutcomes } from "@/lib/providers/chargebackhit/outcomes";
import { sign } from "@/lib/providers/chargebackhit/signature";
import { initRefund, resolved, simulatorCli } from "@/lib/providers/chargebackhit/simulator";
import type { ProviderApiContext } from "@/lib/providers/types";

const PK = "pk_test_fake";
const SK = "sk_test_fake";

function setup() {
  const fake = createChargebackhitFakeApi({ accounts: [{ publicKey: PK, secretKey: SK }] });
  const pending = initRefund({ alertId: "aaaaaaaa-0000-4000-8000-000000000001", outcome: "pending" });
  const rdr = resolved({ alertId: "aaaaaaaa-0000-4000-8000-000000000002" });
  fake.putAlerts(PK, [pending, rdr]);
  /** A signed request; `signBody` lets a test sign other bytes than those sent. */
  async function call(method: "GET" | "POST", path: string, body?: unknown, opts: { publicKey?: string; secretKey?: string; signBody?: string; contentType?: string } = {}) {
    const raw = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    const publicKey = opts.publicKey ?? PK;
    const headers: Record<string, string> = { public_key: publicKey, signature: sign(opts.signBody ?? raw, publicKey, opts.secretKey ?? SK) };
    if (method === "POST") headers["content-type"] = opts.contentType ?? "application/json";
    const response = await fake.fetch(`http://fake${path}`, { method, headers, body: method === "POST" ? raw : undefined });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string; constraints?: Record<string, string> } } };
  }
  return { fake, pending, rdr, call };
}

const outcomePath = (id: string) => `/api/v2/alerts/${id}/update-outcome`;

describe("auth", () => {
  it("refuses a missing, unknown or mismatched key, a forged or stale signature (401)", async () => {
    const { fake, call, pending } = setup();
    const path = `/api/v2/alerts/${pending.alert.id}`;
    expect((await call("GET", path, undefined, { publicKey: "pk_unknown" })).status).toBe(401);
    expect((await call("GET", path, undefined, { secretKey: "sk_wrong" })).status).toBe(401);
    // a GET must be signed over the EMPTY body
    expect((await call("GET", path, undefined, { signBody: "{}" })).status).toBe(401);
    // a body altered after signing
    const altered = await call("POST", outcomePath(pending.alert.id), { outcome: "reversed" }, { signBody: JSON.stringify({ outcome: "acknowledged" }) });
    expect(altered.status).toBe(401);
    expect(altered.json.error?.code).toBe("unauthorized");
    const missing = await fake.fetch(`http://fake${path}`);
    expect(missing.status).toBe(401);
    expect(fake.calls().map((c) => c.outcome)).toEqual([
      "unauthorized:unknown_public_key",
      "unauthorized:signature_mismatch",
      "unauthorized:signature_mismatch",
      "unauthorized:signature_mismatch",
      "unauthorized:unknown_public_key",
    ]);
    expect(fake.getAlert(PK, pending.alert.id)!.alert.outcome).toBe("pending");
  });

  it("another account's alert is 404", async () => {
    const { fake, call, pending } = setup();
    fake.addAccount({ publicKey: "pk_b", secretKey: "sk_b" });
    const other = await call("GET", `/api/v2/alerts/${pending.alert.id}`, undefined, { publicKey: "pk_b", secretKey: "sk_b" });
    expect(other.status).toBe(404);
    const update = await call("POST", outcomePath(pending.alert.id), { outcome: "reversed" }, { publicKey: "pk_b", secretKey: "sk_b" });
    expect(update.status).toBe(404);
  });

  it("unknown paths 404, wrong methods 405, non-JSON 415 / 400; other paths are not the fake's", async () => {
    const { fake, call, pending } = setup();
    expect((await call("GET", "/api/v2/nothing")).status).toBe(404);
    expect((await call("GET", "/api/v2/alerts/list")).status).toBe(405);
    expect((await call("POST", `/api/v2/alerts/${pending.alert.id}`, {})).status).toBe(405);
    expect((await call("POST", "/api/v2/alerts/list", "{}", { contentType: "text/plain" })).status).toBe(415);
    expect((await call("POST", "/api/v2/alerts/list", "{not json")).status).toBe(400);
    expect(await fake.handle(new Request("http://fake/elsewhere"))).toBeNull();
  });
});

describe("update-outcome", () => {
  it("accepts one final outcome after pending; a second final outcome is 409", async () => {
    const { call, pending, fake } = setup();
    const first = await call("POST", outcomePath(pending.alert.id), { outcome: "reversed", order: { order_id: "o-1", refund: { amount: "49.99", currency: "USD" } } });
    expect(first.status).toBe(200);
    expect((first.json.data as { alert: { outcome: string } }).alert.outcome).toBe("reversed");
    const again = await call("POST", outcomePath(pending.alert.id), { outcome: "reversed" });
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe("outcome_already_set");
    const other = await call("POST", outcomePath(pending.alert.id), { outcome: "acknowledged" });
    expect(other.status).toBe(409);
    expect(fake.getAlert(PK, pending.alert.id)!.alert.outcome).toBe("reversed");
  });

  it("pending → pending is allowed, then a final outcome", async () => {
    const { call, pending } = setup();
    expect((await call("POST", outcomePath(pending.alert.id), { outcome: "pending" })).status).toBe(200);
    expect((await call("POST", outcomePath(pending.alert.id), { outcome: "shipped" })).status).toBe(200);
  });

  it("422 validation_error with constraints: missing or unknown outcome, a bad refund", async () => {
    const { call, pending } = setup();
    const missing = await call("POST", outcomePath(pending.alert.id), { order: {} });
    expect(missing.status).toBe(422);
    expect(missing.json.error).toMatchObject({ code: "validation_error", constraints: { outcome: "is required" } });
    const unknown = await call("POST", outcomePath(pending.alert.id), { outcome: "duplicate" });
    expect(unknown.json.error?.constraints?.outcome).toMatch(/must be one of/);
    const refund = await call("POST", outcomePath(pending.alert.id), { outcome: "reversed", order: { refund: { amount: 49.99, currency: "usd" } } });
    expect(Object.keys(refund.json.error?.constraints ?? {}).sort()).toEqual(["order.refund.amount", "order.refund.currency"]);
    expect((await call("POST", outcomePath(pending.alert.id), ["reversed"])).status).toBe(422);
  });

  it("refuses outcomes on resolved (and every non-init-refund) alerts with 422", async () => {
    const { call, rdr } = setup();
    const answer = await call("POST", outcomePath(rdr.alert.id), { outcome: "acknowledged" });
    expect(answer.status).toBe(422);
    expect(answer.json.error?.constraints?.["alert.type"]).toMatch(/only for init-refund/);
  });

  it("records the body of update-outcome calls, never a key or signature", async () => {
    const { call, pending, fake } = setup();
    await call("POST", outcomePath(pending.alert.id), { outcome: "decline" });
    await call("GET", `/api/v2/alerts/${pending.alert.id}`);
    const calls = fake.calls();
    expect(calls[0]).toMatchObject({ method: "POST", status: 200, account: PK, body: { outcome: "decline" } });
    expect(calls[1]!.body).toBeUndefined();
    const text = JSON.stringify(calls);
    expect(text).not.toContain(SK);
    expect(text).not.toContain("signature");
  });
});

describe("alert list", () => {
  it("filters, sorts and refuses bad pagination", async () => {
    const { call } = setup();
    const page = await call("POST", "/api/v2/alerts/list", { filter: { types: ["resolved"] }, pagination: { method: "token", limit: 10 } });
    expect((page.json.data as unknown[]).length).toBe(1);
    expect(page.json.pagination).toEqual({ limit: 10, next_page_token: "" });
    expect((await call("POST", "/api/v2/alerts/list", { pagination: { method: "token", limit: 1000 } })).status).toBe(422);
    expect((await call("POST", "/api/v2/alerts/list", { pagination: { method: "offset", limit: 10 } })).status).toBe(422);
    expect((await call("POST", "/api/v2/alerts/list", { pagination: { method: "token", limit: 10, page_token: "garbage!" } })).status).toBe(422);
  });
});

describe("over HTTP (listen) with the /_sim control endpoints", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  async function served() {
    const fake = createFakeApi();
    const server = await fake.listen(0);
    close = server.close;
    const sim = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    return { fake, url: server.url, sim };
  }

  it("simulatorCli.prepare registers the account and the scenario's alerts; the outcome goes through the API", async () => {
    const { url, sim } = await served();
    const options = { secret: SK, publicKey: PK };
    const deliveries = simulatorCli.scenarios["init-refund"]!.deliveries(options);
    const calls = simulatorCli.prepare!(deliveries, options);
    expect(calls.map((c) => c.path)).toEqual(["/_sim/accounts", "/_sim/alerts"]);
    for (const c of calls) expect((await sim(c.path, c.body)).status).toBe(201);
    const alertId = (JSON.parse(deliveries[0]!.body) as { alert: { id: string } }).alert.id;

    const context: ProviderApiContext = {
      connection: { id: "c", provider: "chargebackhit", organisationId: "o", apiBaseUrl: url, mode: "TEST", publicKey: PK, clientId: null, redirectUri: null },
      secrets: { get: async () => SK },
      fetch,
      now: () => new Date(),
      log: () => undefined,
    };
    const alert = { externalId: alertId, kind: "ETHOCA" as const, status: "ACTION_REQUIRED" as const, providerStatus: "init-refund", providerOutcome: "pending", amountMinor: 4999, currency: "USD", merchantReference: null, providerData: {} };
    const sent = await createChargebackhitOutcomes().send(context, { alert, outcome: "reversed", note: null, payload: {}, idempotencyKey: "k" });
    expect(sent.kind).toBe("succeeded");

    const stored = await sim(`/_sim/alerts/${alertId}`);
    expect(stored.json).toMatchObject({ publicKey: PK, body: { alert: { outcome: "reversed" } } });
    const recorded = (await sim("/_sim/calls")).json.calls as RecordedCall[];
    expect(recorded).toMatchObject([{ method: "POST", path: `/api/v2/alerts/${alertId}/update-outcome`, status: 200, body: { outcome: "reversed", order: { refund: { amount: "49.99" } } } }]);
    expect((await sim("/_sim/reset-calls", {})).status).toBe(200);
    expect((await sim("/_sim/calls")).json.calls).toEqual([]);
  });

  it("prepare needs the keys (none → no calls)", () => {
    const deliveries = simulatorCli.scenarios["burst"]!.deliveries({ secret: SK, publicKey: PK, count: 3 });
    expect(simulatorCli.prepare!(deliveries, { secret: SK })).toEqual([]);
    const calls = simulatorCli.prepare!(deliveries, { secret: SK, publicKey: ` ${PK} ` });
    expect(calls[0]).toEqual({ path: "/_sim/accounts", body: { publicKey: PK, secretKey: SK } });
    expect((calls[1]!.body as { alerts: unknown[] }).alerts).toHaveLength(3);
  });

  it("/_sim/fail: a dropped connection over HTTP is a network error (unknown for an outcome)", async () => {
    const { url, sim } = await served();
    await sim("/_sim/accounts", { publicKey: PK, secretKey: SK });
    const payload = initRefund();
    await sim("/_sim/alerts", { publicKey: PK, ...payload });
    expect((await sim("/_sim/fail", { network: true, path: "/api/v2/alerts" })).json).toEqual({ queued: 1 });
    const client = createChargebackhitClient({ fetch, baseUrl: url, publicKey: PK, secretKey: SK, sleep: async () => undefined });
    await expect(client.updateOutcome(payload.alert.id, { outcome: "reversed" })).rejects.toMatchObject({ kind: "network", status: 0 });
    // and a 503 then success on a GET
    await sim("/_sim/fail", { status: 503 });
    expect(await client.getAlert(payload.alert.id)).toMatchObject({ alert: { id: payload.alert.id } });
  });

  it("/_sim/imports/{id}/status advances an import record", async () => {
    const { url, sim } = await served();
    await sim("/_sim/accounts", { publicKey: PK, secretKey: SK });
    const client = createChargebackhitClient({ fetch, baseUrl: url, publicKey: PK, secretKey: SK });
    const { records } = await client.enrollMidBatch([{ descriptor: "SHOP", required_products: ["ethoca", "cdrn"] }]);
    const id = (records[0] as { id: string }).id;
    const moved = await sim(`/_sim/imports/${id}/status`, { status: "success", products: { cdrn: "error" }, importMessage: "partly" });
    expect(moved.status).toBe(200);
    expect(moved.json.record).toMatchObject({
      status: "success",
      products: [
        { product: "ethoca", status: "success", failure_reason: null },
        { product: "cdrn", status: "error", failure_reason: "partly" },
      ],
    });
    expect((await sim("/_sim/imports/nope/status", { status: "success" })).status).toBe(404);
    expect((await sim("/_sim/alerts", { publicKey: "pk_nobody", alerts: [] })).status).toBe(404);
    expect((await sim("/_sim/accounts", { publicKey: PK })).status).toBe(400);
  });
});
