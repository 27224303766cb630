import { describe, expect, it } from "vitest";
import { astra } from "@/lib/providers/astra";
import { FETCH_TRANSFER_JOB, mapEvent } from "@/lib/providers/astra/map";
import type { MapResult, RepresentmentInput } from "@/lib/providers/types";

const { webhook } = astra;

/** Seed 002's example payloads (verbatim). */
const CREATED = {
  webhook_type: "chargeback_created",
  webhook_id: "364f57aa-47dd-461b-8df4-d6388fb2d05e",
  user_id: "WV9Zwexqw7Tqk8nox5dBSe993dEBqGulDlnNA",
  resource_id: "C999999V1234567890",
  resource_parent_id: "0239decedaaa5cefa4d173ee839ca37599165219",
};
const UPDATED = { ...CREATED, webhook_type: "chargeback_updated" };

function parse(json: unknown) {
  const parsed = webhook.parse(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function mapJson(json: unknown) {
  return webhook.map(parse(json));
}

function applied(json: unknown): Extract<MapResult, { kind: "apply" }> {
  const result = mapJson(json);
  if (!result.ok) throw new Error(result.error);
  if (result.value.kind !== "apply") throw new Error("ignored");
  return result.value;
}

describe("parse (envelope schema)", () => {
  it("requires webhook_type and webhook_id", () => {
    expect(webhook.parse({ webhook_id: "w" }).ok).toBe(false);
    expect(webhook.parse({ webhook_type: "chargeback_created" }).ok).toBe(false);
    expect(webhook.parse({ webhook_type: " ", webhook_id: "w" }).ok).toBe(false);
    expect(webhook.parse([]).ok).toBe(false);
    expect(webhook.parse(null).ok).toBe(false);
  });

  it("tolerates missing or mistyped optional ids and keeps unknown fields", () => {
    const event = parse({ webhook_type: "x", webhook_id: "w", user_id: { a: 1 }, resource_id: 4816908952010752, extra: [1] });
    expect(event.user_id).toBeNull();
    expect(event.resource_id).toBe("4816908952010752");
    expect(event.resource_parent_id).toBeNull();
    expect((event as Record<string, unknown>).extra).toEqual([1]);
  });

  it("accepts inbound_payment_received with user_id null and metadata", () => {
    const event = parse({ webhook_type: "inbound_payment_received", webhook_id: "w1", user_id: null, resource_id: "pi_1", metadata: { amount: 1234.56, type: "Ach" } });
    expect(event.metadata).toEqual({ amount: 1234.56, type: "Ach" });
  });
});

describe("envelope", () => {
  it("uses webhook_id as the event id and webhook_type as the type", () => {
    expect(webhook.envelope(parse(CREATED), new Headers())).toEqual({
      eventId: "364f57aa-47dd-461b-8df4-d6388fb2d05e",
      type: "chargeback_created",
      deliveryId: null,
      providerOrganisationId: null,
    });
  });
});

describe("map: chargeback events", () => {
  it.each([
    ["chargeback_created", CREATED],
    ["chargeback_updated", UPDATED],
  ])("%s → a partial, details-pending representment and one fetch job", (_type, payload) => {
    const result = applied(payload);
    expect(result.inputs).toHaveLength(1);
    const input = result.inputs[0] as RepresentmentInput;
    expect(input).toEqual({
      entity: "representment",
      externalId: "C999999V1234567890",
      providerOrganisationId: null,
      providerMerchantIds: [],
      providerCreatedAt: null,
      providerUpdatedAt: null,
      providerData: expect.objectContaining(payload),
      previousAttributes: null,
      partial: true,
      fields: {
        stage: "CHARGEBACK",
        providerStage: null,
        status: "OPEN",
        providerStatus: "pending details",
        disputeStatus: null,
        reason: null,
        reasonCode: null,
        amountMinor: null,
        currency: null,
        transactionAmountMinor: null,
        transactionCurrency: null,
        cardScheme: null,
        arn: null,
        serviceType: null,
        managedBy: null,
        referenceId: null,
        transactionReferenceId: null,
        dueAt: null,
        disputedAt: null,
        transactionAuthorisedAt: null,
        detailsPending: true,
      },
    });
    expect(result.jobs).toEqual([
      {
        task: FETCH_TRANSFER_JOB,
        payload: {
          transferId: "0239decedaaa5cefa4d173ee839ca37599165219",
          chargebackId: "C999999V1234567890",
          userId: "WV9Zwexqw7Tqk8nox5dBSe993dEBqGulDlnNA",
          webhookId: "364f57aa-47dd-461b-8df4-d6388fb2d05e",
        },
        jobKey: "astra-transfer:C999999V1234567890",
      },
    ]);
    expect(FETCH_TRANSFER_JOB).toBe("astra.fetch-transfer");
  });

  it("the docs' copy-paste slip (an update labelled created) maps the same way", () => {
    expect(applied({ ...UPDATED, webhook_type: "chargeback_created" }).jobs).toEqual(applied(UPDATED).jobs);
  });

  it("tolerates case and whitespace in webhook_type", () => {
    expect(applied({ ...CREATED, webhook_type: " Chargeback_Updated " }).inputs).toHaveLength(1);
  });

  it("a null user_id is passed on as null", () => {
    expect(applied({ ...CREATED, user_id: null }).jobs?.[0]?.payload.userId).toBeNull();
  });

  it("cleans providerData (NULs, __proto__)", () => {
    const input = applied(JSON.parse('{"webhook_type":"chargeback_created","webhook_id":"w","resource_id":"C1","resource_parent_id":"T1","note":"a\\u0000b","__proto__":{"x":1}}'))
      .inputs[0] as RepresentmentInput;
    expect(input.providerData.note).toBe("ab");
    expect(Object.hasOwn(input.providerData, "__proto__")).toBe(false);
  });

  it.each([
    ["resource_id", { ...CREATED, resource_id: undefined }],
    ["resource_parent_id", { ...CREATED, resource_parent_id: undefined }],
    ["resource_id", { ...CREATED, resource_id: "" }],
    ["resource_parent_id", { ...UPDATED, resource_parent_id: null }],
  ])("a chargeback event without %s is a map error", (field, payload) => {
    const result = mapJson(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(field);
  });
});

describe("map: every other webhook type is ignored", () => {
  it.each([
    "transfer_created",
    "transfer_updated",
    "inbound_payment_received",
    "user_created",
    "user_updated",
    "user_intent_updated",
    "routine_created",
    "routine_updated",
    "batch_updated",
    "card_created",
    "card_updated",
    "payment_instrument_updated",
    "chargeback_deleted",
    "something_new",
  ])("%s → ignore", (type) => {
    const result = mapJson({ webhook_type: type, webhook_id: "w", user_id: "u", resource_id: "r" });
    expect(result).toEqual({ ok: true, value: { kind: "ignore", reason: `unhandled webhook type ${type}` } });
  });

  it("mapEvent never throws on odd but parsed events", () => {
    expect(mapEvent(parse({ webhook_type: "x".repeat(120), webhook_id: "w" })).ok).toBe(true);
  });
});

describe("provider definition", () => {
  it("declares Astra's credentials, hosts and tasks", () => {
    expect(astra.id).toBe("astra");
    expect(astra.label).toBe("Astra");
    expect(astra.defaultApiBaseUrl("TEST")).toBe("https://api-sandbox.astra.finance");
    expect(astra.defaultApiBaseUrl("LIVE")).toBe("https://api.astra.finance");
    expect(astra.credentials).toEqual({
      requiredSecrets: ["client_secret"],
      optionalSecrets: ["refresh_token"],
      requiredFields: ["clientId"],
      optionalFields: ["redirectUri"],
      webhookSecret: "client_secret",
      rotationOverlapHours: 24,
    });
    expect(astra.scopes).toEqual(["ORG"]);
    expect(astra.tasks?.map((t) => t.name)).toEqual(["fetch-transfer"]);
    expect(astra.webhook.respond).toBeUndefined();
  });
});
