/**
 * A small ChargebackStop API client (digest §2–§6): Bearer API key, JSON in and out, `fetch`
 * injected (the context's fetch in the app, the fake API's `handle` in tests). No database here.
 *
 * Every call: a 10 s timeout per attempt (AbortSignal.timeout, body included), `onResponse` after
 * every attempt (method, path, status, duration; never the key or a body), and a retry policy:
 * - reads (GET): up to 3 attempts with exponential backoff (+ jitter) on network errors, timeouts,
 *   5xx and 429 (`Retry-After` honoured, seconds or an HTTP date; a wait longer than
 *   `maxRetryAfterMs` is not slept through: the retryable error is thrown for the caller to
 *   schedule). Other 4xx are never retried.
 * - PATCH /v1/alerts/{id} (`updateAlert`): NEVER retried here. A PATCH that timed out may have
 *   been applied (a refund!); the outbox reconciles (GET the alert) before any resend.
 * - POST /v2/enrolments (`createEnrolment`): retried only when the request surely was not
 *   processed (429, or the connection was refused): a retry after a timeout or a 5xx could create
 *   a second enrolment.
 *
 * Failures are `ChargebackStopApiError { status (0 = no answer), kind, retryable, requestSent,
 * body, code, providerMessage, retryAfterSeconds }`. `kind: "timeout"` = no answer in time after
 * the request went out (it may have been applied); `kind: "network"` = no answer for another
 * reason, with `requestSent: false` only when the connection itself failed (refused, DNS, TLS):
 * a connection dropped after the request was written is `requestSent: true`.
 */
import { z } from "zod";
import type { ProviderApiContext } from "@/lib/providers/types";

export const CHARGEBACKSTOP_DEFAULT_BASE_URL = "https://api.chargebackstop.com";
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Largest page the provider serves (digest §7: assumed 100). */
export const MAX_PAGE_LIMIT = 100;
/** `iterate` stops after this many pages (the result says it was truncated). */
export const DEFAULT_MAX_PAGES = 100;
const MAX_ERROR_BODY_CHARS = 2000;
const MAX_MESSAGE_CHARS = 500;

/** PATCH /v1/alerts/{id} `action` values (digest §6.1). */
export const ALERT_ACTIONS = ["REFUND", "CANCEL", "REFUND_AND_CANCEL", "ACCEPT_DISPUTE"] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];
export function isAlertAction(value: unknown): value is AlertAction {
  return typeof value === "string" && (ALERT_ACTIONS as readonly string[]).includes(value);
}

/** POST /v2/enrolments `type` values known to us (ETHOCA_ALERT confirmed; the Verifi ones from seed 003). */
export const ENROLMENT_TYPES = ["ETHOCA_ALERT", "VERIFI_RDR", "VERIFI_ORDER_INSIGHT"] as const;
export type EnrolmentType = (typeof ENROLMENT_TYPES)[number];

// ───────────────────────────── errors ─────────────────────────────

export type ChargebackStopErrorKind = "timeout" | "network" | "http" | "malformed";

export class ChargebackStopApiError extends Error {
  /** HTTP status; 0 when no answer arrived (timeout, network error) */
  readonly status: number;
  readonly kind: ChargebackStopErrorKind;
  /** a transient failure (timeout, network, 5xx, 429): the same call may succeed later */
  readonly retryable: boolean;
  /** false only when the request certainly did not reach the provider (connection refused, DNS, TLS) */
  readonly requestSent: boolean;
  /** response body (truncated), null when none */
  readonly body: string | null;
  /** the provider's error code (e.g. MERCHANTS_DIFFERENT_ORGANISATIONS), when the body names one */
  readonly code: string | null;
  /** the provider's error message, when the body carries one */
  readonly providerMessage: string | null;
  /** Retry-After of a 429/5xx, in seconds */
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    init: {
      status: number;
      kind: ChargebackStopErrorKind;
      retryable: boolean;
      requestSent: boolean;
      body?: string | null;
      code?: string | null;
      providerMessage?: string | null;
      retryAfterSeconds?: number | null;
      cause?: unknown;
    },
  ) {
    super(message, { cause: init.cause });
    this.name = "ChargebackStopApiError";
    this.status = init.status;
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.requestSent = init.requestSent;
    this.body = init.body ?? null;
    this.code = init.code ?? null;
    this.providerMessage = init.providerMessage ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** the parsed JSON body, or null */
  json(): unknown {
    return this.body === null ? null : parseJson(this.body);
  }
}

