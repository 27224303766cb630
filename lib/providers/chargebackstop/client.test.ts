import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  ChargebackStopApiError,
  createChargebackStopClient,
  isConnectFailure,
  iterate,
  parseRetryAfter,
  type ChargebackStopClientOptions,
  type ChargebackStopResponseInfo,
  type Page,
} from "@/lib/providers/chargebackstop/client";
import { createChargebackStopFakeApi } from "@/lib/providers/chargebackstop/fake-api";
import { alertCreated } from "@/lib/providers/chargebackstop/simulator";

const BASE = "https://api.chargebackstop.com";
const KEY = "cbs_key_org_a";
const ORG = "org_A";
const NOW = new Date("2025-06-01T12:00:00.000Z");

function setup(overrides: Partial<ChargebackStopClientOptions> = {}) {
  const fake = createChargebackStopFakeApi({ now: () => NOW });
  fake.addKey({ apiKey: KEY, organisationId: ORG });
  fake.addKey({ apiKey: "cbs_partner", partner: true });
  const alert = alertCreated({ organisationId: ORG, objectId: "netalrt_1", now: NOW }).data.object;
  fake.putAlert(alert);
  const sleeps: number[] = [];
  const responses: ChargebackStopResponseInfo[] = [];
  const client = createChargebackStopClient({
    fetch: fake.fetch,
    baseUrl: BASE,
    apiKey: KEY,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 1,
    now: () => NOW,
    onResponse: (info) => responses.push(info),
    ...overrides,
  });
  return { fake, client, sleeps, responses, alert };
}

async function rejection(promise: Promise<unknown>): Promise<ChargebackStopApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChargebackStopApiError);
    return error as ChargebackStopApiError;
  }
  throw new Error("expected a rejection");
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("requests", () => {
  it("sends the Bearer key and JSON, keeps a base path, and reads the alert", async () => {
    const seen: Request[] = [];
    const { fake } = setup();
    const spy = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return fake.fetch(String(input).replace("http://127.0.0.1:4010/chargebackstop", BASE), init);
    }) as typeof fetch;
    const client = createChargebackStopClient({ fetch: spy, baseUrl: "http://127.0.0.1:4010/chargebackstop/", apiKey: KEY });
    const alert = await client.getAlert("netalrt_1");
    expect(alert.id).toBe("netalrt_1");
    await client.updateAlert("netalrt_1", { note: "hello" });
    expect(seen[0]!.url).toBe("http://127.0.0.1:4010/chargebackstop/v1/alerts/netalrt_1");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(seen[0]!.headers.get("accept")).toBe("application/json");
    expect(seen[1]!.method).toBe("PATCH");
    expect(seen[1]!.headers.get("content-type")).toBe("application/json");
    expect(await seen[1]!.text()).toBe(JSON.stringify({ note: "hello" }));
  });

  it("puts list parameters in the query (dates as ISO)", async () => {
    const urls: string[] = [];
    const spy = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ items: [], count: 0 }), { status: 200 });
    }) as typeof fetch;
    const client = createChargebackStopClient({ fetch: spy, baseUrl: BASE, apiKey: KEY });
    await client.listAlerts({ status: "ACTION_REQUIRED", alert_received_at_gte: NOW, sort: "alert_received_at", limit: 50, offset: 100 });
    await client.listEnrolments({ limit: 10, offset: 0 });
    await client.listMerchants({ organisation_id: ORG, limit: 10, offset: 20 });
    expect(urls).toEqual([
      `${BASE}/v1/alerts?status=ACTION_REQUIRED&alert_received_at_gte=2025-06-01T12%3A00%3A00.000Z&sort=alert_received_at&limit=50&offset=100`,
      `${BASE}/v2/enrolments?limit=10&offset=0`,
      `${BASE}/v1/merchants?organisation_id=${ORG}&limit=10&offset=20`,
    ]);
  });

  it("encodes ids in paths", async () => {
    const urls: string[] = [];
    const spy = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    await createChargebackStopClient({ fetch: spy, baseUrl: BASE, apiKey: KEY }).getAlert("a/b?c");
    expect(urls[0]).toBe(`${BASE}/v1/alerts/a%2Fb%3Fc`);
  });
});

