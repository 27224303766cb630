/**
 * A minimal Astra API client: the OAuth refresh and GET /v1/transfers/{id}. No database here:
 * the caller (tasks.ts) stores tokens. `fetch` is injected (ctx.fetch in tasks, the fake API in
 * tests).
 *
 * Every call: a 10 s timeout per attempt (AbortSignal.timeout, body included), the `Request-Id`
 * response header reported through `onResponse` (never a token or a body), up to 3 attempts with
 * exponential backoff (+ jitter) on network errors, timeouts, 5xx and 429 (`Retry-After` honoured,
 * seconds or an HTTP date; a wait longer than `maxRetryAfterMs` is not slept through in-process:
 * the error is thrown, retryable, for the job queue to retry later). No retry on other 4xx.
 * Failures are `AstraApiError { status (0 = no HTTP answer), retryable, requestId, body }`.
 *
 * Note on refresh retries: refresh tokens rotate, so if Astra processed a refresh but its answer
 * was lost, the retry is refused (`invalid_grant`) and the connection must be re-authorised. No
 * client can avoid that; not retrying would lose the answer just the same.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
const MAX_ERROR_BODY_CHARS = 2000;

export type AstraResponseInfo = {
  method: string;
  /** URL path only (no query, no host) */
  path: string;
  /** HTTP status, or null when no answer arrived */
  status: number | null;
  requestId: string | null;
  attempt: number;
  durationMs: number;
  /** "network" | "timeout" when no answer arrived */
  error?: string;
};

export type AstraClientOptions = {
  fetch: typeof fetch;
  /** called after every attempt, e.g. to log the Request-Id */
  onResponse?: (info: AstraResponseInfo) => void;
  timeoutMs?: number;
  maxAttempts?: number;
  /** first backoff delay; doubles per attempt (default 250 ms) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** longest Retry-After slept through in-process (default 30 s) */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** jitter source in [0, 1) (default Math.random) */
  random?: () => number;
  now?: () => Date;
};

export type AstraErrorKind = "http" | "network" | "timeout" | "malformed";

