import { describe, expect, it } from "vitest";
import {
  ChargebackhitApiError,
  createChargebackhitClient,
  errorMessageOf,
  listItems,
  parseRetryAfter,
  unwrapObject,
  type ChargebackhitClientOptions,
  type ChargebackhitResponseInfo,
} from "@/lib/providers/chargebackhit/client";
import { createChargebackhitFakeApi, type ChargebackhitFakeOptions } from "@/lib/providers/chargebackhit/fake-api";
import { sign } from "@/lib/providers/chargebackhit/signature";
import { initRefund } from "@/lib/providers/chargebackhit/simulator";

const PK = "pk_test_client_1";
const SK = "sk_test_client_1";
const BASE = "https://api.chargebackhit.test";
const NOW = new Date("2026-03-01T12:00:00.000Z");

function setup(fakeOptions: ChargebackhitFakeOptions = {}, clientOptions: Partial<ChargebackhitClientOptions> = {}) {
  const fake = createChargebackhitFakeApi({ now: () => NOW, accounts: [{ publicKey: PK, secretKey: SK }], ...fakeOptions });
  const alert = initRefund({ alertId: "11111111-1111-4111-8111-111111111111" });
  fake.putAlerts(PK, [alert]);
  const sleeps: number[] = [];
  const responses: ChargebackhitResponseInfo[] = [];
  const client = createChargebackhitClient({
    fetch: fake.fetch,
    baseUrl: `${BASE}/`,
    publicKey: PK,
    secretKey: SK,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 1,
    now: () => NOW,
    onResponse: (info) => responses.push(info),
    ...clientOptions,
  });
  return { fake, client, alert, sleeps, responses };
}

async function rejection(promise: Promise<unknown>): Promise<ChargebackhitApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChargebackhitApiError);
    return error as ChargebackhitApiError;
  }
  throw new Error("expected a rejection");
}

/** A fetch that records requests and answers from a list. */
function scripted(answers: (() => Response | Promise<Response>)[]) {
  const seen: Request[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input, init));
    const next = answers.shift();
    if (!next) throw new Error("no scripted answer left");
    return next();
  }) as typeof fetch;
  return { seen, fetchImpl };
}

describe("signing", () => {
  it("signs a GET over the empty body and the fake accepts it", async () => {
    const { client, alert, fake } = setup();
    const body = await client.getAlert(alert.alert.id);
    expect(body).toEqual(alert);
    expect(fake.calls()).toMatchObject([{ method: "GET", path: `/api/v2/alerts/${alert.alert.id}`, status: 200, account: PK, outcome: "ok" }]);
  });

  it("signs exactly the bytes sent, with public_key, signature and content-type headers", async () => {
    const { seen, fetchImpl } = scripted([() => new Response(JSON.stringify({ data: [], pagination: { next_page_token: "" } }), { status: 200 })]);
    const client = createChargebackhitClient({ fetch: fetchImpl, baseUrl: BASE, publicKey: PK, secretKey: SK });
    await client.listAlerts({ filter: { types: ["init-refund"], descriptors: ["ünïcode*SHOP"] }, pagination: { method: "token", limit: 5 } });
    const req = seen[0]!;
    const sent = await req.text();
    expect(req.method).toBe("POST");
    expect(req.url).toBe(`${BASE}/api/v2/alerts/list`);
    expect(req.headers.get("public_key")).toBe(PK);
    expect(req.headers.get("content-type")).toBe("application/json");
    expect(req.headers.get("signature")).toBe(sign(sent, PK, SK));
    expect(JSON.parse(sent)).toEqual({ filter: { types: ["init-refund"], descriptors: ["ünïcode*SHOP"] }, pagination: { method: "token", limit: 5, page_token: "" } });
  });

  it("a wrong secret key or an unknown public key is refused by the fake with 401, never retried", async () => {
    const { fake, alert } = setup();
    const wrongSecret = createChargebackhitClient({ fetch: fake.fetch, baseUrl: BASE, publicKey: PK, secretKey: "sk_wrong", sleep: async () => undefined });
    const e1 = await rejection(wrongSecret.getAlert(alert.alert.id));
    expect(e1).toMatchObject({ status: 401, kind: "http", retryable: false, code: "unauthorized" });
    const unknownKey = createChargebackhitClient({ fetch: fake.fetch, baseUrl: BASE, publicKey: "pk_other", secretKey: SK, sleep: async () => undefined });
    const e2 = await rejection(unknownKey.getAlert(alert.alert.id));
    expect(e2.status).toBe(401);
    expect(fake.calls().map((c) => c.outcome)).toEqual(["unauthorized:signature_mismatch", "unauthorized:unknown_public_key"]);
  });

  it("refuses to build without keys", () => {
    expect(() => createChargebackhitClient({ fetch, publicKey: "", secretKey: SK })).toThrow(/public key/);
    expect(() => createChargebackhitClient({ fetch, publicKey: PK, secretKey: "" })).toThrow(/secret key/);
  });
});

