import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SAMPLE_HEADERS } from "@/lib/providers/chargebackstop/fixtures";
import { parseSignatureHeader, signPayload, verifySignature } from "@/lib/providers/chargebackstop/signature";

const SECRET = "whsec_test_9f2c1d7e4b";
const OLD_SECRET = "whsec_old_1a2b3c4d5e";
const T = 1_746_901_125;
const NOW = new Date(T * 1000);
const BODY = Buffer.from('{"id":"evt_1","type":"alert.created","data":{"object":{"id":"netalrt_1","status":"ACTION_REQUIRED"}}}');

const hmac = (body: Buffer | string, secret = SECRET, t: number | string = T) =>
  createHmac("sha512", secret).update(`${t}.`).update(body).digest("hex");

function verify(header: string | null | undefined, opts: { body?: Buffer | string; secrets?: string[]; now?: Date } = {}) {
  return verifySignature({ rawBody: opts.body ?? BODY, header, secrets: opts.secrets ?? [SECRET], now: opts.now ?? NOW });
}

describe("signPayload", () => {
  it("formats t=<t>,v1=<lowercase hex HMAC-SHA512 of '<t>.<body>'>", () => {
    const header = signPayload(BODY, SECRET, T);
    expect(header).toBe(`t=${T},v1=${hmac(BODY)}`);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{128}$/);
    expect(signPayload(BODY.toString("utf8"), SECRET, T)).toBe(header);
  });

  it("signs multi-byte bodies on their UTF-8 bytes", () => {
    const body = '{"note":"café ☕ 𝄞"}';
    expect(signPayload(body, SECRET, T)).toBe(`t=${T},v1=${hmac(Buffer.from(body, "utf8"))}`);
  });

  it("refuses a non-integer timestamp", () => {
    expect(() => signPayload(BODY, SECRET, 1.5)).toThrow(RangeError);
    expect(() => signPayload(BODY, SECRET, -1)).toThrow(RangeError);
  });
});

