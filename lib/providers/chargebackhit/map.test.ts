import { describe, expect, it } from "vitest";
import { chargebackhit } from "@/lib/providers/chargebackhit";
import type { ChargebackhitEvent } from "@/lib/providers/chargebackhit/events";
import * as samples from "@/lib/providers/chargebackhit/fixtures";
import { cleanJson, mapEvent } from "@/lib/providers/chargebackhit/map";
import type { AlertInput, DomainInput, LookupInput, RepresentmentInput, SchemeNoticeInput } from "@/lib/providers/types";

const { webhook } = chargebackhit;

/** The pipeline's path: raw JSON text → JSON.parse → parse → map. */
function parse(payload: unknown): ChargebackhitEvent {
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

type Body = typeof samples.sampleInitRefund;
/** The sample with alert / transaction / merchant fields replaced (undefined deletes a key). */
function body(alert: Record<string, unknown> = {}, transaction: Record<string, unknown> | null = {}, merchant: Record<string, unknown> | null = {}): Body {
  const copy = structuredClone(samples.sampleInitRefund) as Record<string, unknown> & Body;
  const apply = (target: Record<string, unknown>, changes: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete target[k];
      else target[k] = v;
    }
  };
  apply(copy.alert, alert);
  if (transaction === null) delete (copy as Record<string, unknown>).transaction;
  else apply(copy.transaction, transaction);
  if (merchant === null) delete (copy as Record<string, unknown>).merchant;
  else apply(copy.merchant, merchant);
  return copy;
}

const d = (iso: string) => new Date(iso);

describe("fixtures", () => {
  it("every sample parses, gives an envelope and maps to one input keyed by alert.id", () => {
    for (const sample of samples.ALL_SAMPLES) {
      const event = parse(sample);
      expect(webhook.envelope(event, new Headers())).toEqual({
        eventId: `${sample.alert.id}:${sample.alert.type}`,
        type: sample.alert.type,
        deliveryId: null,
        providerOrganisationId: null,
      });
      const input = mapOne(sample);
      expect(input.externalId).toBe(sample.alert.id);
      expect(input.providerData).toEqual(sample);
      expect(input.providerUpdatedAt).toBeNull();
      expect(input.providerOrganisationId).toBeNull();
      expect(input.providerMerchantIds).toEqual([sample.merchant.id]);
      expect(input.providerCreatedAt).toEqual(d(sample.alert.date));
    }
  });

  it("each type lands in the right table", () => {
    expect(samples.ALL_SAMPLES.map((s) => [s.alert.type, mapOne(s).entity])).toEqual([
      ["init-refund", "alert"],
      ["resolved", "alert"],
      ["inquiry", "lookup"],
      ["prevented", "lookup"],
      ["fraud-notification", "schemeNotice"],
      ["dispute-notification", "representment"],
    ]);
  });
});

