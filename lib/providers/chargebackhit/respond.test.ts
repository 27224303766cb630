import { describe, expect, it, vi } from "vitest";
import { chargebackhit } from "@/lib/providers/chargebackhit";
import type { ChargebackhitEvent } from "@/lib/providers/chargebackhit/events";
import * as samples from "@/lib/providers/chargebackhit/fixtures";
import { answerCustomer, answerProducts, respond, transactionCriteria } from "@/lib/providers/chargebackhit/respond";
import type { ResponderContext, TransactionCriteria, TransactionFacts } from "@/lib/providers/types";

function parse(payload: unknown): ChargebackhitEvent {
  const result = chargebackhit.webhook.parse(JSON.parse(JSON.stringify(payload)));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const FACTS: TransactionFacts = {
  merchantReference: "order-12345",
  amountMinor: 4999,
  currency: "USD",
  authorisedAt: new Date("2024-01-10T08:00:00Z"),
  cardBin: "411111",
  cardLast4: "1234",
  customer: { customer_id: "cust-789", first_name: "John", last_name: "Doe", email: "john@example.com", phone: "+14155551234", password: "hunter2", address: { line1: "x" } },
  products: [
    { name: "Wireless Headphones", sku: "WH-001", description: "Over-ear", url: "https://shop.example/wh-001", quantity: 1, cost_price: "12.00" },
    { name: "Cable", quantity: "2" },
  ],
  descriptor: "MYSTORE*PURCHASE",
};

function context(found: TransactionFacts | null = FACTS) {
  const findTransaction = vi.fn(async (_criteria: TransactionCriteria) => found);
  const ctx: ResponderContext = { organisationId: "org_1", findTransaction };
  return { ctx, findTransaction };
}

/** Runs respond and checks it returns well within the 2-second inquiry budget. */
async function timedRespond(event: ChargebackhitEvent, ctx: ResponderContext) {
  const started = performance.now();
  const answer = await respond(event, ctx);
  expect(performance.now() - started).toBeLessThan(100);
  return answer;
}

describe("respond", () => {
  it("init-refund → pending, without looking anything up", async () => {
    const { ctx, findTransaction } = context();
    expect(await timedRespond(parse(samples.sampleInitRefund), ctx)).toEqual({ outcome: "pending" });
    expect(await timedRespond(parse(samples.sampleCdrnInitRefund), ctx)).toEqual({ outcome: "pending" });
    expect(findTransaction).not.toHaveBeenCalled();
  });

  it("inquiry with a found transaction → acknowledged with order, customer, transactions, products", async () => {
    const { ctx, findTransaction } = context();
    const answer = await timedRespond(parse(samples.sampleInquiry), ctx);
    expect(answer).toEqual({
      outcome: "acknowledged",
      order: { order_id: "order-12345", date: "2024-01-10T08:00:00.000Z", amount: "49.99", currency: "USD" },
      customer: { customer_id: "cust-789", first_name: "John", last_name: "Doe", email: "john@example.com", phone: "+14155551234" },
      transactions: [
        { transaction_merchant_id: "order-12345", date: "2024-01-10T08:00:00.000Z", amount: "49.99", currency: "USD", type: "sale", bin: "411111", last_four: "1234" },
      ],
      products: [
        { name: "Wireless Headphones", sku: "WH-001", description: "Over-ear", url: "https://shop.example/wh-001", quantity: "1" },
        { name: "Cable", quantity: "2" },
      ],
    });
    expect(findTransaction).toHaveBeenCalledTimes(1);
    expect(findTransaction).toHaveBeenCalledWith({
      networkTransactionId: "visa-tid-abc",
      merchantReference: "order-12345",
      arn: "74012345678901234567890",
      cardLast4: "1234",
      authCode: "A12345",
      amountMinor: 4999,
      currency: "USD",
      at: new Date("2024-01-10T08:00:00Z"),
    });
  });

  it("inquiry without a found transaction → just acknowledged", async () => {
    const { ctx, findTransaction } = context(null);
    expect(await timedRespond(parse(samples.sampleInquiry), ctx)).toEqual({ outcome: "acknowledged" });
    expect(findTransaction).toHaveBeenCalledTimes(1);
  });

  it("inquiry formats amounts with the currency's exponent and leaves out what we do not know", async () => {
    const { ctx } = context({ ...FACTS, amountMinor: 1200, currency: "JPY", cardBin: null, cardLast4: " ", customer: null, products: [] });
    expect(await timedRespond(parse(samples.sampleInquiry), ctx)).toEqual({
      outcome: "acknowledged",
      order: { order_id: "order-12345", date: "2024-01-10T08:00:00.000Z", amount: "1200", currency: "JPY" },
      transactions: [{ transaction_merchant_id: "order-12345", date: "2024-01-10T08:00:00.000Z", amount: "1200", currency: "JPY", type: "sale" }],
    });
  });

  it("inquiry without transaction data still asks (with empty criteria)", async () => {
    const { ctx, findTransaction } = context(null);
    const event = parse({ alert: { id: "q-1", type: "inquiry" } });
    expect(await timedRespond(event, ctx)).toEqual({ outcome: "acknowledged" });
    expect(findTransaction).toHaveBeenCalledWith({
      networkTransactionId: null,
      merchantReference: null,
      arn: null,
      cardLast4: null,
      authCode: null,
      amountMinor: null,
      currency: null,
      at: null,
    });
  });

  it.each([
    ["resolved", samples.sampleResolved],
    ["prevented", samples.samplePrevented],
    ["fraud-notification", samples.sampleFraudNotification],
    ["dispute-notification", samples.sampleDisputeNotification],
  ])("%s → acknowledged, without looking anything up", async (_type, sample) => {
    const { ctx, findTransaction } = context();
    expect(await timedRespond(parse(sample), ctx)).toEqual({ outcome: "acknowledged" });
    expect(findTransaction).not.toHaveBeenCalled();
  });

  it("an unknown type → acknowledged", async () => {
    const { ctx } = context();
    expect(await timedRespond(parse({ alert: { id: "u-1", type: "something-new" } }), ctx)).toEqual({ outcome: "acknowledged" });
  });

  it("answers the same event identically every time (duplicates)", async () => {
    const { ctx } = context();
    for (const sample of samples.ALL_SAMPLES) {
      const first = JSON.stringify(await respond(parse(sample), ctx));
      const second = JSON.stringify(await respond(parse(structuredClone(sample)), ctx));
      expect(second).toBe(first);
    }
  });

  it("lets a failing lookup propagate (the delivery fails and Chargebackhit retries)", async () => {
    const ctx: ResponderContext = { organisationId: "org_1", findTransaction: async () => Promise.reject(new Error("db down")) };
    await expect(respond(parse(samples.sampleInquiry), ctx)).rejects.toThrow("db down");
  });

  it("is wired into the provider definition", async () => {
    const { ctx } = context();
    expect(await chargebackhit.webhook.respond!(parse(samples.sampleInitRefund), ctx)).toEqual({ outcome: "pending" });
  });
});

describe("answer helpers", () => {
  it("customer: only the known keys, strings cleaned, numbers as text", () => {
    expect(answerCustomer({ customer_id: 42, email: " a@b.c ", phone: "", first_name: "A\u0000nn", last_name: { x: 1 }, ssn: "123" })).toEqual({
      customer_id: "42",
      email: "a@b.c",
      first_name: "Ann",
    });
    expect(answerCustomer({ ssn: "123" })).toBeNull();
    expect(answerCustomer("john")).toBeNull();
    expect(answerCustomer(null)).toBeNull();
    expect(answerCustomer([{ email: "a@b.c" }])).toBeNull();
  });

  it("products: only the known keys, quantity as a string, junk items skipped, at most 50", () => {
    expect(answerProducts([{ name: "A", quantity: 3, price: 1 }, "junk", null, { other: 1 }, { sku: "S", quantity: Number.NaN }])).toEqual([
      { name: "A", quantity: "3" },
      { sku: "S" },
    ]);
    expect(answerProducts({ name: "A" })).toBeNull();
    expect(answerProducts([])).toBeNull();
    expect(answerProducts(Array.from({ length: 80 }, (_, i) => ({ sku: `S${i}` })))).toHaveLength(50);
  });

  it("criteria fall back to the alert's amount when the transaction has none", () => {
    const event = parse({ alert: { id: "c-1", type: "inquiry", amount: "10.00", currency: "EUR" }, transaction: { last_four: "9999" } });
    expect(transactionCriteria(event)).toMatchObject({ amountMinor: 1000, currency: "EUR", cardLast4: "9999", at: null });
  });
});
