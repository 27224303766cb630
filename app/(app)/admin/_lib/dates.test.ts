import { describe, expect, it } from "vitest";
import { startOfZonedDay } from "./dates";

describe("startOfZonedDay", () => {
  it("is midnight in the viewer's zone, DST included", () => {
    expect(startOfZonedDay("2026-03-10", "UTC")?.toISOString()).toBe("2026-03-10T00:00:00.000Z");
    expect(startOfZonedDay("2026-01-15", "Europe/Berlin")?.toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(startOfZonedDay("2026-07-15", "Europe/Berlin")?.toISOString()).toBe("2026-07-14T22:00:00.000Z");
    expect(startOfZonedDay("2026-03-08", "America/New_York")?.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfZonedDay("2026-03-08", "America/New_York", true)?.toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
  it("ignores anything that is not a calendar day", () => {
    expect(startOfZonedDay("2026-02-30", "UTC")).toBeUndefined();
    expect(startOfZonedDay("yesterday", "UTC")).toBeUndefined();
    expect(startOfZonedDay(undefined, "UTC")).toBeUndefined();
  });
});
