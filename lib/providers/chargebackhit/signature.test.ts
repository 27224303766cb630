import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chargebackhit } from "@/lib/providers/chargebackhit";
import { decodeSignature, sign, verifySignature, type VerifySignatureInput } from "@/lib/providers/chargebackhit/signature";

const PK = "pk_live_3f9a1c7e";
const SK = "sk_live_b4d2e8f0a6";
const OLD_SK = "sk_live_old_11aa22bb";
const BODY = Buffer.from('{"alert":{"id":"a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d","type":"init-refund","amount":"49.99","currency":"USD"}}');

/** The official PHP formula, by hand: base64_encode(hash_hmac('sha512', $pk.$body.$pk, $secret)). */
function phpSignature(body: Buffer | string, publicKey = PK, secret = SK): string {
  const hex = createHmac("sha512", secret).update(Buffer.concat([Buffer.from(publicKey), Buffer.from(body), Buffer.from(publicKey)])).digest("hex");
  return Buffer.from(hex).toString("base64");
}

function verify(overrides: Partial<VerifySignatureInput> = {}) {
  return verifySignature({
    rawBody: BODY,
    signatureHeader: phpSignature(BODY),
    publicKeyHeader: PK,
    publicKey: PK,
    secretKeys: [SK],
    ...overrides,
  });
}

describe("sign", () => {
  it("reproduces the official PHP formula (base64 of the lowercase hex HMAC-SHA512 of pk+body+pk)", () => {
    const signature = sign(BODY, PK, SK);
    expect(signature).toBe(phpSignature(BODY));
    expect(signature).toHaveLength(172);
    expect(Buffer.from(signature, "base64").toString("latin1")).toMatch(/^[0-9a-f]{128}$/);
    expect(sign(BODY.toString("utf8"), PK, SK)).toBe(signature);
  });

  it("matches a fixed vector computed by hand", () => {
    // key "secret", message "pk" + "{}" + "pk"
    const hex = createHmac("sha512", "secret").update("pk{}pk").digest("hex");
    expect(sign("{}", "pk", "secret")).toBe(Buffer.from(hex, "utf8").toString("base64"));
    // and an empty body (what GET requests sign)
    const emptyHex = createHmac("sha512", "secret").update("pkpk").digest("hex");
    expect(sign("", "pk", "secret")).toBe(Buffer.from(emptyHex).toString("base64"));
  });

  it("signs multi-byte bodies on their UTF-8 bytes", () => {
    const body = '{"descriptor":"CAFÉ ☕ 𝄞"}';
    expect(sign(body, PK, SK)).toBe(phpSignature(Buffer.from(body, "utf8")));
  });
});

