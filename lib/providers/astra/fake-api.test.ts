import { afterEach, describe, expect, it } from "vitest";
import { createAstraFakeApi } from "@/lib/providers/astra/fake-api";

const BASE = "http://astra.fake";
const CLIENT = { clientId: "cid_1", clientSecret: "csecret_1", redirectUri: "https://recourse.test/cb" };
const basic = (id = CLIENT.clientId, secret = CLIENT.clientSecret) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(`${BASE}/v1/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

function setup() {
  const fake = createAstraFakeApi();
  const { refreshToken } = fake.addClient(CLIENT);
  fake.putTransfer({ id: "tr_1", action_status: "Closed" });
  const refresh = async (rt: string, extra: Record<string, string> = {}) => {
    const res = (await fake.handle(tokenRequest({ grant_type: "refresh_token", refresh_token: rt, redirect_uri: CLIENT.redirectUri, ...extra })))!;
    return { status: res.status, body: (await res.json()) as Record<string, string>, headers: res.headers };
  };
  const transfer = async (token: string | null, id = "tr_1", method = "GET") => {
    const res = (await fake.handle(new Request(`${BASE}/v1/transfers/${id}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} })))!;
    return { status: res.status, body: (await res.json()) as unknown, requestId: res.headers.get("request-id") };
  };
  return { fake, refreshToken, refresh, transfer };
}