// ───────────────────────────── options ─────────────────────────────

export type ChargebackStopResponseInfo = {
  method: string;
  /** URL path only (no host, no query) */
  path: string;
  /** HTTP status, null when no answer arrived */
  status: number | null;
  attempt: number;
  durationMs: number;
  /** "timeout" | "network" when no answer arrived */
  error?: string;
};

/** Tuning shared by the client and the outcomes/api factories (tests shorten timeouts, stub sleeps). */
export type ChargebackStopClientTuning = {
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

export type ChargebackStopClientOptions = ChargebackStopClientTuning & {
  fetch: typeof fetch;
  /** e.g. https://api.chargebackstop.com (a path prefix is kept: the simulator serves under /chargebackstop) */
  baseUrl: string;
  apiKey: string;
  onResponse?: (info: ChargebackStopResponseInfo) => void;
};

/** Which failures a call retries: everything transient, only what surely was not processed, nothing. */
type RetryPolicy = "transient" | "unsent" | "none";

// ───────────────────────────── helpers ─────────────────────────────

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Retry-After as seconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v);
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** The provider's message and code from an error body (`{ message | detail | error, code }`). */
export function providerError(body: unknown): { message: string | null; code: string | null } {
  if (!isRecord(body)) return { message: null, code: null };
  const pick = (v: unknown): string | null => {
    if (typeof v === "string" && v.trim() !== "") return v.trim().slice(0, MAX_MESSAGE_CHARS);
    // FastAPI-style validation details: [{ msg, loc }]
    if (Array.isArray(v)) {
      const parts = v.map((item) => (isRecord(item) && typeof item.msg === "string" ? item.msg : typeof item === "string" ? item : null)).filter((s): s is string => !!s);
      return parts.length ? parts.join("; ").slice(0, MAX_MESSAGE_CHARS) : null;
    }
    return null;
  };
  const nested = isRecord(body.error) ? body.error : null;
  const message = pick(body.message) ?? pick(body.detail) ?? pick(nested?.message) ?? pick(body.error) ?? pick(body.error_description);
  const rawCode = body.code ?? nested?.code;
  const code = typeof rawCode === "string" && rawCode.trim() !== "" ? rawCode.trim().slice(0, 120) : null;
  return { message, code };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || (error.name === "AbortError" && /timeout/i.test(error.message)));
}

/** Error codes that mean the connection was never established, so the request was not sent. */
const CONNECT_FAILURE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** True when a fetch rejection certainly happened before the request was written (fetch wraps the cause). */
export function isConnectFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): boolean => {
    if (!e || typeof e !== "object" || depth > 4 || seen.has(e)) return false;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECT_FAILURE_CODES.has(code)) return true;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => visit(inner, depth + 1))) return true;
    return visit((e as { cause?: unknown }).cause, depth + 1);
  };
  return visit(error, 0);
}

function backoffMs(attempt: number, o: ChargebackStopClientTuning): number {
  const base = o.baseDelayMs ?? 250;
  const delay = Math.min(o.maxDelayMs ?? 5000, base * 2 ** (attempt - 1));
  const random = (o.random ?? Math.random)();
  return Math.round(delay * (0.5 + 0.5 * Math.min(Math.max(random, 0), 1)));
}

// ───────────────────────────── pages ─────────────────────────────

export type Page = { items: unknown[]; count: number | null };

const pageSchema = z.object({
  items: z.array(z.unknown()),
  count: z.number().int().nonnegative().nullish(),
});

export type PageRequest = { limit: number; offset: number };

export type IterateResult = {
  items: unknown[];
  pages: number;
  /** stopped at the page cap with more items announced */
  truncated: boolean;
};

/**
 * Walks limit/offset pages from offset 0 until `offset + items.length >= count` (count = total
 * matches, digest §7), an empty page, a short page when no count is given, or `maxPages`.
 */
