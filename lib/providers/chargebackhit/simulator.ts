/**
 * Chargebackhit webhook simulator: alert bodies shaped like `SchemaWebhookAlert`
 * (shared/providers/chargebackhit.md §3.2), signed exactly as Chargebackhit signs them, scenarios
 * and one `send`. Used by unit tests, `npm run simulate -- send chargebackhit` and e2e. Every
 * builder call returns a fresh alert id (UUID) unless one is given.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { PUBLIC_KEY_HEADER, SIGNATURE_HEADER, sign } from "@/lib/providers/chargebackhit/signature";
import type { ProviderSimulatorCli, SimulatedDelivery, SimulatorCliOptions } from "@/lib/providers/types";

// ───────────────────────────── types ─────────────────────────────

export type SimAlert = Record<string, unknown> & { id: string; type: string };
export type SimPayload = {
  alert: SimAlert;
  transaction?: Record<string, unknown> | null;
  merchant?: Record<string, unknown> | null;
};

type DateLike = Date | string | number;

export type SimOptions = {
  /** fixed alert id instead of a fresh UUID */
  alertId?: string;
  /** base clock (default: now) */
  now?: DateLike;
  /** alert.date (default: now) */
  date?: DateLike;
  /** alert.amount, a decimal string in major units (default "49.99") */
  amount?: string;
  /** alert.currency and transaction.currency (default "USD") */
  currency?: string;
  /** alert.product (default per type) */
  product?: string;
  /** alert.provider (default per type) */
  provider?: string;
  /** alert.outcome (default "") */
  outcome?: string;
  descriptor?: string;
  reasonGroup?: string;
  reasonCode?: string;
  /** Chargebackhit merchant UUID (default: a fresh one) */
  merchantId?: string;
  /** transaction fields (transaction_merchant_id, transaction_id, arn, last_four, auth_code, bin, date, amount…), merged last; null omits the object */
  transaction?: Record<string, unknown> | null;
  /** merchant fields, merged last; null omits the object */
  merchant?: Record<string, unknown> | null;
  /** last word: merged into the alert */
  fields?: Record<string, unknown>;
};

// ───────────────────────────── helpers ─────────────────────────────

