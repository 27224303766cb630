/**
 * A STRICT in-memory fake of the parts of Astra's API we call, for tests and the simulator's
 * serve mode. Use `handle` directly as a fetch implementation
 *   fetch: (input, init) => fake.handle(new Request(input, init)).then((r) => r ?? new Response(null, { status: 404 }))
 * (see `fakeFetch`), or `listen()` to serve it over node:http for another process.
 *
 * Astra behaviour reproduced (digest §1, §4):
 * - POST /v1/oauth/token: HTTP Basic client_id:client_secret (401 `invalid_client` otherwise),
 *   form body only (400 `invalid_request`), `grant_type=refresh_token` only (400
 *   `unsupported_grant_type`; the code exchange is not faked), the CURRENT refresh token (a spent
 *   or unknown one → 400 `invalid_grant`), `redirect_uri` equal to the registered one (400
 *   `invalid_grant`). Each refresh issues a new access token AND a new refresh token, and
 *   invalidates the previous access token (only the newest is valid). Refreshes are counted.
 * - GET /v1/transfers/{id}: a current, unexpired Bearer token (401 otherwise), 404 for unknown ids,
 *   the stored transfer as JSON. Transfers are not tied to a client.
 * - Every /v1 answer carries a `Request-Id` header; other /v1 paths → 404, wrong methods → 405.
 * Paths outside /v1/ and /_sim/ → `handle` returns null.
 *
 * Control (methods, and the same over HTTP under /_sim/ so a separate process can drive it; the
 * fake has no auth on /_sim — never expose it beyond loopback):
 *   POST /_sim/clients        { clientId, clientSecret, redirectUri, refreshToken? } → 201 { clientId, refreshToken }
 *   POST /_sim/transfers      a transfer object with `id`, or an array of them → 201 { ids }
 *   POST /_sim/fail           { count?=1, status?, network?, delayMs?, retryAfterSeconds?, path? }
 *                             the next `count` /v1 calls (whose path starts with `path`, if given)
 *                             are delayed by delayMs, then fail with `status` (JSON error body,
 *                             Retry-After when given) or a dropped connection (`network: true`);
 *                             delay only → answered normally after the delay → 200 { queued }
 *   POST /_sim/expire-tokens  { clientId? } expires the current access token(s) → 200
 *   POST /_sim/reset-calls    clears recorded calls and pending failures → 200
 *   GET  /_sim/calls          → { calls: RecordedCall[], refreshes: number } (no secrets or tokens)
 *
 * Transfer shape used by the simulator (consistent with transfer.ts; any object with an `id` can be
 * stored): { id, amount: "<dollars>", currency: "USD", status, type, created_at, updated_at,
 * action_status, dispute_status, chargebacks: [{ id, amount, action_status, dispute_status,
 * created_at, updated_at }] }.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { fakeFetch, listenFake } from "@/lib/providers/fake-server";

export type FakeClient = {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** the current (only valid) refresh token */
  refreshToken: string;
  /** the current (only valid) access token, null before the first refresh */
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
  spentRefreshTokens: Set<string>;
  refreshes: number;
};

export type FakeFailureRule = {
  /** how many matching calls this rule affects (default 1) */
  count?: number;
  status?: number;
  /** drop the connection instead of answering (fetch rejects) */
  network?: boolean;
  delayMs?: number;
  retryAfterSeconds?: number;
  /** only calls whose path starts with this (e.g. "/v1/transfers") */
  path?: string;
};

export type RecordedCall = {
  at: string;
  method: string;
  path: string;
  /** null when the connection was dropped */
  status: number | null;
  requestId: string | null;
  clientId?: string;
  grantType?: string;
  /** e.g. "ok", "invalid_client", "invalid_grant:spent", "injected", "unauthorized", "not_found" */
  outcome: string;
};

export type AstraFakeState = {
  clients: Map<string, FakeClient>;
  transfers: Map<string, Record<string, unknown>>;
  failures: (FakeFailureRule & { remaining: number })[];
  calls: RecordedCall[];
  refreshCount: number;
};