describe("retries", () => {
  it("GET: a 500 then success → one success after one backoff", async () => {
    const { client, fake, alert, sleeps, responses } = setup();
    fake.failNext({ status: 500 });
    expect(await client.getAlert(alert.alert.id)).toEqual(alert);
    expect(fake.calls().map((c) => c.status)).toEqual([500, 200]);
    expect(sleeps).toEqual([250]);
    expect(responses.map((r) => [r.attempt, r.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it("GET: honours Retry-After on 429", async () => {
    const { client, fake, alert, sleeps } = setup();
    fake.failNext({ status: 429, retryAfterSeconds: 2 });
    await client.getAlert(alert.alert.id);
    expect(sleeps).toEqual([2000]);
  });

  it("GET: a Retry-After beyond maxRetryAfterMs is thrown, retryable, without sleeping", async () => {
    const { client, fake, alert, sleeps } = setup({}, { maxRetryAfterMs: 1000 });
    fake.failNext({ status: 429, retryAfterSeconds: 60 });
    const error = await rejection(client.getAlert(alert.alert.id));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 60 });
    expect(sleeps).toEqual([]);
  });

  it("GET: gives up after 3 attempts", async () => {
    const { client, fake, alert } = setup();
    fake.failNext({ status: 503, count: 5 });
    const error = await rejection(client.getAlert(alert.alert.id));
    expect(error).toMatchObject({ status: 503, retryable: true, kind: "http" });
    expect(fake.calls()).toHaveLength(3);
  });

  it("GET: no retry on a 404", async () => {
    const { client, fake } = setup();
    const error = await rejection(client.getAlert("00000000-0000-4000-8000-000000000000"));
    expect(error).toMatchObject({ status: 404, retryable: false, code: "not_found" });
    expect(fake.calls()).toHaveLength(1);
  });

  it("GET: network errors are retried", async () => {
    const { client, fake, alert } = setup();
    fake.failNext({ network: true });
    expect(await client.getAlert(alert.alert.id)).toEqual(alert);
    expect(fake.calls()).toHaveLength(2);
  });

  it("update-outcome: a 500 is NOT retried", async () => {
    const { client, fake, alert } = setup();
    fake.failNext({ status: 500 });
    const error = await rejection(client.updateOutcome(alert.alert.id, { outcome: "reversed" }));
    expect(error).toMatchObject({ status: 500, retryable: true });
    expect(fake.calls()).toHaveLength(1);
  });

  it("update-outcome: a refused connection is marked notSent, a reset is not", async () => {
    const { client, fake, alert } = setup();
    fake.failNext({ network: "refused" });
    expect(await rejection(client.updateOutcome(alert.alert.id, { outcome: "reversed" }))).toMatchObject({ status: 0, kind: "network", notSent: true });
    fake.failNext({ network: "reset" });
    expect(await rejection(client.updateOutcome(alert.alert.id, { outcome: "reversed" }))).toMatchObject({ status: 0, kind: "network", notSent: false });
    expect(fake.calls()).toHaveLength(2);
  });

  it("a slow answer is a timeout (kind timeout, status 0)", async () => {
    const { client, fake, alert } = setup({}, { timeoutMs: 30, maxAttempts: 1 });
    fake.failNext({ delayMs: 2000 });
    const error = await rejection(client.getAlert(alert.alert.id));
    expect(error).toMatchObject({ status: 0, kind: "timeout", retryable: true });
  });

  it("MID batch: retried on 429 but not on 500 (not idempotent)", async () => {
    const { client, fake } = setup();
    fake.failNext({ status: 429, path: "/api/v2/import" });
    const { records } = await client.enrollMidBatch([{ descriptor: "SHOP*ONE", required_products: ["ethoca"] }]);
    expect(records).toHaveLength(1);
    fake.resetCalls();
    fake.failNext({ status: 500, path: "/api/v2/import" });
    await rejection(client.enrollMidBatch([{ descriptor: "SHOP*ONE", required_products: ["ethoca"] }]));
    expect(fake.calls()).toHaveLength(1);
  });
});

describe("lists", () => {
  it("walks next_page_token and stops at maxPages", async () => {
    const { client, fake } = setup();
    fake.putAlerts(
      PK,
      Array.from({ length: 24 }, () => initRefund()),
    );
    const pages = [];
    for await (const page of client.iterateAlerts({ limit: 10 })) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages[2]!.nextPageToken).toBeNull();
    const capped = [];
    for await (const page of client.iterateAlerts({ limit: 10, maxPages: 2 })) capped.push(page);
    expect(capped).toHaveLength(2);
  });

  it("stops on a repeated token (a provider bug must not loop)", async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls += 1;
      return new Response(JSON.stringify({ items: [{ alert: { id: "a", type: "init-refund" } }], pagination: { next_page_token: "same" } }), { status: 200 });
    }) as typeof fetch;
    const client = createChargebackhitClient({ fetch: fetchImpl, publicKey: PK, secretKey: SK });
    let pages = 0;
    for await (const _page of client.iterateAlerts({})) pages += 1;
    expect(pages).toBe(2);
    expect(calls).toBe(2);
  });

  it("reads both envelopes (data and bare)", async () => {
    for (const envelope of ["data", "bare"] as const) {
      const { client, alert } = setup({ envelope });
      expect(await client.getAlert(alert.alert.id)).toEqual(alert);
      const page = await client.listAlerts({ pagination: { method: "token", limit: 10 } });
      expect(page.items).toEqual([alert]);
      const { records } = await client.enrollMidBatch([{ descriptor: "D", required_products: ["cdrn"] }]);
      expect(records).toMatchObject([{ status: "new", required_products: ["cdrn"] }]);
      expect((await client.listImports({})).items).toHaveLength(1);
    }
  });

  it("merchants and CAIDs lists", async () => {
    const { client, fake, alert } = setup();
    const merchants = await client.listMerchants({ limit: 10 });
    expect(merchants.items).toEqual([alert.merchant]);
    expect(merchants.total).toBe(1);
    const { records } = await client.enrollMidBatch([{ descriptor: "D", required_products: ["rdr"], card_acceptor_id: "123456789012", acquirer_bin: "400552" }]);
    const id = (records[0] as { id: string }).id;
    expect((await client.listCaids()).items).toEqual([]);
    fake.setImportStatus(id, { status: "success" });
    expect((await client.listCaids()).items).toMatchObject([{ card_acceptor_id: "123456789012", acquirer_bin: "400552", status: "active", products: ["rdr"] }]);
  });
});

