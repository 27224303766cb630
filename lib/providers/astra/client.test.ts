import { describe, expect, it } from "vitest";
import { AstraApiError, getTransfer, parseRetryAfter, refreshAccessToken, type AstraClientOptions, type AstraResponseInfo } from "@/lib/providers/astra/client";
import { createAstraFakeApi } from "@/lib/providers/astra/fake-api";

const BASE = "https://api-sandbox.astra.finance";
const CLIENT = { clientId: "cid_1", clientSecret: "csecret_1", redirectUri: "https://recourse.test/oauth/astra" };
const NOW = new Date("2025-06-01T12:00:00.000Z");

function setup(fakeOptions: Parameters<typeof createAstraFakeApi>[0] = {}) {
  const fake = createAstraFakeApi({ now: () => NOW, ...fakeOptions });
  const { refreshToken } = fake.addClient(CLIENT);
  fake.putTransfer({ id: "tr_1", amount: "10.00", action_status: "Closed" });
  const sleeps: number[] = [];
  const responses: AstraResponseInfo[] = [];
  const options: AstraClientOptions = {
    fetch: fake.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 1,
    now: () => NOW,
    onResponse: (info) => responses.push(info),
  };
  const refresh = (rt = refreshToken) => refreshAccessToken({ ...options, baseUrl: BASE, ...CLIENT, refreshToken: rt });
  return { fake, options, sleeps, responses, refreshToken, refresh };
}

async function authed(fakeOptions?: Parameters<typeof createAstraFakeApi>[0]) {
  const s = setup(fakeOptions);
  const tokens = await s.refresh();
  s.sleeps.length = 0;
  s.responses.length = 0;
  const get = (transferId = "tr_1") => getTransfer({ ...s.options, baseUrl: BASE, accessToken: tokens.accessToken, transferId });
  return { ...s, tokens, get };
}

async function rejection(promise: Promise<unknown>): Promise<AstraApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AstraApiError);
    return error as AstraApiError;
  }
  throw new Error("expected a rejection");
}

describe("refreshAccessToken", () => {
  it("POSTs the form with Basic auth and returns the NEW tokens", async () => {
    const { refresh, refreshToken, fake } = setup();
    const tokens = await refresh();
    expect(tokens.accessToken).toBe(fake.state.clients.get("cid_1")!.accessToken);
    expect(tokens.refreshToken).not.toBe(refreshToken);
    expect(tokens.refreshToken).toBe(fake.state.clients.get("cid_1")!.refreshToken);
    expect(tokens.expiresAt).toEqual(new Date(NOW.getTime() + 3600_000));
    expect(tokens.requestId).toMatch(/^req_/);
    expect(fake.refreshCount()).toBe(1);
  });

  it("defaults expires_in to 3600 s when absent", async () => {
    const { refresh } = setup({ omitExpiresIn: true, accessTokenTtlSeconds: 60 });
    expect((await refresh()).expiresAt).toEqual(new Date(NOW.getTime() + 3600_000));
  });

  it("sends exactly the documented request", async () => {
    const seen: Request[] = [];
    const fetchSpy = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return new Response(JSON.stringify({ access_token: "at", refresh_token: "rt2", expires_in: 10 }), { status: 200, headers: { "request-id": "req_x" } });
    }) as typeof fetch;
    const tokens = await refreshAccessToken({ fetch: fetchSpy, baseUrl: `${BASE}/`, ...CLIENT, refreshToken: "rt1", now: () => NOW });
    const req = seen[0]!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe(`${BASE}/v1/oauth/token`);
    expect(req.headers.get("authorization")).toBe(`Basic ${Buffer.from("cid_1:csecret_1").toString("base64")}`);
    expect(req.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(await req.text()).toBe(`grant_type=refresh_token&refresh_token=rt1&redirect_uri=${encodeURIComponent(CLIENT.redirectUri)}`);
    expect(tokens).toEqual({ accessToken: "at", refreshToken: "rt2", expiresAt: new Date(NOW.getTime() + 10_000), requestId: "req_x" });
  });

  it("a used refresh token is refused with invalid_grant (no retry)", async () => {
    const { refresh, refreshToken, fake } = setup();
    await refresh();
    const error = await rejection(refresh(refreshToken));
    expect(error).toMatchObject({ status: 400, retryable: false, kind: "http" });
    expect(JSON.parse(error.body!)).toMatchObject({ error: "invalid_grant" });
    expect(fake.calls().filter((c) => c.path === "/v1/oauth/token")).toHaveLength(2);
  });

  it("wrong client credentials → 401, not retried", async () => {
    const { options, refreshToken, fake } = setup();
    const error = await rejection(refreshAccessToken({ ...options, baseUrl: BASE, ...CLIENT, clientSecret: "wrong", refreshToken }));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(fake.calls()).toHaveLength(1);
  });

  it("an answer without access_token is malformed", async () => {
    const fetchSpy = (async () => new Response("{}", { status: 200 })) as unknown as typeof fetch;
    const error = await rejection(refreshAccessToken({ fetch: fetchSpy, baseUrl: BASE, ...CLIENT, refreshToken: "rt" }));
    expect(error).toMatchObject({ kind: "malformed", retryable: false });
  });
});

