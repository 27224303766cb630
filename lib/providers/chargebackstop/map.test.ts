import { describe, expect, it } from "vitest";
import { chargebackstop } from "@/lib/providers/chargebackstop";
import { parseProviderDate, type ChargebackStopEvent } from "@/lib/providers/chargebackstop/events";
import * as samples from "@/lib/providers/chargebackstop/fixtures";
import { cleanJson, mapEvent } from "@/lib/providers/chargebackstop/map";
import type {
  AlertInput,
  DomainInput,
  EnrolmentInput,
  LookupInput,
  RepresentmentInput,
  SchemeNoticeInput,
} from "@/lib/providers/types";

const { webhook } = chargebackstop;

/** The pipeline's path: raw JSON text → JSON.parse → parse → map. */
function parse(payload: unknown): ChargebackStopEvent {
  const result = webhook.parse(JSON.parse(JSON.stringify(payload)));
  if (!result.ok) throw new Error(`parse failed: ${result.error}`);
  return result.value;
}

function mapOne<T extends DomainInput>(payload: unknown): T {
  const result = webhook.map(parse(payload));
  if (!result.ok) throw new Error(`map failed: ${result.error}`);
  if (result.value.kind !== "apply") throw new Error(`ignored: ${result.value.reason}`);
  expect(result.value.inputs).toHaveLength(1);
  return result.value.inputs[0] as T;
}

const d = (iso: string) => new Date(iso);

describe("fixtures", () => {
  it("cover every event type once, with unique event ids", () => {
    const types = samples.ALL_SAMPLES.map((s) => s.type);
    expect(new Set(types).size).toBe(11);
    expect(new Set(samples.ALL_SAMPLES.map((s) => s.id)).size).toBe(samples.ALL_SAMPLES.length);
  });

  it("all parse, give an envelope and map to one input", () => {
    for (const sample of samples.ALL_SAMPLES) {
      const event = parse(sample);
      const headers = new Headers({ "x-idempotency-key": "whdl_CXwgJJye6EoZYxtFbx78Q" });
      expect(webhook.envelope(event, headers)).toEqual({
        eventId: sample.id,
        type: sample.type,
        deliveryId: "whdl_CXwgJJye6EoZYxtFbx78Q",
        providerOrganisationId: sample.data.object.organisation_id,
      });
      const input = mapOne(sample);
      expect(input.externalId).toBe(sample.data.object.id);
      expect(input.providerData).toEqual(sample.data.object);
    }
  });
});