describe("retries", () => {
  it("GET: 500 then 200 → one success after one backoff", async () => {
    const { fake, client, sleeps, responses } = setup();
    fake.failNext({ status: 500 });
    const alert = await client.getAlert("netalrt_1");
    expect(alert.id).toBe("netalrt_1");
    expect(responses.map((r) => r.status)).toEqual([500, 200]);
    expect(sleeps).toEqual([250]);
  });

  it("GET: gives up after 3 attempts with a retryable error", async () => {
    const { fake, client, sleeps } = setup();
    fake.failNext({ status: 503, count: 5 });
    const error = await rejection(client.getAlert("netalrt_1"));
    expect(error).toMatchObject({ status: 503, kind: "http", retryable: true, requestSent: true });
    expect(fake.calls()).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it("GET: 429 honours Retry-After seconds", async () => {
    const { fake, client, sleeps } = setup();
    fake.failNext({ status: 429, retryAfterSeconds: 2 });
    await client.getAlert("netalrt_1");
    expect(sleeps).toEqual([2000]);
  });

  it("GET: a Retry-After beyond maxRetryAfterMs is not slept through", async () => {
    const { fake, client, sleeps } = setup({ maxRetryAfterMs: 1000 });
    fake.failNext({ status: 429, retryAfterSeconds: 120 });
    const error = await rejection(client.getAlert("netalrt_1"));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 120 });
    expect(sleeps).toEqual([]);
  });

  it("GET: other 4xx are not retried and carry the provider's message", async () => {
    const { client, fake } = setup();
    const error = await rejection(client.getAlert("netalrt_missing"));
    expect(error).toMatchObject({ status: 404, kind: "http", retryable: false, providerMessage: "Alert not found" });
    expect(fake.calls()).toHaveLength(1);
  });

  it("GET: a dropped connection is retried", async () => {
    const { fake, client } = setup();
    fake.failNext({ network: true });
    expect((await client.getAlert("netalrt_1")).id).toBe("netalrt_1");
    expect(fake.calls().map((c) => c.outcome)).toEqual(["injected:network", "ok"]);
  });

  it("PATCH: a 500 is NOT retried inside the client", async () => {
    const { fake, client, sleeps } = setup();
    fake.failNext({ status: 500 });
    const error = await rejection(client.updateAlert("netalrt_1", { action: "REFUND" }));
    expect(error).toMatchObject({ status: 500, retryable: true });
    expect(fake.calls()).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(fake.state.alerts.get("netalrt_1")!.status).toBe("ACTION_REQUIRED");
  });

  it("PATCH: neither a 429 nor a refused connection is retried", async () => {
    const { fake, client } = setup();
    fake.failNext({ status: 429, retryAfterSeconds: 1 });
    expect(await rejection(client.updateAlert("netalrt_1", { action: "REFUND" }))).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    fake.failNext({ network: "refused" });
    expect(await rejection(client.updateAlert("netalrt_1", { action: "REFUND" }))).toMatchObject({ kind: "network", requestSent: false });
    expect(fake.calls()).toHaveLength(2);
  });

  it("POST enrolment: retried on 429 and refused connections only", async () => {
    const { fake } = setup();
    fake.putMerchant({ id: "mrch_1", organisation_id: ORG });
    const client = createChargebackStopClient({ fetch: fake.fetch, baseUrl: BASE, apiKey: "cbs_partner", sleep: async () => undefined });
    fake.failNext({ status: 429, path: "/v2/enrolments" });
    fake.failNext({ network: "refused", path: "/v2/enrolments" });
    const created = await client.createEnrolment({ merchant_ids: ["mrch_1"], type: "ETHOCA_ALERT" });
    expect(created.status).toBe("IN_PROGRESS");
    expect(fake.calls().map((c) => c.outcome)).toEqual(["injected", "injected:refused", "ok:created"]);

    fake.resetCalls();
    fake.failNext({ status: 502, path: "/v2/enrolments" });
    expect(await rejection(client.createEnrolment({ merchant_ids: ["mrch_1"], type: "VERIFI_RDR" }))).toMatchObject({ status: 502 });
    fake.failNext({ network: true, path: "/v2/enrolments" });
    expect(await rejection(client.createEnrolment({ merchant_ids: ["mrch_1"], type: "VERIFI_RDR" }))).toMatchObject({ kind: "network", requestSent: true });
    expect(fake.calls()).toHaveLength(2);
    expect(fake.state.enrolments.size).toBe(1);
  });
});

describe("no answer", () => {
  it("a delay beyond the timeout is kind timeout (request sent)", async () => {
    const { fake, client } = setup({ timeoutMs: 30, maxAttempts: 1 });
    fake.failNext({ delayMs: 500, status: 200 });
    const error = await rejection(client.getAlert("netalrt_1"));
    expect(error).toMatchObject({ status: 0, kind: "timeout", retryable: true, requestSent: true });
  });

  it("a refused connection over real TCP is kind network, not sent; retried for reads", async () => {
    const port = await closedPort();
    const sleeps: number[] = [];
    const responses: ChargebackStopResponseInfo[] = [];
    const client = createChargebackStopClient({
      fetch,
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onResponse: (info) => responses.push(info),
    });
    const error = await rejection(client.getAlert("netalrt_1"));
    expect(error).toMatchObject({ status: 0, kind: "network", retryable: true, requestSent: false });
    expect(responses).toHaveLength(3);
    expect(responses[0]).toMatchObject({ status: null, error: "network", path: "/v1/alerts/netalrt_1" });
  });

  it("a connection dropped after the request (over listen) is kind network, sent", async () => {
    const { fake } = setup();
    const server = await fake.listen();
    try {
      const client = createChargebackStopClient({ fetch, baseUrl: server.url, apiKey: KEY });
      fake.failNext({ network: true });
      const error = await rejection(client.updateAlert("netalrt_1", { action: "REFUND" }));
      expect(error).toMatchObject({ kind: "network", requestSent: true });
    } finally {
      await server.close();
    }
  });

  it("a timeout over listen is kind timeout", async () => {
    const { fake } = setup();
    const server = await fake.listen();
    try {
      const client = createChargebackStopClient({ fetch, baseUrl: server.url, apiKey: KEY, timeoutMs: 50 });
      fake.failNext({ delayMs: 1000 });
      expect(await rejection(client.updateAlert("netalrt_1", { action: "CANCEL" }))).toMatchObject({ kind: "timeout", status: 0 });
      // processed, answer late: the action was applied
      expect(fake.state.alerts.get("netalrt_1")!.status).toBe("RESOLVED");
    } finally {
      await server.close();
    }
  });

  it("isConnectFailure reads undici's cause chain", () => {
    expect(isConnectFailure(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }))).toBe(true);
    expect(isConnectFailure(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "UND_ERR_SOCKET" }) }))).toBe(false);
    expect(isConnectFailure(new TypeError("fetch failed", { cause: new AggregateError([Object.assign(new Error("a"), { code: "ECONNREFUSED" })]) }))).toBe(true);
    expect(isConnectFailure(new TypeError("fetch failed"))).toBe(false);
  });
});