describe("init-refund and resolved → alert", () => {
  it("maps the Ethoca sample completely", () => {
    expect(mapOne<AlertInput>(samples.sampleInitRefund)).toEqual({
      entity: "alert",
      externalId: "a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      providerOrganisationId: null,
      providerMerchantIds: ["497f6eca-6276-4993-bfeb-53cbbbba6f08"],
      providerCreatedAt: d("2024-01-15T10:30:00Z"),
      providerUpdatedAt: null,
      providerData: samples.sampleInitRefund,
      previousAttributes: null,
      fields: {
        kind: "ETHOCA",
        providerStatus: "init-refund",
        status: "ACTION_REQUIRED",
        deadlineAt: d("2024-01-16T10:30:00Z"),
        amountMinor: 4999,
        currency: "USD",
        cardScheme: "VISA",
        cardBin: "411111",
        cardLast4: "1234",
        cardIssuer: null,
        arn: "74012345678901234567890",
        authCode: "A12345",
        descriptor: "MYSTORE*PURCHASE",
        networkTransactionId: "visa-tid-abc",
        merchantReference: "order-12345",
        authorisedAt: d("2024-01-10T08:00:00Z"),
        reasonCode: "10.4",
        refundOutcome: null,
        cancelOutcome: null,
        providerOutcome: null,
        note: null,
      },
    });
  });

  describe("deadlines (exact instants)", () => {
    it.each([
      ["Ethoca: date + 24 h", { product: "ethoca", provider: "ethoca" }, "2024-01-15T10:30:00Z", "2024-01-16T10:30:00.000Z"],
      ["CDRN: date + 72 h", { product: "cdrn", provider: "verifi" }, "2024-01-15T10:30:00Z", "2024-01-18T10:30:00.000Z"],
      ["Ethoca, date with an offset", { product: "ethoca" }, "2024-01-15T12:30:00+02:00", "2024-01-16T10:30:00.000Z"],
      ["CDRN, date without an offset (UTC)", { product: "cdrn" }, "2024-01-15T10:30:00", "2024-01-18T10:30:00.000Z"],
      ["Ethoca, milliseconds kept", { product: "ethoca" }, "2024-02-28T23:59:59.999Z", "2024-02-29T23:59:59.999Z"],
      ["CDRN across a month end", { product: "cdrn" }, "2024-02-27T00:00:00Z", "2024-03-01T00:00:00.000Z"],
    ])("%s", (_label, alert, date, deadline) => {
      expect(mapOne<AlertInput>(body({ ...alert, date })).fields.deadlineAt?.toISOString()).toBe(deadline);
    });

    it.each([
      ["RDR", { type: "resolved", product: "rdr", provider: "verifi" }],
      ["another product", { product: "oi", provider: "verifi" }],
      ["Ethoca without a date", { product: "ethoca", date: undefined }],
      ["Ethoca with an invalid date", { product: "ethoca", date: "2024-02-30T00:00:00Z" }],
    ])("none for %s", (_label, alert) => {
      expect(mapOne<AlertInput>(body(alert)).fields.deadlineAt).toBeNull();
    });
  });

  describe("kind", () => {
    it.each([
      [{ product: "ethoca", provider: "ethoca" }, "ETHOCA"],
      [{ product: "ETHOCA", provider: undefined }, "ETHOCA"],
      [{ product: undefined, provider: "ethoca" }, "ETHOCA"],
      [{ product: "cdrn", provider: "verifi" }, "CDRN"],
      [{ product: "rdr", provider: "verifi" }, "RDR"],
      [{ product: "", provider: "verifi" }, "OTHER"],
      [{ product: "paypal", provider: "paypal" }, "OTHER"],
      [{ product: undefined, provider: undefined }, "OTHER"],
      [{ type: "resolved", product: undefined, provider: "verifi" }, "RDR"],
      [{ type: "resolved", product: "rdr", provider: "verifi" }, "RDR"],
    ])("%j → %s", (alert, kind) => {
      expect(mapOne<AlertInput>(body(alert)).fields.kind).toBe(kind);
    });
  });

  describe("status and outcome", () => {
    it.each([
      [{ outcome: "" }, "ACTION_REQUIRED", null],
      [{ outcome: null }, "ACTION_REQUIRED", null],
      [{ outcome: undefined }, "ACTION_REQUIRED", null],
      [{ outcome: "pending" }, "ACTION_REQUIRED", "pending"],
      [{ outcome: "reversed" }, "RESOLVED", "reversed"],
      [{ outcome: "previously-reversed" }, "RESOLVED", "previously-reversed"],
      [{ outcome: "shipped" }, "RESOLVED", "shipped"],
      [{ outcome: "reverse-error" }, "RESOLVED", "reverse-error"],
      [{ type: "resolved", product: "rdr", outcome: "" }, "RESOLVED", null],
      [{ type: "resolved", product: "rdr", outcome: "acknowledged" }, "RESOLVED", "acknowledged"],
    ])("%j → %s", (alert, status, outcome) => {
      const input = mapOne<AlertInput>(body(alert));
      expect(input.fields.status).toBe(status);
      expect(input.fields.providerOutcome).toBe(outcome);
      expect(input.fields.providerStatus).toBe((alert as { type?: string }).type ?? "init-refund");
    });
  });

  describe("amounts", () => {
    it("falls back to the transaction's amount and currency as a pair", () => {
      expect(mapOne<AlertInput>(body({ amount: undefined, currency: undefined }, { amount: "1200", currency: "JPY" })).fields).toMatchObject({
        amountMinor: 1200,
        currency: "JPY",
      });
      expect(mapOne<AlertInput>(body({ amount: "", currency: "EUR" }, { amount: "10.5", currency: "EUR" })).fields).toMatchObject({
        amountMinor: 1050,
        currency: "EUR",
      });
    });

    it("uses the currency's exponent and rejects inexact amounts", () => {
      expect(mapOne<AlertInput>(body({ amount: "1.234", currency: "kwd" })).fields).toMatchObject({ amountMinor: 1234, currency: "KWD" });
      expect(mapOne<AlertInput>(body({ amount: "0.005" }, null)).fields).toMatchObject({ amountMinor: null, currency: "USD" });
      expect(mapOne<AlertInput>(body({ amount: "1,234.56" }, null)).fields).toMatchObject({ amountMinor: null, currency: "USD" });
    });

    it("drops an amount without a valid currency", () => {
      expect(mapOne<AlertInput>(body({ currency: undefined }, null)).fields).toMatchObject({ amountMinor: null, currency: null });
      expect(mapOne<AlertInput>(body({ currency: "dollars" }, { currency: undefined })).fields).toMatchObject({ amountMinor: null, currency: null });
    });
  });

  it("never takes the acquirer's BIN for the card's", () => {
    const input = mapOne<AlertInput>(body({ acquirer_bin: "999999" }, { bin: undefined }));
    expect(input.fields.cardBin).toBeNull();
  });

  it("falls back to the merchant's descriptor and works without transaction or merchant", () => {
    expect(mapOne<AlertInput>(body({ descriptor: "" })).fields.descriptor).toBe("mystore.com");
    const bare = mapOne<AlertInput>({ alert: { id: "bare-1", type: "init-refund" } });
    expect(bare.providerMerchantIds).toEqual([]);
    expect(bare.fields).toMatchObject({ kind: "OTHER", status: "ACTION_REQUIRED", deadlineAt: null, amountMinor: null, currency: null, cardLast4: null, descriptor: null });
    expect(bare.providerCreatedAt).toBeNull();
  });

  it("reads a mistyped optional field as null but keeps it in providerData", () => {
    const input = mapOne<AlertInput>(body({ reason_code: 104, outcome: ["x"] }, { last_four: 1234 }));
    expect(input.fields).toMatchObject({ reasonCode: null, providerOutcome: null, cardLast4: null, status: "ACTION_REQUIRED" });
    expect((input.providerData.transaction as Record<string, unknown>).last_four).toBe(1234);
  });

  it("dispatches on a normalized type but keeps the type as sent", () => {
    const input = mapOne<AlertInput>(body({ type: "Init_Refund" }));
    expect(input.entity).toBe("alert");
    expect(input.fields.providerStatus).toBe("Init_Refund");
  });
});

