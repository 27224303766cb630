/**
 * A STRICT in-memory fake of the parts of Chargebackhit's API v2 we call, for tests and the
 * simulator's serve mode (`npm run simulate -- serve` mounts it under /chargebackhit). Use
 * `handle` (or `fetch`, which answers 404 for unknown paths) as a fetch implementation, or
 * `listen()` to serve it over node:http on 127.0.0.1 for another process.
 *
 * Behaviour (digest §1, §4; seed 001):
 * - Auth on every /api/ call: a `public_key` header naming a known account and a `signature` over
 *   the EXACT body bytes received (a GET over the empty body), verified with the same code that
 *   checks webhooks → 401 `unauthorized` otherwise. No key material is ever answered or recorded.
 * - Alerts and import records belong to an account: another account's id → 404 `not_found`.
 * - Errors use the §4.6 shape `{ error: { code, message, constraints? } }`. POST bodies must be
 *   `application/json` (415) and valid JSON (400 `bad_request`); unknown paths → 404, wrong
 *   methods → 405.
 * - GET /api/v2/alerts/{id} → the stored webhook-shaped body `{ alert, transaction, merchant }`,
 *   `alert.outcome` current.
 * - POST /api/v2/alerts/list: `filter` (ids, types, outcomes, providers, products, currencies,
 *   merchant_ids, merchant_internal_ids, created_at_from/to, alert_date_from/to; other keys are
 *   ignored), `sort` { field: created_at | alert_date, direction }, `pagination` { method "token",
 *   limit 1–100, page_token } (an unreadable token or a bad limit → 422). The last page answers
 *   `next_page_token: ""`.
 * - POST /api/v2/alerts/{id}/update-outcome: `outcome` must be one of the update-outcome enum
 *   (reversed, previously-reversed, decline, reverse-error, not-found, acknowledged, shipped) or
 *   `pending` (accepted as a no-op re-answer while pending: DECISION, the official enum of this
 *   endpoint omits it) → 422 `validation_error` with `constraints.outcome` otherwise; `order`
 *   optional (order_id a string, refund { amount decimal string, currency 3 letters }) → 422
 *   with constraints. Only `init-refund` alerts → 422 `validation_error` (constraints
 *   `alert.type`) for resolved and every other type. Only while the outcome is empty or `pending`:
 *   a second final outcome (even the same one) → 409 `outcome_already_set` (DECISION: 409, a
 *   state conflict, not a malformed request; either way it is a 4xx that is never retried). On
 *   success the outcome is stored and the updated `{ alert, transaction, merchant }` returned.
 * - POST /api/v2/import/mids/batch-create: a JSON ARRAY (1–500) of MID objects; every object is
 *   checked and the whole batch refused (422, constraints keyed `[i].field`) on any error:
 *   `descriptor` required; `required_products` a non-empty array of known products (ethoca, rdr,
 *   cdrn, oi, consumer-clarity, visa-dispute, visa-fraud, paypal); RDR needs `card_acceptor_id` +
 *   `acquirer_bin`, or 3–10 Visa ARNs; `acquirer_bin` 6 digits; `mcc` 4 digits; PayPal needs
 *   `paypal_merchant_id`. Creates import records with status `new` (each product `new` too) and
 *   answers them in order. `psp_name` is NOT required (the reference marks it required, but
 *   requirements depend on the products since 31 Jan 2024 and our request input has no PSP).
 * - POST /api/v2/import/mids/list: offset pagination (limit 1–100), filter `statuses`, `ids`;
 *   answers `pagination.total`.
 * - POST /api/v2/merchants/list (offset) → the merchants named by the account's alerts;
 *   POST /api/v2/caids/list (token) → one CAID per import record that reached `success`.
 * Answers are wrapped `{ "data": … }` like the official samples (option `envelope: "bare"`
 * answers `{ alert, … }`, `{ items, pagination }` and a bare array for batch-create instead).
 *
 * Control (methods, and over HTTP under /_sim/ with no auth; `listen` refuses /_sim/ from
 * anything but loopback — never expose it):
 *   POST /_sim/accounts              { publicKey, secretKey } → 201
 *   POST /_sim/alerts                { publicKey, alerts: [webhook bodies], createdAt? } (or one body
 *                                    `{ publicKey, alert, transaction, merchant }`) → 201 { ids }
 *   GET  /_sim/alerts/{id}           → { publicKey, body } (the stored alert, for assertions)
 *   POST /_sim/imports/{id}/status   { status, importMessage?, products?: { <product>: status } } → 200 { record }
 *   POST /_sim/fail                  { count?=1, status?, network? (true | "reset" | "refused"), delayMs?,
 *                                    phase? ("before" | "after"), retryAfterSeconds?, path? } → 200 { queued }
 *   GET  /_sim/calls                 → { calls } (method, path, status, account public key, outcome,
 *                                    and the parsed body of update-outcome calls; no secrets)
 *   POST /_sim/reset-calls           clears recorded calls and pending failures → 200
 * Failure rules apply to the next `count` /api/ calls whose path starts with `path`: phase
 * "before" (default) waits `delayMs` (a request aborted meanwhile is NOT processed), then fails
 * with `status` or a dropped connection, or (delay only) answers normally; phase "after"
 * processes the call FIRST (the outcome is stored), then waits and/or fails: the "applied but
 * the answer was lost" case. In-process, `network: "refused"` rejects like undici does for
 * ECONNREFUSED (nothing processed); over `listen` every network failure is a dropped socket.
 */
