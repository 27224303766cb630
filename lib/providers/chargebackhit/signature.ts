/**
 * Chargebackhit signatures (shared/providers/chargebackhit.md §1, seed 001). The same scheme signs
 * our API calls and the alert webhooks Chargebackhit sends us:
 *
 *   signature = base64( lowercase_hex( HMAC-SHA512(key = secret_key, public_key + body + public_key) ) )
 *
 * i.e. the official PHP `base64_encode(hash_hmac('sha512', $pk . $body . $pk, $secret))`: the
 * base64 of the 128-char HEX STRING (172 chars), not of the 64 raw bytes. Headers: `signature`
 * and `public_key`. There is no timestamp in this scheme, so there is no replay window: a
 * captured delivery re-sent later verifies, and dedupe (alert id + type) answers it with the
 * stored outcome instead of applying it twice.
 *
 * Verification rules (never throws):
 * - `signature` missing or blank → `missing_signature`; longer than 500 chars (the documented
 *   header limit) → `malformed_signature`;
 * - the connection has no public key → `no_public_key`; the `public_key` header missing →
 *   `missing_public_key`; not exactly equal to the connection's (compared in constant time via
 *   SHA-256 digests, so the length is not leaked either) → `public_key_mismatch`;
 * - the signature must be canonical standard base64 (A–Z a–z 0–9 + /, `=` padding, no
 *   whitespace, no base64url) that decodes to exactly 128 hex characters; anything else, e.g. the
 *   base64 of the raw 64-byte MAC, → `malformed_signature`;
 * - DECISION: uppercase (or mixed-case) hex inside the base64 is accepted. It encodes the same
 *   MAC, so accepting it costs nothing in security, and some client libraries print hex in upper
 *   case. The hex is decoded to the 64 MAC bytes and those are compared;
 * - every non-empty secret key is tried (rotation: current first, then the previous one); the
 *   MACs are compared with `timingSafeEqual` on two 64-byte buffers → `signature_mismatch` when
 *   none matches; no usable key → `no_secret`.
 *
 * A header sent twice reaches us joined as `"a, b"` (fetch `Headers.get`): that is not valid
 * base64 (or not the configured public key), so it is rejected rather than guessed at.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { VerifyResult } from "@/lib/providers/types";

export const SIGNATURE_HEADER = "signature";
export const PUBLIC_KEY_HEADER = "public_key";
/** The API reference caps both headers at 500 characters. */
export const MAX_HEADER_LENGTH = 500;
/** base64 of a 128-char hex string. */
export const SIGNATURE_LENGTH = 172;

export type SignatureFailureReason =
  | "missing_signature"
  | "no_public_key"
  | "missing_public_key"
  | "public_key_mismatch"
  | "malformed_signature"
  | "no_secret"
  | "signature_mismatch"
  | "verification_error";

const MAC_BYTES = 64;
const HEX_PATTERN = /^[0-9a-fA-F]{128}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

function toBuffer(body: Buffer | Uint8Array | string): Buffer {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function mac(body: Buffer, publicKey: string, secretKey: string): Buffer {
  return createHmac("sha512", secretKey).update(publicKey, "utf8").update(body).update(publicKey, "utf8").digest();
}

/**
 * The `signature` header value for a body: base64 of the lowercase hex HMAC-SHA512 of
 * `publicKey + body + publicKey` keyed by the secret key (172 chars). Sign the exact bytes sent.
 */
export function sign(body: string | Buffer, publicKey: string, secretKey: string): string {
  return Buffer.from(mac(toBuffer(body), publicKey, secretKey).toString("hex"), "ascii").toString("base64");
}

/**
 * Decodes a `signature` header to the 64 MAC bytes, or null when it is not canonical base64 of
 * exactly 128 hex characters. Never throws.
 */
export function decodeSignature(signature: string): Buffer | null {
  if (signature.length !== SIGNATURE_LENGTH || signature.length % 4 !== 0 || !BASE64_PATTERN.test(signature)) return null;
  const decoded = Buffer.from(signature, "base64");
  // Buffer.from ignores stray bits and bad padding: require the canonical encoding back.
  if (decoded.toString("base64") !== signature) return null;
  const hex = decoded.toString("latin1");
  if (!HEX_PATTERN.test(hex)) return null;
  const bytes = Buffer.from(hex, "hex");
  return bytes.length === MAC_BYTES ? bytes : null;
}

function sameText(a: string, b: string): boolean {
  // Digests make the buffers equal-length, so neither the content nor the length leaks.
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db) && a === b;
}

export type VerifySignatureInput = {
  /** the request body bytes exactly as received (never re-serialised) */
  rawBody: Buffer | Uint8Array | string;
  /** the `signature` header (null when absent) */
  signatureHeader: string | null | undefined;
  /** the `public_key` header (null when absent) */
  publicKeyHeader: string | null | undefined;
  /** the connection's public key */
  publicKey: string | null | undefined;
  /** the connection's secret keys, current first; empty entries are skipped */
  secretKeys: readonly string[];
};

/** Verifies a Chargebackhit delivery. Never throws. */
export function verifySignature(input: VerifySignatureInput): VerifyResult {
  try {
    return verifyUnsafe(input);
  } catch {
    return { ok: false, reason: "verification_error" };
  }
}

function fail(reason: SignatureFailureReason): VerifyResult {
  return { ok: false, reason };
}

function verifyUnsafe({ rawBody, signatureHeader, publicKeyHeader, publicKey, secretKeys }: VerifySignatureInput): VerifyResult {
  if (typeof signatureHeader !== "string" || signatureHeader.trim() === "") return fail("missing_signature");
  if (signatureHeader.length > MAX_HEADER_LENGTH) return fail("malformed_signature");
  if (typeof publicKey !== "string" || publicKey === "") return fail("no_public_key");
  if (typeof publicKeyHeader !== "string" || publicKeyHeader === "") return fail("missing_public_key");
  if (publicKeyHeader.length > MAX_HEADER_LENGTH || !sameText(publicKeyHeader, publicKey)) return fail("public_key_mismatch");

  const received = decodeSignature(signatureHeader.trim());
  if (!received) return fail("malformed_signature");

  const keys = Array.isArray(secretKeys) ? secretKeys.filter((k): k is string => typeof k === "string" && k.length > 0) : [];
  if (keys.length === 0) return fail("no_secret");

  const body = toBuffer(rawBody);
  let matched = false;
  for (const key of keys) {
    const expected = mac(body, publicKey, key);
    // Try every key (no early exit), so timing does not tell which key matched.
    if (expected.length === MAC_BYTES && received.length === MAC_BYTES && timingSafeEqual(expected, received)) matched = true;
  }
  return matched ? { ok: true } : fail("signature_mismatch");
}
