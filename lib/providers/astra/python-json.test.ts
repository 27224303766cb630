import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pythonFloatRepr, pythonJsonDumps, pythonJsonRedump, pythonJsonString } from "@/lib/providers/astra/python-json";
import vectors from "@/lib/providers/astra/python-json.vectors.json";

// Expected strings below were produced by CPython 3.11 `json.dumps` (default arguments).

describe("pythonJsonDumps (JS values)", () => {
  it("matches the digest's example exactly", () => {
    const value = {
      webhook_type: "routine_updated",
      resource_id: "4816908952010752",
      user_id: "93k08a40d032o54f748773f",
      webhook_id: "a5df3ed9-00000-0000-96cb-150e3fe3e31d",
    };
    expect(pythonJsonDumps(value)).toBe(
      '{"webhook_type": "routine_updated", "resource_id": "4816908952010752", "user_id": "93k08a40d032o54f748773f", "webhook_id": "a5df3ed9-00000-0000-96cb-150e3fe3e31d"}',
    );
  });

  it("escapes non-ASCII as \\uXXXX (lower-case hex, surrogate pairs), keeps / unescaped", () => {
    expect(pythonJsonDumps("café")).toBe(String.raw`"caf\u00e9"`);
    expect(pythonJsonDumps({ n: "café ☕ 𝄞", s: 'a/b"c\\d\n\t\r\b\f\u0000\u001f\u007f\u2028' })).toBe(
      String.raw`{"n": "caf\u00e9 \u2615 \ud834\udd1e", "s": "a/b\"c\\d\n\t\r\b\f\u0000\u001f\u007f\u2028"}`,
    );
    expect(pythonJsonDumps("\ud800")).toBe(String.raw`"\ud800"`);
  });

  it("writes nested arrays and objects, true/false/null and integers", () => {
    expect(pythonJsonDumps({ a: [1, [2, []], {}], b: { c: null, d: true, e: false }, f: -0, g: 12345678901234567890n })).toBe(
      '{"a": [1, [2, []], {}], "b": {"c": null, "d": true, "e": false}, "f": 0, "g": 12345678901234567890}',
    );
    expect(pythonJsonDumps([])).toBe("[]");
    expect(pythonJsonDumps({})).toBe("{}");
    expect(pythonJsonDumps(null)).toBe("null");
  });

  it("prints non-integral numbers as Python floats", () => {
    expect(pythonJsonDumps({ amount: 1234.56, x: 0.1, y: 1e-5, z: 1.5e300 })).toBe('{"amount": 1234.56, "x": 0.1, "y": 1e-05, "z": 1.5e+300}');
    // beyond 2^53 a JS number is printed as a float (an int there has lost digits already)
    expect(pythonJsonDumps([2 ** 53 - 1, 2 ** 53, 1e20])).toBe("[9007199254740991, 9007199254740992.0, 1e+20]");
  });

  it("skips undefined members, nulls undefined items, refuses non-JSON values", () => {
    expect(pythonJsonDumps({ a: undefined, b: [undefined] })).toBe('{"b": [null]}');
    expect(() => pythonJsonDumps({ f: () => 1 })).toThrow(TypeError);
    expect(() => pythonJsonDumps(new Date())).toThrow(TypeError);
    expect(() => pythonJsonDumps(Symbol("x"))).toThrow(TypeError);
  });
});

describe("pythonFloatRepr", () => {
  it.each([
    [1, "1.0"],
    [0.1, "0.1"],
    [1e16, "1e+16"],
    [1e15, "1000000000000000.0"],
    [123456789012345680, "1.2345678901234568e+17"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [-0, "-0.0"],
    [0, "0.0"],
    [1.5e300, "1.5e+300"],
    [5e-324, "5e-324"],
    [2.5, "2.5"],
    [100, "100.0"],
    [1e22, "1e+22"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [0.000123, "0.000123"],
    [1234.56, "1234.56"],
    [-12.5, "-12.5"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    [Number.NaN, "NaN"],
  ])("%s → %s", (x, expected) => {
    expect(pythonFloatRepr(x)).toBe(expected);
  });
});

describe("pythonJsonRedump (json.dumps(json.loads(text)))", () => {
  it("keeps key order as received, incl. integer-like keys, and Python's duplicate-key rule", () => {
    expect(pythonJsonRedump('{"b":1,"2":2,"1":3,"a":1,"a":4}')).toBe('{"b": 1, "2": 2, "1": 3, "a": 4}');
  });

  it("prints numbers as Python parses them (int vs float, big ints)", () => {
    expect(pythonJsonRedump("[1E5, 1e400, -1e400, 1.10, -0, -0.0, 0e0, 10E-1, 12345678901234567890]")).toBe(
      "[100000.0, Infinity, -Infinity, 1.1, 0, -0.0, 0.0, 1.0, 12345678901234567890]",
    );
  });

  it("decodes escapes and re-escapes the Python way", () => {
    expect(pythonJsonRedump(String.raw` {"s":"caf\u00e9 \ud834\udd1e \ud800 \/ \u001f","raw":"café ☕ 𝄞"} `)).toBe(
      String.raw`{"s": "caf\u00e9 \ud834\udd1e \ud800 / \u001f", "raw": "caf\u00e9 \u2615 \ud834\udd1e"}`,
    );
  });

  it("rejects what strict JSON rejects (and objectOnly non-objects)", () => {
    for (const bad of ["", "{", '{"a":1,}', "[1 2]", "NaN", '{"a":Infinity}', '"\u0001"', "01", "{'a':1}", '{"a":1} x', "\ufeff{}", '"\\x"', '"\\u12"']) {
      expect(pythonJsonRedump(bad), bad).toBeNull();
    }
    expect(pythonJsonRedump("[1]", { objectOnly: true })).toBeNull();
    expect(pythonJsonRedump(" {}", { objectOnly: true })).toBe("{}");
  });

  it("caps the depth", () => {
    expect(pythonJsonRedump("[".repeat(64) + "]".repeat(64))).not.toBeNull();
    expect(pythonJsonRedump("[".repeat(66) + "]".repeat(66))).toBeNull();
    expect(pythonJsonRedump("[".repeat(100_000) + "]".repeat(100_000))).toBeNull();
  });

  it(`matches CPython on ${vectors.cases.length} generated documents`, () => {
    for (const { text, python } of vectors.cases) {
      expect(pythonJsonRedump(text, { maxDepth: 64 }), text).toBe(python);
    }
  });

  it("agrees with pythonJsonDumps(JSON.parse(text)) for safe ints and non-index keys", () => {
    // JS-value limits (documented): 1.0 reads as 1, integer-like keys move first, big ints lose digits.
    const key = fc.string({ unit: "binary" }).filter((k) => !/^(0|[1-9]\d*)$/.test(k));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, false),
        fc.maxSafeInteger(),
        fc.string({ unit: "binary" }),
        fc.array(tie("value")),
        fc.dictionary(key, tie("value")),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        expect(pythonJsonRedump(text)).toBe(pythonJsonDumps(JSON.parse(text)));
      }),
    );
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = pythonJsonRedump(s);
        expect(out === null || typeof out === "string").toBe(true);
      }),
    );
  });
});

describe("pythonJsonString", () => {
  it("escapes DEL and C1 controls, keeps printable ASCII", () => {
    expect(pythonJsonString("\u007f\u0080 ~")).toBe(String.raw`"\u007f\u0080 ~"`);
  });
});