describe("verifySignature", () => {
  const valid = `t=${T},v1=${hmac(BODY)}`;

  it("accepts a valid signature", () => {
    expect(verify(valid)).toEqual({ ok: true });
  });

  it("accepts an empty body signed correctly", () => {
    const empty = Buffer.alloc(0);
    expect(verify(signPayload(empty, SECRET, T), { body: empty })).toEqual({ ok: true });
  });

  it("rejects a body altered by one byte", () => {
    const tampered = Buffer.from(BODY);
    tampered[10] = tampered[10]! ^ 0x01;
    expect(verify(valid, { body: tampered })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(verify(valid, { body: Buffer.concat([BODY, Buffer.from(" ")]) })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("does not re-serialise: the same JSON with different spacing fails", () => {
    const respaced = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(verify(valid, { body: respaced })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects a wrong secret", () => {
    expect(verify(valid, { secrets: ["whsec_wrong"] })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("accepts either secret during a rotation (old + new)", () => {
    const byOld = `t=${T},v1=${hmac(BODY, OLD_SECRET)}`;
    const byNew = `t=${T},v1=${hmac(BODY, SECRET)}`;
    expect(verify(byOld, { secrets: [SECRET, OLD_SECRET] })).toEqual({ ok: true });
    expect(verify(byNew, { secrets: [SECRET, OLD_SECRET] })).toEqual({ ok: true });
    expect(verify(byOld, { secrets: [SECRET] })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects when there is no usable secret", () => {
    expect(verify(valid, { secrets: [] })).toEqual({ ok: false, reason: "no_secret" });
    expect(verify(valid, { secrets: [""] })).toEqual({ ok: false, reason: "no_secret" });
  });

  describe("timestamp tolerance (300 s, both directions)", () => {
    const at = (offsetSeconds: number) => new Date((T + offsetSeconds) * 1000);
    it.each([
      ["300 s old", 300, true],
      ["301 s old", 301, false],
      ["300 s in the future", -300, true],
      ["301 s in the future", -301, false],
      ["10 min in the future", -600, false],
    ])("%s", (_label, offset, ok) => {
      expect(verify(valid, { now: at(offset) })).toEqual(ok ? { ok: true } : { ok: false, reason: "stale_timestamp" });
    });

    it("uses whole seconds of the clock (300.999 s old is still 300 s)", () => {
      expect(verify(valid, { now: new Date((T + 300) * 1000 + 999) })).toEqual({ ok: true });
    });

    it("rejects a replay even with a valid HMAC", () => {
      expect(verify(valid, { now: at(3600) })).toEqual({ ok: false, reason: "stale_timestamp" });
    });

    it("rejects an invalid clock instead of throwing", () => {
      expect(verify(valid, { now: new Date(Number.NaN) })).toEqual({ ok: false, reason: "invalid_clock" });
    });
  });

  describe("header edge cases (reliability.md row 5)", () => {
    const sig = hmac(BODY);
    const other = "ab".repeat(64);

    it.each([
      ["two v1, the second valid", `t=${T},v1=${other},v1=${sig}`],
      ["two v1, the first valid", `t=${T},v1=${sig},v1=${other}`],
      ["v1 before t", `v1=${sig},t=${T}`],
      ["spaces after commas", `t=${T}, v1=${sig}`],
      ["spaces around every part", `  t=${T} ,  v1=${sig}  `],
      ["uppercase hex", `t=${T},v1=${sig.toUpperCase()}`],
      ["v0 and v2 next to a valid v1", `t=${T},v0=${other},v1=${sig},v2=zz`],
      ["unknown keys and a bare token ignored", `t=${T},foo=bar,junk,v1=${sig}`],
      ["a v1 with bad hex next to a valid one", `t=${T},v1=${"zz".repeat(64)},v1=${sig}`],
      ["a trailing comma", `t=${T},v1=${sig},`],
    ])("accepts: %s", (_label, header) => {
      expect(verify(header)).toEqual({ ok: true });
    });

    it.each([
      ["only v0", `t=${T},v0=${sig}`, "missing_v1"],
      ["only v2", `t=${T},v2=${sig}`, "missing_v1"],
      ["missing t", `v1=${sig}`, "missing_timestamp"],
      ["missing v1", `t=${T}`, "missing_v1"],
      ["t=12abc", `t=12abc,v1=${sig}`, "malformed_timestamp"],
      ["t= empty", `t=,v1=${sig}`, "malformed_timestamp"],
      ["t with a sign", `t=+${T},v1=${sig}`, "malformed_timestamp"],
      ["t of 13 digits", `t=1${"0".repeat(12)},v1=${sig}`, "malformed_timestamp"],
      ["t with spaces inside", `t= ${T},v1=${sig}`, "malformed_timestamp"],
      ["= inside the t value", `t=${T}=1,v1=${sig}`, "malformed_timestamp"],
      ["= inside the v1 value (split on the first =)", `t=${T},v1=${sig}=`, "missing_v1"],
      ["= inside a truncated v1 value", `t=${T},v1=${sig.slice(0, 126)}==`, "missing_v1"],
      ["v1 too short (would be truncated by Buffer.from)", `t=${T},v1=${sig.slice(0, 127)}`, "missing_v1"],
      ["v1 too long", `t=${T},v1=${sig}00`, "missing_v1"],
      ["v1 with non-hex chars", `t=${T},v1=${sig.slice(0, 126)}zz`, "missing_v1"],
      ["key case matters (T=, V1=)", `T=${T},V1=${sig}`, "missing_timestamp"],
      ["spaces around =", `t = ${T},v1 = ${sig}`, "missing_timestamp"],
      ["semicolons instead of commas", `t=${T};v1=${sig}`, "malformed_timestamp"],
      ["t twice (different values)", `t=${T},t=${T + 1},v1=${sig}`, "duplicate_timestamp"],
      ["t twice (same value)", `t=${T},t=${T},v1=${sig}`, "duplicate_timestamp"],
      ["500-char garbage", "x".repeat(500), "missing_timestamp"],
      ["500-char garbage with separators", "=,".repeat(250), "missing_timestamp"],
      ["over 1000 chars (even with a valid signature inside)", `t=${T},v1=${sig},${"v0=0,".repeat(200)}`, "signature_too_long"],
    ])("rejects: %s", (_label, header, reason) => {
      expect(verify(header)).toEqual({ ok: false, reason });
    });

    it("rejects a missing or empty header", () => {
      expect(verify(null)).toEqual({ ok: false, reason: "missing_signature" });
      expect(verify(undefined)).toEqual({ ok: false, reason: "missing_signature" });
      expect(verify("")).toEqual({ ok: false, reason: "missing_signature" });
      expect(verify("   ")).toEqual({ ok: false, reason: "missing_signature" });
    });

    // Headers.get joins a repeated header with ", ". Decision: a second `t` rejects the header,
    // even when both copies are identical and valid (see signature.ts).
    it("rejects the header sent twice (as fetch Headers joins it)", () => {
      const headers = new Headers();
      headers.append("x-signature", valid);
      headers.append("x-signature", valid);
      expect(headers.get("x-signature")).toBe(`${valid}, ${valid}`);
      expect(verify(headers.get("x-signature"))).toEqual({ ok: false, reason: "duplicate_timestamp" });

      const forged = `t=${T + 1},v1=${"cd".repeat(64)}`;
      expect(verify(`${valid}, ${forged}`)).toEqual({ ok: false, reason: "duplicate_timestamp" });
      expect(verify(`${forged}, ${valid}`)).toEqual({ ok: false, reason: "duplicate_timestamp" });
    });
  });

  it("parses the provider's sample headers without throwing (secret unknown: not verified)", () => {
    for (const { signature } of Object.values(SAMPLE_HEADERS)) {
      const parsed = parseSignatureHeader(signature);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.value.signatures[0]).toHaveLength(64);
      const t = Number(/^t=(\d+)/.exec(signature)![1]);
      const result = verifySignature({ rawBody: BODY, header: signature, secrets: [SECRET], now: new Date(t * 1000) });
      expect(result).toEqual({ ok: false, reason: "signature_mismatch" });
    }
  });

  it("never throws on hostile input types", () => {
    const cases: unknown[] = [123, {}, [], Symbol.iterator, () => "t=1"];
    for (const header of cases) {
      expect(() => verifySignature({ rawBody: BODY, header: header as string, secrets: [SECRET], now: NOW })).not.toThrow();
    }
    expect(verifySignature({ rawBody: null as unknown as Buffer, header: valid, secrets: [SECRET], now: NOW })).toEqual({
      ok: false,
      reason: "verification_error",
    });
    expect(verifySignature({ rawBody: BODY, header: valid, secrets: null as unknown as string[], now: NOW })).toEqual({ ok: false, reason: "no_secret" });
  });
});

describe("verifySignature (property)", () => {
  it("never throws and rejects arbitrary headers", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1200 }), fc.uint8Array({ maxLength: 256 }), (header, bytes) => {
        const body = Buffer.from(bytes);
        const result = verifySignature({ rawBody: body, header, secrets: [SECRET, OLD_SECRET], now: NOW });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on header-shaped noise and accepts only a correct HMAC", () => {
    const hexChar = fc.constantFrom(..."0123456789abcdefABCDEF");
    const part = fc.oneof(
      fc.constant(`t=${T}`),
      fc.integer({ min: -1, max: 10 ** 13 }).map((t) => `t=${t}`),
      fc.string({ unit: hexChar, minLength: 120, maxLength: 136 }).map((hex) => `v1=${hex}`),
      fc.string({ maxLength: 20 }).map((s) => `v1=${s}`),
      fc.string({ maxLength: 20 }).map((s) => `v0=${s}`),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.constantFrom(",", ", ", " , "), fc.string({ maxLength: 64 }), (parts, sep, text) => {
        const header = parts.join(sep);
        const body = Buffer.from(text, "utf8");
        const result = verifySignature({ rawBody: body, header, secrets: [SECRET], now: NOW });
        const expected = hmac(body);
        const containsCorrect = parts.some((p) => p.toLowerCase() === `v1=${expected}`);
        if (result.ok) expect(containsCorrect).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips: whatever the body and secret, a fresh signature verifies and a flipped bit does not", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 0, max: 10 ** 12 - 1 }),
        fc.nat(),
        (bytes, secret, t, flip) => {
          const body = Buffer.from(bytes);
          const header = signPayload(body, secret, t);
          const now = new Date(t * 1000);
          expect(verifySignature({ rawBody: body, header, secrets: [secret], now })).toEqual({ ok: true });
          if (body.length > 0) {
            const tampered = Buffer.from(body);
            const i = flip % body.length;
            tampered[i] = tampered[i]! ^ (1 << (flip % 8));
            expect(verifySignature({ rawBody: tampered, header, secrets: [secret], now }).ok).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