describe("answers", () => {
  it("a 2xx that is not JSON is malformed for reads; for a PATCH the body is null", async () => {
    const text = (async () => new Response("<html>", { status: 200 })) as typeof fetch;
    const client = createChargebackStopClient({ fetch: text, baseUrl: BASE, apiKey: KEY });
    expect(await rejection(client.getAlert("x"))).toMatchObject({ kind: "malformed", status: 200, retryable: false });
    expect(await rejection(client.listAlerts({ limit: 1, offset: 0 }))).toMatchObject({ kind: "malformed" });
    expect(await client.updateAlert("x", { action: "REFUND" })).toEqual({ status: 200, body: null });
  });

  it("reads the provider's error code", async () => {
    const answer = (async () => new Response(JSON.stringify({ message: "nope", code: "MERCHANTS_DIFFERENT_ORGANISATIONS" }), { status: 422 })) as typeof fetch;
    const client = createChargebackStopClient({ fetch: answer, baseUrl: BASE, apiKey: KEY });
    const error = await rejection(client.createEnrolment({ merchant_ids: ["a", "b"], type: "ETHOCA_ALERT" }));
    expect(error).toMatchObject({ status: 422, code: "MERCHANTS_DIFFERENT_ORGANISATIONS", providerMessage: "nope" });
    expect(error.json()).toEqual({ message: "nope", code: "MERCHANTS_DIFFERENT_ORGANISATIONS" });
  });

  it("parseRetryAfter reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7);
    expect(parseRetryAfter("Sun, 01 Jun 2025 12:00:30 GMT", NOW)).toBe(30);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});

describe("iterate", () => {
  const source = (total: number, calls: { limit: number; offset: number }[], countless = false) => async (page: { limit: number; offset: number }): Promise<Page> => {
    calls.push(page);
    const items = Array.from({ length: Math.max(0, Math.min(page.limit, total - page.offset)) }, (_, i) => ({ id: `x${page.offset + i}` }));
    return { items, count: countless ? null : total };
  };

  it("walks pages until offset + items >= count", async () => {
    const calls: { limit: number; offset: number }[] = [];
    const result = await iterate(source(250, calls));
    expect(calls).toEqual([
      { limit: 100, offset: 0 },
      { limit: 100, offset: 100 },
      { limit: 100, offset: 200 },
    ]);
    expect(result).toMatchObject({ pages: 3, truncated: false });
    expect(result.items).toHaveLength(250);
  });

  it("stops on an empty page, on a short page without count, and at the page cap", async () => {
    expect(await iterate(source(0, []))).toEqual({ items: [], pages: 1, truncated: false });
    expect((await iterate(source(150, [], true))).pages).toBe(2);
    const capped = await iterate(source(10_000, []), { limit: 10, maxPages: 3 });
    expect(capped).toMatchObject({ pages: 3, truncated: true });
    expect(capped.items).toHaveLength(30);
    const calls: { limit: number; offset: number }[] = [];
    const hundred = await iterate(source(1_000_000, calls));
    expect(hundred).toMatchObject({ pages: 100, truncated: true });
  });

  it("walks the fake's alert list", async () => {
    const { fake, client } = setup();
    for (let i = 0; i < 23; i++) fake.putAlert(alertCreated({ organisationId: ORG, now: new Date(NOW.getTime() + i * 1000) }).data.object);
    fake.putAlert(alertCreated({ organisationId: "org_other" }).data.object);
    const result = await client.iterate((page) => client.listAlerts({ ...page, sort: "alert_received_at" }), { limit: 10 });
    expect(result.pages).toBe(3);
    expect(result.items).toHaveLength(24);
    expect(new Set(result.items.map((a) => (a as { id: string }).id)).size).toBe(24);
  });
});