describe("alert events", () => {
  it("maps alert.created", () => {
    const input = mapOne<AlertInput>(samples.alertCreated);
    expect(input).toEqual({
      entity: "alert",
      externalId: "netalrt_yxMihZ4JhB7h5unn36F18",
      providerOrganisationId: "org_RoExcMDGGjmmGXKxAUAkR",
      providerMerchantIds: ["mrch_YoaBvAq2H2R8JYXjXodkE"],
      providerCreatedAt: d("2025-05-10T13:56:56.312Z"),
      providerUpdatedAt: d("2025-05-10T13:56:58.111Z"),
      providerData: samples.alertCreated.data.object,
      previousAttributes: null,
      fields: {
        kind: "ETHOCA",
        providerStatus: "ACTION_REQUIRED",
        status: "ACTION_REQUIRED",
        deadlineAt: d("2025-05-12T13:56:56.300Z"),
        amountMinor: 6606,
        currency: "USD",
        cardScheme: "MASTERCARD",
        cardBin: null,
        cardLast4: "5455",
        cardIssuer: "BofA",
        arn: "012533471273304331125644612",
        authCode: "7XP81U",
        descriptor: "ECOM-STUFF.COM",
        networkTransactionId: null,
        merchantReference: "pi_3SPJO4KRFSLReU4y04XJUvLN",
        authorisedAt: d("2025-05-05T13:56:56.300Z"),
        reasonCode: null,
        refundOutcome: null,
        cancelOutcome: null,
        providerOutcome: null,
        note: null,
      },
    });
    expect(input.fields.deadlineAt).toBeInstanceOf(Date);
  });

  it("maps alert.updated with previous attributes", () => {
    const input = mapOne<AlertInput>(samples.alertUpdated);
    expect(input.fields.status).toBe("RESOLVED");
    expect(input.fields.refundOutcome).toBe("REFUNDED");
    expect(input.fields.deadlineAt).toEqual(d("2025-05-12T13:56:56Z"));
    expect(input.providerUpdatedAt).toEqual(d("2025-05-10T18:20:18.419Z"));
    expect(input.previousAttributes).toEqual({ status: "ACTION_REQUIRED", transaction_refund_outcome: null });
  });

  it.each([
    ["ETHOCA_ALERT", "ETHOCA"],
    ["VERIFI_RDR", "RDR"],
    ["VERIFI_CDRN", "CDRN"],
    ["CDRN", "CDRN"],
    ["SOMETHING_NEW", "OTHER"],
    [null, "OTHER"],
  ])("kind from enrolment_type %s → %s", (enrolmentType, kind) => {
    const payload = structuredClone(samples.alertCreated);
    (payload.data.object as Record<string, unknown>).enrolment_type = enrolmentType;
    expect(mapOne<AlertInput>(payload).fields.kind).toBe(kind);
  });

  it.each([
    ["ACTION_REQUIRED", "ACTION_REQUIRED"],
    ["RESOLVED", "RESOLVED"],
    ["INVALID", "INVALID"],
    ["resolved", "RESOLVED"],
    ["DISMISSED", "INVALID"],
  ])("status %s → %s, provider string kept", (status, expected) => {
    const payload = structuredClone(samples.alertCreated);
    payload.data.object.status = status;
    const input = mapOne<AlertInput>(payload);
    expect(input.fields.status).toBe(expected);
    expect(input.fields.providerStatus).toBe(status);
  });

  it("upper-cases the currency and tolerates mistyped optional fields", () => {
    const payload = structuredClone(samples.alertCreated) as { data: { object: Record<string, unknown> } };
    payload.data.object.transaction_currency_code = "usd";
    payload.data.object.transaction_amount_in_cents = "6606";
    payload.data.object.action_required_deadline = "not a date";
    payload.data.object.transaction_card_last4 = 5455;
    payload.data.object.brand_new_field = { nested: [1, 2] };
    const input = mapOne<AlertInput>(payload);
    expect(input.fields.currency).toBe("USD");
    expect(input.fields.amountMinor).toBeNull();
    expect(input.fields.deadlineAt).toBeNull();
    expect(input.fields.cardLast4).toBeNull();
    // providerData is the object as sent
    expect(input.providerData.transaction_amount_in_cents).toBe("6606");
    expect(input.providerData.brand_new_field).toEqual({ nested: [1, 2] });
  });

  it("rejects an alert without id or status", () => {
    const noId = structuredClone(samples.alertCreated) as { data: { object: Record<string, unknown> } };
    delete noId.data.object.id;
    const result = mapEvent(parse(noId));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^alert: id/);

    const noStatus = structuredClone(samples.alertCreated) as { data: { object: Record<string, unknown> } };
    noStatus.data.object.status = null;
    expect(mapEvent(parse(noStatus)).ok).toBe(false);

    const emptyId = structuredClone(samples.alertCreated);
    emptyId.data.object.id = "\u0000 ";
    expect(mapEvent(parse(emptyId)).ok).toBe(false);
  });
});

