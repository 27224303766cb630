import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { requireEnv } from "@/lib/env";

/**
 * Provider secrets at rest: AES-256-GCM (Node crypto) with a keyring from
 * RECOURSE_ENCRYPTION_KEYS = "kid:base64key[,kid:base64key…]". The first key encrypts; every key
 * decrypts, so a key can be rotated by putting the new one first. The ciphertext records the key
 * id: `v1:<kid>:<iv>:<tag>:<ciphertext>` (base64url parts). The additional authenticated data binds
 * a ciphertext to its place (connection, secret name, subject): moved elsewhere it fails to decrypt.
 */
export type Keyring = { primary: { id: string; key: Buffer }; keys: Map<string, Buffer> };

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let primary: Keyring["primary"] | null = null;
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const separator = part.indexOf(":");
    if (separator <= 0) throw new Error("RECOURSE_ENCRYPTION_KEYS: each key is kid:base64key");
    const id = part.slice(0, separator);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`RECOURSE_ENCRYPTION_KEYS: bad key id "${id}"`);
    const key = Buffer.from(part.slice(separator + 1), "base64");
    if (key.length !== 32) throw new Error(`RECOURSE_ENCRYPTION_KEYS: key "${id}" must be 32 bytes (base64)`);
    if (keys.has(id)) throw new Error(`RECOURSE_ENCRYPTION_KEYS: duplicate key id "${id}"`);
    keys.set(id, key);
    primary ??= { id, key };
  }
  if (!primary) throw new Error("RECOURSE_ENCRYPTION_KEYS is empty");
  return { primary, keys };
}

let cached: { spec: string; ring: Keyring } | null = null;
function keyring(): Keyring {
  const spec = requireEnv("RECOURSE_ENCRYPTION_KEYS");
  if (!cached || cached.spec !== spec) cached = { spec, ring: parseKeyring(spec) };
  return cached.ring;
}

export function encryptSecret(plaintext: string, aad: string, ring: Keyring = keyring()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.primary.key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", ring.primary.id, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decryptSecret(value: string, aad: string, ring: Keyring = keyring()): string {
  const parts = value.split(":");
  if (parts.length !== 5 || parts[0] !== "v1") throw new SecretDecryptionError("unknown ciphertext format");
  const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  const key = ring.keys.get(keyId);
  if (!key) throw new SecretDecryptionError(`encryption key "${keyId}" is not configured`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("secret could not be decrypted (tampered, or encrypted for another place)");
  }
}

/** The key id a ciphertext was encrypted with (for re-encryption after a key rotation). */
export function ciphertextKeyId(value: string): string | null {
  const parts = value.split(":");
  return parts.length === 5 && parts[0] === "v1" ? parts[1]! : null;
}

/** Display form of a secret: the last four characters only. */
export function lastFour(secret: string): string {
  return secret.length <= 4 ? "•".repeat(secret.length) : secret.slice(-4);
}