import { randomUUID } from "node:crypto";
import { PUBLIC_KEY_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/providers/chargebackhit/signature";
import type { FakeApiOptions, ProviderFakeApi } from "@/lib/providers/types";
import { fakeFetch, listenFake } from "@/lib/providers/fake-server";

// ───────────────────────────── types ─────────────────────────────

export type FakeAlertBody = { alert: Record<string, unknown> & { id: string; type: string }; transaction?: unknown; merchant?: unknown } & Record<string, unknown>;

export type FakeStoredAlert = { body: FakeAlertBody; createdAt: Date; updatedAt: Date; order: unknown };

export type FakeImportRecord = {
  id: string;
  status: string;
  import_message: string | null;
  descriptor: string;
  merchant_internal_id: string | null;
  card_acceptor_id: string | null;
  acquirer_bin: string | null;
  mcc: string | null;
  psp_name: string | null;
  description: string | null;
  required_products: string[];
  products: { product: string; status: string; failure_reason: string | null }[];
  card_id: string | null;
  created_at: string;
  updated_at: string;
};

export type FakeAccount = {
  publicKey: string;
  secretKey: string;
  alerts: Map<string, FakeStoredAlert>;
  imports: Map<string, FakeImportRecord>;
};

export type FakeFailureRule = {
  /** how many matching calls this rule affects (default 1) */
  count?: number;
  status?: number;
  /** drop the connection: true / "reset" (after sending), "refused" (never reached the fake) */
  network?: boolean | "reset" | "refused";
  delayMs?: number;
  /** "before" (default): fail/delay without processing; "after": process, then delay/fail */
  phase?: "before" | "after";
  retryAfterSeconds?: number;
  /** only calls whose path starts with this (e.g. "/api/v2/alerts") */
  path?: string;
};

export type RecordedCall = {
  at: string;
  method: string;
  path: string;
  /** null while unanswered or when the connection was dropped */
  status: number | null;
  /** the public key presented (not a secret) */
  account: string | null;
  /** "ok", "unauthorized:<reason>", "not_found", "validation_error", "outcome_already_set", "injected", … */
  outcome: string;
  /** the parsed body of update-outcome calls */
  body?: unknown;
};

export type ChargebackhitFakeOptions = FakeApiOptions & {
  /** "data" (default, like the official samples) or "bare" (like the third-party notes) */
  envelope?: "data" | "bare";
  /** accounts known from the start */
  accounts?: { publicKey: string; secretKey: string }[];
};

export type ChargebackhitFakeState = {
  accounts: Map<string, FakeAccount>;
  failures: (FakeFailureRule & { remaining: number })[];
  calls: RecordedCall[];
};

export type ChargebackhitFakeApi = ProviderFakeApi & {
  state: ChargebackhitFakeState;
  addAccount(input: { publicKey: string; secretKey: string }): void;
  /** stores webhook-shaped alert bodies for an account; returns their ids */
  putAlerts(publicKey: string, bodies: unknown[], options?: { createdAt?: Date }): string[];
  /** the stored alert body (a copy), or null */
  getAlert(publicKey: string, id: string): FakeAlertBody | null;
  /** the import record (a copy), or null */
  getImport(id: string): FakeImportRecord | null;
  /** moves an import record (and its products, unless given one by one) to a status */
  setImportStatus(id: string, input: { status: string; importMessage?: string | null; products?: Record<string, string> }): FakeImportRecord | null;
  failNext(rule: FakeFailureRule): void;
  calls(): RecordedCall[];
  resetCalls(): void;
  /** a fetch implementation backed by `handle` (unknown paths → 404) */
  fetch: typeof fetch;
  /** serves the fake over node:http on 127.0.0.1 (port 0 = random) */
  listen(port?: number): Promise<{ url: string; close(): Promise<void> }>;
};

/** Thrown by `handle` to simulate a dropped or refused connection (fetch rejects with it). */
export class FakeNetworkError extends TypeError {
  readonly mode: "reset" | "refused";
  constructor(mode: "reset" | "refused") {
    const code = mode === "refused" ? "ECONNREFUSED" : "ECONNRESET";
    super("fetch failed (simulated network error)", { cause: Object.assign(new Error(`simulated ${code}`), { code }) });
    this.name = "FakeNetworkError";
    this.mode = mode;
  }
}

// ───────────────────────────── constants, helpers ─────────────────────────────

/** update-outcome's enum (seed 001) plus `pending` (see the header). */
export const FAKE_UPDATE_OUTCOMES = ["reversed", "previously-reversed", "decline", "reverse-error", "not-found", "acknowledged", "shipped", "pending"] as const;
export const FAKE_PRODUCTS = ["ethoca", "rdr", "cdrn", "oi", "consumer-clarity", "visa-dispute", "visa-fraud", "paypal"] as const;
export const MAX_BATCH = 500;
const MAX_LIMIT = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : "");
const isFinal = (outcome: unknown) => lower(outcome) !== "" && lower(outcome) !== "pending";
const iso = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