describe("enrolment events", () => {
  it("maps enrolment.created (v2 merchant_ids)", () => {
    const input = mapOne<EnrolmentInput>(samples.enrolmentCreated);
    expect(input).toMatchObject({
      entity: "enrolment",
      externalId: "enrl_pfNupxFzfYDaEf1UrD6wU",
      providerOrganisationId: "org_MSALEuBsAywqDA3SQVqc8",
      providerMerchantIds: ["mrch_XXiP48XqnnYbRvnUFVH6G"],
      fields: { service: "ORDER_INSIGHT", providerType: "VERIFI_ORDER_INSIGHT", status: "IN_PROGRESS", providerStatus: "IN_PROGRESS", note: null },
      previousAttributes: null,
    });
    expect(input.statusChangedAt).toEqual(d("2026-02-25T15:03:14.460Z"));
  });

  it("maps enrolment.updated", () => {
    const input = mapOne<EnrolmentInput>(samples.enrolmentUpdated);
    expect(input.fields.status).toBe("ENABLED");
    expect(input.statusChangedAt).toEqual(d("2026-02-25T15:05:31.083Z"));
    expect(input.previousAttributes).toEqual({ status: "IN_PROGRESS" });
  });

  it.each([
    ["ENABLED", "ENABLED"],
    ["UNENROLLED", "UNENROLLED"],
    ["FAILED", "FAILED"],
    ["REJECTED", "FAILED"],
    ["ERROR", "FAILED"],
    ["REQUESTED", "REQUESTED"],
    ["IN_PROGRESS", "IN_PROGRESS"],
    ["PENDING", "IN_PROGRESS"],
    ["WHATEVER", "IN_PROGRESS"],
  ])("status %s → %s", (status, expected) => {
    const payload = structuredClone(samples.enrolmentCreated);
    payload.data.object.status = status;
    expect(mapOne<EnrolmentInput>(payload).fields.status).toBe(expected);
  });

  it.each([
    ["ETHOCA_ALERT", "ETHOCA"],
    ["VERIFI_RDR", "RDR"],
    ["VERIFI_ORDER_INSIGHT", "ORDER_INSIGHT"],
    ["ETHOCA_CONSUMER_CLARITY", "CONSUMER_CLARITY"],
    ["VERIFI_CDRN", "CDRN"],
    ["SOMETHING", "OTHER"],
  ])("service %s → %s", (type, expected) => {
    const payload = structuredClone(samples.enrolmentCreated);
    payload.data.object.type = type;
    expect(mapOne<EnrolmentInput>(payload).fields.service).toBe(expected);
  });

  it("reads a v1 merchant_id and falls back for statusChangedAt, never to now", () => {
    const payload = structuredClone(samples.enrolmentCreated) as { created_at: unknown; data: { object: Record<string, unknown> } };
    delete payload.data.object.merchant_ids;
    payload.data.object.merchant_id = "mrch_v1";
    payload.data.object.updated_at = null;
    let input = mapOne<EnrolmentInput>(payload);
    expect(input.providerMerchantIds).toEqual(["mrch_v1"]);
    expect(input.statusChangedAt).toEqual(d("2026-02-25T15:02:49.256Z"));

    delete payload.data.object.created_at;
    input = mapOne<EnrolmentInput>(payload);
    expect(input.statusChangedAt).toEqual(d("2026-02-25T15:02:49.256Z")); // the event's created_at

    payload.created_at = "garbage";
    const result = mapEvent(parse(payload));
    expect(result.ok).toBe(false);
  });
});