describe("fake Astra: OAuth token endpoint", () => {
  it("rotates both tokens on every refresh and counts refreshes", async () => {
    const { fake, refreshToken, refresh } = setup();
    const first = await refresh(refreshToken);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(first.body.refresh_token).not.toBe(refreshToken);
    expect(first.headers.get("request-id")).toMatch(/^req_/);
    const second = await refresh(first.body.refresh_token!);
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    expect(fake.refreshCount()).toBe(2);
    expect(fake.refreshCount("cid_1")).toBe(2);
  });

  it("refuses a used refresh token (invalid_grant)", async () => {
    const { refreshToken, refresh } = setup();
    await refresh(refreshToken);
    const again = await refresh(refreshToken);
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("requires correct Basic auth", async () => {
    const { fake, refreshToken } = setup();
    const form = { grant_type: "refresh_token", refresh_token: refreshToken, redirect_uri: CLIENT.redirectUri };
    for (const authorization of [basic(CLIENT.clientId, "wrong"), basic("other", CLIENT.clientSecret), "Bearer x", ""]) {
      const res = (await fake.handle(tokenRequest(form, { authorization })))!;
      expect(res.status, authorization).toBe(401);
    }
    expect(fake.refreshCount()).toBe(0);
  });

  it("requires the form body, grant_type=refresh_token and the registered redirect_uri", async () => {
    const { fake, refreshToken, refresh } = setup();
    const json = (await fake.handle(
      new Request(`${BASE}/v1/oauth/token`, { method: "POST", headers: { authorization: basic(), "content-type": "application/json" }, body: "{}" }),
    ))!;
    expect(json.status).toBe(400);
    expect(await refresh(refreshToken, { grant_type: "authorization_code" })).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    expect(await refresh(refreshToken, { redirect_uri: "https://evil.test/cb" })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect((await fake.handle(new Request(`${BASE}/v1/oauth/token`)))!.status).toBe(405);
    // none of those spent the refresh token
    expect((await refresh(refreshToken)).status).toBe(200);
  });
});

describe("fake Astra: transfers", () => {
  it("requires the CURRENT access token (only the newest is valid)", async () => {
    const { refreshToken, refresh, transfer } = setup();
    expect((await transfer(null)).status).toBe(401);
    const first = await refresh(refreshToken);
    const ok = await transfer(first.body.access_token!);
    expect(ok).toMatchObject({ status: 200, body: { id: "tr_1", action_status: "Closed" } });
    expect(ok.requestId).toMatch(/^req_/);
    const second = await refresh(first.body.refresh_token!);
    expect((await transfer(first.body.access_token!)).status).toBe(401);
    expect((await transfer(second.body.access_token!)).status).toBe(200);
  });

  it("rejects expired tokens", async () => {
    const { fake, refreshToken, refresh, transfer } = setup();
    const { body } = await refresh(refreshToken);
    fake.expireAccessTokens();
    expect((await transfer(body.access_token!)).status).toBe(401);
  });

  it("404 for unknown ids and paths, 405 for other methods", async () => {
    const { refreshToken, refresh, transfer, fake } = setup();
    const { body } = await refresh(refreshToken);
    expect((await transfer(body.access_token!, "tr_unknown")).status).toBe(404);
    expect((await transfer(body.access_token!, "tr_1", "DELETE")).status).toBe(405);
    const other = (await fake.handle(new Request(`${BASE}/v1/users`)))!;
    expect(other.status).toBe(404);
    expect(other.headers.get("request-id")).toMatch(/^req_/);
  });

  it("returns null outside /v1 and /_sim", async () => {
    const { fake } = setup();
    expect(await fake.handle(new Request(`${BASE}/api/webhooks/astra/x`))).toBeNull();
    expect(await fake.handle(new Request(`${BASE}/v1`))).toBeNull();
  });

  it("injects failures for the next N matching calls", async () => {
    const { fake, refreshToken, refresh, transfer } = setup();
    const { body } = await refresh(refreshToken);
    fake.failNext({ status: 500, count: 2, path: "/v1/transfers" });
    expect((await transfer(body.access_token!)).status).toBe(500);
    expect((await transfer(body.access_token!)).status).toBe(500);
    expect((await transfer(body.access_token!)).status).toBe(200);
    fake.failNext({ network: true });
    await expect(fake.handle(new Request(`${BASE}/v1/transfers/tr_1`))).rejects.toThrow(TypeError);
  });

  it("stores a copy of the transfer", () => {
    const { fake } = setup();
    const transfer = { id: "tr_2", nested: { a: 1 } };
    fake.putTransfer(transfer);
    transfer.nested.a = 2;
    expect(fake.state.transfers.get("tr_2")).toEqual({ id: "tr_2", nested: { a: 1 } });
  });
});

describe("fake Astra over HTTP (/_sim control)", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it("is driven by a separate process through /_sim and records calls without secrets", async () => {
    const fake = createAstraFakeApi();
    const server = await fake.listen(0);
    close = server.close;
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

    const client = await post("/_sim/clients", CLIENT);
    expect(client.status).toBe(201);
    const { refreshToken } = (await client.json()) as { refreshToken: string };
    expect((await post("/_sim/transfers", [{ id: "tr_9", action_status: "Closed" }])).status).toBe(201);
    expect((await post("/_sim/transfers", { nope: true })).status).toBe(400);
    expect((await post("/_sim/clients", { clientId: "x" })).status).toBe(400);

    const tokenRes = await fetch(`${server.url}/v1/oauth/token`, {
      method: "POST",
      headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, redirect_uri: CLIENT.redirectUri }),
    });
    const tokens = (await tokenRes.json()) as { access_token: string; refresh_token: string };

    expect((await post("/_sim/fail", { status: 502, count: 1 })).status).toBe(200);
    const failed = await fetch(`${server.url}/v1/transfers/tr_9`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(failed.status).toBe(502);
    const ok = await fetch(`${server.url}/v1/transfers/tr_9`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("request-id")).toMatch(/^req_/);
    expect(await ok.json()).toEqual({ id: "tr_9", action_status: "Closed" });

    await post("/_sim/fail", { network: true });
    await expect(fetch(`${server.url}/v1/transfers/tr_9`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).rejects.toThrow();

    expect((await post("/_sim/expire-tokens", {})).status).toBe(200);
    expect((await fetch(`${server.url}/v1/transfers/tr_9`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);

    const callsRes = await fetch(`${server.url}/_sim/calls`);
    const calls = (await callsRes.json()) as { calls: { path: string; status: number | null; outcome: string }[]; refreshes: number };
    expect(calls.refreshes).toBe(1);
    expect(calls.calls.map((c) => [c.path, c.status, c.outcome])).toEqual([
      ["/v1/oauth/token", 200, "ok"],
      ["/v1/transfers/tr_9", 502, "injected"],
      ["/v1/transfers/tr_9", 200, "ok"],
      ["/v1/transfers/tr_9", null, "injected:network"],
      ["/v1/transfers/tr_9", 401, "unauthorized"],
    ]);
    const text = JSON.stringify(calls);
    for (const secret of [CLIENT.clientSecret, refreshToken, tokens.access_token, tokens.refresh_token]) expect(text).not.toContain(secret);

    expect((await post("/_sim/reset-calls", {})).status).toBe(200);
    expect(((await (await fetch(`${server.url}/_sim/calls`)).json()) as { calls: unknown[] }).calls).toEqual([]);
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  });
});