function apiError(status: number, code: string, message: string, constraints?: Record<string, string>): Response {
  return json(status, { error: { code, message, ...(constraints ? { constraints } : {}) } });
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

function dateOf(value: unknown): Date | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function stringList(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string").map((v) => v.trim().toLowerCase());
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), "utf8").toString("base64url");
}

function decodeToken(token: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    return isRecord(parsed) && typeof parsed.o === "number" && Number.isSafeInteger(parsed.o) && parsed.o >= 0 ? parsed.o : null;
  } catch {
    return null;
  }
}

type Paging = { ok: true; limit: number; offset: number } | { ok: false; response: Response };

function readPaging(body: Record<string, unknown>, method: "token" | "offset"): Paging {
  const p = body.pagination === undefined ? {} : body.pagination;
  if (!isRecord(p)) return { ok: false, response: apiError(422, "validation_error", "Validation failed", { pagination: "must be an object" }) };
  if (p.method !== undefined && p.method !== method) {
    return { ok: false, response: apiError(422, "validation_error", "Validation failed", { "pagination.method": `must be "${method}"` }) };
  }
  const limit = p.limit === undefined ? MAX_LIMIT : p.limit;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { ok: false, response: apiError(422, "validation_error", "Validation failed", { "pagination.limit": `must be an integer from 1 to ${MAX_LIMIT}` }) };
  }
  if (method === "offset") {
    const offset = p.offset === undefined ? 0 : p.offset;
    if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) {
      return { ok: false, response: apiError(422, "validation_error", "Validation failed", { "pagination.offset": "must be a non-negative integer" }) };
    }
    return { ok: true, limit, offset };
  }
  const token = p.page_token === undefined || p.page_token === null ? "" : p.page_token;
  if (typeof token !== "string") return { ok: false, response: apiError(422, "validation_error", "Validation failed", { "pagination.page_token": "must be a string" }) };
  if (token === "") return { ok: true, limit, offset: 0 };
  const offset = decodeToken(token);
  if (offset === null) return { ok: false, response: apiError(422, "validation_error", "Validation failed", { "pagination.page_token": "invalid token" }) };
  return { ok: true, limit, offset };
}

// ───────────────────────────── the fake ─────────────────────────────