export async function iterate(fetchPage: (page: PageRequest) => Promise<Page>, options: { limit?: number; maxPages?: number } = {}): Promise<IterateResult> {
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(options.limit ?? MAX_PAGE_LIMIT)));
  const maxPages = Math.max(1, Math.floor(options.maxPages ?? DEFAULT_MAX_PAGES));
  const items: unknown[] = [];
  let offset = 0;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage({ limit, offset });
    items.push(...page.items);
    const done = page.items.length === 0 || (page.count !== null ? offset + page.items.length >= page.count : page.items.length < limit);
    if (done) return { items, pages, truncated: false };
    if (pages >= maxPages) return { items, pages, truncated: true };
    offset += page.items.length;
  }
}

// ───────────────────────────── the client ─────────────────────────────

export type AlertListParams = {
  status?: string;
  organisation_id?: string;
  merchant_id?: string;
  /** ISO 8601 or a Date */
  alert_received_at_gte?: string | Date;
  alert_received_at_lte?: string | Date;
  /** `-alert_received_at` (provider default), `alert_received_at`, `-action_required_deadline`, `action_required_deadline` */
  sort?: string;
  limit: number;
  offset: number;
};

export type AlertUpdate = { action?: AlertAction; note?: string | null };

export type EnrolmentCreate = { merchant_ids: string[]; type: string } & Record<string, unknown>;

export type MerchantListParams = { organisation_id?: string; limit: number; offset: number };

type Query = Record<string, string | number | Date | null | undefined>;

type Answer = { status: number; text: string };

export type ChargebackStopClient = ReturnType<typeof createChargebackStopClient>;

