/**
 * ChargebackStop webhook simulator: payload builders shaped like the provider's own samples
 * (seed 003; seed 004 for the legacy fraud notification), signing, scenarios and one `send`.
 * Used by unit tests, `npm run simulate` and e2e. Every builder call returns fresh ids.
 */
import { randomBytes } from "node:crypto";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signPayload } from "@/lib/providers/chargebackstop/signature";
import type { ProviderSimulatorCli, SimulatedDelivery, SimulatorCliOptions } from "@/lib/providers/types";

// ───────────────────────────── types ─────────────────────────────

export type SimObject = Record<string, unknown> & { id: string };

export type SimPayload = {
  id: string;
  type: string;
  created_at: string;
  api_version: string;
  data: { object: SimObject; previous_attributes?: Record<string, unknown> };
};

type DateLike = Date | string | number;

export type SimOptions = {
  /** provider organisation id (`org_…`); a fresh one when omitted */
  organisationId?: string;
  /** provider merchant id (`mrch_…`); a fresh one when omitted */
  merchantId?: string;
  /** base clock for the defaults below (default: now) */
  now?: DateLike;
  /** the object's created_at (default: now) */
  createdAt?: DateLike;
  /** the object's updated_at (default: created_at + 2 s; for updates: previous + 60 s) */
  updatedAt?: DateLike;
  /** the event's created_at (default: the object's updated_at) */
  eventCreatedAt?: DateLike;
  /** fixed ids instead of fresh ones */
  eventId?: string;
  objectId?: string;
  /** last word: merged into the object */
  fields?: Record<string, unknown>;
};

export type AlertOptions = SimOptions & {
  status?: string;
  enrolmentType?: string;
  amountMinor?: number;
  currency?: string;
  /** action_required_deadline (default: created_at + 48 h; null sends null) */
  deadline?: DateLike | null;
  cardLast4?: string;
  descriptor?: string;
  note?: string | null;
};

export type EnrolmentOptions = SimOptions & { status?: string; type?: string; merchantIds?: string[] };

export type RepresentmentOptions = SimOptions & {
  status?: string;
  stage?: string;
  amountMinor?: number;
  currency?: string;
  /** dispute_due_by (sent without an offset, like the provider does) */
  dueBy?: DateLike;
  disputedAt?: DateLike;
};

export type SchemeNoticeOptions = SimOptions & {
  noticeType?: string;
  amountMinor?: number;
  currency?: string;
  revoked?: boolean;
};

export type LookupOptions = SimOptions & {
  type?: string;
  lookupStatus?: string;
  deflectionStatus?: string;
  enrolmentId?: string;
  parentLookupId?: string | null;
  amountMinor?: number;
  currency?: string;
};

export type FraudNotificationOptions = SimOptions & {
  notificationType?: "TC40" | "SAFE" | string;
  fraudType?: string;
  amountMinor?: number;
  currency?: string;
};

// ───────────────────────────── ids, clocks ─────────────────────────────

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** A provider-looking id: `<prefix>_` + 21 random base58 chars (e.g. `evt_dbXKdyUWLzSP98HMVdoFW`). */
export function simId(prefix: string): string {
  const bytes = randomBytes(21);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}

