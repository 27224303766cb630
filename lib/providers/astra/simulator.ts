/**
 * Astra webhook simulator: envelopes shaped like Astra's own examples (seed 002, digest §3.3),
 * signing (`Astra-Verification`), matching fake transfers, scenarios and `simulatorCli`.
 * Every builder call returns fresh ids.
 *
 * A full lifecycle needs the fake API (fake-api.ts) to hold the transfer the webhooks name: the
 * webhook only carries ids, and the `astra.fetch-transfer` job reads
 * GET /v1/transfers/{resource_parent_id}. Before sending a scenario, register its transfers with
 * the fake (`POST /_sim/transfers` with `transfersForDeliveries(deliveries)`, or
 * `fake.putTransfer(...)` in-process) and the OAuth client (`POST /_sim/clients`), and point the
 * connection's API base URL at the fake.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { pythonJsonDumps } from "@/lib/providers/astra/python-json";
import { SIGNATURE_HEADER_DISPLAY, sign } from "@/lib/providers/astra/signature";
import type { ProviderSimulatorCli, SimulatedDelivery, SimulatorCliOptions } from "@/lib/providers/types";

// ───────────────────────────── ids ─────────────────────────────

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomFrom(alphabet: string, length: number): string {
  let out = "";
  for (const byte of randomBytes(length)) out += alphabet[byte % alphabet.length];
  return out;
}

const digits = (n: number) => randomFrom("0123456789", n);

/** Chargeback id like the docs' `C999999V1234567890`. */
export const newChargebackId = () => `C${digits(6)}V${digits(10)}`;
/** Transfer id: 40 hex characters (docs: `0239decedaaa5cefa4d173ee839ca37599165219`). */
export const newTransferId = () => randomBytes(20).toString("hex");
/** User id like the docs' `WV9Zwexqw7Tqk8nox5dBSe993dEBqGulDlnNA` (37 characters). */
export const newUserId = () => randomFrom(ALNUM, 37);
/** webhook_id: a UUID (identical on Astra's retries). */
export const newWebhookId = () => randomUUID();

// ───────────────────────────── envelopes ─────────────────────────────

export type AstraWebhookPayload = {
  webhook_type: string;
  webhook_id: string;
  user_id: string | null;
  resource_id: string;
  resource_parent_id?: string;
  metadata?: Record<string, unknown>;
};

export type ChargebackWebhookOptions = { chargebackId?: string; transferId?: string; userId?: string; webhookId?: string };

function chargebackEvent(type: "chargeback_created" | "chargeback_updated", o: ChargebackWebhookOptions): AstraWebhookPayload {
  // Field order as in Astra's example (it matters for the Python-form signature).
  return {
    webhook_type: type,
    webhook_id: o.webhookId ?? newWebhookId(),
    user_id: o.userId ?? newUserId(),
    resource_id: o.chargebackId ?? newChargebackId(),
    resource_parent_id: o.transferId ?? newTransferId(),
  };
}

export function chargebackCreated(o: ChargebackWebhookOptions = {}): AstraWebhookPayload {
  return chargebackEvent("chargeback_created", o);
}

export function chargebackUpdated(o: ChargebackWebhookOptions = {}): AstraWebhookPayload {
  return chargebackEvent("chargeback_updated", o);
}

/** `transfer_updated` (ignored by us): `resource_id` is the transfer id, no parent. */
export function transferUpdated(o: { transferId?: string; userId?: string; webhookId?: string } = {}): AstraWebhookPayload {
  return { webhook_type: "transfer_updated", webhook_id: o.webhookId ?? newWebhookId(), user_id: o.userId ?? newUserId(), resource_id: o.transferId ?? newTransferId() };
}

// ───────────────────────────── fake transfers ─────────────────────────────

export type TransferOptions = {
  transferId?: string;
  chargebackId?: string;
  userId?: string;
  /** dollars (default "125.40") */
  amount?: string | number;
  actionStatus?: string;
  disputeStatus?: string;
  createdAt?: Date;
  updatedAt?: Date;
  /** merged last into the transfer */
  fields?: Record<string, unknown>;
};

