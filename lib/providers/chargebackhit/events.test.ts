import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyExponent, decimalToMinor, minorToDecimal, parseProviderDate, readDetails } from "@/lib/providers/chargebackhit/events";
import { chargebackhit } from "@/lib/providers/chargebackhit";
import { sampleInitRefund } from "@/lib/providers/chargebackhit/fixtures";

describe("currencyExponent", () => {
  it.each([
    ["USD", 2],
    ["usd", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["XYZ", 2],
    ["", 2],
    ["US", 2],
    ["USDX", 2],
    ["U1D", 2],
  ])("%s → %i", (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });
});

describe("decimalToMinor", () => {
  it.each([
    ["49.99", "USD", 4999],
    ["49.9", "USD", 4990],
    ["49", "USD", 4900],
    ["0.01", "USD", 1],
    ["0", "USD", 0],
    ["0.00", "USD", 0],
    ["007.50", "USD", 750],
    [" 49.99 ", "USD", 4999],
    ["49.990", "USD", 4999],
    ["1200", "JPY", 1200],
    ["1200.00", "JPY", 1200],
    ["1.234", "KWD", 1234],
    ["1.2", "KWD", 1200],
    ["90071992547409.91", "USD", 9007199254740991],
    ["49.99", "usd", 4999],
  ])("%s %s → %i", (amount, currency, minor) => {
    expect(decimalToMinor(amount, currency)).toBe(minor);
  });

  it.each([
    ["0.005", "USD", "too many decimals"],
    ["49.999", "USD", "too many decimals"],
    ["1200.5", "JPY", "decimals on a 0-decimal currency"],
    ["1.2345", "KWD", "too many decimals"],
    ["1,234.56", "USD", "thousands separator (ambiguous with a decimal comma)"],
    ["49,99", "USD", "decimal comma"],
    ["-1.00", "USD", "sign"],
    ["+1.00", "USD", "sign"],
    ["1e3", "USD", "exponent"],
    ["49.", "USD", "trailing dot"],
    [".5", "USD", "leading dot"],
    ["", "USD", "empty"],
    ["   ", "USD", "blank"],
    ["abc", "USD", "not a number"],
    ["4 9", "USD", "inner space"],
    ["NaN", "USD", "NaN"],
    ["Infinity", "USD", "Infinity"],
    ["0x10", "USD", "hex"],
    ["90071992547409.92", "USD", "beyond MAX_SAFE_INTEGER minor units"],
    ["1".repeat(41), "USD", "too long"],
    ["١٢", "USD", "non-ASCII digits"],
  ])("%s %s → null (%s)", (amount, currency) => {
    expect(decimalToMinor(amount, currency)).toBeNull();
  });

  it("returns null for non-strings", () => {
    expect(decimalToMinor(49.99 as unknown as string, "USD")).toBeNull();
    expect(decimalToMinor(null as unknown as string, "USD")).toBeNull();
  });
});

describe("minorToDecimal", () => {
  it.each([
    [4990, "USD", "49.90"],
    [4999, "USD", "49.99"],
    [5, "USD", "0.05"],
    [0, "USD", "0.00"],
    [-150, "USD", "-1.50"],
    [1200, "JPY", "1200"],
    [0, "JPY", "0"],
    [1234, "KWD", "1.234"],
    [7, "KWD", "0.007"],
    [9007199254740991, "USD", "90071992547409.91"],
  ])("%i %s → %s", (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });

  it("returns null for non-integers and unsafe numbers", () => {
    expect(minorToDecimal(1.5, "USD")).toBeNull();
    expect(minorToDecimal(Number.NaN, "USD")).toBeNull();
    expect(minorToDecimal(2 ** 60, "USD")).toBeNull();
  });

  it("round-trips with decimalToMinor for any non-negative safe integer", () => {
    fc.assert(
      fc.property(fc.constantFrom("USD", "JPY", "KWD", "EUR"), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (currency, minor) => {
        expect(decimalToMinor(minorToDecimal(minor, currency)!, currency)).toBe(minor);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("parseProviderDate", () => {
  it.each([
    ["2024-01-15T10:30:00Z", "2024-01-15T10:30:00.000Z"],
    ["2024-01-15T10:30:00", "2024-01-15T10:30:00.000Z"],
    ["2024-01-15 10:30:00", "2024-01-15T10:30:00.000Z"],
    ["2024-01-15T10:30:00.123456Z", "2024-01-15T10:30:00.123Z"],
    ["2024-01-15T12:30:00+02:00", "2024-01-15T10:30:00.000Z"],
    ["2024-01-15T05:30:00-0500", "2024-01-15T10:30:00.000Z"],
    ["2024-01-15", "2024-01-15T00:00:00.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
  ])("%s → %s (no offset = UTC)", (input, expected) => {
    expect(parseProviderDate(input)?.toISOString()).toBe(expected);
  });

  it.each(["", "yesterday", "2024-02-30T00:00:00Z", "2023-02-29", "2024-01-15T24:00:00Z", "2024-13-01", "15/01/2024", "1705314600"])("rejects %s", (input) => {
    expect(parseProviderDate(input)).toBeNull();
  });

  it("rejects non-strings", () => {
    expect(parseProviderDate(null)).toBeNull();
    expect(parseProviderDate(undefined)).toBeNull();
  });
});

describe("parse", () => {
  const { webhook } = chargebackhit;

  it("requires alert.id and alert.type only", () => {
    expect(webhook.parse({ alert: { id: "x", type: "init-refund" } }).ok).toBe(true);
    expect(webhook.parse({ alert: { type: "init-refund" } })).toMatchObject({ ok: false, error: expect.stringContaining("alert.id") });
    expect(webhook.parse({ alert: { id: "x" } })).toMatchObject({ ok: false, error: expect.stringContaining("alert.type") });
    expect(webhook.parse({ alert: { id: " \u0000 ", type: "init-refund" } }).ok).toBe(false);
    expect(webhook.parse({ alert: { id: 12, type: "init-refund" } }).ok).toBe(false);
    expect(webhook.parse({})).toMatchObject({ ok: false, error: expect.stringContaining("alert") });
    expect(webhook.parse(null).ok).toBe(false);
    expect(webhook.parse([]).ok).toBe(false);
  });

  it("keeps the body as sent (unknown keys, mistyped fields) and tolerates unknown types", () => {
    const body = { ...sampleInitRefund, alert: { ...sampleInitRefund.alert, type: "brand-new-type", amount: { weird: true }, extra: 1 }, future: [1] };
    const parsed = webhook.parse(structuredClone(body));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual(body);
    const details = readDetails(parsed.value);
    expect(details?.alert.amount).toBeNull();
    expect(details?.alert).toMatchObject({ extra: 1, currency: "USD" });
  });

  it("reads numeric amounts as their JSON text and a mistyped transaction/merchant as null", () => {
    const parsed = webhook.parse({ alert: { id: "x", type: "inquiry", amount: 49.99 }, transaction: "nope", merchant: 3 });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const details = readDetails(parsed.value);
    expect(details?.alert.amount).toBe("49.99");
    expect(details?.transaction).toBeNull();
    expect(details?.merchant).toBeNull();
  });
});
