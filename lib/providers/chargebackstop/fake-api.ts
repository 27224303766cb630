/**
 * A STRICT in-memory fake of the parts of ChargebackStop's API we call, for tests and the
 * simulator's serve mode (mounted under /chargebackstop). Use `fetch` (or `handle`) directly as a
 * fetch implementation, or `listen()` to serve it over node:http for another process.
 *
 * ChargebackStop behaviour reproduced (digest §2, §4, §6):
 * - `Authorization: Bearer <key>` on every /v1 and /v2 call (401 otherwise). A key is either
 *   organisation-level (sees one organisation) or partner-level (`partner: true`, sees the listed
 *   organisations, or all). Partner-only endpoints (/v2/enrolments, /v1/merchants) answer 401 to
 *   organisation-level keys. Keys registered with `abilities` get 403 without the one a route needs.
 * - Objects of organisations the key cannot see answer 404, as if missing.
 * - GET /v1/alerts: `status`, `organisation_id`, `merchant_id`, `alert_received_at_gte/_lte`
 *   (ISO; unreadable or gte > lte → 422), `sort` (`±alert_received_at`, `±action_required_deadline`;
 *   default `-alert_received_at`; others → 422), `limit` 1–100 (default 100), `offset` ≥ 0;
 *   answers `{ items, count }` (count = all matches). `alert_received_at` falls back to created_at.
 * - PATCH /v1/alerts/{id} `{ action?, note? }`: unknown fields, an unknown action, a non-string note
 *   or an empty body → 422; an action on anything but an Ethoca alert in ACTION_REQUIRED → 409
 *   `{"message": "Alert is not actionable"}` (so a second final action is refused). A note alone is
 *   allowed on any alert. On success: RESOLVED, transaction_refund_outcome "REFUNDED" (REFUND,
 *   REFUND_AND_CANCEL), subscription_cancel_outcome "CANCELLED" (CANCEL, REFUND_AND_CANCEL), the
 *   note, a later updated_at; answers the alert, then (after the answer, asynchronously, with the
 *   global fetch unless `webhookFetch` is given) POSTs a signed `alert.updated` webhook with
 *   previous_attributes and a fresh event id to the organisation's webhook target, if one is set.
 * - GET/POST /v2/enrolments, GET /v2/enrolments/{id}: create validates `merchant_ids` (a non-empty
 *   array of strings, 422), `type` ∈ ETHOCA_ALERT | VERIFI_RDR | VERIFI_ORDER_INSIGHT (422
 *   INVALID_ENROLMENT_TYPE), duplicates (422 DUPLICATE_MERCHANT_IDS), unknown or invisible
 *   merchants (404 MERCHANT_NOT_FOUND), one organisation (422 MERCHANTS_DIFFERENT_ORGANISATIONS);
 *   creates it IN_PROGRESS (201) and sends `enrolment.created` to the organisation's target.
 * - GET /v1/merchants (`organisation_id`, `limit`, `offset`), GET /v1/merchants/{id}.
 * - Collection paths accept a trailing slash (the provider's curl examples use one); other /v1
 *   and /v2 paths → 404, wrong methods → 405. Paths outside /v1/, /v2/ and /_sim/ → null.
 *
 * Failure injection (`failNext`, or POST /_sim/fail), for the next `count` API calls whose path
 * starts with `path` (if given):
 * - `status` (e.g. 500, or 429 with `retryAfterSeconds`): answered with that status, NOT processed,
 *   after `delayMs` if given (a delay longer than the client's timeout → a timeout, not applied);
 * - `network: true`: the connection is dropped after the request arrived, NOT processed (fetch
 *   rejects like undici's "other side closed"); `network: "refused"`: rejected like a refused
 *   connection (ECONNREFUSED; over `listen` it can only be a dropped connection);
 * - `delayMs` alone: the call IS processed (a PATCH is applied, its webhook sent) and the answer
 *   is delayed: with a delay beyond the client's timeout, that is "applied, but the answer lost".
 *
 * Control (methods, and the same over HTTP under /_sim/; no auth — serve it on loopback only):
 *   POST /_sim/keys            { apiKey, organisationId } (organisation-level) or
 *                              { apiKey, partner: true, organisationIds? , abilities? } → 201
 *   POST /_sim/alerts          an alert object with `id`, or an array of them (upsert) → 201 { ids }
 *   POST /_sim/enrolments      enrolment object(s) with `id` (upsert) → 201 { ids }
 *   POST /_sim/merchants       merchant object(s) with `id` and `organisation_id` (upsert) → 201 { ids }
 *   POST /_sim/webhook-target  { organisationId, url, secret } → 200
 *   POST /_sim/fail            { count?=1, status?, delayMs?, network?, retryAfterSeconds?, path? } → 200 { queued }
 *   GET  /_sim/calls           → { calls: [{ method, path, query, status, organisationId, body (PATCH), outcome }], webhooks }
 *   GET  /_sim/alerts/{id}     → the stored alert (no auth)
 *   POST /_sim/reset-calls     clears recorded calls, webhook log and pending failures → 200
 * Recorded calls never hold the API key.
 */