describe("inquiry and prevented → lookup", () => {
  it("maps an inquiry (answered synchronously: SUCCEEDED, nothing deflected)", () => {
    expect(mapOne<LookupInput>(samples.sampleInquiry).fields).toEqual({
      lookupType: "inquiry",
      lookupStatus: "SUCCEEDED",
      deflectionStatus: "NOT_ATTEMPTED",
      parentExternalId: null,
      enrolmentExternalId: null,
      amountMinor: 4999,
      currency: "USD",
      cardBin: "411111",
      cardLast4: "1234",
      arn: "74012345678901234567890",
      authCode: "A12345",
      descriptor: "MYSTORE*PURCHASE",
      networkTransactionId: "visa-tid-abc",
      transactionAt: d("2024-01-10T08:00:00Z"),
    });
  });

  it("maps a prevented alert as a deflection that succeeded", () => {
    expect(mapOne<LookupInput>(samples.samplePrevented).fields).toMatchObject({ lookupType: "prevented", lookupStatus: "SUCCEEDED", deflectionStatus: "SUCCEEDED" });
  });
});

describe("fraud-notification → scheme notice", () => {
  it("maps a Visa TC40", () => {
    const input = mapOne<SchemeNoticeInput>(samples.sampleFraudNotification);
    expect(input.fields).toEqual({
      noticeType: "TC40",
      providerType: "fraud-notification",
      category: "FRAUD_NOTICE",
      scheme: "VISA",
      fraudType: "6",
      disputeEligible: null,
      revoked: false,
      revokedAt: null,
      reportedAt: d("2024-01-15T10:30:00Z"),
      amountMinor: 4999,
      currency: "USD",
      cardBin: "411111",
      cardLast4: "1234",
      arn: "74012345678901234567890",
      authCode: "A12345",
      merchantName: "[MyStore][Purchase]",
      purchasedAt: d("2024-01-10T08:00:00Z"),
    });
  });

  it.each([
    [{ product: "safe", provider: "verifi" }, {}, "SAFE"],
    [{ product: "mastercard-fraud", provider: "ethoca" }, {}, "SAFE"],
    [{ product: "fraud", provider: "mastercard" }, {}, "SAFE"],
    [{ product: "visa-fraud", provider: "verifi" }, { card_brand: "mastercard" }, "TC40"],
    [{ product: "fraud", provider: "verifi" }, { card_brand: "mastercard" }, "SAFE"],
    [{ product: undefined, provider: undefined }, { card_brand: undefined }, "TC40"],
  ])("%j with %j → %s", (alert, transaction, noticeType) => {
    const input = mapOne<SchemeNoticeInput>(body({ ...alert, type: "fraud-notification" }, transaction));
    expect(input.fields.noticeType).toBe(noticeType);
    if (!("card_brand" in transaction)) expect(input.fields.scheme).toBe("VISA");
  });

  it("derives the scheme from the notice type when the card brand is unknown", () => {
    const input = mapOne<SchemeNoticeInput>(body({ type: "fraud-notification", product: "safe" }, { card_brand: undefined }));
    expect(input.fields.scheme).toBe("MASTERCARD");
  });
});

