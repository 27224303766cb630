/**
 * ChargebackStop webhook signatures (X-Signature). The provider signs `"<t>.<raw body>"` with
 * HMAC-SHA512 keyed by the subscription's webhook secret and sends `t=<unix seconds>,v1=<hex>`
 * (seed 003). We verify on the raw bytes, in constant time, and never throw.
 *
 * Header grammar we accept (deliberately stricter than the provider's sample code):
 * - parts separated by `,`; spaces around a part are trimmed (", " is fine); empty parts ignored;
 * - each part is `key=value`, split on the FIRST `=`; a part without `=` is ignored;
 * - `t` exactly once, `^\d{1,12}$`; a second `t` (even an identical one) rejects the header;
 * - `v1` any number of times; a `v1` that is not exactly 128 hex chars (case-insensitive) is
 *   ignored; at least one well-formed `v1` is required; any one matching any secret is enough;
 * - other keys (`v0`, `v2`, unknown) are ignored.
 *
 * The header sent twice: `Headers.get` joins repeated values with ", ", so the value carries two
 * `t` entries and is rejected (`duplicate_timestamp`), whether the two timestamps are equal or
 * not. The provider sends a single X-Signature header; a doubled one means a proxy or a forger
 * touched the request, and a 401 lets the provider retry rather than us guessing which half
 * was meant.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { VerifyResult } from "@/lib/providers/types";

export const SIGNATURE_HEADER = "x-signature";
export const IDEMPOTENCY_HEADER = "x-idempotency-key";
/** Allowed clock difference, both directions (provider's sample code uses 5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;
/** A genuine header is ~150 chars; anything this long is garbage. */
export const MAX_SIGNATURE_HEADER_LENGTH = 1000;

/** Short machine-readable failure reasons (logged and counted, never shown to the sender). */
export type SignatureFailureReason =
  | "missing_signature"
  | "signature_too_long"
  | "missing_timestamp"
  | "duplicate_timestamp"
  | "malformed_timestamp"
  | "missing_v1"
  | "stale_timestamp"
  | "no_secret"
  | "invalid_clock"
  | "signature_mismatch"
  | "verification_error";

const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const V1_PATTERN = /^[0-9a-f]{128}$/;
const DIGEST_BYTES = 64;

function toBuffer(rawBody: Buffer | Uint8Array | string): Buffer {
  if (typeof rawBody === "string") return Buffer.from(rawBody, "utf8");
  return Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
}

function digest(rawBody: Buffer, secret: string, timestamp: string): Buffer {
  return createHmac("sha512", secret).update(`${timestamp}.`, "utf8").update(rawBody).digest();
}

/** The X-Signature header value for a body: `t=<t>,v1=<lowercase hex HMAC-SHA512("<t>.<body>")>`. */
export function signPayload(rawBody: Buffer | string, secret: string, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError("timestamp must be a non-negative integer (unix seconds)");
  const t = String(timestamp);
  return `t=${t},v1=${digest(toBuffer(rawBody), secret, t).toString("hex")}`;
}

export type ParsedSignatureHeader = { timestamp: string; signatures: Buffer[] };

/** Parses a header value strictly (see the grammar above). Never throws. */
export function parseSignatureHeader(
  header: string | null | undefined,
): { ok: true; value: ParsedSignatureHeader } | { ok: false; reason: SignatureFailureReason } {
  if (typeof header !== "string" || header.trim() === "") return { ok: false, reason: "missing_signature" };
  if (header.length > MAX_SIGNATURE_HEADER_LENGTH) return { ok: false, reason: "signature_too_long" };

  let timestamp: string | null = null;
  const signatures: Buffer[] = [];
  for (const rawPart of header.split(",")) {
    const part = rawPart.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (key === "t") {
      if (timestamp !== null) return { ok: false, reason: "duplicate_timestamp" };
      if (!TIMESTAMP_PATTERN.test(value)) return { ok: false, reason: "malformed_timestamp" };
      timestamp = value;
    } else if (key === "v1") {
      const hex = value.toLowerCase();
      // Checked before Buffer.from: it silently truncates bad hex, and timingSafeEqual throws on
      // a length mismatch.
      if (V1_PATTERN.test(hex)) signatures.push(Buffer.from(hex, "hex"));
    }
  }
  if (timestamp === null) return { ok: false, reason: "missing_timestamp" };
  if (signatures.length === 0) return { ok: false, reason: "missing_v1" };
  return { ok: true, value: { timestamp, signatures } };
}

export type VerifySignatureInput = {
  /** the request body bytes exactly as received */
  rawBody: Buffer | Uint8Array | string;
  /** the X-Signature header value (null when absent) */
  header: string | null | undefined;
  /** current secret first, then the previous one during a rotation; empty entries are skipped */
  secrets: readonly string[];
  now: Date;
  toleranceSeconds?: number;
};

/** Verifies an X-Signature header against the raw body. Never throws. */
export function verifySignature(input: VerifySignatureInput): VerifyResult {
  try {
    return verifyUnsafe(input);
  } catch {
    return { ok: false, reason: "verification_error" };
  }
}

function verifyUnsafe({ rawBody, header, secrets, now, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: VerifySignatureInput): VerifyResult {
  const parsed = parseSignatureHeader(header);
  if (!parsed.ok) return parsed;
  const { timestamp, signatures } = parsed.value;

  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs)) return { ok: false, reason: "invalid_clock" };
  const tolerance = Number.isFinite(toleranceSeconds) && toleranceSeconds >= 0 ? toleranceSeconds : DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor(nowMs / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return { ok: false, reason: "stale_timestamp" };

  const usableSecrets = Array.isArray(secrets) ? secrets.filter((s): s is string => typeof s === "string" && s.length > 0) : [];
  if (usableSecrets.length === 0) return { ok: false, reason: "no_secret" };

  const body = toBuffer(rawBody);
  for (const secret of usableSecrets) {
    const expected = digest(body, secret, timestamp);
    for (const received of signatures) {
      if (received.length === DIGEST_BYTES && expected.length === DIGEST_BYTES && timingSafeEqual(received, expected)) {
        return { ok: true };
      }
    }
  }
  return { ok: false, reason: "signature_mismatch" };
}
