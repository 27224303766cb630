/**
 * A Chargebackhit API v2 client (shared/providers/chargebackhit.md §1, §4). No database: keys and
 * `fetch` are injected (the ProviderApiContext in outcomes.ts / api.ts, the fake API in tests).
 *
 * Signing (§1): every request carries `public_key` and `signature` = base64(hex(HMAC-SHA512(secret,
 * public_key + body + public_key))) over the EXACT bytes sent: the body is stringified once and that
 * string is both signed and sent; a GET is signed over the empty string.
 *
 * Every call: a 10 s timeout per attempt (AbortSignal.timeout, body read included), `onResponse`
 * after every attempt (method, path, status, duration; never a key, a signature or a body), and a
 * retry policy chosen per endpoint:
 * - reads (GET alert, the lists): up to 3 attempts with exponential backoff (+ jitter) on network
 *   errors, timeouts, 5xx and 429 (`Retry-After` honoured, seconds or an HTTP date; a wait longer
 *   than `maxRetryAfterMs` is not slept through: the retryable error is thrown for the caller's
 *   queue to retry later). No retry on other 4xx;
 * - `updateOutcome`: NEVER retried here (one attempt): the outcome outbox decides, after
 *   reconciling an unknown result (reliability.md rows 26–29);
 * - `enrollMidBatch` (not idempotent: a lost answer retried would create a second import record):
 *   retried only when the request certainly did not reach Chargebackhit or was refused before
 *   processing: 429 and a refused connection / failed DNS lookup. DECISION, see the report.
 *
 * Failures are `ChargebackhitApiError { status (0 = no HTTP answer), kind, retryable, body }`;
 * `notSent` tells a refused connection (certainly not delivered) from other network errors (a
 * reset may come after the provider processed the request).
 *
 * Response envelopes: the official reference wraps answers in `data` (`{ "data": {…} }`,
 * `{ "data": [...], "pagination": {…} }`, seed 001); the third-party notes show them bare
 * (`{ alert, transaction, merchant }`, `{ items, pagination }`). Both are read.
 */
import { sign } from "@/lib/providers/chargebackhit/signature";
import type { ProviderApiContext } from "@/lib/providers/types";

export const CHARGEBACKHIT_DEFAULT_BASE_URL = "https://api.chargebackhit.com";
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Token-paginated walks stop after this many pages. */
export const MAX_PAGES = 100;
export const MAX_PAGE_LIMIT = 100;
const MAX_ERROR_BODY_CHARS = 2000;

/** The API paths (kept in one place: they are from third-party notes, digest §6). */
export const PATHS = {
  alert: (id: string) => `/api/v2/alerts/${encodeURIComponent(id)}`,
  updateOutcome: (id: string) => `/api/v2/alerts/${encodeURIComponent(id)}/update-outcome`,
  alertList: "/api/v2/alerts/list",
  merchantList: "/api/v2/merchants/list",
  caidList: "/api/v2/caids/list",
  midBatchCreate: "/api/v2/import/mids/batch-create",
  importList: "/api/v2/import/mids/list",
} as const;

// ───────────────────────────── options, errors ─────────────────────────────

export type ChargebackhitResponseInfo = {
  method: string;
  /** URL path only (no host, no query) */
  path: string;
  /** HTTP status, or null when no answer arrived */
  status: number | null;
  attempt: number;
  durationMs: number;
  /** "network" | "timeout" when no answer arrived */
  error?: string;
};

