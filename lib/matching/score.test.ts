import { describe, expect, it } from "vitest";
import { descriptorsAgree, normaliseLast4, normaliseNetworkId, pickBest, scoreMatch, stripNetworkIdDate, type PaymentFacts, type RecordFacts } from "./score";

const at = (iso: string) => new Date(iso);
const record = (o: Partial<RecordFacts> = {}): RecordFacts => ({
  networkTransactionId: null,
  arn: null,
  cardLast4: null,
  authCode: null,
  amountMinor: 4999,
  currency: "USD",
  at: at("2026-01-10T08:00:00Z"),
  descriptor: null,
  ...o,
});
const payment = (o: Partial<PaymentFacts> = {}): PaymentFacts => ({
  id: "p1",
  networkTransactionId: null,
  arn: null,
  cardLast4: null,
  authCode: null,
  amountMinor: 4999,
  currency: "USD",
  authorisedAt: at("2026-01-10T08:00:00Z"),
  descriptor: null,
  ...o,
});

describe("network ids", () => {
  it("strips date prefixes and suffixes our data carries, but not digits that belong to the id", () => {
    expect(stripNetworkIdDate("20260110-123456789012345")).toBe("123456789012345");
    expect(stripNetworkIdDate("123456789012345_2026-01-10")).toBe("123456789012345");
    expect(stripNetworkIdDate("2026-01-10T08:00:00Z|MCC1234560110")).toBe("MCC1234560110");
    expect(stripNetworkIdDate("260110 visa-tid-abc")).toBe("visa-tid-abc");
    expect(stripNetworkIdDate("20260110123456789012345")).toBe("20260110123456789012345");
    expect(normaliseNetworkId(" visa-tid-abc ")).toBe("VISA-TID-ABC");
    expect(normaliseNetworkId("12345")).toBeNull();
  });

  it("matches across the date decoration with confidence 98", () => {
    expect(scoreMatch(record({ networkTransactionId: "123456789012345" }), payment({ networkTransactionId: "20260110-123456789012345" }))).toEqual({ rule: "NETWORK_ID", confidence: 98 });
  });
});