import { ALERT_ACTIONS, ENROLMENT_TYPES, MAX_PAGE_LIMIT, isAlertAction, type AlertAction } from "@/lib/providers/chargebackstop/client";
import { parseProviderDate } from "@/lib/providers/chargebackstop/events";
import { alertUpdated, enrolmentCreated, serialize, signedRequest, type SimObject, type SimPayload } from "@/lib/providers/chargebackstop/simulator";
import type { ProviderFakeApi } from "@/lib/providers/types";
import { fakeFetch, listenFake } from "@/lib/providers/fake-server";

// ───────────────────────────── types ─────────────────────────────

export type FakeKey = {
  apiKey: string;
  /** partner-level keys see several organisations and may call partner-only endpoints */
  partner: boolean;
  /** organisation-level: its one organisation; partner-level: the visible ones (null = all) */
  organisationIds: string[] | null;
  /** null = every ability */
  abilities: string[] | null;
};

export type AddKeyInput = {
  apiKey: string;
  /** an organisation-level key for this organisation */
  organisationId?: string | null;
  /** a partner-level key */
  partner?: boolean;
  /** for partner keys: the organisations its group sees (default: all) */
  organisationIds?: string[] | null;
  abilities?: string[] | null;
};

export type FakeFailureRule = {
  /** how many matching calls this rule affects (default 1) */
  count?: number;
  status?: number;
  /** true: drop the connection (not processed); "refused": reject like ECONNREFUSED */
  network?: boolean | "refused";
  delayMs?: number;
  retryAfterSeconds?: number;
  /** only calls whose path starts with this (e.g. "/v1/alerts/netalrt_1") */
  path?: string;
};

export type RecordedCall = {
  at: string;
  method: string;
  path: string;
  /** the query string without "?" ("" when none) */
  query: string;
  /** null when the connection was dropped */
  status: number | null;
  /** organisation of an organisation-level key, "partner" for partner keys, null without a valid key */
  organisationId: string | null;
  /** PATCH bodies as parsed */
  body?: unknown;
  /** e.g. "ok", "unauthorized", "not_found", "not_actionable", "invalid", "injected", "injected:network" */
  outcome: string;
};

export type WebhookRecord = {
  at: string;
  eventId: string;
  type: string;
  objectId: string;
  organisationId: string | null;
  url: string | null;
  /** the receiver's status; null when not sent or no answer */
  status: number | null;
  /** "sent", "no_target", "error: …" */
  outcome: string;
};

export type WebhookTarget = { url: string; secret: string };

export type ChargebackStopFakeState = {
  keys: Map<string, FakeKey>;
  alerts: Map<string, SimObject>;
  enrolments: Map<string, SimObject>;
  merchants: Map<string, SimObject>;
  /** per provider organisation id */
  webhookTargets: Map<string, WebhookTarget>;
  failures: (FakeFailureRule & { remaining: number })[];
  calls: RecordedCall[];
  webhooks: WebhookRecord[];
};

export type ChargebackStopFakeOptions = {
  now?: () => Date;
  /** how follow-up webhooks are POSTed (default: the global fetch, looked up at send time) */
  webhookFetch?: typeof fetch;
};