export class AstraApiError extends Error {
  /** HTTP status; 0 when no answer arrived (network error, timeout) */
  readonly status: number;
  readonly retryable: boolean;
  readonly requestId: string | null;
  /** response body (truncated), null when none */
  readonly body: string | null;
  readonly kind: AstraErrorKind;
  /** Retry-After of a 429/503, in seconds */
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    init: { status: number; retryable: boolean; requestId?: string | null; body?: string | null; kind: AstraErrorKind; retryAfterSeconds?: number | null; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.name = "AstraApiError";
    this.status = init.status;
    this.retryable = init.retryable;
    this.requestId = init.requestId ?? null;
    this.body = init.body ?? null;
    this.kind = init.kind;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

/** Retry-After as seconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v);
  // HTTP-date (IMF-fixdate), e.g. "Sun, 01 Jun 2025 12:00:30 GMT"; nothing looser.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || (error.name === "AbortError" && /timeout/i.test(error.message)));
}

function backoffMs(attempt: number, o: AstraClientOptions): number {
  const base = o.baseDelayMs ?? 250;
  const delay = Math.min(o.maxDelayMs ?? 5000, base * 2 ** (attempt - 1));
  const random = (o.random ?? Math.random)();
  return Math.round(delay * (0.5 + 0.5 * Math.min(Math.max(random, 0), 1)));
}

type Answer = { status: number; requestId: string | null; text: string };

/** One logical call with the retry policy above; resolves with a 2xx answer. */
async function call(method: string, url: string, init: RequestInit, o: AstraClientOptions): Promise<Answer> {
  const maxAttempts = Math.max(1, o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const sleep = o.sleep ?? defaultSleep;
  const now = o.now ?? (() => new Date());
  const path = new URL(url).pathname;
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    let status: number;
    let requestId: string | null;
    let text: string;
    let retryAfter: string | null;
    try {
      const fetchImpl = o.fetch; // called unbound: some fetch implementations check `this`
      const response = await fetchImpl(url, { ...init, method, signal: AbortSignal.timeout(o.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
      status = response.status;
      requestId = response.headers.get("request-id");
      retryAfter = response.headers.get("retry-after");
      text = await response.text();
    } catch (cause) {
      const kind = isTimeout(cause) ? "timeout" : "network";
      o.onResponse?.({ method, path, status: null, requestId: null, attempt, durationMs: Date.now() - started, error: kind });
      const error = new AstraApiError(`Astra ${method} ${path}: ${kind === "timeout" ? "timed out" : "network error"}`, { status: 0, retryable: true, kind, cause });
      if (attempt >= maxAttempts) throw error;
      await sleep(backoffMs(attempt, o));
      continue;
    }
    o.onResponse?.({ method, path, status, requestId, attempt, durationMs: Date.now() - started });
    if (status >= 200 && status < 300) return { status, requestId, text };

    const retryable = status === 429 || status >= 500;
    const retryAfterSeconds = parseRetryAfter(retryAfter, now());
    const error = new AstraApiError(`Astra ${method} ${path}: HTTP ${status}${requestId ? ` (Request-Id ${requestId})` : ""}`, {
      status,
      retryable,
      requestId,
      body: text.slice(0, MAX_ERROR_BODY_CHARS),
      kind: "http",
      retryAfterSeconds,
    });
    if (!retryable || attempt >= maxAttempts) throw error;
    if (retryAfterSeconds !== null && retryAfterSeconds * 1000 > (o.maxRetryAfterMs ?? 30_000)) throw error;
    await sleep(retryAfterSeconds !== null ? retryAfterSeconds * 1000 : backoffMs(attempt, o));
  }
}

function parseJsonAnswer(answer: Answer, what: string): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (cause) {
    throw new AstraApiError(`Astra ${what}: the answer is not JSON`, {
      status: answer.status,
      retryable: false,
      requestId: answer.requestId,
      body: answer.text.slice(0, MAX_ERROR_BODY_CHARS),
      kind: "malformed",
      cause,
    });
  }
}

// ───────────────────────────── OAuth ─────────────────────────────

export type RefreshInput = AstraClientOptions & {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  redirectUri: string;
};

export type TokenSet = {
  accessToken: string;
  /** the NEW refresh token (the old one is spent); the old one when Astra sends none */
  refreshToken: string;
  expiresAt: Date;
  requestId: string | null;
};

/**
 * POST {baseUrl}/v1/oauth/token, HTTP Basic client_id:client_secret, form body
 * `grant_type=refresh_token&refresh_token=…&redirect_uri=…`.
 */
export async function refreshAccessToken(input: RefreshInput): Promise<TokenSet> {
  const url = `${trimBase(input.baseUrl)}/v1/oauth/token`;
  const basic = Buffer.from(`${input.clientId}:${input.clientSecret}`, "utf8").toString("base64");
  const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: input.refreshToken, redirect_uri: input.redirectUri }).toString();
  const answer = await call(
    "POST",
    url,
    { headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body },
    input,
  );
  const json = parseJsonAnswer(answer, "POST /v1/oauth/token");
  const record = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const accessToken = typeof record.access_token === "string" && record.access_token !== "" ? record.access_token : null;
  if (!accessToken) {
    throw new AstraApiError("Astra POST /v1/oauth/token: no access_token in the answer", { status: answer.status, retryable: false, requestId: answer.requestId, kind: "malformed" });
  }
  const refreshToken = typeof record.refresh_token === "string" && record.refresh_token !== "" ? record.refresh_token : input.refreshToken;
  const rawExpiresIn = typeof record.expires_in === "string" ? Number(record.expires_in) : record.expires_in;
  const expiresIn = typeof rawExpiresIn === "number" && Number.isFinite(rawExpiresIn) && rawExpiresIn > 0 ? rawExpiresIn : DEFAULT_EXPIRES_IN_SECONDS;
  const now = (input.now ?? (() => new Date()))();
  return { accessToken, refreshToken, expiresAt: new Date(now.getTime() + expiresIn * 1000), requestId: answer.requestId };
}

// ───────────────────────────── transfers ─────────────────────────────

export type GetTransferInput = AstraClientOptions & { baseUrl: string; accessToken: string; transferId: string };

/** GET {baseUrl}/v1/transfers/{id} with the user's Bearer token; the parsed JSON. */
export async function getTransfer(input: GetTransferInput): Promise<{ transfer: unknown; requestId: string | null }> {
  const url = `${trimBase(input.baseUrl)}/v1/transfers/${encodeURIComponent(input.transferId)}`;
  const answer = await call("GET", url, { headers: { authorization: `Bearer ${input.accessToken}`, accept: "application/json" } }, input);
  return { transfer: parseJsonAnswer(answer, "GET /v1/transfers/{id}"), requestId: answer.requestId };
}
