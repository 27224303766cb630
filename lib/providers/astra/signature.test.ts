import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSignatureHeader, pythonJsonDumps, pythonJsonRedump, sign, verifySignature } from "@/lib/providers/astra/signature";

const SECRET = "astra_client_secret_5d1f0c";
const OLD_SECRET = "astra_client_secret_old_77aa";
const hmac = (body: string | Buffer, secret = SECRET) => createHmac("sha256", secret).update(body).digest("base64");

const COMPACT = '{"webhook_type":"chargeback_created","webhook_id":"364f57aa-47dd-461b-8df4-d6388fb2d05e","user_id":"WV9Zwexqw7Tqk8nox5dBSe993dEBqGulDlnNA","resource_id":"C999999V1234567890","resource_parent_id":"0239decedaaa5cefa4d173ee839ca37599165219"}';
/** Exactly what Python's json.dumps(payload) gives for the same payload (CPython 3.11). */
const PYTHON =
  '{"webhook_type": "chargeback_created", "webhook_id": "364f57aa-47dd-461b-8df4-d6388fb2d05e", "user_id": "WV9Zwexqw7Tqk8nox5dBSe993dEBqGulDlnNA", "resource_id": "C999999V1234567890", "resource_parent_id": "0239decedaaa5cefa4d173ee839ca37599165219"}';

function verify(header: string | null | undefined, body: string | Buffer = COMPACT, secrets: string[] = [SECRET], parsedJson?: unknown) {
  return verifySignature({ rawBody: typeof body === "string" ? Buffer.from(body, "utf8") : body, header, secrets, parsedJson });
}