export type AstraFakeOptions = {
  now?: () => Date;
  /** expires_in of issued access tokens (default 3600) */
  accessTokenTtlSeconds?: number;
  /** omit expires_in from token answers (the client must default it) */
  omitExpiresIn?: boolean;
};

export type AddClientInput = { clientId: string; clientSecret: string; redirectUri: string; refreshToken?: string };

export type AstraFakeApi = {
  handle(req: Request): Promise<Response | null>;
  state: AstraFakeState;
  addClient(input: AddClientInput): { clientId: string; refreshToken: string };
  putTransfer(transfer: Record<string, unknown>): void;
  failNext(rule: FakeFailureRule): void;
  expireAccessTokens(clientId?: string): void;
  /** token refreshes granted (all clients, or one) */
  refreshCount(clientId?: string): number;
  calls(): RecordedCall[];
  /** a fetch implementation backed by `handle` (unknown paths → 404) */
  fetch: typeof fetch;
  /** serves the fake over node:http on 127.0.0.1 (port 0 = random) */
  listen(port?: number): Promise<{ url: string; close(): Promise<void> }>;
};

/** Thrown by `handle` to simulate a dropped connection (fetch rejects with it). */
export class FakeNetworkError extends TypeError {
  constructor() {
    super("fetch failed (simulated network error)");
    this.name = "FakeNetworkError";
  }
}