export type ChargebackStopFakeApi = ProviderFakeApi & {
  state: ChargebackStopFakeState;
  addKey(input: AddKeyInput): FakeKey;
  putAlert(alert: Record<string, unknown>): void;
  putEnrolment(enrolment: Record<string, unknown>): void;
  putMerchant(merchant: Record<string, unknown>): void;
  setWebhookTarget(organisationId: string, target: WebhookTarget): void;
  failNext(rule: FakeFailureRule): void;
  /** copies of the recorded API calls */
  calls(): RecordedCall[];
  webhooks(): WebhookRecord[];
  /** resolves when every queued follow-up webhook has been sent (or failed) */
  flushWebhooks(): Promise<void>;
  resetCalls(): void;
  /** `handle` as a fetch implementation (unknown paths → 404) */
  fetch: typeof fetch;
  listen(port?: number): Promise<{ url: string; close: () => Promise<void> }>;
};

// ───────────────────────────── helpers ─────────────────────────────

/** What an injected network failure rejects with (shaped like undici's errors, so clients classify it alike). */
export class FakeConnectionError extends TypeError {
  constructor(code: "ECONNREFUSED" | "UND_ERR_SOCKET") {
    const cause = Object.assign(new Error(code === "ECONNREFUSED" ? "connect ECONNREFUSED (fake)" : "other side closed (fake)"), { code });
    super("fetch failed", { cause });
    this.name = "TypeError";
  }
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

const INVALID_JSON = Symbol("invalid json");

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const token = (v: unknown) => (typeof v === "string" ? v.trim().toUpperCase().replace(/[\s-]+/g, "_") : "");

const ALERT_SORTS = new Set(["alert_received_at", "-alert_received_at", "action_required_deadline", "-action_required_deadline"]);

/** Changes an action makes to an alert. */
function actionChanges(action: AlertAction): Record<string, unknown> {
  const refunds = action === "REFUND" || action === "REFUND_AND_CANCEL";
  const cancels = action === "CANCEL" || action === "REFUND_AND_CANCEL";
  return {
    status: "RESOLVED",
    ...(refunds ? { transaction_refund_outcome: "REFUNDED" } : {}),
    ...(cancels ? { subscription_cancel_outcome: "CANCELLED" } : {}),
  };
}

function timeOf(value: unknown): number | null {
  return parseProviderDate(typeof value === "string" ? value : null)?.getTime() ?? null;
}

// ───────────────────────────── the fake ─────────────────────────────

export function createChargebackStopFakeApi(options: ChargebackStopFakeOptions = {}): ChargebackStopFakeApi {
  const now = options.now ?? (() => new Date());
  const state: ChargebackStopFakeState = {
    keys: new Map(),
    alerts: new Map(),
    enrolments: new Map(),
    merchants: new Map(),
    webhookTargets: new Map(),
    failures: [],
    calls: [],
    webhooks: [],
  };
  const pending = new Set<Promise<void>>();

  function addKey(input: AddKeyInput): FakeKey {
    if (!nonEmpty(input.apiKey)) throw new TypeError("apiKey is required");
    const partner = input.partner === true;
    if (!partner && !nonEmpty(input.organisationId)) throw new TypeError("an organisation-level key needs organisationId (or pass partner: true)");
    const key: FakeKey = {
      apiKey: input.apiKey,
      partner,
      organisationIds: partner ? (input.organisationIds ?? (nonEmpty(input.organisationId) ? [input.organisationId] : null)) : [input.organisationId as string],
      abilities: input.abilities ?? null,
    };
    state.keys.set(input.apiKey, key);
    return key;
  }

  function put(map: Map<string, SimObject>, object: Record<string, unknown>, what: string) {
    if (!nonEmpty(object.id)) throw new TypeError(`${what} needs an id`);
    map.set(object.id, structuredClone(object) as SimObject);
  }

  const putAlert = (alert: Record<string, unknown>) => put(state.alerts, alert, "an alert");
  const putEnrolment = (enrolment: Record<string, unknown>) => put(state.enrolments, enrolment, "an enrolment");
  function putMerchant(merchant: Record<string, unknown>) {
    if (!nonEmpty(merchant.organisation_id)) throw new TypeError("a merchant needs an organisation_id");
    const at = now().toISOString();
    const id = String(merchant.id);
    put(
      state.merchants,
      {
        name: id,
        type: "GENERIC",
        external_id: null,
        default_representment_service_type: null,
        created_at: at,
        updated_at: at,
        links: [{ rel: "self", uri: `/v1/merchants/${id}` }],
        ...merchant,
      },
      "a merchant",
    );
  }

  function setWebhookTarget(organisationId: string, target: WebhookTarget) {
    state.webhookTargets.set(organisationId, { url: target.url, secret: target.secret });
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

  function record(call: Omit<RecordedCall, "at">) {
    state.calls.push({ at: now().toISOString(), ...call });
  }

  // ─────────── follow-up webhooks ───────────

  function queueWebhook(payload: SimPayload) {
    const organisationId = typeof payload.data.object.organisation_id === "string" ? payload.data.object.organisation_id : null;
    const target = organisationId ? state.webhookTargets.get(organisationId) : undefined;
    const base = { eventId: payload.id, type: payload.type, objectId: payload.data.object.id, organisationId };
    if (!target) {
      state.webhooks.push({ at: now().toISOString(), ...base, url: null, status: null, outcome: "no_target" });
      return;
    }
    // after the API answer has been handed back
    const task = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const signed = signedRequest({ body: serialize(payload), secret: target.secret, timestamp: Math.floor(now().getTime() / 1000) });
      const send = options.webhookFetch ?? globalThis.fetch;
      try {
        const response = await send(target.url, { method: "POST", headers: signed.headers, body: signed.body, signal: AbortSignal.timeout(20_000) });
        await response.arrayBuffer().catch(() => undefined);
        state.webhooks.push({ at: now().toISOString(), ...base, url: target.url, status: response.status, outcome: "sent" });
      } catch (error) {
        state.webhooks.push({ at: now().toISOString(), ...base, url: target.url, status: null, outcome: `error: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }

  async function flushWebhooks() {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  // ─────────── API ───────────

  type Ctx = { req: Request; path: string; query: URLSearchParams; key: FakeKey | null; answer: (status: number, body: unknown, outcome: string, extra?: Partial<RecordedCall>) => Response };

  function authenticate(req: Request): FakeKey | null {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization")?.trim() ?? "");
    return m ? (state.keys.get(m[1]!) ?? null) : null;
  }

  const sees = (key: FakeKey, organisationId: unknown) =>
    key.organisationIds === null ? key.partner : typeof organisationId === "string" && key.organisationIds.includes(organisationId);

  function visible(map: Map<string, SimObject>, key: FakeKey, id: string): SimObject | null {
    const object = map.get(id);
    return object && sees(key, object.organisation_id) ? object : null;
  }

  /** limit/offset, or the 422 answer */
  function paging(ctx: Ctx): { limit: number; offset: number } | Response {
    const limitText = ctx.query.get("limit");
    const offsetText = ctx.query.get("offset");
    const limit = limitText === null ? MAX_PAGE_LIMIT : /^\d{1,4}$/.test(limitText) ? Number(limitText) : Number.NaN;
    const offset = offsetText === null ? 0 : /^\d{1,9}$/.test(offsetText) ? Number(offsetText) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) return ctx.answer(422, { message: `limit must be between 1 and ${MAX_PAGE_LIMIT}` }, "invalid");
    if (!(offset >= 0)) return ctx.answer(422, { message: "offset must be a non-negative integer" }, "invalid");
    return { limit, offset };
  }

  function pageOf(ctx: Ctx, items: SimObject[], page: { limit: number; offset: number }): Response {
    return ctx.answer(200, { items: items.slice(page.offset, page.offset + page.limit), count: items.length }, "ok");
  }

  function listAlerts(ctx: Ctx): Response {
    const key = ctx.key!;
    const page = paging(ctx);
    if (page instanceof Response) return page;
    const q = ctx.query;
    const sort = q.get("sort") ?? "-alert_received_at";
    if (!ALERT_SORTS.has(sort)) return ctx.answer(422, { message: `unknown sort ${sort}` }, "invalid");
    const bound = (name: string) => {
      const value = q.get(name);
      if (value === null) return null;
      return parseProviderDate(value)?.getTime() ?? Number.NaN;
    };
    const gte = bound("alert_received_at_gte");
    const lte = bound("alert_received_at_lte");
    if (Number.isNaN(gte) || Number.isNaN(lte)) return ctx.answer(422, { message: "alert_received_at filters must be ISO 8601 dates" }, "invalid");
    if (gte !== null && lte !== null && gte > lte) return ctx.answer(422, { message: "alert_received_at_gte must be before alert_received_at_lte" }, "invalid");
    const received = (a: SimObject) => timeOf(a.alert_received_at) ?? timeOf(a.created_at) ?? 0;
    const field = sort.replace(/^-/, "");
    const sortValue = (a: SimObject) => (field === "alert_received_at" ? received(a) : (timeOf(a.action_required_deadline) ?? Number.MAX_SAFE_INTEGER));
    const direction = sort.startsWith("-") ? -1 : 1;
    const items = [...state.alerts.values()]
      .filter((a) => sees(key, a.organisation_id))
      .filter((a) => !q.has("status") || a.status === q.get("status"))
      .filter((a) => !q.has("organisation_id") || a.organisation_id === q.get("organisation_id"))
      .filter((a) => !q.has("merchant_id") || a.merchant_id === q.get("merchant_id"))
      .filter((a) => (gte === null || received(a) >= gte) && (lte === null || received(a) <= lte))
      .sort((a, b) => direction * (sortValue(a) - sortValue(b)) || a.id.localeCompare(b.id));
    return pageOf(ctx, items, page);
  }

  async function patchAlert(ctx: Ctx, id: string): Promise<Response> {
    const key = ctx.key!;
    const body = await readJson(ctx.req);
    const fail = (status: number, message: string, outcome: string, code?: string) =>
      ctx.answer(status, code ? { message, code } : { message }, outcome, { body: body === INVALID_JSON ? "(invalid JSON)" : body });
    if (body === INVALID_JSON) return fail(400, "Invalid JSON body", "invalid");
    if (!isRecord(body)) return fail(422, "A JSON object with action and/or note is required", "invalid", "VALIDATION_ERROR");
    const unknown = Object.keys(body).filter((k) => k !== "action" && k !== "note");
    if (unknown.length > 0) return fail(422, `Unknown field(s): ${unknown.join(", ")}`, "invalid", "VALIDATION_ERROR");
    const action = body.action ?? undefined;
    if (action !== undefined && !isAlertAction(action)) return fail(422, `action must be one of ${ALERT_ACTIONS.join(", ")}`, "invalid", "INVALID_ACTION");
    const note = body.note;
    if (note !== undefined && note !== null && typeof note !== "string") return fail(422, "note must be a string", "invalid", "VALIDATION_ERROR");
    if (typeof note === "string" && note.length > 1000) return fail(422, "note is too long (1000 characters at most)", "invalid", "VALIDATION_ERROR");
    if (action === undefined && note === undefined) return fail(422, "Nothing to update: send an action and/or a note", "invalid", "VALIDATION_ERROR");

    const alert = visible(state.alerts, key, id);
    if (!alert) return fail(404, "Alert not found", "not_found");
    if (action !== undefined) {
      const ethoca = ["ETHOCA_ALERT", "ETHOCA"].includes(token(alert.enrolment_type));
      if (!ethoca || token(alert.status) !== "ACTION_REQUIRED") return fail(409, "Alert is not actionable", "not_actionable");
    }

    const wanted: Record<string, unknown> = { ...(action !== undefined ? actionChanges(action) : {}), ...(note !== undefined ? { note } : {}) };
    const changes = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => alert[k] !== v && !(alert[k] === undefined && v === null)));
    if (Object.keys(changes).length === 0) return ctx.answer(200, alert, "ok:unchanged", { body });

    const previous = timeOf(alert.updated_at) ?? 0;
    const updatedAt = new Date(Math.max(now().getTime(), previous + 1));
    const payload = alertUpdated(alert, changes, { updatedAt, eventCreatedAt: now() });
    state.alerts.set(id, payload.data.object);
    queueWebhook(payload);
    return ctx.answer(200, payload.data.object, action !== undefined ? `ok:${action}` : "ok:note", { body });
  }

  async function createEnrolment(ctx: Ctx): Promise<Response> {
    const key = ctx.key!;
    const body = await readJson(ctx.req);
    if (body === INVALID_JSON) return ctx.answer(400, { message: "Invalid JSON body" }, "invalid");
    const invalid = (message: string, code: string, status = 422) => ctx.answer(status, { message, code }, status === 404 ? "not_found" : "invalid");
    if (!isRecord(body)) return invalid("A JSON object is required", "VALIDATION_ERROR");
    const ids = body.merchant_ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every(nonEmpty)) return invalid("merchant_ids must be a non-empty array of merchant ids", "VALIDATION_ERROR");
    if (typeof body.type !== "string" || !(ENROLMENT_TYPES as readonly string[]).includes(body.type)) {
      return invalid(`type must be one of ${ENROLMENT_TYPES.join(", ")}`, "INVALID_ENROLMENT_TYPE");
    }
    if (new Set(ids).size !== ids.length) return invalid("merchant_ids contains duplicates", "DUPLICATE_MERCHANT_IDS");
    const merchants: SimObject[] = [];
    for (const id of ids as string[]) {
      const merchant = visible(state.merchants, key, id);
      if (!merchant) return invalid(`Merchant ${id} not found`, "MERCHANT_NOT_FOUND", 404);
      merchants.push(merchant);
    }
    const organisations = new Set(merchants.map((m) => m.organisation_id));
    if (organisations.size !== 1) return invalid("The merchants belong to different organisations", "MERCHANTS_DIFFERENT_ORGANISATIONS");
    const at = now();
    const { merchant_ids: _ids, type, ...config } = body;
    const payload = enrolmentCreated({
      organisationId: String(merchants[0]!.organisation_id),
      merchantIds: ids as string[],
      type,
      status: "IN_PROGRESS",
      createdAt: at,
      updatedAt: at,
      eventCreatedAt: at,
      fields: Object.fromEntries(Object.entries(config).filter(([k]) => !["id", "organisation_id", "status", "created_at", "updated_at"].includes(k))),
    });
    state.enrolments.set(payload.data.object.id, payload.data.object);
    queueWebhook(payload);
    return ctx.answer(201, payload.data.object, "ok:created");
  }

  const ABILITY: Record<string, string> = {
    "GET alerts": "alerts:read",
    "PATCH alerts": "alerts:write",
    "GET enrolments": "enrolments_v2:read",
    "POST enrolments": "enrolments_v2:write",
    "GET merchants": "merchants:read",
  };

  async function route(ctx: Ctx): Promise<Response> {
    const { req } = ctx;
    const m = /^\/(v1\/alerts|v2\/enrolments|v1\/merchants)(?:\/([^/]+))?\/?$/.exec(ctx.path);
    if (!m) return ctx.answer(404, { message: "Not found" }, "not_found");
    const resource = m[1]!.split("/")[1]!;
    let id: string | null = null;
    try {
      id = m[2] === undefined ? null : decodeURIComponent(m[2]);
    } catch {
      return ctx.answer(404, { message: "Not found" }, "not_found");
    }
    const allowed = resource === "alerts" ? (id ? ["GET", "PATCH"] : ["GET"]) : resource === "enrolments" ? (id ? ["GET"] : ["GET", "POST"]) : ["GET"];
    if (!allowed.includes(req.method)) return ctx.answer(405, { message: "Method not allowed" }, "method_not_allowed");

    const key = ctx.key;
    if (!key) return ctx.answer(401, { message: "Invalid or missing API key" }, "unauthorized");
    if (resource !== "alerts" && !key.partner) return ctx.answer(401, { message: "This endpoint needs a partner-level API key" }, "unauthorized:partner_only");
    const ability = ABILITY[`${req.method} ${resource}`];
    if (ability && key.abilities !== null && !key.abilities.includes(ability)) return ctx.answer(403, { message: `The API key lacks the ${ability} ability` }, "forbidden");

    if (resource === "alerts") {
      if (id === null) return listAlerts(ctx);
      if (req.method === "PATCH") return patchAlert(ctx, id);
      const alert = visible(state.alerts, key, id);
      return alert ? ctx.answer(200, alert, "ok") : ctx.answer(404, { message: "Alert not found" }, "not_found");
    }
    if (resource === "enrolments") {
      if (req.method === "POST") return createEnrolment(ctx);
      if (id !== null) {
        const enrolment = visible(state.enrolments, key, id);
        return enrolment ? ctx.answer(200, enrolment, "ok") : ctx.answer(404, { message: "Enrolment not found" }, "not_found");
      }
      const page = paging(ctx);
      if (page instanceof Response) return page;
      const organisation = ctx.query.get("organisation_id");
      const items = [...state.enrolments.values()]
        .filter((e) => sees(key, e.organisation_id) && (organisation === null || e.organisation_id === organisation))
        .sort((a, b) => (timeOf(b.created_at) ?? 0) - (timeOf(a.created_at) ?? 0) || a.id.localeCompare(b.id));
      return pageOf(ctx, items, page);
    }
    if (id !== null) {
      const merchant = visible(state.merchants, key, id);
      return merchant ? ctx.answer(200, merchant, "ok") : ctx.answer(404, { message: "Merchant not found" }, "not_found");
    }
    const page = paging(ctx);
    if (page instanceof Response) return page;
    const organisation = ctx.query.get("organisation_id");
    const items = [...state.merchants.values()]
      .filter((x) => sees(key, x.organisation_id) && (organisation === null || x.organisation_id === organisation))
      .sort((a, b) => (timeOf(b.created_at) ?? 0) - (timeOf(a.created_at) ?? 0) || a.id.localeCompare(b.id));
    return pageOf(ctx, items, page);
  }

  async function api(req: Request, url: URL): Promise<Response> {
    const path = url.pathname;
    const query = url.search.replace(/^\?/, "");
    const key = authenticate(req);
    const organisationId = key ? (key.partner ? "partner" : (key.organisationIds?.[0] ?? null)) : null;
    const base = { method: req.method, path, query, organisationId };

    const failure = takeFailure(path);
    if (failure?.network) {
      if (failure.delayMs) await delay(failure.delayMs, req.signal);
      record({ ...base, status: null, outcome: failure.network === "refused" ? "injected:refused" : "injected:network" });
      throw new FakeConnectionError(failure.network === "refused" ? "ECONNREFUSED" : "UND_ERR_SOCKET");
    }
    if (failure?.status) {
      if (failure.delayMs) await delay(failure.delayMs, req.signal);
      record({ ...base, status: failure.status, outcome: "injected" });
      const headers: Record<string, string> = {};
      if (failure.retryAfterSeconds !== undefined) headers["retry-after"] = String(failure.retryAfterSeconds);
      return json(failure.status, { message: failure.status === 429 ? "Too many requests" : "Injected failure" }, headers);
    }

    const ctx: Ctx = {
      req,
      path,
      query: url.searchParams,
      key,
      answer: (status, body, outcome, extra = {}) => {
        record({ ...base, status, outcome, ...extra });
        return json(status, body);
      },
    };
    const response = await route(ctx);
    // processed: the answer is late (beyond the client's timeout → "applied, answer lost")
    if (failure?.delayMs) await delay(failure.delayMs, req.signal);
    return response;
  }

  // ─────────── control ───────────

  function putMany(body: unknown, putOne: (o: Record<string, unknown>) => void, what: string): Response {
    const list = Array.isArray(body) ? body : [body];
    if (!list.every(isRecord)) return json(400, { error: `${what}: an object with an id, or an array of them, is required` });
    try {
      for (const item of list) putOne(item);
    } catch (error) {
      return json(400, { error: error instanceof Error ? error.message : String(error) });
    }
    return json(201, { ids: list.map((o) => String(o.id)) });
  }

  async function sim(req: Request, path: string): Promise<Response> {
    if (req.method === "GET") {
      if (path === "/_sim/calls") return json(200, { calls: state.calls, webhooks: state.webhooks });
      const m = /^\/_sim\/alerts\/([^/]+)$/.exec(path);
      if (m) {
        const alert = state.alerts.get(decodeURIComponent(m[1]!));
        return alert ? json(200, alert) : json(404, { error: "not_found" });
      }
      return json(404, { error: "not_found" });
    }
    if (req.method !== "POST") return json(405, { error: "method_not_allowed" });
    const body = await readJson(req);
    if (body === INVALID_JSON) return json(400, { error: "invalid JSON" });
    switch (path) {
      case "/_sim/keys": {
        if (!isRecord(body) || !nonEmpty(body.apiKey)) return json(400, { error: "apiKey is required" });
        const organisationIds = Array.isArray(body.organisationIds) && body.organisationIds.every(nonEmpty) ? (body.organisationIds as string[]) : undefined;
        try {
          const key = addKey({
            apiKey: body.apiKey,
            organisationId: nonEmpty(body.organisationId) ? body.organisationId : null,
            partner: body.partner === true,
            organisationIds,
            abilities: Array.isArray(body.abilities) && body.abilities.every(nonEmpty) ? (body.abilities as string[]) : null,
          });
          return json(201, { partner: key.partner, organisationIds: key.organisationIds });
        } catch (error) {
          return json(400, { error: error instanceof Error ? error.message : String(error) });
        }
      }
      case "/_sim/alerts":
        return putMany(body, putAlert, "alerts");
      case "/_sim/enrolments":
        return putMany(body, putEnrolment, "enrolments");
      case "/_sim/merchants":
        return putMany(body, putMerchant, "merchants");
      case "/_sim/webhook-target": {
        if (!isRecord(body) || !nonEmpty(body.organisationId) || !nonEmpty(body.url) || !nonEmpty(body.secret)) {
          return json(400, { error: "organisationId, url and secret are required" });
        }
        try {
          new URL(body.url);
        } catch {
          return json(400, { error: "url must be an absolute URL" });
        }
        setWebhookTarget(body.organisationId, { url: body.url, secret: body.secret });
        return json(200, { ok: true });
      }
      case "/_sim/fail": {
        if (!isRecord(body)) return json(400, { error: "a JSON object is required" });
        const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
        const status = num(body.status);
        if (status !== undefined && (status < 100 || status > 599)) return json(400, { error: "status must be an HTTP status" });
        failNext({
          count: num(body.count),
          status,
          network: body.network === "refused" ? "refused" : body.network === true,
          delayMs: num(body.delayMs),
          retryAfterSeconds: num(body.retryAfterSeconds),
          path: typeof body.path === "string" ? body.path : undefined,
        });
        return json(200, { queued: state.failures.length });
      }
      case "/_sim/reset-calls":
        resetCalls();
        return json(200, { ok: true });
      default:
        return json(404, { error: "not_found" });
    }
  }

  function resetCalls() {
    state.calls.length = 0;
    state.webhooks.length = 0;
    state.failures.length = 0;
  }

  async function handle(req: Request): Promise<Response | null> {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/v1/") || url.pathname.startsWith("/v2/")) return api(req, url);
    if (url.pathname.startsWith("/_sim/")) return sim(req, url.pathname);
    return null;
  }

  const fakeFetchImpl = fakeFetch(handle, () => json(404, { message: "Not found" }));

  const listen = (port = 0) =>
    listenFake(handle, {
      port,
      notFound: () => json(404, { message: "Not found" }),
      internalError: () => json(500, { message: "fake_api_error" }),
      dropsConnection: (error) => error instanceof FakeConnectionError,
    });

  return {
    handle,
    state,
    addKey,
    putAlert,
    putEnrolment,
    putMerchant,
    setWebhookTarget,
    failNext,
    calls: () => state.calls.map((c) => ({ ...c })),
    webhooks: () => state.webhooks.map((w) => ({ ...w })),
    flushWebhooks,
    resetCalls,
    fetch: fakeFetchImpl,
    listen,
  };
}

/** The simulator's serve mode mounts every provider's `createFakeApi` under /<provider>. */
export function createFakeApi(options: ChargebackStopFakeOptions = {}): ChargebackStopFakeApi {
  return createChargebackStopFakeApi(options);
}