describe("verifySignature", () => {
  it("accepts a valid signature", () => {
    expect(verify()).toEqual({ ok: true });
    expect(verify({ signatureHeader: sign(BODY, PK, SK) })).toEqual({ ok: true });
  });

  it("rejects a body altered by one byte or re-serialised", () => {
    const tampered = Buffer.from(BODY);
    tampered[12] = tampered[12]! ^ 0x01;
    expect(verify({ rawBody: tampered })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(verify({ rawBody: Buffer.concat([BODY, Buffer.from("\n")]) })).toEqual({ ok: false, reason: "signature_mismatch" });
    const respaced = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 2));
    expect(verify({ rawBody: respaced })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects a wrong secret key", () => {
    expect(verify({ secretKeys: ["sk_wrong"] })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(verify({ signatureHeader: phpSignature(BODY, PK, "sk_wrong") })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects a signature made with another public key, even when the header names ours", () => {
    expect(verify({ signatureHeader: phpSignature(BODY, "pk_other") })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("accepts either key during a rotation (two secrets)", () => {
    const byOld = phpSignature(BODY, PK, OLD_SK);
    expect(verify({ signatureHeader: byOld, secretKeys: [SK, OLD_SK] })).toEqual({ ok: true });
    expect(verify({ secretKeys: [SK, OLD_SK] })).toEqual({ ok: true });
    expect(verify({ secretKeys: [OLD_SK, SK] })).toEqual({ ok: true });
    expect(verify({ signatureHeader: byOld, secretKeys: [SK] })).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects when no secret key is usable", () => {
    expect(verify({ secretKeys: [] })).toEqual({ ok: false, reason: "no_secret" });
    expect(verify({ secretKeys: [""] })).toEqual({ ok: false, reason: "no_secret" });
    expect(verify({ secretKeys: null as unknown as string[] })).toEqual({ ok: false, reason: "no_secret" });
  });

  it("rejects a missing or empty signature", () => {
    expect(verify({ signatureHeader: null })).toEqual({ ok: false, reason: "missing_signature" });
    expect(verify({ signatureHeader: undefined })).toEqual({ ok: false, reason: "missing_signature" });
    expect(verify({ signatureHeader: "" })).toEqual({ ok: false, reason: "missing_signature" });
    expect(verify({ signatureHeader: "   " })).toEqual({ ok: false, reason: "missing_signature" });
  });

  describe("public_key header", () => {
    it("rejects a missing or empty header", () => {
      expect(verify({ publicKeyHeader: null })).toEqual({ ok: false, reason: "missing_public_key" });
      expect(verify({ publicKeyHeader: "" })).toEqual({ ok: false, reason: "missing_public_key" });
    });

    it.each([
      ["another key", "pk_live_other"],
      ["a prefix of ours", PK.slice(0, -1)],
      ["ours plus a character", `${PK}x`],
      ["ours in upper case", PK.toUpperCase()],
      ["ours sent twice (Headers joins with ', ')", `${PK}, ${PK}`],
      ["600 chars", "p".repeat(600)],
    ])("rejects %s", (_label, header) => {
      expect(verify({ publicKeyHeader: header })).toEqual({ ok: false, reason: "public_key_mismatch" });
    });

    it("rejects when the connection has no public key", () => {
      expect(verify({ publicKey: null })).toEqual({ ok: false, reason: "no_public_key" });
      expect(verify({ publicKey: "" })).toEqual({ ok: false, reason: "no_public_key" });
    });
  });

  describe("signature format", () => {
    const good = phpSignature(BODY);
    const hex = Buffer.from(good, "base64").toString("latin1");
    const rawMac = createHmac("sha512", SK).update(`${PK}${BODY.toString()}${PK}`).digest();

    it.each([
      ["base64 of the raw 64 bytes instead of the hex string", rawMac.toString("base64")],
      ["the bare hex string", hex],
      // base64 of hex never holds "+" or "/", so a base64url character can only be a forgery
      ["a base64url character", `${good.slice(0, 10)}-${good.slice(11)}`],
      ["padding removed", good.replace(/=+$/, "")],
      ["an extra character", `${good}A`],
      ["a character missing", good.slice(1)],
      ["whitespace inside", `${good.slice(0, 80)} ${good.slice(80)}`],
      ["base64 of 127 hex chars", Buffer.from(hex.slice(0, 127)).toString("base64")],
      ["base64 of 128 non-hex chars", Buffer.from("z".repeat(128)).toString("base64")],
      ["base64 of 129 hex chars", Buffer.from(`${hex}0`).toString("base64")],
      ["garbage", "not a signature"],
      ["500-char garbage", "x".repeat(500)],
      ["over 500 chars", "A".repeat(501)],
      ["the header sent twice", `${good}, ${good}`],
    ])("rejects %s", (_label, signature) => {
      expect(verify({ signatureHeader: signature })).toEqual({ ok: false, reason: "malformed_signature" });
    });

    it("rejects a non-canonical base64 (stray bits before the padding)", () => {
      // the last char before "=" carries 2 unused bits: flipping them decodes to the same bytes
      const last = good[good.length - 2]!;
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
      const variant = `${good.slice(0, -2)}${twin}=`;
      expect(Buffer.from(variant, "base64").equals(Buffer.from(good, "base64"))).toBe(true);
      expect(verify({ signatureHeader: variant })).toEqual({ ok: false, reason: "malformed_signature" });
    });

    it("accepts upper-case (and mixed-case) hex inside the base64 (same MAC; documented decision)", () => {
      expect(verify({ signatureHeader: Buffer.from(hex.toUpperCase()).toString("base64") })).toEqual({ ok: true });
      const mixed = [...hex].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join("");
      expect(verify({ signatureHeader: Buffer.from(mixed).toString("base64") })).toEqual({ ok: true });
    });

    it("tolerates surrounding whitespace (as Headers strips it anyway)", () => {
      expect(verify({ signatureHeader: ` ${good} ` })).toEqual({ ok: true });
    });

    it("decodeSignature gives the 64 MAC bytes", () => {
      expect(decodeSignature(good)?.equals(rawMac)).toBe(true);
      expect(decodeSignature(rawMac.toString("base64"))).toBeNull();
    });
  });

  it("never throws on hostile input types", () => {
    const junk: unknown[] = [123, {}, [], Symbol.iterator, () => "x", null, undefined];
    for (const value of junk) {
      expect(() => verify({ signatureHeader: value as string })).not.toThrow();
      expect(() => verify({ publicKeyHeader: value as string })).not.toThrow();
      expect(() => verify({ publicKey: value as string })).not.toThrow();
      expect(() => verify({ secretKeys: value as string[] })).not.toThrow();
    }
    expect(verify({ rawBody: null as unknown as Buffer })).toEqual({ ok: false, reason: "verification_error" });
  });
});

describe("provider verify (headers and credentials)", () => {
  const { webhook } = chargebackhit;
  const run = (headers: Record<string, string>, secrets: string[] = [SK], publicKey: string | null = PK) =>
    webhook.verify({ rawBody: BODY, headers: new Headers(headers), credentials: { secrets: { secret_key: secrets }, publicKey, clientId: null }, now: new Date() });

  it("reads `signature` and `public_key` (case-insensitive names) and the connection's secret keys", () => {
    expect(run({ signature: phpSignature(BODY), public_key: PK })).toEqual({ ok: true });
    expect(run({ Signature: phpSignature(BODY), PUBLIC_KEY: PK })).toEqual({ ok: true });
    expect(run({ signature: phpSignature(BODY, PK, OLD_SK), public_key: PK }, [SK, OLD_SK])).toEqual({ ok: true });
  });

  it("rejects a delivery for another connection (other public key or secret)", () => {
    expect(run({ signature: phpSignature(BODY), public_key: PK }, [SK], "pk_other")).toEqual({ ok: false, reason: "public_key_mismatch" });
    expect(run({ signature: phpSignature(BODY), public_key: PK }, ["sk_other"])).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(run({ signature: phpSignature(BODY) })).toEqual({ ok: false, reason: "missing_public_key" });
    expect(run({ public_key: PK })).toEqual({ ok: false, reason: "missing_signature" });
  });

  it("rejects when the connection holds no secret key at all", () => {
    const result = webhook.verify({
      rawBody: BODY,
      headers: new Headers({ signature: phpSignature(BODY), public_key: PK }),
      credentials: { secrets: {}, publicKey: PK, clientId: null },
      now: new Date(),
    });
    expect(result).toEqual({ ok: false, reason: "no_secret" });
  });
});

describe("verifySignature (property)", () => {
  it("never throws and rejects arbitrary signature and public_key headers", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 700 }), fc.option(fc.string({ maxLength: 40 })), fc.uint8Array({ maxLength: 256 }), (signature, publicKeyHeader, bytes) => {
        const result = verifySignature({ rawBody: Buffer.from(bytes), signatureHeader: signature, publicKeyHeader, publicKey: PK, secretKeys: [SK, OLD_SK] });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on signature-shaped noise and accepts only the right MAC", () => {
    const hexChar = fc.constantFrom(..."0123456789abcdefABCDEF");
    const candidate = fc.oneof(
      fc.string({ unit: hexChar, minLength: 126, maxLength: 130 }).map((hex) => Buffer.from(hex).toString("base64")),
      fc.uint8Array({ minLength: 60, maxLength: 132 }).map((bytes) => Buffer.from(bytes).toString("base64")),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(candidate, fc.string({ maxLength: 64 }), (signature, text) => {
        const body = Buffer.from(text, "utf8");
        const result = verifySignature({ rawBody: body, signatureHeader: signature, publicKeyHeader: PK, publicKey: PK, secretKeys: [SK] });
        if (result.ok) expect(Buffer.from(signature.trim(), "base64").toString("latin1").toLowerCase()).toBe(Buffer.from(phpSignature(body), "base64").toString());
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips: any body, keys; a fresh signature verifies and a flipped bit does not", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 64 }), fc.nat(), (bytes, pk, sk, flip) => {
        const body = Buffer.from(bytes);
        const signature = sign(body, pk, sk);
        expect(verifySignature({ rawBody: body, signatureHeader: signature, publicKeyHeader: pk, publicKey: pk, secretKeys: [sk] })).toEqual({ ok: true });
        if (body.length > 0) {
          const tampered = Buffer.from(body);
          const i = flip % body.length;
          tampered[i] = tampered[i]! ^ (1 << (flip % 8));
          expect(verifySignature({ rawBody: tampered, signatureHeader: signature, publicKeyHeader: pk, publicKey: pk, secretKeys: [sk] }).ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