describe("representment events", () => {
  it("maps representment.created; dates without an offset are UTC", () => {
    const input = mapOne<RepresentmentInput>(samples.representmentCreated);
    expect(input).toMatchObject({
      entity: "representment",
      externalId: "rep_DenAQk14kzDmwKSJn7cU3",
      providerOrganisationId: "org_tmo8Dq484yRUiiAcJuRPd",
      providerMerchantIds: ["mrch_bQXg83B18qgACnp5Y4qU8"],
      fields: {
        stage: "CHARGEBACK",
        providerStage: "CHARGEBACK",
        status: "OPEN",
        providerStatus: "OPEN",
        disputeStatus: "OPEN",
        reason: "SUBSCRIPTION_CANCELED",
        reasonCode: null,
        amountMinor: 4444,
        currency: "USD",
        transactionAmountMinor: 4444,
        transactionCurrency: "USD",
        cardScheme: "MASTERCARD",
        arn: null,
        serviceType: "ONLINE_SERVICES",
        managedBy: "PARTNER",
        referenceId: null,
        transactionReferenceId: null,
        detailsPending: false,
      },
    });
    expect(input.fields.disputedAt?.toISOString()).toBe("2024-11-19T00:00:00.000Z");
    expect(input.fields.dueAt?.toISOString()).toBe("2024-12-03T00:00:00.000Z");
    expect(input.fields.transactionAuthorisedAt?.toISOString()).toBe("2024-11-12T00:00:00.000Z");
  });

  it("maps representment.updated", () => {
    const input = mapOne<RepresentmentInput>(samples.representmentUpdated);
    expect(input.fields.status).toBe("LOST");
    expect(input.previousAttributes).toEqual({ dispute_status: "OPEN" });
  });

  it.each([
    ["INQUIRY", "INQUIRY"],
    ["PRE_ARBITRATION", "PRE_ARBITRATION"],
    ["PRE-ARBITRATION", "PRE_ARBITRATION"],
    ["ARBITRATION", "ARBITRATION"],
    ["RETRIEVAL", "OTHER"],
  ])("stage %s → %s", (stage, expected) => {
    const payload = structuredClone(samples.representmentCreated);
    payload.data.object.dispute_stage = stage;
    const input = mapOne<RepresentmentInput>(payload);
    expect(input.fields.stage).toBe(expected);
    expect(input.fields.providerStage).toBe(stage);
  });

  it.each([
    ["OPEN", "OPEN"],
    ["NEEDS_RESPONSE", "OPEN"],
    ["UNDER_REVIEW", "UNDER_REVIEW"],
    ["SUBMITTED", "UNDER_REVIEW"],
    ["PROCESSING", "UNDER_REVIEW"],
    ["WON", "WON"],
    ["LOST", "LOST"],
    ["CLOSED", "CLOSED"],
    ["ACCEPTED", "CLOSED"],
    ["MYSTERY", "OPEN"],
  ])("status %s → %s", (status, expected) => {
    const payload = structuredClone(samples.representmentCreated);
    payload.data.object.dispute_status = status;
    expect(mapOne<RepresentmentInput>(payload).fields.status).toBe(expected);
  });
});

describe("scheme notice events", () => {
  it("maps scheme_notice.created", () => {
    const input = mapOne<SchemeNoticeInput>(samples.schemeNoticeCreated);
    expect(input).toMatchObject({
      entity: "schemeNotice",
      externalId: "schntc_NFSPZDSTv3QgfU8GDhXKK",
      providerOrganisationId: "org_WVJ7aJzpT32FED9BqKPpM",
      providerMerchantIds: ["mrch_bQXg83B18qgACnp5Y4qU8"],
      fields: {
        noticeType: "TC40",
        providerType: "TC40",
        category: "FRAUD_NOTICE",
        scheme: "VISA",
        fraudType: "CARD_NOT_PRESENT",
        disputeEligible: true,
        revoked: false,
        revokedAt: null,
        reportedAt: d("2026-02-21T08:13:50.360Z"),
        amountMinor: 14760,
        currency: "USD",
        cardBin: "411798",
        cardLast4: "3508",
        arn: "77198913101798678449413",
        authCode: "96JNEP",
        merchantName: "ECOM-STUFF OUTLET",
        purchasedAt: d("2026-02-11T08:13:50.360Z"),
      },
    });
  });

  it("maps scheme_notice.updated (revoked)", () => {
    const input = mapOne<SchemeNoticeInput>(samples.schemeNoticeUpdated);
    expect(input.fields.revoked).toBe(true);
    expect(input.fields.revokedAt).toEqual(d("2026-03-01T12:00:00Z"));
    expect(input.previousAttributes).toEqual({ is_revoked: false, notice_revoked_at: null });
  });

  it.each([
    ["TC15", "TC15"],
    ["SAFE", "SAFE"],
    ["NEW_KIND", "OTHER"],
  ])("type %s → %s", (type, expected) => {
    const payload = structuredClone(samples.schemeNoticeCreated);
    payload.data.object.scheme_notice_type = type;
    const input = mapOne<SchemeNoticeInput>(payload);
    expect(input.fields.noticeType).toBe(expected);
    expect(input.fields.providerType).toBe(type);
  });

  it("maps the legacy fraud_notification.created to a scheme notice", () => {
    const input = mapOne<SchemeNoticeInput>(samples.fraudNotificationCreated);
    expect(input).toMatchObject({
      entity: "schemeNotice",
      externalId: "frdntf_Q8mZc3LrT5vK2wXyNp7Hd",
      fields: {
        noticeType: "SAFE",
        providerType: "SAFE",
        category: "FRAUD_NOTICE",
        scheme: "MASTERCARD",
        fraudType: "LOST",
        revoked: false,
        amountMinor: 2599,
        currency: "EUR",
        cardLast4: "1881",
        purchasedAt: d("2025-05-02T10:00:00Z"),
      },
    });
    const tc40 = structuredClone(samples.fraudNotificationCreated) as { data: { object: Record<string, unknown> } };
    delete tc40.data.object.fraud_notification_type;
    expect(mapOne<SchemeNoticeInput>(tc40).fields).toMatchObject({ noticeType: "TC40", scheme: "VISA", providerType: "fraud_notification" });
  });
});