describe("dispute-notification → representment", () => {
  it("maps an open chargeback", () => {
    const input = mapOne<RepresentmentInput>(body({ type: "dispute-notification", amount: "20.00", reason_group: "consumer-dispute", reason_code: "13.1" }));
    expect(input.fields).toEqual({
      stage: "CHARGEBACK",
      providerStage: null,
      status: "OPEN",
      providerStatus: "dispute-notification",
      disputeStatus: null,
      reason: "consumer-dispute",
      reasonCode: "13.1",
      amountMinor: 2000,
      currency: "USD",
      transactionAmountMinor: 4999,
      transactionCurrency: "USD",
      cardScheme: "VISA",
      arn: "74012345678901234567890",
      serviceType: null,
      managedBy: null,
      referenceId: null,
      transactionReferenceId: "order-12345",
      dueAt: null,
      disputedAt: d("2024-01-15T10:30:00Z"),
      transactionAuthorisedAt: d("2024-01-10T08:00:00Z"),
      detailsPending: false,
    });
  });
});

describe("other types and errors", () => {
  it("ignores an unknown alert type", () => {
    const result = webhook.map(parse(body({ type: "order-update" })));
    expect(result).toEqual({ ok: true, value: { kind: "ignore", reason: "unhandled alert type order-update" } });
  });

  it("errors on an event without alert id or type (defensive: parse already refuses them)", () => {
    expect(mapEvent({ alert: { id: "", type: "init-refund" } } as ChargebackhitEvent)).toEqual({ ok: false, error: "alert.id: missing" });
    expect(mapEvent({ alert: { id: "x", type: " " } } as ChargebackhitEvent)).toEqual({ ok: false, error: "alert.type: missing" });
    expect(mapEvent({} as ChargebackhitEvent).ok).toBe(false);
    expect(mapEvent(null as unknown as ChargebackhitEvent).ok).toBe(false);
  });

  it("does not resolve prototype keys as types", () => {
    expect(webhook.map(parse(body({ type: "constructor" })))).toMatchObject({ ok: true, value: { kind: "ignore" } });
    expect(webhook.map(parse(body({ type: "toString" })))).toMatchObject({ ok: true, value: { kind: "ignore" } });
  });
});

describe("cleaning (reliability.md rows 10–11)", () => {
  it("strips NUL from every string and key, ids included", () => {
    const input = mapOne<AlertInput>(body({ id: "abc\u0000-1", descriptor: "MY\u0000STORE", "we\u0000ird": "v\u0000" }, { last_four: "12\u000034" }));
    expect(input.externalId).toBe("abc-1");
    expect(input.fields.descriptor).toBe("MYSTORE");
    expect(input.fields.cardLast4).toBe("1234");
    expect(JSON.stringify(input.providerData)).not.toContain("\\u0000");
    expect((input.providerData.alert as Record<string, unknown>).weird).toBe("v");
  });

  it("drops __proto__ keys from providerData without polluting prototypes", () => {
    const raw = JSON.parse('{"alert":{"id":"p-1","type":"init-refund","__proto__":{"isAdmin":true}},"__proto__":{"polluted":1}}');
    const input = mapOne<AlertInput>(raw);
    expect(Object.keys(input.providerData)).toEqual(["alert"]);
    expect(Object.getPrototypeOf(input.providerData)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it("cleanJson replaces lone surrogates and bounds depth", () => {
    expect(cleanJson("a\uD800b")).toBe("a\uFFFDb");
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(cleanJson(deep))).toContain("null");
  });
});
