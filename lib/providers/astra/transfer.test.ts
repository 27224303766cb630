import { describe, expect, it } from "vitest";
import { chargebackStatus, dollarsToMinor, parseTransferChargeback, readTransferChargeback } from "@/lib/providers/astra/transfer";
import { transferWithChargeback } from "@/lib/providers/astra/simulator";
import type { RepresentmentInput } from "@/lib/providers/types";

const CB = "C999999V1234567890";
const TR = "0239decedaaa5cefa4d173ee839ca37599165219";
const FETCHED = new Date("2025-06-01T12:00:00.000Z");

function parsed(transfer: unknown, chargebackId = CB): RepresentmentInput {
  const result = parseTransferChargeback(transfer, chargebackId, FETCHED);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("chargebackStatus: every status string of seed 002", () => {
  it.each([
    ["Open - Merchant debited", "OPEN"],
    ["Adjustment - merchant debited", "OPEN"],
    ["Adjustment - merchant paid", "OPEN"],
    ["Documentation received", "UNDER_REVIEW"],
    ["Representment - Merchant Paid", "WON"],
    ["Closed", "CLOSED"],
    ["Closed - 2nd Chargeback - Merchant Debited", "LOST"],
  ] as const)("%s → %s", (status, expected) => {
    expect(chargebackStatus(status)).toBe(expected);
    expect(parsed({ id: TR, action_status: status }).fields).toMatchObject({ status: expected, providerStatus: status });
  });

  it.each([
    ["  OPEN - MERCHANT DEBITED ", "OPEN"],
    ["representment - merchant paid", "WON"],
    ["Representment  –  Merchant   Paid", "WON"],
    ["Representment - Pending", "UNDER_REVIEW"],
    ["closed-2nd chargeback-merchant debited", "LOST"],
    ["Closed - Merchant Credited", "CLOSED"],
    ["documentation RECEIVED", "UNDER_REVIEW"],
    ["Something new", "OPEN"],
  ] as const)("tolerates case/spacing: %s → %s", (status, expected) => {
    expect(chargebackStatus(status)).toBe(expected);
  });

  it("keeps an unknown string verbatim as providerStatus", () => {
    expect(parsed({ id: TR, action_status: " Pre-arbitration filed " }).fields).toMatchObject({ status: "OPEN", providerStatus: "Pre-arbitration filed" });
  });
});

describe("dollarsToMinor", () => {
  it.each([
    [12.34, 1234],
    ["12.34", 1234],
    [1234.56, 123456],
    ["0.1", 10],
    [0.07, 7],
    ["12", 1200],
    [12, 1200],
    ["12.340", 1234],
    ["-25.5", 2550],
    [" 99.99 ", 9999],
    [0, 0],
  ] as const)("%s → %s", (value, expected) => {
    expect(dollarsToMinor(value)).toBe(expected);
  });

  it.each([["12.345"], [0.1 + 0.2], ["1e3"], [1e21], ["12,34"], ["$12"], [""], [null], [Number.NaN], [{}], ["1.2.3"]])("%s → null", (value) => {
    expect(dollarsToMinor(value)).toBeNull();
  });
});

describe("parseTransferChargeback: list shape", () => {
  const transfer = {
    id: TR,
    amount: "125.40",
    currency: "usd",
    status: "approved",
    type: "card_to_account",
    created_at: "2025-05-01T10:00:00.000Z",
    updated_at: "2025-05-20T10:00:00.000Z",
    chargebacks: [
      { id: "C000000V0000000001", amount: "1.00", action_status: "Closed" },
      {
        id: CB,
        amount: 100.5,
        action_status: "Documentation received",
        dispute_status: "Open",
        reason: "Fraud",
        reason_code: "10.4",
        created_at: "2025-05-18T09:00:00",
        updated_at: "2025-05-21T08:00:00Z",
        due_date: "2025-06-05",
        card_network: "VISA",
      },
    ],
  };

  it("picks the chargeback by id and reads its fields", () => {
    const input = parsed(transfer);
    expect(input).toEqual({
      entity: "representment",
      externalId: CB,
      providerOrganisationId: null,
      providerMerchantIds: [],
      providerCreatedAt: new Date("2025-05-18T09:00:00Z"),
      providerUpdatedAt: new Date("2025-05-21T08:00:00Z"), // the later of transfer and element
      providerData: transfer,
      previousAttributes: null,
      fields: {
        stage: "CHARGEBACK",
        providerStage: null,
        status: "UNDER_REVIEW",
        providerStatus: "Documentation received",
        disputeStatus: "Open",
        reason: "Fraud",
        reasonCode: "10.4",
        amountMinor: 10050,
        currency: "USD",
        transactionAmountMinor: 12540,
        transactionCurrency: "USD",
        cardScheme: "VISA",
        arn: null,
        serviceType: null,
        managedBy: null,
        referenceId: null,
        transactionReferenceId: TR,
        dueAt: new Date("2025-06-05T00:00:00Z"),
        disputedAt: new Date("2025-05-18T09:00:00Z"),
        transactionAuthorisedAt: new Date("2025-05-01T10:00:00Z"),
        detailsPending: false,
      },
    });
    expect(input.partial).toBeUndefined();
  });

  it("matches numeric element ids and `chargeback_id`, and a single `chargeback` object", () => {
    expect(parsed({ id: TR, chargebacks: [{ chargeback_id: CB, action_status: "Closed" }] }).fields.status).toBe("CLOSED");
    expect(parsed({ id: TR, chargebacks: [{ id: 42, action_status: "Closed" }] }, "42").externalId).toBe("42");
    expect(parsed({ id: TR, chargeback: { id: CB, action_status: "Closed" } }).fields.status).toBe("CLOSED");
  });

  it("falls back to the transfer's status fields and amount when the element lacks them", () => {
    const input = parsed({ id: TR, amount: 20, action_status: "Open - Merchant debited", dispute_status: "Not Disputed", chargebacks: [{ id: CB }] });
    expect(input.fields).toMatchObject({ status: "OPEN", providerStatus: "Open - Merchant debited", disputeStatus: "Not Disputed", amountMinor: 2000 });
  });

  it("a list without the chargeback → not found, even with flat fields (they describe another one)", () => {
    const result = readTransferChargeback({ id: TR, action_status: "Closed", chargebacks: [{ id: "C-other", action_status: "Closed" }] }, CB, FETCHED);
    expect(result).toMatchObject({ ok: false, reason: "chargeback_not_found" });
  });

  it("a list without the chargeback and without flat fields → not found", () => {
    const result = readTransferChargeback({ id: TR, chargebacks: [{ id: "C-other", action_status: "Closed" }] }, CB, FETCHED);
    expect(result).toMatchObject({ ok: false, reason: "chargeback_not_found" });
  });
});

describe("parseTransferChargeback: flat shape", () => {
  it("reads action_status, dispute_status, chargeback_amount from the transfer", () => {
    const input = parsed({
      id: TR,
      amount: 50,
      chargeback_amount: "49.99",
      action_status: "Representment - Merchant Paid",
      dispute_status: "Won",
      chargeback_date: "2025-05-02T00:00:00Z",
      chargeback_reason: "Not received",
      last_updated: "2025-05-30T00:00:00Z",
    });
    expect(input.fields).toMatchObject({
      status: "WON",
      providerStatus: "Representment - Merchant Paid",
      disputeStatus: "Won",
      amountMinor: 4999,
      transactionAmountMinor: 5000,
      currency: "USD",
      reason: "Not received",
      disputedAt: new Date("2025-05-02T00:00:00Z"),
    });
    expect(input.providerUpdatedAt).toEqual(new Date("2025-05-30T00:00:00Z"));
  });

  it("uses the transfer amount when no chargeback amount exists; tolerates no dispute_status", () => {
    const input = parsed({ id: TR, amount: "10", action_status: "Closed" });
    expect(input.fields).toMatchObject({ amountMinor: 1000, disputeStatus: null, status: "CLOSED" });
  });

  it.each(["Not Disputed", "Open", "Won", "Lost"])("dispute_status %s is kept verbatim", (dispute) => {
    expect(parsed({ id: TR, action_status: "Closed", dispute_status: dispute }).fields.disputeStatus).toBe(dispute);
  });

  it("a flat chargeback_id naming another chargeback → not found", () => {
    expect(readTransferChargeback({ id: TR, action_status: "Closed", chargeback_id: "C-other" }, CB, FETCHED)).toMatchObject({ ok: false, reason: "chargeback_not_found" });
    expect(parsed({ id: TR, action_status: "Closed", chargeback_id: CB }).fields.status).toBe("CLOSED");
  });

  it("a transfer without any chargeback data → not found", () => {
    expect(readTransferChargeback({ id: TR, status: "approved", amount: 5 }, CB, FETCHED)).toMatchObject({ ok: false, reason: "chargeback_not_found" });
  });
});

describe("parseTransferChargeback: defaults and robustness", () => {
  it("providerUpdatedAt = fetchedAt when the transfer has no updated timestamp", () => {
    expect(parsed({ id: TR, action_status: "Closed" }).providerUpdatedAt).toEqual(FETCHED);
  });

  it("bad amounts and dates read as null; a bad currency falls back to USD", () => {
    const input = parsed({ id: TR, amount: "lots", currency: "dollars", created_at: "yesterday", updated_at: "2025-02-30T00:00:00Z", action_status: "Closed" });
    expect(input.fields).toMatchObject({ amountMinor: null, transactionAmountMinor: null, transactionCurrency: null, currency: "USD", transactionAuthorisedAt: null });
    expect(input.providerUpdatedAt).toEqual(FETCHED);
  });

  it("no status anywhere on a matched element → OPEN / unknown", () => {
    expect(parsed({ id: TR, chargebacks: [{ id: CB }] }).fields).toMatchObject({ status: "OPEN", providerStatus: "unknown" });
  });

  it("rejects non-objects", () => {
    for (const value of [null, [], "x", 5]) {
      expect(readTransferChargeback(value, CB, FETCHED)).toMatchObject({ ok: false, reason: "not_an_object" });
      expect(parseTransferChargeback(value, CB, FETCHED).ok).toBe(false);
    }
  });

  it("cleans providerData (NUL, __proto__) and keeps the rest of the raw transfer", () => {
    const transfer = JSON.parse(`{"id":"${TR}","action_status":"Closed","memo":"a\\u0000b","__proto__":{"polluted":true},"extra":{"k":[1,2]}}`);
    const input = parsed(transfer);
    expect(input.providerData).toEqual({ id: TR, action_status: "Closed", memo: "ab", extra: { k: [1, 2] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("is deterministic: the same transfer parses to the same input", () => {
    const transfer = transferWithChargeback({ transferId: TR, chargebackId: CB });
    expect(parsed(transfer)).toEqual(parsed(structuredClone(transfer)));
  });

  it("reads the simulator's transfer shape", () => {
    const transfer = transferWithChargeback({ transferId: TR, chargebackId: CB, amount: "12.34", actionStatus: "Closed - 2nd Chargeback - Merchant Debited", disputeStatus: "Lost" });
    expect(parsed(transfer).fields).toMatchObject({ status: "LOST", disputeStatus: "Lost", amountMinor: 1234, transactionReferenceId: TR });
  });
});
