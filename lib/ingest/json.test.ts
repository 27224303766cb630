import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH, parseJsonBody } from "./json";

describe("webhook JSON", () => {
  it("measures depth on bytes, ignoring brackets in strings", () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":"[[[{{{"}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('"\\"[["'))).toBe(0);
    expect(jsonDepth(Buffer.from("[".repeat(100_000) + "]".repeat(100_000)))).toBe(MAX_JSON_DEPTH + 1);
  });
  it("refuses nesting deeper than 64 before parsing", () => {
    const ok = "[".repeat(64) + "]".repeat(64);
    expect(parseJsonBody(Buffer.from(ok)).ok).toBe(true);
    const deep = "[".repeat(65) + "]".repeat(65);
    expect(parseJsonBody(Buffer.from(deep))).toEqual({ ok: false, error: expect.stringContaining("deeper than 64") });
  });
  it("reports malformed and truncated JSON", () => {
    expect(parseJsonBody(Buffer.from("not json")).ok).toBe(false);
    expect(parseJsonBody(Buffer.from('{"id": "evt_1", "type": "ale')).ok).toBe(false);
    expect(parseJsonBody(Buffer.alloc(0)).ok).toBe(false);
  });
  it("drops prototype-polluting keys", () => {
    const result = parseJsonBody(Buffer.from('{"__proto__":{"isAdmin":true},"a":{"constructor":{"prototype":{"x":1}}}}'));
    expect(result.ok).toBe(true);
    const value = (result as { value: Record<string, unknown> }).value;
    expect(Object.assign({}, value) as { isAdmin?: boolean }).not.toHaveProperty("isAdmin");
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });
  it("keeps the last of duplicate keys, like Postgres", () => {
    expect(parseJsonBody(Buffer.from('{"a":1,"a":2}'))).toEqual({ ok: true, value: { a: 2 } });
  });
  it("never throws on arbitrary bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const result = parseJsonBody(Buffer.from(bytes));
      expect(typeof result.ok).toBe("boolean");
    }));
  });
});