function token(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

function delay(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function readJson(req: Request): Promise<unknown> {
  try {
    return JSON.parse(await req.text()) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

export function createAstraFakeApi(options: AstraFakeOptions = {}): AstraFakeApi {
  const now = options.now ?? (() => new Date());
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  const state: AstraFakeState = { clients: new Map(), transfers: new Map(), failures: [], calls: [], refreshCount: 0 };

  function addClient(input: AddClientInput) {
    const refreshToken = input.refreshToken ?? token("rt");
    state.clients.set(input.clientId, {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      redirectUri: input.redirectUri,
      refreshToken,
      accessToken: null,
      accessTokenExpiresAt: null,
      spentRefreshTokens: new Set(),
      refreshes: 0,
    });
    return { clientId: input.clientId, refreshToken };
  }

  function putTransfer(transfer: Record<string, unknown>) {
    const id = transfer.id;
    if (typeof id !== "string" && typeof id !== "number") throw new TypeError("a transfer needs an id");
    state.transfers.set(String(id), structuredClone(transfer));
  }

  function failNext(rule: FakeFailureRule) {
    state.failures.push({ ...rule, remaining: Math.max(1, Math.floor(rule.count ?? 1)) });
  }

  function expireAccessTokens(clientId?: string) {
    for (const client of state.clients.values()) {
      if (clientId === undefined || client.clientId === clientId) client.accessTokenExpiresAt = new Date(0);
    }
  }

  function record(call: Omit<RecordedCall, "at">) {
    state.calls.push({ at: now().toISOString(), ...call });
  }

  /** The first pending failure rule for a path, consumed by one. */
  function takeFailure(path: string) {
    const index = state.failures.findIndex((f) => f.remaining > 0 && (f.path === undefined || path.startsWith(f.path)));
    if (index < 0) return null;
    const rule = state.failures[index]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) state.failures.splice(index, 1);
    return rule;
  }

  async function oauthToken(req: Request, requestId: string, path: string): Promise<Response> {
    const headers = { "request-id": requestId };
    const answer = (status: number, body: unknown, extra: Partial<RecordedCall> & { outcome: string }, more: Record<string, string> = {}) => {
      record({ method: req.method, path, status, requestId, ...extra });
      return json(status, body, { ...headers, ...more, "cache-control": "no-store" });
    };
    if (req.method !== "POST") return answer(405, { error: "method_not_allowed" }, { outcome: "method_not_allowed" });

    const auth = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.get("authorization")?.trim() ?? "");
    const decoded = auth ? Buffer.from(auth[1]!, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    const clientId = colon >= 0 ? decoded.slice(0, colon) : "";
    const client = state.clients.get(clientId);
    if (!auth || colon < 0 || !client || client.clientSecret !== decoded.slice(colon + 1)) {
      return answer(401, { error: "invalid_client" }, { outcome: "invalid_client" }, { "www-authenticate": 'Basic realm="astra"' });
    }
    if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return answer(400, { error: "invalid_request", error_description: "form body expected" }, { clientId, outcome: "invalid_request" });
    }
    const form = new URLSearchParams(await req.text());
    const grantType = form.get("grant_type") ?? "";
    if (grantType !== "refresh_token") {
      return answer(400, { error: "unsupported_grant_type" }, { clientId, grantType, outcome: "unsupported_grant_type" });
    }
    const presented = form.get("refresh_token") ?? "";
    if (presented === "" || presented !== client.refreshToken) {
      const why = client.spentRefreshTokens.has(presented) ? "spent" : "unknown";
      return answer(400, { error: "invalid_grant", error_description: `refresh token ${why}` }, { clientId, grantType, outcome: `invalid_grant:${why}` });
    }
    if (form.get("redirect_uri") !== client.redirectUri) {
      return answer(400, { error: "invalid_grant", error_description: "redirect_uri mismatch" }, { clientId, grantType, outcome: "invalid_grant:redirect_uri" });
    }
    client.spentRefreshTokens.add(client.refreshToken);
    client.refreshToken = token("rt");
    client.accessToken = token("at"); // the previous access token is now invalid
    client.accessTokenExpiresAt = new Date(now().getTime() + ttl * 1000);
    client.refreshes += 1;
    state.refreshCount += 1;
    const body: Record<string, unknown> = { access_token: client.accessToken, token_type: "Bearer", refresh_token: client.refreshToken };
    if (!options.omitExpiresIn) body.expires_in = ttl;
    return answer(200, body, { clientId, grantType, outcome: "ok" });
  }

  function bearerClient(req: Request): FakeClient | null {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization")?.trim() ?? "");
    if (!m) return null;
    for (const client of state.clients.values()) {
      if (client.accessToken !== null && client.accessToken === m[1]) {
        return client.accessTokenExpiresAt && client.accessTokenExpiresAt.getTime() > now().getTime() ? client : null;
      }
    }
    return null;
  }

  function transfers(req: Request, requestId: string, path: string): Response {
    const headers = { "request-id": requestId };
    const answer = (status: number, body: unknown, outcome: string, clientId?: string) => {
      record({ method: req.method, path, status, requestId, outcome, ...(clientId ? { clientId } : {}) });
      return json(status, body, headers);
    };
    const m = /^\/v1\/transfers\/([^/]+)$/.exec(path);
    if (!m) return answer(404, { error: "not_found" }, "not_found");
    if (req.method !== "GET") return answer(405, { error: "method_not_allowed" }, "method_not_allowed");
    const client = bearerClient(req);
    if (!client) return answer(401, { error: "unauthorized" }, "unauthorized");
    let id: string;
    try {
      id = decodeURIComponent(m[1]!);
    } catch {
      return answer(404, { error: "not_found" }, "not_found", client.clientId);
    }
    const transfer = state.transfers.get(id);
    if (!transfer) return answer(404, { error: "not_found" }, "not_found", client.clientId);
    return answer(200, transfer, "ok", client.clientId);
  }

  async function api(req: Request, path: string): Promise<Response> {
    const requestId = `req_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
    const failure = takeFailure(path);
    if (failure) {
      if (failure.delayMs) await delay(failure.delayMs, req.signal);
      if (failure.network) {
        record({ method: req.method, path, status: null, requestId: null, outcome: "injected:network" });
        throw new FakeNetworkError();
      }
      if (failure.status) {
        record({ method: req.method, path, status: failure.status, requestId, outcome: "injected" });
        const extra: Record<string, string> = { "request-id": requestId };
        if (failure.retryAfterSeconds !== undefined) extra["retry-after"] = String(failure.retryAfterSeconds);
        return json(failure.status, { error: failure.status === 429 ? "too_many_requests" : "injected_failure" }, extra);
      }
    }
    if (path === "/v1/oauth/token") return oauthToken(req, requestId, path);
    if (path.startsWith("/v1/transfers/")) return transfers(req, requestId, path);
    record({ method: req.method, path, status: 404, requestId, outcome: "not_found" });
    return json(404, { error: "not_found" }, { "request-id": requestId });
  }

  async function sim(req: Request, path: string): Promise<Response> {
    const body = req.method === "POST" ? await readJson(req) : undefined;
    if (path === "/_sim/calls" && req.method === "GET") return json(200, { calls: state.calls, refreshes: state.refreshCount });
    if (req.method !== "POST") return json(405, { error: "method_not_allowed" });
    switch (path) {
      case "/_sim/clients": {
        if (!isRecord(body) || !nonEmpty(body.clientId) || !nonEmpty(body.clientSecret) || !nonEmpty(body.redirectUri)) {
          return json(400, { error: "clientId, clientSecret and redirectUri are required" });
        }
        const created = addClient({
          clientId: body.clientId,
          clientSecret: body.clientSecret,
          redirectUri: body.redirectUri,
          refreshToken: nonEmpty(body.refreshToken) ? body.refreshToken : undefined,
        });
        return json(201, created);
      }
      case "/_sim/transfers": {
        const list = Array.isArray(body) ? body : [body];
        if (list.length === 0 || !list.every((t) => isRecord(t) && (nonEmpty(t.id) || typeof t.id === "number"))) {
          return json(400, { error: "a transfer object with an id (or an array of them) is required" });
        }
        for (const t of list as Record<string, unknown>[]) putTransfer(t);
        return json(201, { ids: (list as Record<string, unknown>[]).map((t) => String(t.id)) });
      }
      case "/_sim/fail": {
        if (!isRecord(body)) return json(400, { error: "a JSON object is required" });
        const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
        const status = num(body.status);
        if (status !== undefined && (status < 100 || status > 599)) return json(400, { error: "status must be an HTTP status" });
        const rule: FakeFailureRule = {
          count: num(body.count),
          status,
          network: body.network === true,
          delayMs: num(body.delayMs),
          retryAfterSeconds: num(body.retryAfterSeconds),
          path: typeof body.path === "string" ? body.path : undefined,
        };
        failNext(rule);
        return json(200, { queued: state.failures.length });
      }
      case "/_sim/expire-tokens": {
        expireAccessTokens(isRecord(body) && nonEmpty(body.clientId) ? body.clientId : undefined);
        return json(200, { ok: true });
      }
      case "/_sim/reset-calls": {
        state.calls.length = 0;
        state.failures.length = 0;
        return json(200, { ok: true });
      }
      default:
        return json(404, { error: "not_found" });
    }
  }

  async function handle(req: Request): Promise<Response | null> {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/v1/")) return api(req, path);
    if (path.startsWith("/_sim/")) return sim(req, path);
    return null;
  }

  const fakeFetchImpl = fakeFetch(handle);

  const listen = (port = 0) =>
    listenFake(handle, {
      port,
      notFound: () => json(404, { error: "not_found" }),
      internalError: () => json(500, { error: "fake_api_error" }),
      dropsConnection: (error) => error instanceof FakeNetworkError,
    });

  return {
    handle,
    state,
    addClient,
    putTransfer,
    failNext,
    expireAccessTokens,
    refreshCount: (clientId?: string) => (clientId === undefined ? state.refreshCount : (state.clients.get(clientId)?.refreshes ?? 0)),
    calls: () => state.calls.map((c) => ({ ...c })),
    fetch: fakeFetchImpl,
    listen,
  };
}

/** The simulator's serve mode mounts every provider's `createFakeApi` under /<provider>. */
export const createFakeApi = createAstraFakeApi;