describe("lookup events", () => {
  it("maps lookup.created", () => {
    const input = mapOne<LookupInput>(samples.lookupCreated);
    expect(input).toMatchObject({
      entity: "lookup",
      externalId: "lkup_NFSPZDSTv3QgfU8GDhXKK",
      providerOrganisationId: "org_WVJ7aJzpT32FED9BqKPpM",
      providerMerchantIds: [],
      fields: {
        lookupType: "ETHOCA_CONSUMER_CLARITY",
        lookupStatus: "SUCCEEDED",
        deflectionStatus: "NOT_ATTEMPTED",
        parentExternalId: null,
        enrolmentExternalId: "enrl_pfNupxFzfYDaEf1UrD6wU",
        amountMinor: 14760,
        currency: "USD",
        cardBin: "411798",
        cardLast4: "3508",
        arn: "77198913101798678449413",
        authCode: "96JNEP",
        descriptor: "ECOM-STUFF.COM",
        networkTransactionId: null,
        transactionAt: d("2026-03-10T08:13:50.360Z"),
      },
    });
  });

  it("maps lookup.updated", () => {
    const input = mapOne<LookupInput>(samples.lookupUpdated);
    expect(input.fields.lookupType).toBe("ETHOCA_FIRST_PARTY_TRUST");
    expect(input.fields.deflectionStatus).toBe("SUCCEEDED");
    expect(input.previousAttributes).toEqual({ deflection_status: "PENDING" });
  });

  it("maps unknown lookup and deflection statuses to PENDING / NOT_ATTEMPTED", () => {
    const payload = structuredClone(samples.lookupCreated) as { data: { object: Record<string, unknown> } };
    payload.data.object.lookup_status = "QUEUED";
    payload.data.object.deflection_status = null;
    payload.data.object.parent_lookup_id = "lkup_parent";
    const input = mapOne<LookupInput>(payload);
    expect(input.fields).toMatchObject({ lookupStatus: "PENDING", deflectionStatus: "NOT_ATTEMPTED", parentExternalId: "lkup_parent" });
  });
});

describe("envelope and unknown events", () => {
  it("ignores unknown event types (after parsing the envelope)", () => {
    const event = parse({ id: "evt_x", type: "dispute.created", created_at: "2026-01-01T00:00:00Z", data: { object: { id: "x" } } });
    expect(webhook.envelope(event, new Headers())).toEqual({ eventId: "evt_x", type: "dispute.created", deliveryId: null, providerOrganisationId: null });
    expect(mapEvent(event)).toEqual({ ok: true, value: { kind: "ignore", reason: "unhandled event type dispute.created" } });
    // an inherited property name is not a handler
    expect(mapEvent(parse({ id: "evt_y", type: "constructor", data: { object: {} } }))).toMatchObject({ ok: true, value: { kind: "ignore" } });
  });

  it("rejects envelopes without id, type or data.object", () => {
    for (const bad of [
      null,
      [],
      "text",
      { type: "alert.created", data: { object: {} } },
      { id: "evt_1", data: { object: {} } },
      { id: "evt_1", type: "alert.created" },
      { id: "evt_1", type: "alert.created", data: { object: [] } },
      { id: "", type: "alert.created", data: { object: {} } },
    ]) {
      expect(webhook.parse(bad).ok).toBe(false);
    }
  });
});