export function createChargebackStopClient(options: ChargebackStopClientOptions) {
  const base = (options.baseUrl.trim() || CHARGEBACKSTOP_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => new Date());

  function urlFor(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null || value === "") continue;
      params.set(key, value instanceof Date ? value.toISOString() : String(value));
    }
    const qs = params.toString();
    return `${base}${path}${qs ? `?${qs}` : ""}`;
  }

  async function call(method: string, path: string, init: { query?: Query; body?: unknown; retry: RetryPolicy }): Promise<Answer> {
    const maxAttempts = init.retry === "none" ? 1 : Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const url = urlFor(path, init.query);
    const pathname = new URL(url).pathname;
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, accept: "application/json" };
    let body: string | undefined;
    if (init.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.body);
    }
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        const fetchImpl = options.fetch; // called unbound: some fetch implementations check `this`
        const response = await fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
        status = response.status;
        retryAfter = response.headers.get("retry-after");
        text = await response.text();
      } catch (cause) {
        const kind = isTimeout(cause) ? "timeout" : "network";
        const requestSent = kind === "timeout" || !isConnectFailure(cause);
        options.onResponse?.({ method, path: pathname, status: null, attempt, durationMs: Date.now() - started, error: kind });
        const what = kind === "timeout" ? "timed out" : requestSent ? "connection lost" : "connection failed";
        const error = new ChargebackStopApiError(`ChargebackStop ${method} ${pathname}: ${what}`, { status: 0, kind, retryable: true, requestSent, cause });
        const mayRetry = init.retry === "transient" || (init.retry === "unsent" && !requestSent);
        if (!mayRetry || attempt >= maxAttempts) throw error;
        await sleep(backoffMs(attempt, options));
        continue;
      }
      options.onResponse?.({ method, path: pathname, status, attempt, durationMs: Date.now() - started });
      if (status >= 200 && status < 300) return { status, text };

      const retryable = status === 429 || status >= 500;
      const retryAfterSeconds = parseRetryAfter(retryAfter, now());
      const { message, code } = providerError(parseJson(text));
      const error = new ChargebackStopApiError(`ChargebackStop ${method} ${pathname}: HTTP ${status}${message ? ` (${message})` : ""}`, {
        status,
        kind: "http",
        retryable,
        requestSent: true,
        body: text.slice(0, MAX_ERROR_BODY_CHARS),
        code,
        providerMessage: message,
        retryAfterSeconds,
      });
      const mayRetry = init.retry === "transient" ? retryable : init.retry === "unsent" ? status === 429 : false;
      if (!mayRetry || attempt >= maxAttempts) throw error;
      if (retryAfterSeconds !== null && retryAfterSeconds * 1000 > (options.maxRetryAfterMs ?? 30_000)) throw error;
      await sleep(retryAfterSeconds !== null ? retryAfterSeconds * 1000 : backoffMs(attempt, options));
    }
  }

  function malformed(answer: Answer, what: string, why: string): ChargebackStopApiError {
    return new ChargebackStopApiError(`ChargebackStop ${what}: ${why}`, {
      status: answer.status,
      kind: "malformed",
      retryable: false,
      requestSent: true,
      body: answer.text.slice(0, MAX_ERROR_BODY_CHARS),
    });
  }

  function object(answer: Answer, what: string): Record<string, unknown> {
    const json = parseJson(answer.text);
    if (!isRecord(json)) throw malformed(answer, what, "the answer is not a JSON object");
    return json;
  }

  function page(answer: Answer, what: string): Page {
    const parsed = pageSchema.safeParse(parseJson(answer.text));
    if (!parsed.success) throw malformed(answer, what, "the answer is not a page ({ items, count })");
    return { items: parsed.data.items, count: parsed.data.count ?? null };
  }

  const id = (value: string) => encodeURIComponent(value);

  return {
    /** GET /v1/alerts/{id} */
    async getAlert(alertId: string): Promise<Record<string, unknown>> {
      return object(await call("GET", `/v1/alerts/${id(alertId)}`, { retry: "transient" }), "GET /v1/alerts/{id}");
    },

    /** GET /v1/alerts (one page) */
    async listAlerts(params: AlertListParams): Promise<Page> {
      return page(await call("GET", "/v1/alerts", { query: params, retry: "transient" }), "GET /v1/alerts");
    },

    /**
     * PATCH /v1/alerts/{id} `{ action?, note? }`: one attempt, never retried here. Resolves with
     * the 2xx status and the parsed body (null when it is not JSON: the action was applied anyway).
     */
    async updateAlert(alertId: string, update: AlertUpdate): Promise<{ status: number; body: unknown }> {
      const payload: Record<string, unknown> = {};
      if (update.action !== undefined) payload.action = update.action;
      if (update.note !== undefined) payload.note = update.note;
      const answer = await call("PATCH", `/v1/alerts/${id(alertId)}`, { body: payload, retry: "none" });
      return { status: answer.status, body: parseJson(answer.text) ?? null };
    },

    /** GET /v2/enrolments (one page; partner-level keys only) */
    async listEnrolments(params: PageRequest & { organisation_id?: string }): Promise<Page> {
      return page(await call("GET", "/v2/enrolments", { query: params, retry: "transient" }), "GET /v2/enrolments");
    },

    /** GET /v2/enrolments/{id} */
    async getEnrolment(enrolmentId: string): Promise<Record<string, unknown>> {
      return object(await call("GET", `/v2/enrolments/${id(enrolmentId)}`, { retry: "transient" }), "GET /v2/enrolments/{id}");
    },

    /** POST /v2/enrolments `{ merchant_ids, type, …config }`: retried only when surely not processed. */
    async createEnrolment(input: EnrolmentCreate): Promise<Record<string, unknown>> {
      return object(await call("POST", "/v2/enrolments", { body: input, retry: "unsent" }), "POST /v2/enrolments");
    },

    /** GET /v1/merchants (one page; partner-level keys only) */
    async listMerchants(params: MerchantListParams): Promise<Page> {
      return page(await call("GET", "/v1/merchants", { query: params, retry: "transient" }), "GET /v1/merchants");
    },

    iterate,
  };
}

/** The client for an outcome/sync context: the connection's base URL, the injected fetch, calls logged without secrets. */
export function clientFor(context: ProviderApiContext, apiKey: string, tuning: ChargebackStopClientTuning = {}): ChargebackStopClient {
  return createChargebackStopClient({
    now: () => context.now(),
    ...tuning,
    fetch: context.fetch,
    baseUrl: context.connection.apiBaseUrl,
    apiKey,
    onResponse: (info) => context.log("chargebackstop.api_call", { connectionId: context.connection.id, ...info }),
  });
}
