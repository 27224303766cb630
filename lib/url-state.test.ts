import { describe, expect, it } from "vitest";
import { hrefWith, parseEnum, parsePositiveInt } from "./url-state";

describe("url state parsers", () => {
  it("falls back to defaults on bad values", () => {
    expect(parsePositiveInt("3", 1)).toBe(3);
    for (const bad of [undefined, "", "0", "-2", "abc", "1e3", "99999999999"]) expect(parsePositiveInt(bad, 1)).toBe(1);
    expect(parsePositiveInt("500", 1, 200)).toBe(200);
    expect(parseEnum("OPEN", ["OPEN", "WON"] as const, "WON")).toBe("OPEN");
    expect(parseEnum("DROP TABLE", ["OPEN", "WON"] as const, "WON")).toBe("WON");
    expect(parseEnum(undefined, ["OPEN"] as const)).toBeUndefined();
  });
  it("builds links that keep other parameters", () => {
    expect(hrefWith("/alerts", { status: "OPEN", page: "2" }, { page: 3 })).toBe("/alerts?status=OPEN&page=3");
    expect(hrefWith("/alerts", { status: "OPEN", page: "2" }, { page: undefined })).toBe("/alerts?status=OPEN");
    expect(hrefWith("/alerts", {}, {})).toBe("/alerts");
  });
});
