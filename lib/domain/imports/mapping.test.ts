import { describe, expect, it } from "vitest";
import { cleanMapping, mapRecord, missingRequired, suggestMapping } from "./mapping";

describe("suggestMapping", () => {
  it("suggests columns by header name, each column once", () => {
    const headers = ["Order ID", "Amount", "Currency", "Transaction Date", "ARN", "Last 4", "Auth Code", "Network Transaction ID", "Email", "Refund status", "Descriptor"];
    expect(suggestMapping(headers)).toEqual({
      merchantReference: "Order ID",
      amount: "Amount",
      currency: "Currency",
      authorisedAt: "Transaction Date",
      arn: "ARN",
      cardLast4: "Last 4",
      authCode: "Auth Code",
      networkTransactionId: "Network Transaction ID",
      customerEmail: "Email",
      refundStatus: "Refund status",
      descriptor: "Descriptor",
    });
    expect(missingRequired(suggestMapping(["order_id", "amount"]))).toEqual(["Currency", "Authorised at"]);
    expect(cleanMapping({ amount: "Amount", arn: "nope", evil: "Amount" }, ["Amount"])).toEqual({ amount: "Amount" });
  });
});

describe("mapRecord", () => {
  const headers = ["order", "amount", "currency", "date", "last4", "products", "refund"];
  const index = new Map(headers.map((h, i) => [h, i]));
  const mapping = { merchantReference: "order", amount: "amount", currency: "currency", authorisedAt: "date", cardLast4: "last4", products: "products", refundAmount: "refund" } as const;

  it("builds a payment in minor units; a time without offset is UTC", () => {
    const row = mapRecord(["A-1", "49.99", "usd", "2026-01-10 08:00", "411111******1234", '[{"name":"Mat","quantity":"2"}]', "10"], 2, index, mapping);
    expect(row).toMatchObject({
      ok: true,
      transaction: { merchantReference: "A-1", amountMinor: 4999, currency: "USD", cardLast4: "1234", products: [{ name: "Mat", quantity: 2 }], refunds: [{ amountMinor: 1000, currency: "USD", at: null }] },
    });
    expect(row.ok && row.transaction.authorisedAt.toISOString()).toBe("2026-01-10T08:00:00.000Z");
  });

  it("reports each bad field with the row number", () => {
    const row = mapRecord(["", "49,99", "dollars", "10/01/2026", "12", "not json", ""], 7, index, mapping);
    expect(row.ok).toBe(false);
    expect(!row.ok && row.errors.map((e) => [e.row, e.field])).toEqual([
      [7, "products"],
      [7, "merchantReference"],
      [7, "cardLast4"],
      [7, "amount"],
      [7, "currency"],
      [7, "authorisedAt"],
    ]);
  });

  it("refuses amounts that do not fit the currency or the column", () => {
    expect(mapRecord(["A", "1.234", "USD", "2026-01-10", "", "", ""], 2, index, mapping)).toMatchObject({ ok: false, errors: [{ field: "amount" }] });
    expect(mapRecord(["A", "99999999999", "USD", "2026-01-10", "", "", ""], 2, index, mapping)).toMatchObject({ ok: false, errors: [{ field: "amount" }] });
    expect(mapRecord(["A", "1200", "JPY", "2026-01-10T10:00:00+09:00", "", "", ""], 2, index, mapping)).toMatchObject({ ok: true, transaction: { amountMinor: 1200 } });
  });
});