function toDate(value: DateLike): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid date: ${String(value)}`);
  return date;
}

const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);
/** Object timestamps: `2025-05-10T13:56:56.312Z`. */
const iso = (date: Date) => date.toISOString();
/** Event timestamps: `2025-05-10T18:17:35.635+00:00`. */
const eventIso = (date: Date) => date.toISOString().replace("Z", "+00:00");
/** Representment dates: midnight, no offset (`2024-11-19T00:00:00`). */
const naiveDay = (date: Date) => `${date.toISOString().slice(0, 10)}T00:00:00`;

/** Object and event times; updated_at defaults to created_at + `updateLagSeconds`. */
function clock(opts: SimOptions, updateLagSeconds = 2) {
  const now = toDate(opts.now ?? new Date());
  const createdAt = toDate(opts.createdAt ?? now);
  const updatedAt = toDate(opts.updatedAt ?? addSeconds(createdAt, updateLagSeconds));
  const eventAt = toDate(opts.eventCreatedAt ?? updatedAt);
  return { now, createdAt, updatedAt, eventAt };
}

function envelope(type: string, object: SimObject, eventAt: Date, opts: SimOptions, apiVersion = "v1"): SimPayload {
  return { id: opts.eventId ?? simId("evt"), type, created_at: eventIso(eventAt), api_version: apiVersion, data: { object } };
}

function digits(count: number): string {
  let out = "";
  for (const byte of randomBytes(count)) out += String(byte % 10);
  return out;
}

// ───────────────────────────── builders ─────────────────────────────

/** `alert.created` (an Ethoca alert, ACTION_REQUIRED, like the sample). */
export function alertCreated(opts: AlertOptions = {}): SimPayload {
  const { createdAt, updatedAt, eventAt } = clock(opts);
  const status = opts.status ?? "ACTION_REQUIRED";
  const deadline = opts.deadline === undefined ? addSeconds(createdAt, 48 * 3600) : opts.deadline;
  const object: SimObject = {
    id: opts.objectId ?? simId("netalrt"),
    note: opts.note ?? null,
    status,
    created_at: iso(createdAt),
    updated_at: iso(updatedAt),
    merchant_id: opts.merchantId ?? simId("mrch"),
    enrolment_type: opts.enrolmentType ?? "ETHOCA_ALERT",
    organisation_id: opts.organisationId ?? simId("org"),
    transaction_card_bin: "545454",
    chargeback_reason_code: null,
    transaction_card_last4: opts.cardLast4 ?? "5455",
    transaction_network_id: null,
    transaction_card_issuer: "BofA",
    transaction_card_scheme: "MASTERCARD",
    action_required_deadline: deadline === null ? null : iso(toDate(deadline)),
    transaction_authorised_at: iso(addSeconds(createdAt, -5 * 86400)),
    transaction_currency_code: opts.currency ?? "USD",
    transaction_refund_outcome: null,
    subscription_cancel_outcome: null,
    transaction_amount_in_cents: opts.amountMinor ?? 6606,
    transaction_authorisation_code: "7XP81U",
    transaction_statement_descriptor: opts.descriptor ?? "ECOM-STUFF.COM",
    transaction_acquirer_reference_number: `0125334${digits(20)}`,
    integration_id: simId("int"),
    integration_transaction_id: `pi_${simId("x").slice(2)}`,
    ...opts.fields,
  };
  return envelope("alert.created", object, eventAt, opts);
}

function objectOf(previous: SimPayload | SimObject): SimObject {
  const candidate = (previous as SimPayload).data?.object;
  return candidate && typeof candidate === "object" ? candidate : (previous as SimObject);
}

/** The updated_at of the next snapshot: as given, else the previous one + 60 s. */
function nextUpdatedAt(before: SimObject, opts: SimOptions): Date {
  if (opts.updatedAt !== undefined) return toDate(opts.updatedAt);
  const previous = typeof before.updated_at === "string" ? new Date(before.updated_at) : new Date(Number.NaN);
  return addSeconds(Number.isNaN(previous.getTime()) ? new Date() : previous, 60);
}

/**
 * A `<entity>.updated` event: the previous snapshot with `changes` applied, a later updated_at
 * (previous + 60 s unless given) and `previous_attributes` holding the old values of the changed
 * fields. The event id is fresh; the object id is kept.
 */
function updated(type: string, previous: SimPayload | SimObject, changes: Record<string, unknown>, opts: SimOptions, apiVersion = "v1"): SimPayload {
  const before = objectOf(previous);
  const updatedAt = nextUpdatedAt(before, opts);
  const eventAt = toDate(opts.eventCreatedAt ?? updatedAt);
  const previousAttributes: Record<string, unknown> = {};
  for (const key of Object.keys(changes)) previousAttributes[key] = before[key] ?? null;
  const object: SimObject = { ...structuredClone(before), ...changes, updated_at: iso(updatedAt), ...opts.fields, id: before.id };
  return {
    id: opts.eventId ?? simId("evt"),
    type,
    created_at: eventIso(eventAt),
    api_version: apiVersion,
    data: { object, previous_attributes: previousAttributes },
  };
}

/** `alert.updated`; default change: RESOLVED with a refund, like the sample. */
export function alertUpdated(
  alert: SimPayload | SimObject,
  changes: Record<string, unknown> = { status: "RESOLVED", transaction_refund_outcome: "REFUNDED" },
  opts: SimOptions = {},
): SimPayload {
  return updated("alert.updated", alert, changes, opts);
}

/** `enrolment.created` (v2 payload: `merchant_ids`, IN_PROGRESS, VERIFI_ORDER_INSIGHT by default). */
export function enrolmentCreated(opts: EnrolmentOptions = {}): SimPayload {
  const { createdAt, updatedAt, eventAt } = clock(opts);
  const object: SimObject = {
    id: opts.objectId ?? simId("enrl"),
    organisation_id: opts.organisationId ?? simId("org"),
    merchant_ids: opts.merchantIds ?? [opts.merchantId ?? simId("mrch")],
    type: opts.type ?? "VERIFI_ORDER_INSIGHT",
    status: opts.status ?? "IN_PROGRESS",
    created_at: iso(createdAt),
    updated_at: iso(updatedAt),
    note: "",
    ...opts.fields,
  };
  return envelope("enrolment.created", object, eventAt, opts, "v2");
}

/** `enrolment.updated`; default change: ENABLED. */
export function enrolmentUpdated(
  enrolment: SimPayload | SimObject,
  changes: Record<string, unknown> = { status: "ENABLED" },
  opts: SimOptions = {},
): SimPayload {
  return updated("enrolment.updated", enrolment, changes, opts, "v2");
}

/** `representment.created` (an OPEN Mastercard chargeback; dates without offset, like the sample). */
export function representmentCreated(opts: RepresentmentOptions = {}): SimPayload {
  const { createdAt, updatedAt, eventAt } = clock(opts);
  const disputedAt = toDate(opts.disputedAt ?? addSeconds(createdAt, -3 * 86400));
  const dueBy = toDate(opts.dueBy ?? addSeconds(disputedAt, 14 * 86400));
  const amount = opts.amountMinor ?? 4444;
  const currency = opts.currency ?? "USD";
  const object: SimObject = {
    id: opts.objectId ?? simId("rep"),
    created_at: iso(createdAt),
    managed_by: "PARTNER",
    updated_at: iso(updatedAt),
    disputed_at: naiveDay(disputedAt),
    merchant_id: opts.merchantId ?? simId("mrch"),
    service_type: "ONLINE_SERVICES",
    dispute_stage: opts.stage ?? "CHARGEBACK",
    dispute_due_by: naiveDay(dueBy),
    dispute_reason: "SUBSCRIPTION_CANCELED",
    dispute_schema: "MASTERCARD",
    dispute_status: opts.status ?? "OPEN",
    organisation_id: opts.organisationId ?? simId("org"),
    dispute_reason_code: null,
    dispute_reference_id: null,
    dispute_currency_code: currency,
    dispute_amount_in_cents: amount,
    transaction_reference_id: null,
    transaction_currency_code: currency,
    transaction_amount_in_cents: amount,
    transaction_authorisation_date: naiveDay(addSeconds(disputedAt, -7 * 86400)),
    transaction_acquirer_reference_number: null,
    ...opts.fields,
  };
  return envelope("representment.created", object, eventAt, opts);
}

/** `representment.updated`; default change: LOST. */
export function representmentUpdated(
  representment: SimPayload | SimObject,
  changes: Record<string, unknown> = { dispute_status: "LOST" },
  opts: SimOptions = {},
): SimPayload {
  return updated("representment.updated", representment, changes, opts);
}

/** `scheme_notice.created` (a Visa TC40 fraud notice). */
export function schemeNoticeCreated(opts: SchemeNoticeOptions = {}): SimPayload {
  const { createdAt, updatedAt, eventAt } = clock(opts, 0);
  const purchasedAt = addSeconds(createdAt, -18 * 86400);
  const object: SimObject = {
    id: opts.objectId ?? simId("schntc"),
    organisation_id: opts.organisationId ?? simId("org"),
    merchant_id: opts.merchantId ?? simId("mrch"),
    scheme_notice_type: opts.noticeType ?? "TC40",
    notice_type: "FRAUD_NOTICE",
    scheme: opts.noticeType === "SAFE" ? "MASTERCARD" : "VISA",
    is_revoked: opts.revoked ?? false,
    notice_revoked_at: opts.revoked ? iso(createdAt) : null,
    fraud_reported_at: iso(addSeconds(createdAt, -8 * 86400)),
    transaction_amount_in_cents: opts.amountMinor ?? 14760,
    transaction_currency_code: opts.currency ?? "USD",
    transaction_card_bin: "411798",
    transaction_card_last4: "3508",
    transaction_merchant_name: "ECOM-STUFF OUTLET",
    transaction_merchant_id: digits(15),
    transaction_acquirer_reference_number: `7719891310${digits(13)}`,
    transaction_authorisation_code: "96JNEP",
    transaction_original_date: iso(purchasedAt),
    transaction_purchase_date: iso(purchasedAt),
    fraud_type: "CARD_NOT_PRESENT",
    fraud_dispute_eligible: true,
    created_at: iso(createdAt),
    updated_at: iso(updatedAt),
    ...opts.fields,
  };
  return envelope("scheme_notice.created", object, eventAt, opts);
}

/** `scheme_notice.updated`; default change: revoked at the new updated_at. */
export function schemeNoticeUpdated(notice: SimPayload | SimObject, changes?: Record<string, unknown>, opts: SimOptions = {}): SimPayload {
  const updatedAt = nextUpdatedAt(objectOf(notice), opts);
  return updated("scheme_notice.updated", notice, changes ?? { is_revoked: true, notice_revoked_at: iso(updatedAt) }, { ...opts, updatedAt });
}

/** `lookup.created` (an Ethoca Consumer Clarity lookup that succeeded). */
export function lookupCreated(opts: LookupOptions = {}): SimPayload {
  const { createdAt, updatedAt, eventAt } = clock(opts, 0);
  const object: SimObject = {
    id: opts.objectId ?? simId("lkup"),
    organisation_id: opts.organisationId ?? simId("org"),
    enrollment_id: opts.enrolmentId ?? simId("enrl"),
    type: opts.type ?? "ETHOCA_CONSUMER_CLARITY",
    parent_lookup_id: opts.parentLookupId ?? null,
    lookup_status: opts.lookupStatus ?? "SUCCEEDED",
    deflection_status: opts.deflectionStatus ?? "PENDING",
    transaction_card_bin: "411798",
    transaction_card_last4: "3508",
    transaction_arn: `7719891310${digits(13)}`,
    transaction_auth_code: "96JNEP",
    transaction_amount: opts.amountMinor ?? 14760,
    transaction_currency: opts.currency ?? "USD",
    transaction_date: iso(addSeconds(createdAt, -2 * 86400)),
    transaction_statement_descriptor: "ECOM-STUFF.COM",
    transaction_network_id: null,
    integration_id: simId("int"),
    integration_transaction_id: `pi_${simId("x").slice(2)}`,
    created_at: iso(createdAt),
    updated_at: iso(updatedAt),
    ...opts.fields,
  };
  return envelope("lookup.created", object, eventAt, opts);
}

/** `lookup.updated`; default change: deflection SUCCEEDED. */
export function lookupUpdated(
  lookup: SimPayload | SimObject,
  changes: Record<string, unknown> = { deflection_status: "SUCCEEDED" },
  opts: SimOptions = {},
): SimPayload {
  return updated("lookup.updated", lookup, changes, opts);
}

/**
 * Legacy `fraud_notification.created`. Seed 004 lists only the fields `fraud_notification_type`
 * (SAFE | TC40) and `fraud_type`, not a sample: the rest borrows the scheme-notice names.
 */
export function fraudNotificationCreated(opts: FraudNotificationOptions = {}): SimPayload {
  const { createdAt, updatedAt, eventAt } = clock(opts, 0);
  const object: SimObject = {
    id: opts.objectId ?? simId("frdntf"),
    organisation_id: opts.organisationId ?? simId("org"),
    merchant_id: opts.merchantId ?? simId("mrch"),
    fraud_notification_type: opts.notificationType ?? "TC40",
    fraud_type: opts.fraudType ?? "CARD_NOT_PRESENT",
    fraud_reported_at: iso(addSeconds(createdAt, -8 * 86400)),
    transaction_amount_in_cents: opts.amountMinor ?? 2599,
    transaction_currency_code: opts.currency ?? "USD",
    transaction_card_bin: "411798",
    transaction_card_last4: "1881",
    transaction_merchant_name: "ECOM-STUFF OUTLET",
    transaction_acquirer_reference_number: `7719891310${digits(13)}`,
    transaction_authorisation_code: "41QZTA",
    transaction_purchase_date: iso(addSeconds(createdAt, -20 * 86400)),
    created_at: iso(createdAt),
    updated_at: iso(updatedAt),
    ...opts.fields,
  };
  return envelope("fraud_notification.created", object, eventAt, opts);
}

// ───────────────────────────── signing, sending ─────────────────────────────

export function serialize(payload: unknown): string {
  return JSON.stringify(payload);
}

export type SignedRequest = { headers: Record<string, string>; body: string };

/** Headers the provider sends with a delivery: content type, X-Signature, X-Idempotency-Key. */
export function signedRequest({
  body,
  secret,
  timestamp = Math.floor(Date.now() / 1000),
  idempotencyKey = simId("whdl"),
}: {
  body: string;
  secret: string;
  timestamp?: number;
  idempotencyKey?: string;
}): SignedRequest {
  return {
    headers: {
      "content-type": "application/json",
      [SIGNATURE_HEADER]: signPayload(body, secret, timestamp),
      [IDEMPOTENCY_HEADER]: idempotencyKey,
    },
    body,
  };
}

/** A secret that is certainly not `secret` (for the forged scenario). */
export function forgedSecret(secret: string): string {
  return `${secret}-forged`;
}

export type SendInput = {
  url: string;
  secret: string;
  timestamp?: number;
  idempotencyKey?: string;
  fetchImpl?: typeof fetch;
} & ({ payload: unknown; body?: undefined } | { body: string; payload?: undefined });

/** POSTs one signed delivery and returns the answer. */
export async function send(input: SendInput): Promise<{ status: number; body: string }> {
  const body = input.body ?? serialize(input.payload);
  const request = signedRequest({ body, secret: input.secret, timestamp: input.timestamp, idempotencyKey: input.idempotencyKey });
  const fetchImpl = input.fetchImpl ?? globalThis.fetch;
  const response = await fetchImpl(input.url, { method: "POST", headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text() };
}

// ───────────────────────────── scenarios ─────────────────────────────

/** Scenario options: shared by every event of the scenario. */
export type ScenarioOptions = {
  organisationId?: string;
  merchantId?: string;
  now?: DateLike;
  /** burst size (default 50) */
  count?: number;
};

/** Fixes the organisation and merchant once so every event of a scenario belongs together. */
function base(opts: ScenarioOptions): SimOptions {
  return { now: opts.now, organisationId: opts.organisationId ?? simId("org"), merchantId: opts.merchantId ?? simId("mrch") };
}

/** Ordered lists of payloads, in delivery order. */
export const scenarios = {
  /** alert.created ACTION_REQUIRED → alert.updated RESOLVED (refunded), with previous_attributes. */
  alertLifecycle(opts: ScenarioOptions = {}): SimPayload[] {
    const created = alertCreated({ ...base(opts), status: "ACTION_REQUIRED" });
    return [created, alertUpdated(created, { status: "RESOLVED", transaction_refund_outcome: "REFUNDED" })];
  },

  /** One Ethoca alert.created in ACTION_REQUIRED (to action it through the fake API with `--api`). */
  actionRequired(opts: ScenarioOptions = {}): SimPayload[] {
    return [alertCreated({ ...base(opts), status: "ACTION_REQUIRED", enrolmentType: "ETHOCA_ALERT" })];
  },

  /** enrolment.created IN_PROGRESS → enrolment.updated ENABLED. */
  enrolmentProgress(opts: ScenarioOptions = {}): SimPayload[] {
    const created = enrolmentCreated({ ...base(opts), status: "IN_PROGRESS" });
    return [created, enrolmentUpdated(created, { status: "ENABLED" })];
  },

  /** One event of each of the 11 types (current ten + legacy fraud notification), each create before its update. */
  allEvents(opts: ScenarioOptions = {}): SimPayload[] {
    const o = base(opts);
    const alert = alertCreated(o);
    const enrolment = enrolmentCreated(o);
    const representment = representmentCreated(o);
    const notice = schemeNoticeCreated(o);
    const lookup = lookupCreated({ ...o, enrolmentId: enrolment.data.object.id });
    return [
      alert,
      alertUpdated(alert),
      enrolment,
      enrolmentUpdated(enrolment),
      representment,
      representmentUpdated(representment),
      notice,
      schemeNoticeUpdated(notice),
      lookup,
      lookupUpdated(lookup),
      fraudNotificationCreated(o),
    ];
  },

  /** The same alert.created event three times (same event id, same bytes when serialized). */
  duplicates(opts: ScenarioOptions = {}): SimPayload[] {
    const event = alertCreated(base(opts));
    return [event, structuredClone(event), structuredClone(event)];
  },

  /**
   * One alert, three events (created at t0, update A at t0+62 s adds a note, update B 60 s later
   * resolves it), delivered as [B, created, A]: an update before its create, and an older update
   * after a newer one. Expected end state: B's snapshot (RESOLVED, with A's note).
   */
  outOfOrder(opts: ScenarioOptions = {}): SimPayload[] {
    const created = alertCreated(base(opts));
    const noteAdded = alertUpdated(created, { note: "Customer contacted" });
    const resolved = alertUpdated(noteAdded, { status: "RESOLVED", transaction_refund_outcome: "REFUNDED" });
    return [resolved, created, noteAdded];
  },

  /** `n` distinct alert.created events for one organisation (a backlog after an outage). */
  burst(n: number, opts: ScenarioOptions = {}): SimPayload[] {
    const o = base(opts);
    return Array.from({ length: Math.max(0, Math.floor(n)) }, () => alertCreated(o));
  },

  /** Valid payloads the sender must sign with a WRONG secret (forgedSecret(secret)); expect 401. */
  forged(opts: ScenarioOptions = {}): SimPayload[] {
    const o = base(opts);
    return [alertCreated(o), enrolmentCreated(o)];
  },
};

export type ScenarioName = "alert-lifecycle" | "action-required" | "enrolment-progress" | "all-events" | "duplicates" | "out-of-order" | "burst" | "forged";

/** CLI dispatch table: name → payload generator (delivery order). */
export const SCENARIOS: Record<ScenarioName, (opts?: ScenarioOptions) => SimPayload[]> = {
  "alert-lifecycle": (opts = {}) => scenarios.alertLifecycle(opts),
  "action-required": (opts = {}) => scenarios.actionRequired(opts),
  "enrolment-progress": (opts = {}) => scenarios.enrolmentProgress(opts),
  "all-events": (opts = {}) => scenarios.allEvents(opts),
  duplicates: (opts = {}) => scenarios.duplicates(opts),
  "out-of-order": (opts = {}) => scenarios.outOfOrder(opts),
  burst: (opts = {}) => scenarios.burst(opts.count ?? 50, opts),
  forged: (opts = {}) => scenarios.forged(opts),
};

/** What a sender should do and expect per scenario. */
export const SCENARIO_INFO: Record<ScenarioName, { description: string; wrongSecret: boolean; expectStatus: number }> = {
  "alert-lifecycle": { description: "alert created (ACTION_REQUIRED) then resolved", wrongSecret: false, expectStatus: 200 },
  "action-required": { description: "one Ethoca alert awaiting action (ACTION_REQUIRED)", wrongSecret: false, expectStatus: 200 },
  "enrolment-progress": { description: "enrolment IN_PROGRESS then ENABLED", wrongSecret: false, expectStatus: 200 },
  "all-events": { description: "one event of each of the 11 types", wrongSecret: false, expectStatus: 200 },
  duplicates: { description: "the same event delivered 3 times (all 200, applied once)", wrongSecret: false, expectStatus: 200 },
  "out-of-order": { description: "newest update, then created, then an older update", wrongSecret: false, expectStatus: 200 },
  burst: { description: "n distinct alert.created (count, default 50)", wrongSecret: false, expectStatus: 200 },
  forged: { description: "valid payloads signed with a wrong secret (sign with forgedSecret)", wrongSecret: true, expectStatus: 401 },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

// ───────────────────────────── CLI ─────────────────────────────

export type PrepareOptions = {
  /** the connection's webhook secret (signs the fake's follow-up webhooks) */
  secret: string;
  /** also register this API key in the fake (a partner-level key seeing every organisation) */
  apiKey?: string;
  /** also make the fake send its follow-up webhooks (alert.updated after an action) here */
  webhookUrl?: string;
};

function parseDelivery(delivery: SimulatedDelivery): SimPayload | null {
  try {
    const value = JSON.parse(delivery.body) as unknown;
    const payload = value as Partial<SimPayload> | null;
    return payload && typeof payload.type === "string" && payload.data?.object && typeof payload.data.object.id === "string" ? (payload as SimPayload) : null;
  } catch {
    return null;
  }
}

/** The newest snapshot (by updated_at; later deliveries win ties) of each object. */
function newestSnapshots(payloads: SimPayload[], prefix: string): SimObject[] {
  const byId = new Map<string, SimObject>();
  const time = (o: SimObject | undefined) => {
    const t = typeof o?.updated_at === "string" ? Date.parse(o.updated_at) : Number.NaN;
    return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
  };
  for (const payload of payloads) {
    if (!payload.type.startsWith(prefix)) continue;
    const object = payload.data.object;
    const previous = byId.get(object.id);
    if (previous === undefined || time(object) >= time(previous)) byId.set(object.id, object);
  }
  return [...byId.values()];
}

/**
 * The fake API calls that make a scenario's objects exist at the provider (`--api`): its alerts
 * (newest snapshot each: the alert-lifecycle alert is RESOLVED there too, the action-required one
 * can be actioned), its enrolments, and the merchants they name (so enrolments can be requested).
 * With `apiKey` / `webhookUrl`, also the key and the follow-up webhook target of the scenario's
 * organisation(s).
 */
export function prepareCalls(deliveries: SimulatedDelivery[], options: PrepareOptions): { path: string; body: unknown }[] {
  const payloads = deliveries.map(parseDelivery).filter((p): p is SimPayload => p !== null);
  const alerts = newestSnapshots(payloads, "alert.");
  const enrolments = newestSnapshots(payloads, "enrolment.");
  const organisations = new Set<string>();
  const merchants = new Map<string, { id: string; organisation_id: string; name: string }>();
  for (const object of [...alerts, ...enrolments]) {
    const organisationId = typeof object.organisation_id === "string" ? object.organisation_id : null;
    if (!organisationId) continue;
    organisations.add(organisationId);
    const ids = [object.merchant_id, ...(Array.isArray(object.merchant_ids) ? object.merchant_ids : [])].filter((id): id is string => typeof id === "string" && id !== "");
    for (const id of ids) merchants.set(id, { id, organisation_id: organisationId, name: `Simulated merchant ${id.slice(-6)}` });
  }
  const calls: { path: string; body: unknown }[] = [];
  // a partner-level key seeing every organisation: later scenarios with other organisations keep working
  if (options.apiKey) calls.push({ path: "/_sim/keys", body: { apiKey: options.apiKey, partner: true } });
  if (options.webhookUrl) {
    for (const organisationId of organisations) calls.push({ path: "/_sim/webhook-target", body: { organisationId, url: options.webhookUrl, secret: options.secret } });
  }
  if (merchants.size > 0) calls.push({ path: "/_sim/merchants", body: [...merchants.values()] });
  if (alerts.length > 0) calls.push({ path: "/_sim/alerts", body: alerts });
  if (enrolments.length > 0) calls.push({ path: "/_sim/enrolments", body: enrolments });
  return calls;
}

/** The scenarios as signed deliveries, for `npm run -s simulate -- send chargebackstop`. */
export const simulatorCli: ProviderSimulatorCli = {
  prepare: (deliveries, options) => prepareCalls(deliveries, options),
  scenarios: Object.fromEntries(
    SCENARIO_NAMES.map((name) => [
      name,
      {
        description: SCENARIO_INFO[name].description,
        expectStatus: SCENARIO_INFO[name].expectStatus,
        deliveries: (options: SimulatorCliOptions): SimulatedDelivery[] => {
          const secret = SCENARIO_INFO[name].wrongSecret ? forgedSecret(options.secret) : options.secret;
          const payloads = SCENARIOS[name]({ organisationId: options.organisationId, count: options.count });
          // duplicates are re-sent with identical bytes and one delivery id, as the provider retries
          const deliveryId = simId("whdl");
          return payloads.map((payload) => {
            const signed = signedRequest({ body: serialize(payload), secret, idempotencyKey: name === "duplicates" ? deliveryId : undefined });
            return { label: `${payload.type} ${payload.data.object.id}`, body: signed.body, headers: signed.headers };
          });
        },
      },
    ]),
  ),
};