/**
 * A transfer carrying one chargeback, in the shape transfer.ts reads (list form, with the status
 * mirrored flat on the transfer as the docs describe `action_status`).
 */
export function transferWithChargeback(o: TransferOptions = {}): Record<string, unknown> {
  const updatedAt = o.updatedAt ?? new Date();
  const createdAt = o.createdAt ?? new Date(updatedAt.getTime() - 20 * 86_400_000);
  const chargebackAt = new Date(updatedAt.getTime() - 2 * 86_400_000);
  const amount = typeof o.amount === "number" ? o.amount : (o.amount ?? "125.40");
  const actionStatus = o.actionStatus ?? "Open - Merchant debited";
  const disputeStatus = o.disputeStatus ?? "Not Disputed";
  return {
    id: o.transferId ?? newTransferId(),
    user_id: o.userId ?? newUserId(),
    amount,
    currency: "USD",
    type: "card_to_account",
    status: "approved",
    created_at: createdAt.toISOString(),
    updated_at: updatedAt.toISOString(),
    action_status: actionStatus,
    dispute_status: disputeStatus,
    chargebacks: [
      {
        id: o.chargebackId ?? newChargebackId(),
        amount,
        action_status: actionStatus,
        dispute_status: disputeStatus,
        created_at: chargebackAt.toISOString(),
        updated_at: updatedAt.toISOString(),
      },
    ],
    ...o.fields,
  };
}

/**
 * The transfers a fake API must hold for these deliveries (one per transfer id named by a
 * chargeback event; the last event's position decides the status: created → "Open - Merchant
 * debited", updated → "Documentation received").
 */
export function transfersForDeliveries(deliveries: readonly { body: string }[]): Record<string, unknown>[] {
  const byTransfer = new Map<string, { chargebackId: string; userId?: string; updated: boolean }>();
  for (const d of deliveries) {
    let payload: unknown;
    try {
      payload = JSON.parse(d.body);
    } catch {
      continue;
    }
    if (payload === null || typeof payload !== "object") continue;
    const p = payload as Partial<AstraWebhookPayload>;
    if ((p.webhook_type !== "chargeback_created" && p.webhook_type !== "chargeback_updated") || !p.resource_parent_id || !p.resource_id) continue;
    const seen = byTransfer.get(p.resource_parent_id);
    byTransfer.set(p.resource_parent_id, {
      chargebackId: p.resource_id,
      userId: p.user_id ?? undefined,
      updated: (seen?.updated ?? false) || p.webhook_type === "chargeback_updated",
    });
  }
  return [...byTransfer].map(([transferId, t]) =>
    transferWithChargeback({
      transferId,
      chargebackId: t.chargebackId,
      userId: t.userId,
      actionStatus: t.updated ? "Documentation received" : "Open - Merchant debited",
      disputeStatus: t.updated ? "Open" : "Not Disputed",
    }),
  );
}

// ───────────────────────────── signing ─────────────────────────────

/** Compact JSON (what an HTTP client typically sends), or Python's `json.dumps` form. */
export function serialize(payload: unknown, options: { pythonForm?: boolean } = {}): string {
  return options.pythonForm ? pythonJsonDumps(payload) : JSON.stringify(payload);
}

export type SignedRequest = { headers: Record<string, string>; body: string };

/**
 * Headers Astra sends with a delivery. The signature is over `body` itself; with `pythonForm`,
 * over the Python `json.dumps` form of `body` instead (what Astra's Python sample hashes) while
 * the bytes sent stay `body`, which exercises the receiver's fallback.
 */
export function signedRequest({ body, clientSecret, pythonForm = false }: { body: string; clientSecret: string; pythonForm?: boolean }): SignedRequest {
  const signed = pythonForm ? pythonJsonDumps(JSON.parse(body) as unknown) : body;
  return { headers: { "content-type": "application/json", [SIGNATURE_HEADER_DISPLAY]: sign(signed, clientSecret) }, body };
}

