import { describe, expect, it } from "vitest";
import { currencyExponent, deadlineUrgency, formatDateTime, formatDuration, formatMoney, humanize, minorToMajorString } from "./format";

describe("money", () => {
  it("uses the currency's exponent", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("BHD")).toBe(3);
    expect(formatMoney(6606, "USD")).toBe("66.06 USD");
    expect(formatMoney(123456, "JPY")).toBe("123,456 JPY");
    expect(formatMoney(1234, "BHD")).toBe("1.234 BHD");
    expect(formatMoney(null, "USD")).toBe("");
  });
  it("writes major units exactly, without floats", () => {
    expect(minorToMajorString(6606, "USD")).toBe("66.06");
    expect(minorToMajorString(5, "USD")).toBe("0.05");
    expect(minorToMajorString(-120, "EUR")).toBe("-1.20");
    expect(minorToMajorString(7, "JPY")).toBe("7");
    expect(minorToMajorString(9007199254740991, "USD")).toBe("90071992547409.91");
    expect(minorToMajorString(1.5, "USD")).toBeNull();
    expect(minorToMajorString(150, "HUF")).toBe("1.50");
  });
});

describe("time", () => {
  it("shows instants in the viewer's zone", () => {
    const at = new Date("2026-03-01T23:30:00Z");
    expect(formatDateTime(at, "UTC")).toBe("01 Mar 2026, 23:30");
    expect(formatDateTime(at, "Europe/Berlin")).toBe("02 Mar 2026, 00:30");
    expect(formatDateTime(at, "Not/AZone")).toBe("01 Mar 2026, 23:30");
  });
  it("classifies deadlines exactly at the boundaries", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(deadlineUrgency(new Date(now - 1), now)).toBe("overdue");
    expect(deadlineUrgency(new Date(now), now)).toBe("critical");
    expect(deadlineUrgency(new Date(now + 4 * 3600_000 - 1), now)).toBe("critical");
    expect(deadlineUrgency(new Date(now + 4 * 3600_000), now)).toBe("soon");
    expect(deadlineUrgency(new Date(now + 24 * 3600_000), now)).toBe("later");
    expect(deadlineUrgency(new Date(now - 5), now, true)).toBe("closed");
    expect(deadlineUrgency(null, now)).toBe("none");
  });
  it("formats durations", () => {
    expect(formatDuration(45_000)).toBe("45s");
    expect(formatDuration(-(2 * 3600_000 + 5 * 60_000))).toBe("2h 05m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3600_000)).toBe("3d 4h");
  });
});

it("humanizes vocabulary", () => {
  expect(humanize("ACTION_REQUIRED")).toBe("Action required");
  expect(humanize("init-refund")).toBe("Init refund");
  expect(humanize(null)).toBe("");
});