export function createChargebackhitFakeApi(options: ChargebackhitFakeOptions = {}): ChargebackhitFakeApi {
  const now = options.now ?? (() => new Date());
  const envelope = options.envelope ?? "data";
  const state: ChargebackhitFakeState = { accounts: new Map(), failures: [], calls: [] };

  const one = (value: unknown) => (envelope === "data" ? { data: value } : value);
  const many = (items: unknown[], pagination: Record<string, unknown>) => (envelope === "data" ? { data: items, pagination } : { items, pagination });

  function addAccount(input: { publicKey: string; secretKey: string }) {
    if (!nonEmpty(input.publicKey) || !nonEmpty(input.secretKey)) throw new TypeError("an account needs a public key and a secret key");
    const existing = state.accounts.get(input.publicKey);
    if (existing) existing.secretKey = input.secretKey;
    else state.accounts.set(input.publicKey, { publicKey: input.publicKey, secretKey: input.secretKey, alerts: new Map(), imports: new Map() });
  }
  for (const account of options.accounts ?? []) addAccount(account);

  function putAlerts(publicKey: string, bodies: unknown[], opts: { createdAt?: Date } = {}): string[] {
    const account = state.accounts.get(publicKey);
    if (!account) throw new TypeError(`unknown account ${publicKey}`);
    const valid = bodies.every((b) => isRecord(b) && isRecord(b.alert) && nonEmpty(b.alert.id) && nonEmpty(b.alert.type));
    if (!valid) throw new TypeError("every alert body needs alert.id and alert.type");
    const ids: string[] = [];
    for (const raw of bodies as FakeAlertBody[]) {
      const body = structuredClone(raw);
      const at = opts.createdAt ?? now();
      account.alerts.set(body.alert.id, { body, createdAt: at, updatedAt: at, order: null });
      ids.push(body.alert.id);
    }
    return ids;
  }

  function findImport(id: string): FakeImportRecord | null {
    for (const account of state.accounts.values()) {
      const record = account.imports.get(id);
      if (record) return record;
    }
    return null;
  }

  function setImportStatus(id: string, input: { status: string; importMessage?: string | null; products?: Record<string, string> }) {
    const record = findImport(id);
    if (!record) return null;
    const status = input.status.trim().toLowerCase();
    record.status = status;
    if (input.importMessage !== undefined) record.import_message = input.importMessage;
    const failed = status === "error" || status === "rejected";
    for (const product of record.products) {
      const own = input.products?.[product.product];
      product.status = own ?? status;
      const productFailed = own ? own === "error" || own === "rejected" : failed;
      product.failure_reason = productFailed ? (record.import_message ?? "failed") : null;
    }
    if (status === "success" && record.card_id === null) record.card_id = randomUUID();
    record.updated_at = iso(now());
    return structuredClone(record);
  }

  function failNext(rule: FakeFailureRule) {
    state.failures.push({ ...rule, remaining: Math.max(1, Math.floor(rule.count ?? 1)) });
  }

  function takeFailure(path: string) {
    const index = state.failures.findIndex((f) => f.remaining > 0 && (f.path === undefined || path.startsWith(f.path)));
    if (index < 0) return null;
    const rule = state.failures[index]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) state.failures.splice(index, 1);
    return rule;
  }

  // ───────────── API routes ─────────────

  function currentBody(stored: FakeStoredAlert): FakeAlertBody {
    return structuredClone(stored.body);
  }

  function getAlertRoute(account: FakeAccount, id: string, call: RecordedCall): Response {
    const stored = account.alerts.get(id);
    if (!stored) {
      call.outcome = "not_found";
      return apiError(404, "not_found", "Alert not found");
    }
    call.outcome = "ok";
    return json(200, one(currentBody(stored)));
  }

  function validateOutcomeBody(body: unknown): Record<string, string> {
    const constraints: Record<string, string> = {};
    if (!isRecord(body)) return { "(root)": "must be a JSON object" };
    if (body.outcome === undefined || body.outcome === null || body.outcome === "") constraints.outcome = "is required";
    else if (typeof body.outcome !== "string" || !(FAKE_UPDATE_OUTCOMES as readonly string[]).includes(body.outcome)) {
      constraints.outcome = `must be one of: ${FAKE_UPDATE_OUTCOMES.join(", ")}`;
    }
    if (body.order !== undefined && body.order !== null) {
      if (!isRecord(body.order)) constraints.order = "must be an object";
      else {
        const order = body.order;
        if (order.order_id !== undefined && (typeof order.order_id !== "string" || order.order_id.length > 255)) constraints["order.order_id"] = "must be a string of at most 255 characters";
        if (order.refund !== undefined && order.refund !== null) {
          if (!isRecord(order.refund)) constraints["order.refund"] = "must be an object";
          else {
            if (typeof order.refund.amount !== "string" || !/^\d{1,12}(\.\d{1,4})?$/.test(order.refund.amount)) constraints["order.refund.amount"] = "must be a decimal string such as \"49.99\"";
            if (typeof order.refund.currency !== "string" || !/^[A-Z]{3}$/.test(order.refund.currency)) constraints["order.refund.currency"] = "must be a 3-letter ISO 4217 code";
          }
        }
      }
    }
    return constraints;
  }

  function updateOutcomeRoute(account: FakeAccount, id: string, body: unknown, call: RecordedCall): Response {
    call.body = body;
    const stored = account.alerts.get(id);
    if (!stored) {
      call.outcome = "not_found";
      return apiError(404, "not_found", "Alert not found");
    }
    const constraints = validateOutcomeBody(body);
    if (Object.keys(constraints).length > 0) {
      call.outcome = "validation_error";
      return apiError(422, "validation_error", "Validation failed", constraints);
    }
    const { outcome, order } = body as { outcome: string; order?: unknown };
    if (lower(stored.body.alert.type) !== "init-refund") {
      call.outcome = "validation_error";
      return apiError(422, "validation_error", "Validation failed", { "alert.type": `outcomes are accepted only for init-refund alerts, not ${stored.body.alert.type}` });
    }
    const current = stored.body.alert.outcome;
    if (isFinal(current)) {
      call.outcome = "outcome_already_set";
      return apiError(409, "outcome_already_set", `The alert already has the final outcome "${String(current)}"; only a pending answer can be updated.`);
    }
    stored.body.alert.outcome = outcome;
    stored.order = order ?? null;
    stored.updatedAt = now();
    call.outcome = "ok";
    return json(200, one(currentBody(stored)));
  }

  function alertListRoute(account: FakeAccount, body: Record<string, unknown>, call: RecordedCall): Response {
    const paging = readPaging(body, "token");
    if (!paging.ok) {
      call.outcome = "validation_error";
      return paging.response;
    }
    const filter = isRecord(body.filter) ? body.filter : {};
    const ids = Array.isArray(filter.ids) ? new Set(filter.ids.filter((v): v is string => typeof v === "string")) : null;
    const types = stringList(filter.types);
    const outcomes = stringList(filter.outcomes);
    const providers = stringList(filter.providers);
    const products = stringList(filter.products);
    const currencies = stringList(filter.currencies);
    const merchantIds = Array.isArray(filter.merchant_ids) ? new Set(filter.merchant_ids) : null;
    const internalIds = Array.isArray(filter.merchant_internal_ids) ? new Set(filter.merchant_internal_ids) : null;
    const createdFrom = dateOf(filter.created_at_from);
    const createdTo = dateOf(filter.created_at_to);
    const dateFrom = dateOf(filter.alert_date_from);
    const dateTo = dateOf(filter.alert_date_to);
    const sort = isRecord(body.sort) ? body.sort : {};
    const byDate = sort.field === "alert_date" || sort.field === "date";
    const asc = sort.direction === "asc";

    const rows = [...account.alerts.values()].filter((s) => {
      const a = s.body.alert;
      const merchant = isRecord(s.body.merchant) ? s.body.merchant : {};
      if (ids && !ids.has(a.id)) return false;
      if (types && !types.includes(lower(a.type))) return false;
      if (outcomes && !outcomes.includes(lower(a.outcome))) return false;
      if (providers && !providers.includes(lower(a.provider))) return false;
      if (products && !products.includes(lower(a.product))) return false;
      if (currencies && !currencies.includes(lower(a.currency))) return false;
      if (merchantIds && !merchantIds.has(merchant.id)) return false;
      if (internalIds && !internalIds.has(merchant.internal_id)) return false;
      if (createdFrom && s.createdAt < createdFrom) return false;
      if (createdTo && s.createdAt > createdTo) return false;
      const alertDate = dateOf(a.date);
      if (dateFrom && (!alertDate || alertDate < dateFrom)) return false;
      if (dateTo && (!alertDate || alertDate > dateTo)) return false;
      return true;
    });
    const key = (s: FakeStoredAlert) => (byDate ? (dateOf(s.body.alert.date)?.getTime() ?? 0) : s.createdAt.getTime());
    rows.sort((x, y) => (asc ? key(x) - key(y) : key(y) - key(x)) || x.body.alert.id.localeCompare(y.body.alert.id));
    const page = rows.slice(paging.offset, paging.offset + paging.limit);
    const next = paging.offset + page.length < rows.length ? encodeToken(paging.offset + page.length) : "";
    call.outcome = "ok";
    return json(200, many(page.map(currentBody), { limit: paging.limit, next_page_token: next }));
  }

  function merchantListRoute(account: FakeAccount, body: Record<string, unknown>, call: RecordedCall): Response {
    const paging = readPaging(body, "offset");
    if (!paging.ok) {
      call.outcome = "validation_error";
      return paging.response;
    }
    const filter = isRecord(body.filter) ? body.filter : {};
    const ids = Array.isArray(filter.ids) ? new Set(filter.ids) : null;
    const internalIds = Array.isArray(filter.internal_ids) ? new Set(filter.internal_ids) : null;
    const merchants = new Map<string, Record<string, unknown>>();
    for (const stored of account.alerts.values()) {
      const m = stored.body.merchant;
      if (isRecord(m) && nonEmpty(m.id) && !merchants.has(m.id)) merchants.set(m.id, structuredClone(m));
    }
    const rows = [...merchants.values()].filter((m) => (!ids || ids.has(m.id)) && (!internalIds || internalIds.has(m.internal_id)));
    call.outcome = "ok";
    return json(200, many(rows.slice(paging.offset, paging.offset + paging.limit), { method: "offset", limit: paging.limit, offset: paging.offset, total: rows.length }));
  }

  function caidListRoute(account: FakeAccount, body: Record<string, unknown>, call: RecordedCall): Response {
    const paging = readPaging(body, "token");
    if (!paging.ok) {
      call.outcome = "validation_error";
      return paging.response;
    }
    const rows = [...account.imports.values()]
      .filter((r) => r.card_id !== null)
      .map((r) => ({
        id: r.card_id,
        merchant_id: null,
        internal_id: r.merchant_internal_id,
        card_acceptor_id: r.card_acceptor_id,
        acquirer_bin: r.acquirer_bin,
        descriptor: r.descriptor,
        mcc: r.mcc,
        status: "active",
        products: r.products.filter((p) => p.status === "success").map((p) => p.product),
      }));
    const page = rows.slice(paging.offset, paging.offset + paging.limit);
    const next = paging.offset + page.length < rows.length ? encodeToken(paging.offset + page.length) : "";
    call.outcome = "ok";
    return json(200, many(page, { limit: paging.limit, next_page_token: next }));
  }

  function validateMid(item: unknown, i: number, constraints: Record<string, string>) {
    const at = (field: string) => `[${i}].${field}`;
    if (!isRecord(item)) {
      constraints[`[${i}]`] = "must be an object";
      return;
    }
    if (!nonEmpty(item.descriptor)) constraints[at("descriptor")] = "is required";
    else if (item.descriptor.length > 255) constraints[at("descriptor")] = "must be at most 255 characters";
    const products = item.required_products;
    if (!Array.isArray(products) || products.length === 0) constraints[at("required_products")] = "must be a non-empty array";
    else {
      const unknown = products.filter((p) => typeof p !== "string" || !(FAKE_PRODUCTS as readonly string[]).includes(p));
      if (unknown.length > 0) constraints[at("required_products")] = `unknown product(s): ${unknown.map(String).join(", ")}; known: ${FAKE_PRODUCTS.join(", ")}`;
    }
    for (const field of ["merchant_internal_id", "psp_name", "description", "card_acceptor_id", "acquirer_bin", "mcc", "paypal_merchant_id"]) {
      if (item[field] !== undefined && item[field] !== null && typeof item[field] !== "string") constraints[at(field)] = "must be a string";
    }
    if (typeof item.acquirer_bin === "string" && !/^\d{6}$/.test(item.acquirer_bin)) constraints[at("acquirer_bin")] = "must be 6 digits";
    if (typeof item.card_acceptor_id === "string" && (item.card_acceptor_id.trim() === "" || item.card_acceptor_id.length > 15)) constraints[at("card_acceptor_id")] = "must be 1 to 15 characters";
    if (typeof item.mcc === "string" && !/^\d{4}$/.test(item.mcc)) constraints[at("mcc")] = "must be 4 digits";
    let arnsOk = false;
    if (item.arns !== undefined && item.arns !== null) {
      const arns = item.arns;
      arnsOk = Array.isArray(arns) && arns.length >= 3 && arns.length <= 10 && arns.every((a) => typeof a === "string" && /^.4.{21}$/.test(a));
      if (!arnsOk) constraints[at("arns")] = "must be 3 to 10 ARNs of 23 characters (Visa: the second is 4)";
    }
    const list = Array.isArray(products) ? products : [];
    if (list.includes("rdr") && !(nonEmpty(item.card_acceptor_id) && nonEmpty(item.acquirer_bin)) && !arnsOk) {
      constraints[at("card_acceptor_id")] ??= "rdr needs card_acceptor_id and acquirer_bin (or Visa arns)";
      constraints[at("acquirer_bin")] ??= "rdr needs card_acceptor_id and acquirer_bin (or Visa arns)";
    }
    if (list.includes("paypal") && !nonEmpty(item.paypal_merchant_id)) constraints[at("paypal_merchant_id")] = "paypal needs paypal_merchant_id";
  }

  function batchCreateRoute(account: FakeAccount, body: unknown, call: RecordedCall): Response {
    if (!Array.isArray(body)) {
      call.outcome = "validation_error";
      return apiError(422, "validation_error", "Validation failed", { "(root)": "must be an array of MID objects" });
    }
    if (body.length === 0 || body.length > MAX_BATCH) {
      call.outcome = "validation_error";
      return apiError(422, "validation_error", "Validation failed", { "(root)": `must hold 1 to ${MAX_BATCH} MID objects` });
    }
    const constraints: Record<string, string> = {};
    body.forEach((item, i) => validateMid(item, i, constraints));
    if (Object.keys(constraints).length > 0) {
      call.outcome = "validation_error";
      return apiError(422, "validation_error", "Validation failed", constraints);
    }
    const at = iso(now());
    const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
    const records = (body as Record<string, unknown>[]).map((item) => {
      const products = [...new Set(item.required_products as string[])];
      const record: FakeImportRecord = {
        id: randomUUID(),
        status: "new",
        import_message: null,
        descriptor: (item.descriptor as string).trim(),
        merchant_internal_id: str(item.merchant_internal_id),
        card_acceptor_id: str(item.card_acceptor_id),
        acquirer_bin: str(item.acquirer_bin),
        mcc: str(item.mcc),
        psp_name: str(item.psp_name),
        description: str(item.description),
        required_products: products,
        products: products.map((product) => ({ product, status: "new", failure_reason: null })),
        card_id: null,
        created_at: at,
        updated_at: at,
      };
      account.imports.set(record.id, record);
      return structuredClone(record);
    });
    call.outcome = "ok";
    return json(200, envelope === "data" ? { data: records } : records);
  }

  function importListRoute(account: FakeAccount, body: Record<string, unknown>, call: RecordedCall): Response {
    const paging = readPaging(body, "offset");
    if (!paging.ok) {
      call.outcome = "validation_error";
      return paging.response;
    }
    const filter = isRecord(body.filter) ? body.filter : {};
    const statuses = stringList(filter.statuses);
    const ids = Array.isArray(filter.ids) ? new Set(filter.ids) : null;
    const rows = [...account.imports.values()].filter((r) => (!statuses || statuses.includes(r.status)) && (!ids || ids.has(r.id)));
    call.outcome = "ok";
    return json(
      200,
      many(
        rows.slice(paging.offset, paging.offset + paging.limit).map((r) => structuredClone(r)),
        { method: "offset", limit: paging.limit, offset: paging.offset, total: rows.length },
      ),
    );
  }

  async function route(req: Request, path: string, raw: Buffer, call: RecordedCall): Promise<Response> {
    // Auth first: every /api/ call, known path or not.
    const publicKey = req.headers.get(PUBLIC_KEY_HEADER);
    call.account = publicKey;
    const account = publicKey ? state.accounts.get(publicKey) : undefined;
    if (!account) {
      call.outcome = "unauthorized:unknown_public_key";
      return apiError(401, "unauthorized", "Unknown public key");
    }
    const verified = verifySignature({
      rawBody: raw,
      signatureHeader: req.headers.get(SIGNATURE_HEADER),
      publicKeyHeader: publicKey,
      publicKey: account.publicKey,
      secretKeys: [account.secretKey],
    });
    if (!verified.ok) {
      call.outcome = `unauthorized:${verified.reason}`;
      return apiError(401, "unauthorized", "Invalid signature");
    }

    const alertMatch = /^\/api\/v2\/alerts\/([^/]+)(\/update-outcome)?$/.exec(path);
    const known =
      path === "/api/v2/alerts/list" ||
      path === "/api/v2/merchants/list" ||
      path === "/api/v2/caids/list" ||
      path === "/api/v2/import/mids/batch-create" ||
      path === "/api/v2/import/mids/list" ||
      alertMatch !== null;
    if (!known) {
      call.outcome = "not_found";
      return apiError(404, "not_found", "Not found");
    }
    const wantsGet = alertMatch !== null && !alertMatch[2] && path !== "/api/v2/alerts/list";
    if (req.method !== (wantsGet ? "GET" : "POST")) {
      call.outcome = "method_not_allowed";
      return apiError(405, "method_not_allowed", "Method not allowed");
    }
    let id = "";
    if (alertMatch && path !== "/api/v2/alerts/list") {
      try {
        id = decodeURIComponent(alertMatch[1]!);
      } catch {
        call.outcome = "not_found";
        return apiError(404, "not_found", "Alert not found");
      }
    }
    if (wantsGet) return getAlertRoute(account, id, call);

    if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
      call.outcome = "unsupported_media_type";
      return apiError(415, "unsupported_media_type", "Content-Type must be application/json");
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8")) as unknown;
    } catch {
      call.outcome = "bad_request";
      return apiError(400, "bad_request", "The body is not valid JSON");
    }
    if (alertMatch?.[2]) return updateOutcomeRoute(account, id, body, call);
    if (path === "/api/v2/import/mids/batch-create") return batchCreateRoute(account, body, call);
    if (!isRecord(body)) {
      call.outcome = "validation_error";
      return apiError(422, "validation_error", "Validation failed", { "(root)": "must be a JSON object" });
    }
    switch (path) {
      case "/api/v2/alerts/list":
        return alertListRoute(account, body, call);
      case "/api/v2/merchants/list":
        return merchantListRoute(account, body, call);
      case "/api/v2/caids/list":
        return caidListRoute(account, body, call);
      default:
        return importListRoute(account, body, call);
    }
  }

  function injected(rule: FakeFailureRule, call: RecordedCall): Response | null {
    if (rule.network) {
      call.status = null;
      call.outcome = `injected:network:${rule.network === "refused" ? "refused" : "reset"}`;
      throw new FakeNetworkError(rule.network === "refused" ? "refused" : "reset");
    }
    if (rule.status) {
      call.status = rule.status;
      call.outcome = call.outcome === "" ? "injected" : `${call.outcome}+injected`;
      const headers: Record<string, string> = {};
      if (rule.retryAfterSeconds !== undefined) headers["retry-after"] = String(rule.retryAfterSeconds);
      const code = rule.status === 429 ? "too_many_requests" : rule.status >= 500 ? "internal_error" : "injected_failure";
      return json(rule.status, { error: { code, message: `Injected failure (${rule.status})` } }, headers);
    }
    return null;
  }

  async function api(req: Request, path: string): Promise<Response> {
    const call: RecordedCall = { at: now().toISOString(), method: req.method, path, status: null, account: req.headers.get(PUBLIC_KEY_HEADER), outcome: "" };
    state.calls.push(call);
    const raw = Buffer.from(await req.arrayBuffer());
    const failure = takeFailure(path);
    const after = failure?.phase === "after";
    try {
      if (failure && !after) {
        if (failure.delayMs) await delay(failure.delayMs, req.signal);
        const early = injected(failure, call);
        if (early) return early;
      }
      const response = await route(req, path, raw, call);
      call.status = response.status;
      if (failure && after) {
        if (failure.delayMs) await delay(failure.delayMs, req.signal);
        const late = injected(failure, call);
        if (late) return late;
      }
      return response;
    } catch (error) {
      if (!(error instanceof FakeNetworkError)) {
        call.status = null;
        call.outcome = call.outcome === "" ? "aborted" : `${call.outcome}+aborted`;
      }
      throw error;
    }
  }

  // ───────────── control ─────────────

  async function sim(req: Request, path: string): Promise<Response> {
    let body: unknown;
    if (req.method === "POST") {
      try {
        const raw = await req.text();
        body = raw === "" ? {} : (JSON.parse(raw) as unknown);
      } catch {
        return json(400, { error: "the body is not JSON" });
      }
    }
    if (req.method === "GET" && path === "/_sim/calls") return json(200, { calls: state.calls });
    const alertMatch = /^\/_sim\/alerts\/([^/]+)$/.exec(path);
    if (req.method === "GET" && alertMatch) {
      let id: string;
      try {
        id = decodeURIComponent(alertMatch[1]!);
      } catch {
        return json(404, { error: "no such alert" });
      }
      for (const account of state.accounts.values()) {
        const stored = account.alerts.get(id);
        if (stored) return json(200, { publicKey: account.publicKey, body: stored.body, order: stored.order });
      }
      return json(404, { error: "no such alert" });
    }
    if (req.method !== "POST") return json(405, { error: "method_not_allowed" });
    const importMatch = /^\/_sim\/imports\/([^/]+)\/status$/.exec(path);
    if (importMatch) {
      if (!isRecord(body) || !nonEmpty(body.status)) return json(400, { error: "status is required" });
      const products = isRecord(body.products)
        ? Object.fromEntries(Object.entries(body.products).filter((e): e is [string, string] => typeof e[1] === "string"))
        : undefined;
      let importId: string;
      try {
        importId = decodeURIComponent(importMatch[1]!);
      } catch {
        return json(404, { error: "no such import record" });
      }
      const record = setImportStatus(importId, {
        status: body.status,
        importMessage: typeof body.importMessage === "string" ? body.importMessage : undefined,
        products,
      });
      return record ? json(200, { record }) : json(404, { error: "no such import record" });
    }
    switch (path) {
      case "/_sim/accounts": {
        if (!isRecord(body) || !nonEmpty(body.publicKey) || !nonEmpty(body.secretKey)) return json(400, { error: "publicKey and secretKey are required" });
        addAccount({ publicKey: body.publicKey, secretKey: body.secretKey });
        return json(201, { publicKey: body.publicKey });
      }
      case "/_sim/alerts": {
        if (!isRecord(body) || !nonEmpty(body.publicKey)) return json(400, { error: "publicKey is required" });
        if (!state.accounts.has(body.publicKey)) return json(404, { error: "unknown account: POST /_sim/accounts first" });
        const list = Array.isArray(body.alerts) ? body.alerts : [{ alert: body.alert, transaction: body.transaction, merchant: body.merchant }];
        const createdAt = body.createdAt === undefined ? undefined : dateOf(body.createdAt);
        if (createdAt === null) return json(400, { error: "createdAt must be an ISO date" });
        try {
          return json(201, { ids: putAlerts(body.publicKey, list, { createdAt }) });
        } catch (error) {
          return json(400, { error: error instanceof Error ? error.message : "invalid alerts" });
        }
      }
      case "/_sim/fail": {
        if (!isRecord(body)) return json(400, { error: "a JSON object is required" });
        const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
        const status = num(body.status);
        if (status !== undefined && (status < 100 || status > 599)) return json(400, { error: "status must be an HTTP status" });
        const network = body.network === true || body.network === "reset" || body.network === "refused" ? body.network : undefined;
        failNext({
          count: num(body.count),
          status,
          network,
          delayMs: num(body.delayMs),
          phase: body.phase === "after" ? "after" : "before",
          retryAfterSeconds: num(body.retryAfterSeconds),
          path: typeof body.path === "string" ? body.path : undefined,
        });
        return json(200, { queued: state.failures.length });
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
    if (path.startsWith("/api/")) return api(req, path);
    if (path.startsWith("/_sim/")) return sim(req, path);
    return null;
  }

  const fakeFetchImpl = fakeFetch(handle);

  const listen = (port = 0) =>
    listenFake(handle, {
      port,
      notFound: () => json(404, { error: "not_found" }),
      internalError: () => json(500, { error: { code: "internal_error", message: "fake API error" } }),
      dropsConnection: (error) => error instanceof FakeNetworkError,
      loopbackOnly: "/_sim/",
    });

  return {
    handle,
    state,
    addAccount,
    putAlerts,
    getAlert: (publicKey, id) => {
      const stored = state.accounts.get(publicKey)?.alerts.get(id);
      return stored ? structuredClone(stored.body) : null;
    },
    getImport: (id) => {
      const record = findImport(id);
      return record ? structuredClone(record) : null;
    },
    setImportStatus,
    failNext,
    calls: () => state.calls.map((c) => ({ ...c })),
    resetCalls: () => {
      state.calls.length = 0;
      state.failures.length = 0;
    },
    fetch: fakeFetchImpl,
    listen,
  };
}

/** The simulator's serve mode mounts every provider's `createFakeApi` under /<provider>. */
export function createFakeApi(options: ChargebackhitFakeOptions = {}): ChargebackhitFakeApi {
  return createChargebackhitFakeApi(options);
}
