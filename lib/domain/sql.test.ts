import { describe, expect, it } from "vitest";
import { cappedCountLabel, COUNT_CAP } from "./sql";

describe("cappedCountLabel", () => {
  it("shows exact counts up to the cap and the cap with a plus beyond it", () => {
    expect(cappedCountLabel(0)).toBe("0");
    expect(cappedCountLabel(1234)).toBe("1,234");
    expect(cappedCountLabel(COUNT_CAP)).toBe("10,000");
    expect(cappedCountLabel(COUNT_CAP + 1)).toBe("10,000+");
  });
});