describe("sign", () => {
  it("is base64 of HMAC-SHA256(client secret, body bytes)", () => {
    expect(sign(COMPACT, SECRET)).toBe(hmac(COMPACT));
    expect(sign(Buffer.from(COMPACT), SECRET)).toBe(hmac(COMPACT));
    expect(sign(COMPACT, SECRET)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it("matches a fixed vector", () => {
    // python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(b"secret", b"{}", hashlib.sha256).digest()).decode())'
    expect(sign("{}", "secret")).toBe("dzJZAsrKgS3CWXM6rNBGtzgXNyx3e42VtAJkdHRRbhM=");
  });

  it("signs multi-byte bodies on their UTF-8 bytes", () => {
    const body = '{"note":"café ☕ 𝄞"}';
    expect(sign(body, SECRET)).toBe(hmac(Buffer.from(body, "utf8")));
  });
});

describe("verifySignature: raw body", () => {
  it("accepts the raw body signed with the client secret", () => {
    expect(verify(sign(COMPACT, SECRET))).toEqual({ ok: true });
  });

  it("accepts surrounding whitespace in the header", () => {
    expect(verify(`  ${sign(COMPACT, SECRET)} `)).toEqual({ ok: true });
  });

  it("accepts any of several secrets (rotation), rejects when none matches", () => {
    expect(verify(sign(COMPACT, OLD_SECRET), COMPACT, [SECRET, OLD_SECRET])).toEqual({ ok: true });
    expect(verify(sign(COMPACT, "other"), COMPACT, [SECRET, OLD_SECRET])).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects a body altered by one byte", () => {
    const header = sign(COMPACT, SECRET);
    const tampered = Buffer.from(COMPACT);
    tampered[20] = tampered[20]! ^ 0x01;
    expect(verify(header, tampered)).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("rejects a missing, empty, non-base64, wrong-length or non-canonical header", () => {
    const good = sign(COMPACT, SECRET);
    const hex = createHmac("sha256", SECRET).update(COMPACT).digest("hex");
    expect(verify(null)).toEqual({ ok: false, reason: "missing_signature" });
    expect(verify(undefined)).toEqual({ ok: false, reason: "missing_signature" });
    expect(verify("   ")).toEqual({ ok: false, reason: "missing_signature" });
    expect(verify(hex)).toEqual({ ok: false, reason: "malformed_signature" });
    expect(verify(good.slice(0, -1))).toEqual({ ok: false, reason: "malformed_signature" }); // unpadded
    expect(verify(good.replace(/\+/g, "-").replace(/\//g, "_"))).toMatchObject({ ok: false }); // base64url
    expect(verify(Buffer.alloc(31).toString("base64"))).toEqual({ ok: false, reason: "malformed_signature" });
    expect(verify(Buffer.alloc(33).toString("base64"))).toEqual({ ok: false, reason: "malformed_signature" });
    expect(verify(`${good}, ${good}`)).toEqual({ ok: false, reason: "malformed_signature" }); // header sent twice
    expect(verify("x".repeat(5000))).toEqual({ ok: false, reason: "signature_too_long" });
    // same bytes, non-canonical last character (unused bits set)
    const last = good.at(-2)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const bumped = good.slice(0, -2) + alphabet[alphabet.indexOf(last) + 1]! + "=";
    expect(Buffer.from(bumped, "base64").equals(Buffer.from(good, "base64"))).toBe(true);
    expect(verify(bumped)).toEqual({ ok: false, reason: "malformed_signature" });
  });

  it("rejects when there is no usable secret", () => {
    expect(verify(sign(COMPACT, SECRET), COMPACT, [])).toEqual({ ok: false, reason: "no_secret" });
    expect(verify(sign(COMPACT, SECRET), COMPACT, [""])).toEqual({ ok: false, reason: "no_secret" });
  });

  it("parseSignatureHeader decodes exactly 32 bytes", () => {
    const parsed = parseSignatureHeader(sign(COMPACT, SECRET));
    expect(parsed.ok && parsed.value.length).toBe(32);
  });
});

describe("verifySignature: Python json.dumps fallback", () => {
  it("the Python form of the compact body is exactly CPython's output", () => {
    expect(pythonJsonDumps(JSON.parse(COMPACT))).toBe(PYTHON);
  });

  it("accepts a compact body whose signature covers Python's json.dumps form", () => {
    expect(verify(hmac(PYTHON), COMPACT)).toEqual({ ok: true });
  });

  it("accepts the Python-form body itself (raw match)", () => {
    expect(verify(hmac(PYTHON), PYTHON)).toEqual({ ok: true });
  });

  it("works for non-ASCII content (signed form escapes it as \\uXXXX)", () => {
    const body = '{"webhook_type":"chargeback_created","note":"café 𝄞","n":1,"f":1.5,"a":[true,null,{"x":"/"}]}';
    const python = String.raw`{"webhook_type": "chargeback_created", "note": "caf\u00e9 \ud834\udd1e", "n": 1, "f": 1.5, "a": [true, null, {"x": "/"}]}`;
    expect(verify(hmac(python), body)).toEqual({ ok: true });
    // signed over the UTF-8 (ensure_ascii=False) form instead: not Python's default → rejected
    expect(verify(hmac('{"webhook_type": "chargeback_created", "note": "café 𝄞", "n": 1, "f": 1.5, "a": [true, null, {"x": "/"}]}'), body)).toMatchObject({ ok: false });
  });

  it("keeps the received key order, even for integer-like keys", () => {
    const body = '{"b":1,"2":"two","webhook_id":"w"}';
    expect(verify(hmac('{"b": 1, "2": "two", "webhook_id": "w"}'), body)).toEqual({ ok: true });
    expect(verify(hmac('{"2": "two", "b": 1, "webhook_id": "w"}'), body)).toMatchObject({ ok: false });
  });

  it("rejects every other re-serialisation (exact match only)", () => {
    const value = JSON.parse(COMPACT) as Record<string, unknown>;
    const others = [
      JSON.stringify(value, null, 2),
      JSON.stringify(value, Object.keys(value).sort()),
      PYTHON.replace(/": /g, '":'),
      PYTHON.replace(/, "/g, ',"'),
      `${PYTHON}\n`,
      ` ${PYTHON}`,
      pythonJsonDumps(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))),
    ];
    for (const signed of others) expect(verify(hmac(signed), COMPACT), signed).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("does not apply the fallback to arrays, scalars or invalid JSON", () => {
    expect(verify(hmac("[1, 2]"), "[1,2]")).toMatchObject({ ok: false });
    expect(verify(hmac('"a"'), '"a"')).toEqual({ ok: true }); // raw match only
    expect(verify(hmac('{"a": 1}'), '{"a":1')).toMatchObject({ ok: false });
  });

  it("uses parsedJson as an extra candidate", () => {
    // a caller-parsed value whose JS form differs from the text (e.g. after its own parse)
    expect(verify(hmac('{"a": 1}'), "not json", [SECRET], { a: 1 })).toEqual({ ok: true });
    expect(verify(hmac('{"a": 2}'), "not json", [SECRET], { a: 1 })).toMatchObject({ ok: false });
  });

  it("tries the fallback with every secret", () => {
    expect(verify(hmac(PYTHON, OLD_SECRET), COMPACT, [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });
});

describe("verifySignature properties", () => {
  it("never throws, whatever the header, body, secrets or parsedJson", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined), fc.base64String()),
        fc.oneof(fc.uint8Array(), fc.string().map((s) => Buffer.from(s)), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? ""))),
        fc.array(fc.string()),
        fc.anything(),
        (header, body, secrets, parsedJson) => {
          const result = verifySignature({ rawBody: body, header, secrets, parsedJson });
          expect(typeof result.ok).toBe("boolean");
        },
      ),
    );
  });

  it("accepts only an exact HMAC match of the raw body or its Python form", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string({ minLength: 1 }), (value, secret) => {
        const body = JSON.stringify(value);
        expect(verifySignature({ rawBody: body, header: sign(body, secret), secrets: [secret] })).toEqual({ ok: true });
        const python = pythonJsonRedump(body)!;
        expect(verifySignature({ rawBody: body, header: sign(python, secret), secrets: [secret] })).toEqual({ ok: true });
        expect(verifySignature({ rawBody: body, header: sign(python, secret), secrets: [`${secret}x`] })).toMatchObject({ ok: false });
        expect(verifySignature({ rawBody: body, header: sign(`${body} `, secret), secrets: [secret] })).toMatchObject({ ok: false });
      }),
    );
  });
});