describe("getTransfer", () => {
  it("GETs the transfer with the Bearer token and reports the Request-Id", async () => {
    const { get, responses } = await authed();
    const result = await get();
    expect(result.transfer).toEqual({ id: "tr_1", amount: "10.00", action_status: "Closed" });
    expect(result.requestId).toMatch(/^req_/);
    expect(responses).toEqual([{ method: "GET", path: "/v1/transfers/tr_1", status: 200, requestId: result.requestId, attempt: 1, durationMs: expect.any(Number) }]);
  });

  it("500 then 200 → one success after one backoff", async () => {
    const { get, fake, sleeps, responses } = await authed();
    fake.failNext({ status: 500 });
    const result = await get();
    expect(result.transfer).toMatchObject({ id: "tr_1" });
    expect(sleeps).toEqual([250]);
    expect(responses.map((r) => r.status)).toEqual([500, 200]);
    expect(responses[0]!.requestId).toMatch(/^req_/);
  });

  it("backs off exponentially and gives up after 3 attempts", async () => {
    const { get, fake, sleeps } = await authed();
    fake.failNext({ status: 503, count: 5 });
    const error = await rejection(get());
    expect(error).toMatchObject({ status: 503, retryable: true, kind: "http" });
    expect(error.requestId).toMatch(/^req_/);
    expect(sleeps).toEqual([250, 500]);
    expect(fake.calls().filter((c) => c.path.startsWith("/v1/transfers"))).toHaveLength(3);
  });

  it("404 → no retry", async () => {
    const { get, fake, sleeps } = await authed();
    const error = await rejection(get("tr_missing"));
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect(sleeps).toEqual([]);
    expect(fake.calls().filter((c) => c.path.startsWith("/v1/transfers"))).toHaveLength(1);
  });

  it("401 (bad token) → no retry", async () => {
    const { options, fake } = await authed();
    const error = await rejection(getTransfer({ ...options, baseUrl: BASE, accessToken: "nope", transferId: "tr_1" }));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(fake.calls().filter((c) => c.path.startsWith("/v1/transfers"))).toHaveLength(1);
  });

  it("429 with Retry-After: waits that long, then succeeds", async () => {
    const { get, fake, sleeps } = await authed();
    fake.failNext({ status: 429, retryAfterSeconds: 2 });
    await get();
    expect(sleeps).toEqual([2000]);
  });

  it("429 with a Retry-After beyond the in-process limit → thrown at once, retryable", async () => {
    const { get, fake, sleeps } = await authed();
    fake.failNext({ status: 429, retryAfterSeconds: 120 });
    const error = await rejection(get());
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 120 });
    expect(sleeps).toEqual([]);
  });

  it("network error → retried", async () => {
    const { get, fake, sleeps, responses } = await authed();
    fake.failNext({ network: true });
    await get();
    expect(sleeps).toEqual([250]);
    expect(responses.map((r) => r.error ?? r.status)).toEqual(["network", 200]);
  });

  it("network errors on every attempt → status 0, retryable", async () => {
    const { get, fake } = await authed();
    fake.failNext({ network: true, count: 3 });
    expect(await rejection(get())).toMatchObject({ status: 0, retryable: true, kind: "network" });
  });

  it("times out a slow answer and retries", async () => {
    const { fake, options, tokens, responses } = await authed();
    fake.failNext({ delayMs: 500 });
    const result = await getTransfer({ ...options, timeoutMs: 50, baseUrl: BASE, accessToken: tokens.accessToken, transferId: "tr_1" });
    expect(result.transfer).toMatchObject({ id: "tr_1" });
    expect(responses.map((r) => r.error ?? r.status)).toEqual(["timeout", 200]);
  });

  it("uses a 10 s timeout by default", async () => {
    let signal: AbortSignal | null | undefined;
    const fetchSpy = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal;
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    await getTransfer({ fetch: fetchSpy, baseUrl: BASE, accessToken: "a", transferId: "t" });
    expect(signal).toBeInstanceOf(AbortSignal);
  });

  it("a non-JSON 200 answer is malformed (not retried)", async () => {
    let calls = 0;
    const fetchSpy = (async () => {
      calls++;
      return new Response("<html>", { status: 200 });
    }) as unknown as typeof fetch;
    expect(await rejection(getTransfer({ fetch: fetchSpy, baseUrl: BASE, accessToken: "a", transferId: "t" }))).toMatchObject({ kind: "malformed", retryable: false });
    expect(calls).toBe(1);
  });

  it("encodes the transfer id in the path", async () => {
    const seen: string[] = [];
    const fetchSpy = (async (input: RequestInfo | URL) => {
      seen.push(String(input));
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    await getTransfer({ fetch: fetchSpy, baseUrl: BASE, accessToken: "a", transferId: "a/b?c" });
    expect(seen).toEqual([`${BASE}/v1/transfers/a%2Fb%3Fc`]);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("5", NOW)).toBe(5);
    expect(parseRetryAfter(new Date(NOW.getTime() + 30_000).toUTCString(), NOW)).toBe(30);
    expect(parseRetryAfter(new Date(NOW.getTime() - 30_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter("soon-ish 1", NOW)).toBeNull();
    expect(parseRetryAfter("-1", NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});