/** A secret that is certainly not `secret` (the forged scenario). */
export function forgedSecret(secret: string): string {
  return `${secret}-forged`;
}

// ───────────────────────────── scenarios ─────────────────────────────

export type ScenarioName = "chargeback-created" | "chargeback-lifecycle" | "duplicates" | "ignored-type" | "forged" | "python-signed";

type Scenario = {
  description: string;
  expectStatus: number;
  wrongSecret?: boolean;
  pythonForm?: boolean;
  payloads: () => AstraWebhookPayload[];
};

/** One chargeback's ids, shared by the events of a scenario. */
function ids(): Required<Pick<ChargebackWebhookOptions, "chargebackId" | "transferId" | "userId">> {
  return { chargebackId: newChargebackId(), transferId: newTransferId(), userId: newUserId() };
}

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  "chargeback-created": {
    description: "chargeback_created (thin: the job fetches the transfer from the fake API)",
    expectStatus: 200,
    payloads: () => [chargebackCreated(ids())],
  },
  "chargeback-lifecycle": {
    description: "chargeback_created then chargeback_updated for the same chargeback",
    expectStatus: 200,
    payloads: () => {
      const o = ids();
      return [chargebackCreated(o), chargebackUpdated(o)];
    },
  },
  duplicates: {
    description: "the same chargeback_created delivered 3 times (same webhook_id; applied once)",
    expectStatus: 200,
    payloads: () => {
      const event = chargebackCreated(ids());
      return [event, structuredClone(event), structuredClone(event)];
    },
  },
  "ignored-type": {
    description: "transfer_updated (stored as ignored, answered 200)",
    expectStatus: 200,
    payloads: () => [transferUpdated()],
  },
  forged: {
    description: "chargeback_created signed with a wrong client secret (401)",
    expectStatus: 401,
    wrongSecret: true,
    payloads: () => [chargebackCreated(ids())],
  },
  "python-signed": {
    description: "chargeback_created sent compact but signed over Python's json.dumps form (fallback)",
    expectStatus: 200,
    pythonForm: true,
    payloads: () => [chargebackCreated(ids())],
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** A scenario as signed deliveries (options.secret = the connection's client secret). */
export function scenarioDeliveries(name: ScenarioName, options: SimulatorCliOptions): SimulatedDelivery[] {
  const scenario = SCENARIOS[name];
  const secret = scenario.wrongSecret ? forgedSecret(options.secret) : options.secret;
  return scenario.payloads().map((payload) => {
    const signed = signedRequest({ body: serialize(payload), clientSecret: secret, pythonForm: scenario.pythonForm });
    return { label: `${payload.webhook_type} ${payload.resource_id}`, body: signed.body, headers: signed.headers };
  });
}

/**
 * For `npm run -s simulate -- send astra --secret <client secret>`. Scenarios other than
 * ignored-type and forged enqueue `astra.fetch-transfer`; for the job to succeed the fake API must
 * hold the transfers first (`transfersForDeliveries`, POST /_sim/transfers).
 */
export const simulatorCli: ProviderSimulatorCli = {
  // the fake must know the OAuth client and hold the transfers the webhooks name
  prepare: (deliveries, options) => [
    ...(options.clientId && options.redirectUri
      ? [{ path: "/_sim/clients", body: { clientId: options.clientId, clientSecret: options.secret, redirectUri: options.redirectUri, refreshToken: options.refreshToken } }]
      : []),
    { path: "/_sim/transfers", body: transfersForDeliveries(deliveries) },
  ],
  scenarios: Object.fromEntries(
    SCENARIO_NAMES.map((name) => [
      name,
      {
        description: SCENARIOS[name].description,
        expectStatus: SCENARIOS[name].expectStatus,
        deliveries: (options: SimulatorCliOptions) => scenarioDeliveries(name, options),
      },
    ]),
  ),
};