/** Timing and retry knobs (tests shorten them). */
export type ChargebackhitClientTuning = {
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

export type ChargebackhitClientOptions = ChargebackhitClientTuning & {
  fetch: typeof fetch;
  /** the connection's API base URL (default https://api.chargebackhit.com) */
  baseUrl?: string | null;
  publicKey: string;
  secretKey: string;
  /** called after every attempt, e.g. to log it */
  onResponse?: (info: ChargebackhitResponseInfo) => void;
};

export type ChargebackhitErrorKind = "timeout" | "network" | "http";

export class ChargebackhitApiError extends Error {
  /** HTTP status; 0 when no answer arrived (network error, timeout) */
  readonly status: number;
  readonly kind: ChargebackhitErrorKind;
  readonly retryable: boolean;
  /** response body (truncated), null when none */
  readonly body: string | null;
  /** Retry-After of a 429/5xx answer, in seconds */
  readonly retryAfterSeconds: number | null;
  /** `error.code` of the §4.6 error body, when present */
  readonly code: string | null;
  /** the request certainly did not reach Chargebackhit (connection refused, DNS failure) */
  readonly notSent: boolean;

  constructor(
    message: string,
    init: { status: number; kind: ChargebackhitErrorKind; retryable: boolean; body?: string | null; retryAfterSeconds?: number | null; code?: string | null; notSent?: boolean; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.name = "ChargebackhitApiError";
    this.status = init.status;
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.body = init.body ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.code = init.code ?? null;
    this.notSent = init.notSent ?? false;
  }
}

// ───────────────────────────── helpers ─────────────────────────────

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function trimBase(baseUrl: string | null | undefined): string {
  const base = typeof baseUrl === "string" && baseUrl.trim() !== "" ? baseUrl.trim() : CHARGEBACKHIT_DEFAULT_BASE_URL;
  return base.replace(/\/+$/, "");
}

/** Retry-After as seconds (delta-seconds or an IMF-fixdate); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v);
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || (error.name === "AbortError" && /timeout/i.test(error.message)));
}

/** Error codes meaning the request never left (or was never accepted by the peer). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Walks the `cause` chain (undici: TypeError("fetch failed", { cause: { code } })). */
export function networkCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function backoffMs(attempt: number, o: ChargebackhitClientTuning): number {
  const base = o.baseDelayMs ?? 250;
  const delay = Math.min(o.maxDelayMs ?? 5000, base * 2 ** (attempt - 1));
  const random = (o.random ?? Math.random)();
  return Math.round(delay * (0.5 + 0.5 * Math.min(Math.max(random, 0), 1)));
}

/** The §4.6 error body `{ error: { code, message, constraints } }` as one line; null when absent. */
export function errorMessageOf(body: string | null): { code: string | null; message: string | null } {
  if (body === null || body === "") return { code: null, message: null };
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch {
    return { code: null, message: null };
  }
  const error = isRecord(json) && isRecord(json.error) ? json.error : isRecord(json) ? json : null;
  if (!error) return { code: null, message: null };
  const code = typeof error.code === "string" ? error.code : null;
  let message = typeof error.message === "string" && error.message.trim() !== "" ? error.message.trim() : null;
  if (isRecord(error.constraints)) {
    const details = Object.entries(error.constraints)
      .map(([field, text]) => `${field}: ${typeof text === "string" ? text : JSON.stringify(text)}`)
      .join("; ");
    if (details) message = message ? `${message} (${details})` : details;
  }
  return { code, message: message === null ? null : message.slice(0, 500) };
}

// ───────────────────────────── one call ─────────────────────────────

/** Which failures a call retries: everything retryable, only "certainly not processed", or nothing. */
export type RetryPolicy = "all" | "not-processed" | "none";

type Answer = { status: number; text: string };

async function call(method: "GET" | "POST", path: string, payload: unknown, retry: RetryPolicy, o: ChargebackhitClientOptions): Promise<Answer> {
  const maxAttempts = retry === "none" ? 1 : Math.max(1, o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const sleep = o.sleep ?? defaultSleep;
  const now = o.now ?? (() => new Date());
  const url = `${trimBase(o.baseUrl)}${path}`;
  // Stringified ONCE: these exact bytes are signed and sent.
  const body = method === "GET" ? "" : JSON.stringify(payload);
  const headers: Record<string, string> = {
    accept: "application/json",
    public_key: o.publicKey,
    signature: sign(body, o.publicKey, o.secretKey),
  };
  if (method !== "GET") headers["content-type"] = "application/json";

  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const fetchImpl = o.fetch; // called unbound: some fetch implementations check `this`
      const response = await fetchImpl(url, {
        method,
        headers,
        body: method === "GET" ? undefined : body,
        signal: AbortSignal.timeout(o.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      text = await response.text();
    } catch (cause) {
      const kind = isTimeout(cause) ? "timeout" : "network";
      const code = kind === "network" ? networkCode(cause) : null;
      const notSent = code !== null && NOT_SENT_CODES.has(code);
      o.onResponse?.({ method, path, status: null, attempt, durationMs: Date.now() - started, error: kind });
      const error = new ChargebackhitApiError(
        `Chargebackhit ${method} ${path}: ${kind === "timeout" ? "timed out" : `network error${code ? ` (${code})` : ""}`}`,
        { status: 0, kind, retryable: true, notSent, cause },
      );
      const again = retry === "all" || (retry === "not-processed" && notSent);
      if (!again || attempt >= maxAttempts) throw error;
      await sleep(backoffMs(attempt, o));
      continue;
    }
    o.onResponse?.({ method, path, status, attempt, durationMs: Date.now() - started });
    if (status >= 200 && status < 300) return { status, text };

    const retryable = status === 429 || status >= 500;
    const retryAfterSeconds = parseRetryAfter(retryAfter, now());
    const truncated = text.slice(0, MAX_ERROR_BODY_CHARS);
    const { code, message } = errorMessageOf(text);
    const error = new ChargebackhitApiError(`Chargebackhit ${method} ${path}: HTTP ${status}${message ? `: ${message}` : ""}`, {
      status,
      kind: "http",
      retryable,
      body: truncated,
      retryAfterSeconds,
      code,
    });
    const again = retryable && (retry === "all" || (retry === "not-processed" && status === 429));
    if (!again || attempt >= maxAttempts) throw error;
    if (retryAfterSeconds !== null && retryAfterSeconds * 1000 > (o.maxRetryAfterMs ?? 30_000)) throw error;
    await sleep(retryAfterSeconds !== null ? retryAfterSeconds * 1000 : backoffMs(attempt, o));
  }
}

function parseJson(answer: Answer, what: string): unknown {
  if (answer.text.trim() === "") return null;
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (cause) {
    throw new ChargebackhitApiError(`Chargebackhit ${what}: the answer is not JSON`, {
      status: answer.status,
      kind: "http",
      retryable: false,
      body: answer.text.slice(0, MAX_ERROR_BODY_CHARS),
      cause,
    });
  }
}

// ───────────────────────────── envelopes ─────────────────────────────

/** `{ data: {…} }` → `{…}`; a bare object stays as is. */
export function unwrapObject(json: unknown): unknown {
  if (isRecord(json) && isRecord(json.data) && !("alert" in json)) return json.data;
  return json;
}

/** The list items of `{ data: [...] }`, `{ items: [...] }` or a bare array; [] otherwise. */
export function listItems(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (isRecord(json)) {
    if (Array.isArray(json.data)) return json.data;
    if (Array.isArray(json.items)) return json.items;
    if (isRecord(json.data) && Array.isArray(json.data.items)) return json.data.items;
  }
  return [];
}

function paginationOf(json: unknown): Record<string, unknown> {
  if (isRecord(json) && isRecord(json.pagination)) return json.pagination;
  if (isRecord(json) && isRecord(json.data) && isRecord(json.data.pagination)) return json.data.pagination;
  return {};
}

function tokenOf(pagination: Record<string, unknown>): string | null {
  const token = pagination.next_page_token;
  return typeof token === "string" && token !== "" ? token : null;
}

// ───────────────────────────── request shapes ─────────────────────────────

export type AlertListFilter = Partial<{
  ids: string[];
  merchant_ids: string[];
  merchant_internal_ids: string[];
  order_ids: string[];
  transaction_ids: string[];
  transaction_merchant_ids: string[];
  created_at_from: string;
  created_at_to: string;
  alert_date_from: string;
  alert_date_to: string;
  currencies: string[];
  types: string[];
  outcomes: string[];
  providers: string[];
  products: string[];
  bin: string;
  last_four: string;
  descriptors: string[];
}> &
  Record<string, unknown>;

export type SortSpec = { field: string; direction: "asc" | "desc" };
export type TokenPagination = { method: "token"; limit: number; page_token?: string };
export type OffsetPagination = { method: "offset"; limit: number; offset: number };

export type ListAlertsRequest = { filter?: AlertListFilter; sort?: SortSpec; pagination: TokenPagination };

export type TokenPage = { items: unknown[]; nextPageToken: string | null; raw: unknown };
export type OffsetPage = { items: unknown[]; total: number | null; raw: unknown };

/** The update-outcome body (a webhook answer: outcome + order data). */
export type UpdateOutcomeBody = {
  outcome: string;
  order?: { order_id?: string; refund?: { amount: string; currency: string } } & Record<string, unknown>;
} & Record<string, unknown>;

/** One MID object of the batch enrolment (digest §4.4). */
export type MidObject = {
  descriptor: string;
  required_products: string[];
  merchant_internal_id?: string;
  card_acceptor_id?: string;
  acquirer_bin?: string;
  psp_name?: string;
  mcc?: string;
  description?: string;
  arns?: string[];
} & Record<string, unknown>;

// ───────────────────────────── the client ─────────────────────────────

export type ChargebackhitClient = ReturnType<typeof createChargebackhitClient>;

export function createChargebackhitClient(options: ChargebackhitClientOptions) {
  if (!options.publicKey) throw new TypeError("Chargebackhit client: a public key is required");
  if (!options.secretKey) throw new TypeError("Chargebackhit client: a secret key is required");

  async function listAlerts(request: ListAlertsRequest): Promise<TokenPage> {
    const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(request.pagination.limit)));
    const body = { ...request, pagination: { method: "token", limit, page_token: request.pagination.page_token ?? "" } };
    const json = parseJson(await call("POST", PATHS.alertList, body, "all", options), "POST alerts/list");
    return { items: listItems(json), nextPageToken: tokenOf(paginationOf(json)), raw: json };
  }

  return {
    /** GET /api/v2/alerts/{id} → `{ alert, transaction, merchant }` (the webhook's shape). */
    async getAlert(id: string): Promise<unknown> {
      const json = parseJson(await call("GET", PATHS.alert(id), undefined, "all", options), "GET alerts/{id}");
      return unwrapObject(json);
    },

    /** POST /api/v2/alerts/list: one page. */
    listAlerts,

    /**
     * Every page of an alert list, following `next_page_token` (an empty/absent token ends the
     * walk; a token seen before also ends it); at most `maxPages` pages (default 100).
     */
    async *iterateAlerts(request: Omit<ListAlertsRequest, "pagination"> & { limit?: number; maxPages?: number }): AsyncGenerator<TokenPage> {
      const maxPages = Math.min(MAX_PAGES, Math.max(1, request.maxPages ?? MAX_PAGES));
      const seen = new Set<string>();
      let token = "";
      for (let page = 0; page < maxPages; page++) {
        const result = await listAlerts({ filter: request.filter, sort: request.sort, pagination: { method: "token", limit: request.limit ?? MAX_PAGE_LIMIT, page_token: token } });
        yield result;
        if (result.nextPageToken === null || seen.has(result.nextPageToken)) return;
        seen.add(result.nextPageToken);
        token = result.nextPageToken;
      }
    },

    /**
     * POST /api/v2/alerts/{id}/update-outcome → the updated alert (unwrapped). ONE attempt: never
     * retried inside the client.
     */
    async updateOutcome(id: string, body: UpdateOutcomeBody): Promise<unknown> {
      const json = parseJson(await call("POST", PATHS.updateOutcome(id), body, "none", options), "POST alerts/{id}/update-outcome");
      return unwrapObject(json);
    },

    /** POST /api/v2/merchants/list (offset pagination). */
    async listMerchants(request: { filter?: Record<string, unknown>; offset?: number; limit?: number } = {}): Promise<OffsetPage> {
      const body = {
        filter: request.filter ?? {},
        pagination: { method: "offset", limit: Math.min(MAX_PAGE_LIMIT, Math.max(1, request.limit ?? MAX_PAGE_LIMIT)), offset: Math.max(0, request.offset ?? 0) },
      };
      const json = parseJson(await call("POST", PATHS.merchantList, body, "all", options), "POST merchants/list");
      const total = paginationOf(json).total;
      return { items: listItems(json), total: typeof total === "number" ? total : null, raw: json };
    },

    /** POST /api/v2/caids/list (token pagination). */
    async listCaids(request: { filter?: Record<string, unknown>; limit?: number; page_token?: string } = {}): Promise<TokenPage> {
      const body = {
        filter: request.filter ?? {},
        pagination: { method: "token", limit: Math.min(MAX_PAGE_LIMIT, Math.max(1, request.limit ?? MAX_PAGE_LIMIT)), page_token: request.page_token ?? "" },
      };
      const json = parseJson(await call("POST", PATHS.caidList, body, "all", options), "POST caids/list");
      return { items: listItems(json), nextPageToken: tokenOf(paginationOf(json)), raw: json };
    },

    /**
     * POST /api/v2/import/mids/batch-create with a JSON ARRAY body → the import records created.
     * Retried only on 429 and a refused connection (not idempotent).
     */
    async enrollMidBatch(mids: MidObject[]): Promise<{ records: unknown[]; raw: unknown }> {
      const json = parseJson(await call("POST", PATHS.midBatchCreate, mids, "not-processed", options), "POST import/mids/batch-create");
      return { records: listItems(json), raw: json };
    },

    /** POST /api/v2/import/mids/list (offset pagination) → import records with their status. */
    async listImports(request: { offset?: number; limit?: number; filter?: Record<string, unknown> } = {}): Promise<OffsetPage> {
      const body = {
        filter: request.filter ?? {},
        pagination: { method: "offset", limit: Math.min(MAX_PAGE_LIMIT, Math.max(1, request.limit ?? MAX_PAGE_LIMIT)), offset: Math.max(0, request.offset ?? 0) },
      };
      const json = parseJson(await call("POST", PATHS.importList, body, "all", options), "POST import/mids/list");
      const total = paginationOf(json).total;
      return { items: listItems(json), total: typeof total === "number" ? total : null, raw: json };
    },
  };
}

// ───────────────────────────── from a connection ─────────────────────────────

/**
 * The client for a connection: `connection.publicKey`, the newest `secret_key`, the connection's
 * API base URL (default https://api.chargebackhit.com), `context.fetch`, every attempt logged as
 * `chargebackhit.api` (no keys, no bodies). `{ ok: false }` when a key is missing.
 */
export async function clientFromContext(
  context: ProviderApiContext,
  tuning: ChargebackhitClientTuning = {},
): Promise<{ ok: true; client: ChargebackhitClient } | { ok: false; message: string }> {
  const publicKey = context.connection.publicKey?.trim() ?? "";
  if (publicKey === "") return { ok: false, message: "The Chargebackhit connection has no public key." };
  const secretKey = await context.secrets.get("secret_key");
  if (!secretKey) return { ok: false, message: "The Chargebackhit connection has no secret key." };
  const client = createChargebackhitClient({
    now: () => context.now(),
    ...tuning,
    fetch: context.fetch,
    baseUrl: context.connection.apiBaseUrl,
    publicKey,
    secretKey,
    onResponse: (info) => context.log("chargebackhit.api", { connectionId: context.connection.id, ...info }),
  });
  return { ok: true, client };
}