describe("helpers", () => {
  it("errorMessageOf reads the §4.6 shape", () => {
    expect(errorMessageOf(JSON.stringify({ error: { code: "validation_error", message: "Validation failed", constraints: { outcome: "is required" } } }))).toEqual({
      code: "validation_error",
      message: "Validation failed (outcome: is required)",
    });
    expect(errorMessageOf("<html>")).toEqual({ code: null, message: null });
    expect(errorMessageOf(null)).toEqual({ code: null, message: null });
  });

  it("unwrapObject / listItems", () => {
    expect(unwrapObject({ data: { alert: { id: "x" } } })).toEqual({ alert: { id: "x" } });
    expect(unwrapObject({ alert: { id: "x" }, data: { other: 1 } })).toEqual({ alert: { id: "x" }, data: { other: 1 } });
    expect(listItems({ data: [1] })).toEqual([1]);
    expect(listItems({ items: [2] })).toEqual([2]);
    expect(listItems([3])).toEqual([3]);
    expect(listItems({})).toEqual([]);
  });

  it("parseRetryAfter", () => {
    expect(parseRetryAfter("5", NOW)).toBe(5);
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:30 GMT", NOW)).toBe(30);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it("an unreadable 2xx answer is an error, not retried", async () => {
    const { fetchImpl, seen } = scripted([() => new Response("<html>", { status: 200 })]);
    const client = createChargebackhitClient({ fetch: fetchImpl, publicKey: PK, secretKey: SK });
    const error = await rejection(client.getAlert("x"));
    expect(error).toMatchObject({ status: 200, retryable: false, kind: "http" });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe("https://api.chargebackhit.com/api/v2/alerts/x");
  });
});