describe("scoreMatch", () => {
  it("ARN + card: a recycled ARN on another card is not a match", () => {
    const r = record({ arn: "74012345678901234567890", cardLast4: "1234" });
    expect(scoreMatch(r, payment({ arn: "74012345678901234567890", cardLast4: "9999" }))).toBeNull();
    expect(scoreMatch(r, payment({ arn: "74012345678901234567890", cardLast4: "1234" }))).toEqual({ rule: "ARN_CARD", confidence: 95 });
    // the payment's card unknown: the pair cannot be checked
    expect(scoreMatch(r, payment({ arn: "74012345678901234567890" }))).toBeNull();
  });

  it("auth code + card only within ±2 days of the authorisation", () => {
    const r = record({ authCode: "a12345", cardLast4: "1234" });
    expect(scoreMatch(r, payment({ authCode: "A12345", cardLast4: "1234" }))).toEqual({ rule: "AUTH_CODE_CARD", confidence: 88 });
    expect(scoreMatch(r, payment({ authCode: "A12345", cardLast4: "1234", authorisedAt: at("2026-01-11T20:00:00Z") }))).toEqual({ rule: "AUTH_CODE_CARD", confidence: 80 });
    expect(scoreMatch(r, payment({ authCode: "A12345", cardLast4: "1234", authorisedAt: at("2026-01-12T08:00:01Z") }))).toBeNull();
    expect(scoreMatch(record({ authCode: "A12345", cardLast4: "1234", at: null }), payment({ authCode: "A12345", cardLast4: "1234" }))).toBeNull();
  });

  it("the weak rule needs amount, date and descriptor, and nothing contradicting", () => {
    const r = record({ descriptor: "MYSTORE*PURCHASE" });
    expect(scoreMatch(r, payment({ descriptor: "mystore purchase" }))).toEqual({ rule: "AMOUNT_DATE_DESCRIPTOR", confidence: 62 });
    expect(scoreMatch(r, payment({ descriptor: "OTHER SHOP" }))).toBeNull();
    expect(scoreMatch(r, payment({ descriptor: "MYSTORE*PURCHASE", amountMinor: 5000 }))).toBeNull();
    expect(scoreMatch(r, payment({ descriptor: "MYSTORE*PURCHASE", authorisedAt: at("2026-01-13T08:00:00Z") }))).toBeNull();
    expect(scoreMatch({ ...r, arn: "111111111" }, payment({ descriptor: "MYSTORE*PURCHASE", arn: "222222222" }))).toBeNull();
    expect(scoreMatch({ ...r, cardLast4: "1111" }, payment({ descriptor: "MYSTORE*PURCHASE", cardLast4: "2222" }))).toBeNull();
  });

  it("currencies must agree when both are known", () => {
    const r = record({ arn: "74012345678901234567890", cardLast4: "1234", currency: "EUR" });
    expect(scoreMatch(r, payment({ arn: "74012345678901234567890", cardLast4: "1234" }))).toBeNull();
    expect(scoreMatch({ ...r, currency: null, amountMinor: null }, payment({ arn: "74012345678901234567890", cardLast4: "1234" }))).toEqual({ rule: "ARN_CARD", confidence: 95 });
  });

  it("a partial amount still matches on strong rules, with lower confidence", () => {
    const r = record({ arn: "74012345678901234567890", cardLast4: "1234", amountMinor: 2000 });
    expect(scoreMatch(r, payment({ arn: "74012345678901234567890", cardLast4: "1234" }))).toEqual({ rule: "ARN_CARD", confidence: 80 });
    expect(scoreMatch({ ...r, amountMinor: 9000 }, payment({ arn: "74012345678901234567890", cardLast4: "1234" }))).toEqual({ rule: "ARN_CARD", confidence: 65 });
    expect(scoreMatch(record({ descriptor: "MYSTORE", amountMinor: 2000 }), payment({ descriptor: "MYSTORE" }))).toBeNull();
  });

  it("a record without a card (representment) matches an ARN only with the same amount", () => {
    const r = record({ arn: "74012345678901234567890" });
    expect(scoreMatch(r, payment({ arn: "74012345678901234567890", cardLast4: "1234" }))).toEqual({ rule: "ARN_CARD", confidence: 75 });
    expect(scoreMatch({ ...r, amountMinor: 100 }, payment({ arn: "74012345678901234567890", cardLast4: "1234" }))).toBeNull();
  });

  it("helpers normalise cards and descriptors", () => {
    expect(normaliseLast4("411111******1234")).toBe("1234");
    expect(descriptorsAgree("ECOM-STUFF.COM", "ecom stuff com")).toBe(true);
    expect(descriptorsAgree("SHOP", "SHOPPING WORLD")).toBe(false);
  });
});

describe("pickBest", () => {
  it("prefers the stronger rule, then the closer date", () => {
    const r = record({ arn: "74012345678901234567890", cardLast4: "1234", authCode: "A1", descriptor: "SHOP ONE" });
    const best = pickBest(r, [
      payment({ id: "weak", descriptor: "SHOP ONE" }),
      payment({ id: "auth", authCode: "A1", cardLast4: "1234" }),
      payment({ id: "arn", arn: "74012345678901234567890", cardLast4: "1234", authorisedAt: at("2025-01-10T08:00:00Z") }),
    ]);
    expect(best).toEqual({ rule: "ARN_CARD", confidence: 95, paymentId: "arn" });
  });

  it("same amount and card on different days: the auth code window picks the right day", () => {
    const r = record({ authCode: "777777", cardLast4: "1234" });
    const best = pickBest(r, [
      payment({ id: "week-before", authCode: "777777", cardLast4: "1234", authorisedAt: at("2026-01-03T08:00:00Z") }),
      payment({ id: "same-day", authCode: "777777", cardLast4: "1234" }),
    ]);
    expect(best?.paymentId).toBe("same-day");
  });

  it("two identical weak candidates are ambiguous: no match", () => {
    const r = record({ descriptor: "SHOP ONE" });
    expect(pickBest(r, [payment({ id: "a", descriptor: "SHOP ONE" }), payment({ id: "b", descriptor: "SHOP ONE" })])).toBeNull();
  });
});