function toDate(value: DateLike): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid date: ${String(value)}`);
  return date;
}

/** `2024-01-15T10:30:00Z` (whole seconds, like the provider's sample). */
const iso = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function digits(count: number): string {
  let out = "";
  for (const byte of randomBytes(count)) out += String(byte % 10);
  return out;
}

function alphanumeric(count: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  let out = "";
  for (const byte of randomBytes(count)) out += alphabet[byte % alphabet.length];
  return out;
}

type Defaults = { provider: string; product: string; reasonGroup: string | null; reasonCode: string | null };

const DEFAULTS: Record<string, Defaults> = {
  "init-refund": { provider: "ethoca", product: "ethoca", reasonGroup: "fraud", reasonCode: "10.4" },
  resolved: { provider: "verifi", product: "rdr", reasonGroup: "fraud", reasonCode: "10.4" },
  inquiry: { provider: "verifi", product: "oi", reasonGroup: null, reasonCode: null },
  prevented: { provider: "verifi", product: "oi", reasonGroup: null, reasonCode: null },
  "fraud-notification": { provider: "verifi", product: "visa-fraud", reasonGroup: "fraud", reasonCode: "6" },
  "dispute-notification": { provider: "verifi", product: "visa-dispute", reasonGroup: "consumer-dispute", reasonCode: "13.1" },
};

/** A body of any alert type (unknown types get the init-refund defaults). */
export function alertPayload(type: string, opts: SimOptions = {}): SimPayload {
  const d = DEFAULTS[type] ?? DEFAULTS["init-refund"]!;
  const now = toDate(opts.now ?? new Date());
  const date = toDate(opts.date ?? now);
  const amount = opts.amount ?? "49.99";
  const currency = opts.currency ?? "USD";
  const descriptor = opts.descriptor ?? "MYSTORE*PURCHASE";
  const alert: SimAlert = {
    id: opts.alertId ?? randomUUID(),
    card_acceptor_id: digits(12),
    date: iso(date),
    provider: opts.provider ?? d.provider,
    product: opts.product ?? d.product,
    type,
    outcome: opts.outcome ?? "",
    acquirer_bin: "400552",
    amount,
    currency,
    mcc: "5732",
    descriptor,
    reason_group: opts.reasonGroup ?? d.reasonGroup,
    reason_code: opts.reasonCode ?? d.reasonCode,
    ...opts.fields,
  };
  const payload: SimPayload = { alert };
  if (opts.transaction !== null) {
    payload.transaction = {
      transaction_merchant_id: `order-${digits(6)}`,
      transaction_id: `visa-tid-${alphanumeric(12).toLowerCase()}`,
      date: iso(new Date(date.getTime() - 5 * 86_400_000)),
      amount,
      currency,
      type: "sale",
      card_brand: "visa",
      bin: "411111",
      last_four: "1234",
      auth_code: alphanumeric(6),
      arn: `7${digits(22)}`,
      ...opts.transaction,
    };
  }
  if (opts.merchant !== null) {
    payload.merchant = {
      id: opts.merchantId ?? randomUUID(),
      internal_id: "mid_QWE12345",
      descriptor: "mystore.com",
      name: "[MyStore][Purchase]",
      ...opts.merchant,
    };
  }
  return payload;
}

// ───────────────────────────── builders ─────────────────────────────

/** `init-refund`: an Ethoca refund request, unanswered (outcome ""). */
export const initRefund = (opts: SimOptions = {}) => alertPayload("init-refund", opts);
/** `resolved`: an RDR alert the network already refunded. */
export const resolved = (opts: SimOptions = {}) => alertPayload("resolved", opts);
/** `inquiry`: an Order Insight request for transaction data (answer within 2 s). */
export const inquiry = (opts: SimOptions = {}) => alertPayload("inquiry", opts);
/** `prevented`: a dispute deflected by Prevent. */
export const prevented = (opts: SimOptions = {}) => alertPayload("prevented", opts);
/** `fraud-notification`: a Visa TC40 fraud report (product "visa-fraud"). */
export const fraudNotification = (opts: SimOptions = {}) => alertPayload("fraud-notification", opts);
/** `dispute-notification`: a Visa dispute filed (product "visa-dispute"). */
export const disputeNotification = (opts: SimOptions = {}) => alertPayload("dispute-notification", opts);

// ───────────────────────────── signing, sending ─────────────────────────────

export function serialize(payload: unknown): string {
  return JSON.stringify(payload);
}

export type SignedRequest = { headers: Record<string, string>; body: string };

/** Headers Chargebackhit sends with a delivery: content type, `signature`, `public_key`. */
export function signedRequest({ body, publicKey, secretKey }: { body: string; publicKey: string; secretKey: string }): SignedRequest {
  return {
    headers: {
      "content-type": "application/json",
      [SIGNATURE_HEADER]: sign(body, publicKey, secretKey),
      [PUBLIC_KEY_HEADER]: publicKey,
    },
    body,
  };
}

/** A secret key that is certainly not `secretKey` (for the forged scenario). */
export function forgedSecret(secretKey: string): string {
  return `${secretKey}-forged`;
}

export type SendInput = {
  url: string;
  publicKey: string;
  secretKey: string;
  fetchImpl?: typeof fetch;
} & ({ payload: unknown; body?: undefined } | { body: string; payload?: undefined });

/** POSTs one signed delivery and returns the answer (Chargebackhit reads the outcome from it). */
export async function send(input: SendInput): Promise<{ status: number; body: string }> {
  const body = input.body ?? serialize(input.payload);
  const request = signedRequest({ body, publicKey: input.publicKey, secretKey: input.secretKey });
  const fetchImpl = input.fetchImpl ?? globalThis.fetch;
  const response = await fetchImpl(input.url, { method: "POST", headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text() };
}

// ───────────────────────────── scenarios ─────────────────────────────

export type ScenarioOptions = { now?: DateLike; merchantId?: string; count?: number };

function base(opts: ScenarioOptions): SimOptions {
  return { now: opts.now, merchantId: opts.merchantId ?? randomUUID() };
}

/** Ordered lists of payloads, in delivery order. */
export const scenarios = {
  /** One alert of each of the six types, for one merchant. */
  everyType(opts: ScenarioOptions = {}): SimPayload[] {
    const o = base(opts);
    return [initRefund(o), resolved(o), inquiry(o), prevented(o), fraudNotification(o), disputeNotification(o)];
  },
  /** One Ethoca init-refund (answered "pending"). */
  initRefund(opts: ScenarioOptions = {}): SimPayload[] {
    return [initRefund(base(opts))];
  },
  /** One inquiry (answered "acknowledged", with order data when the transaction is in our database). */
  inquiry(opts: ScenarioOptions = {}): SimPayload[] {
    return [inquiry(base(opts))];
  },
  /** The same init-refund twice, byte-identical: both answers must be identical. */
  duplicates(opts: ScenarioOptions = {}): SimPayload[] {
    const payload = initRefund(base(opts));
    return [payload, structuredClone(payload)];
  },
  /** `n` distinct init-refunds (a backlog after an outage). */
  burst(n: number, opts: ScenarioOptions = {}): SimPayload[] {
    const o = base(opts);
    return Array.from({ length: Math.max(0, Math.floor(n)) }, () => initRefund(o));
  },
  /** Valid payloads the sender must sign with a WRONG secret key (forgedSecret); expect 401. */
  forged(opts: ScenarioOptions = {}): SimPayload[] {
    const o = base(opts);
    return [initRefund(o), inquiry(o)];
  },
};

export type ScenarioName = "every-type" | "init-refund" | "inquiry" | "duplicates" | "burst" | "forged";

export const SCENARIOS: Record<ScenarioName, (opts?: ScenarioOptions) => SimPayload[]> = {
  "every-type": (opts = {}) => scenarios.everyType(opts),
  "init-refund": (opts = {}) => scenarios.initRefund(opts),
  inquiry: (opts = {}) => scenarios.inquiry(opts),
  duplicates: (opts = {}) => scenarios.duplicates(opts),
  burst: (opts = {}) => scenarios.burst(opts.count ?? 50, opts),
  forged: (opts = {}) => scenarios.forged(opts),
};

export const SCENARIO_INFO: Record<ScenarioName, { description: string; wrongSecret: boolean; expectStatus: number }> = {
  "every-type": { description: "one alert of each of the six types", wrongSecret: false, expectStatus: 200 },
  "init-refund": { description: "one Ethoca init-refund (answer: pending)", wrongSecret: false, expectStatus: 200 },
  inquiry: { description: "one inquiry (answer: acknowledged, with order data when matched)", wrongSecret: false, expectStatus: 200 },
  duplicates: { description: "the same init-refund twice (identical answers, applied once)", wrongSecret: false, expectStatus: 200 },
  burst: { description: "n distinct init-refunds (count, default 50)", wrongSecret: false, expectStatus: 200 },
  forged: { description: "valid payloads signed with a wrong secret key", wrongSecret: true, expectStatus: 401 },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

// ───────────────────────────── CLI ─────────────────────────────

/** The fake-API calls registering the account and the deliveries' alerts ([] without keys). */
export function prepareCalls(deliveries: SimulatedDelivery[], options: SimulatorCliOptions): { path: string; body: unknown }[] {
  const publicKey = options.publicKey?.trim();
  if (!publicKey || !options.secret) return [];
  const alerts = deliveries.map((d) => JSON.parse(d.body) as unknown);
  return [
    { path: "/_sim/accounts", body: { publicKey, secretKey: options.secret } },
    { path: "/_sim/alerts", body: { publicKey, alerts } },
  ];
}

/**
 * The scenarios as signed deliveries, for `npm run -s simulate -- send chargebackhit --secret
 * <secret key> --public-key <public key>`. `--org` is ignored (Chargebackhit connections are
 * organisation-scoped).
 */
export const simulatorCli: ProviderSimulatorCli = {
  /**
   * With `--api <fake API URL>`: registers the account (public key + secret key) and the
   * scenario's alerts in the fake Chargebackhit API (fake-api.ts, POST /_sim/accounts and
   * /_sim/alerts) before sending, so an init-refund answered "pending" can later get its real
   * outcome through update-outcome, and a sync finds the alerts.
   */
  prepare: (deliveries, options) => prepareCalls(deliveries, options),
  scenarios: Object.fromEntries(
    SCENARIO_NAMES.map((name) => [
      name,
      {
        description: SCENARIO_INFO[name].description,
        expectStatus: SCENARIO_INFO[name].expectStatus,
        deliveries: (options: SimulatorCliOptions): SimulatedDelivery[] => {
          const publicKey = options.publicKey?.trim();
          if (!publicKey) throw new Error("Chargebackhit deliveries need the connection's public key: pass --public-key.");
          if (!options.secret) throw new Error("Chargebackhit deliveries need the connection's secret key: pass --secret.");
          const secretKey = SCENARIO_INFO[name].wrongSecret ? forgedSecret(options.secret) : options.secret;
          return SCENARIOS[name]({ count: options.count }).map((payload) => {
            const signed = signedRequest({ body: serialize(payload), publicKey, secretKey });
            return { label: `${payload.alert.type} ${payload.alert.id}`, body: signed.body, headers: signed.headers };
          });
        },
      },
    ]),
  ),
};