describe("cleaning", () => {
  it("strips NUL characters from normalized fields and providerData", () => {
    const payload = structuredClone(samples.alertCreated) as { id: string; data: { object: Record<string, unknown> } };
    payload.id = "evt_nul\u0000";
    payload.data.object.transaction_statement_descriptor = "ECOM\u0000-STUFF";
    payload.data.object.note = "a\u0000b";
    payload.data.object.nested = { "k\u0000ey": ["x\u0000y", { deep: "\u0000" }] };
    const event = parse(payload);
    expect(event.id).toBe("evt_nul");
    const input = mapOne<AlertInput>(payload);
    expect(input.fields.descriptor).toBe("ECOM-STUFF");
    expect(input.fields.note).toBe("ab");
    expect(input.providerData.nested).toEqual({ key: ["xy", { deep: "" }] });
    expect(JSON.stringify(input)).not.toContain("\\u0000");
  });

  it("replaces lone surrogates", () => {
    expect(cleanJson({ a: "x\ud800y", ok: "😀" })).toEqual({ a: "x\ufffdy", ok: "😀" });
  });

  it("a __proto__ key does not pollute Object.prototype or the stored copy", () => {
    const text = JSON.stringify(samples.alertCreated).replace(
      '"note":null',
      '"note":null,"__proto__":{"isAdmin":true},"nested":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted2":true}}}',
    );
    const json: unknown = JSON.parse(text);
    const parsed = webhook.parse(json);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const result = webhook.map(parsed.value);
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.kind !== "apply") return;
    const input = result.value.inputs[0] as AlertInput;
    const probe: Record<string, unknown> = {};
    expect(probe.isAdmin).toBeUndefined();
    expect(probe.polluted).toBeUndefined();
    expect(probe.polluted2).toBeUndefined();
    expect(Object.getPrototypeOf(input.providerData)).toBe(Object.prototype);
    expect((input.providerData as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.hasOwn(input.providerData, "__proto__")).toBe(false);
    const nested = input.providerData.nested as Record<string, unknown>;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(nested.polluted).toBeUndefined();
    // a merge of the stored copy cannot swap a prototype either
    const merged = Object.assign({}, input.providerData, nested);
    expect((merged as Record<string, unknown>).isAdmin).toBeUndefined();
    expect((merged as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("bounds the walk on deep or cyclic input", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 200; i += 1) deep = [deep];
    expect(() => JSON.stringify(cleanJson(deep))).not.toThrow();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => cleanJson(cyclic)).not.toThrow();
    expect(cleanJson({ n: Number.NaN, u: undefined, f: () => 1, list: [undefined, Infinity] })).toEqual({ n: null, list: [null, null] });
  });
});

describe("parseProviderDate", () => {
  it.each([
    ["2024-11-19T00:00:00", "2024-11-19T00:00:00.000Z"],
    ["2024-11-19", "2024-11-19T00:00:00.000Z"],
    ["2025-05-10T13:56:56.312045Z", "2025-05-10T13:56:56.312Z"],
    ["2025-05-10T18:17:35.635870+00:00", "2025-05-10T18:17:35.635Z"],
    ["2025-05-10T18:17:35+02:00", "2025-05-10T16:17:35.000Z"],
    ["2025-05-10T18:17:35-0530", "2025-05-10T23:47:35.000Z"],
    ["2025-05-10 18:17:35", "2025-05-10T18:17:35.000Z"],
    ["2025-05-10T18:17", "2025-05-10T18:17:00.000Z"],
    ["2024-02-29T12:00:00Z", "2024-02-29T12:00:00.000Z"],
  ])("%s → %s", (input, expected) => {
    expect(parseProviderDate(input)?.toISOString()).toBe(expected);
  });

  it.each([null, undefined, "", "   ", "not a date", "1", "2024", "2023-02-29T00:00:00", "2024-13-01", "2024-01-01T24:00:00", "2024-01-01T00:00:00+25:00", "0099-01-01"])(
    "%s → null",
    (input) => {
      expect(parseProviderDate(input)).toBeNull();
    },
  );
});
