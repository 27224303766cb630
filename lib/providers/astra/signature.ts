/**
 * Astra webhook signatures (`Astra-Verification`). Astra sends base64(HMAC-SHA256(key = the OAuth
 * client secret, message = payload)); there is no timestamp, so no replay window (webhook_id
 * dedupe covers redeliveries).
 *
 * Which bytes are signed: Astra's documented Python sample hashes `json.dumps(payload)` (spaces
 * after `,` and `:`). We verify, in this order, and accept only an exact HMAC match:
 *   1. the raw body bytes exactly as received;
 *   2. if (1) fails and the body is a JSON object: the body re-serialised the way Python's
 *      `json.dumps(json.loads(body))` does by default (see python-json.ts: `", "`/`": "`, key order
 *      as received, `ensure_ascii=True`, Python int/float printing), computed losslessly from the
 *      body text; plus, when the caller passes `parsedJson`, `pythonJsonDumps(parsedJson)` if that
 *      differs.
 * Nothing else: a body re-serialised any other way (sorted keys, compact separators, other
 * escapes) is rejected (reliability matrix row 6).
 *
 * Header grammar: the trimmed value must be the canonical standard base64 of a 32-byte digest
 * (44 characters ending in one `=`). Anything else (hex, base64url, unpadded, two headers joined
 * by `Headers.get` with ", ", longer garbage) is rejected before any HMAC. Comparison is
 * constant-time on equal-length buffers. Several secrets (rotation: current first) are tried.
 * `verifySignature` never throws.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { pythonJsonDumps, pythonJsonRedump } from "@/lib/providers/astra/python-json";
import type { VerifyResult } from "@/lib/providers/types";

export { pythonJsonDumps, pythonJsonRedump } from "@/lib/providers/astra/python-json";

/** Header name as `Headers.get` expects it (case-insensitive). */
export const SIGNATURE_HEADER = "astra-verification";
/** The header as Astra writes it (for the simulator). */
export const SIGNATURE_HEADER_DISPLAY = "Astra-Verification";

const DIGEST_BYTES = 32;
/** Canonical base64 of 32 bytes: 43 characters + one `=`. */
const BASE64_DIGEST = /^[A-Za-z0-9+/]{43}=$/;
/** Anything longer is garbage; checked before the regex. */
export const MAX_SIGNATURE_HEADER_LENGTH = 200;

export type SignatureFailureReason =
  | "missing_signature"
  | "signature_too_long"
  | "malformed_signature"
  | "no_secret"
  | "signature_mismatch"
  | "verification_error";

type Body = Buffer | Uint8Array | string;

function toBuffer(body: Body): Buffer {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function digest(body: Buffer, secret: string): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

/** The `Astra-Verification` value for a body: base64 of HMAC-SHA256(client secret, body bytes). */
export function sign(body: Body, clientSecret: string): string {
  return digest(toBuffer(body), clientSecret).toString("base64");
}

/** Decodes a header strictly (see the grammar above). Never throws. */
export function parseSignatureHeader(header: string | null | undefined): { ok: true; value: Buffer } | { ok: false; reason: SignatureFailureReason } {
  if (typeof header !== "string" || header.trim() === "") return { ok: false, reason: "missing_signature" };
  if (header.length > MAX_SIGNATURE_HEADER_LENGTH) return { ok: false, reason: "signature_too_long" };
  const value = header.trim();
  if (!BASE64_DIGEST.test(value)) return { ok: false, reason: "malformed_signature" };
  const decoded = Buffer.from(value, "base64");
  // Canonical only: the unused low bits of the last character must be zero.
  if (decoded.length !== DIGEST_BYTES || decoded.toString("base64") !== value) return { ok: false, reason: "malformed_signature" };
  return { ok: true, value: decoded };
}

export type VerifySignatureInput = {
  /** the request body bytes exactly as received */
  rawBody: Body;
  /** the Astra-Verification header value (null when absent) */
  header: string | null | undefined;
  /** client secrets, current first; empty entries are skipped */
  secrets: readonly string[];
  /** the body already parsed by the caller (optional; adds `pythonJsonDumps(parsedJson)` as a candidate) */
  parsedJson?: unknown;
};

/** Verifies an Astra-Verification header (raw bytes, then the Python-JSON form). Never throws. */
export function verifySignature(input: VerifySignatureInput): VerifyResult {
  try {
    return verifyUnsafe(input);
  } catch {
    return { ok: false, reason: "verification_error" };
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The Python `json.dumps` forms of a body that differ from the raw bytes (0, 1 or 2 of them). */
export function pythonCandidates(raw: Buffer, parsedJson?: unknown): Buffer[] {
  const out: Buffer[] = [];
  const add = (s: string | null) => {
    if (s === null) return;
    const b = Buffer.from(s, "utf8");
    if (!b.equals(raw) && !out.some((o) => o.equals(b))) out.push(b);
  };
  let text: string | null = null;
  try {
    text = utf8.decode(raw);
  } catch {
    text = null;
  }
  if (text !== null) add(pythonJsonRedump(text, { objectOnly: true }));
  if (parsedJson !== undefined && parsedJson !== null && typeof parsedJson === "object" && !Array.isArray(parsedJson)) {
    try {
      add(pythonJsonDumps(parsedJson));
    } catch {
      // not serialisable the Python way: no candidate
    }
  }
  return out;
}

function matches(received: Buffer, body: Buffer, secret: string): boolean {
  const expected = digest(body, secret);
  return received.length === DIGEST_BYTES && expected.length === DIGEST_BYTES && timingSafeEqual(received, expected);
}

function verifyUnsafe({ rawBody, header, secrets, parsedJson }: VerifySignatureInput): VerifyResult {
  const parsed = parseSignatureHeader(header);
  if (!parsed.ok) return parsed;
  const received = parsed.value;

  const usableSecrets = Array.isArray(secrets) ? secrets.filter((s): s is string => typeof s === "string" && s.length > 0) : [];
  if (usableSecrets.length === 0) return { ok: false, reason: "no_secret" };

  const raw = toBuffer(rawBody);
  for (const secret of usableSecrets) if (matches(received, raw, secret)) return { ok: true };

  for (const candidate of pythonCandidates(raw, parsedJson)) {
    for (const secret of usableSecrets) if (matches(received, candidate, secret)) return { ok: true };
  }
  return { ok: false, reason: "signature_mismatch" };
}
