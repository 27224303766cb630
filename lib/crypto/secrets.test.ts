import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ciphertextKeyId, decryptSecret, encryptSecret, lastFour, parseKeyring, SecretDecryptionError } from "./secrets";

const key = () => randomBytes(32).toString("base64");

describe("secrets at rest (AES-256-GCM)", () => {
  const ring = parseKeyring(`k1:${key()}`);

  it("round-trips and never contains the plaintext", () => {
    const value = encryptSecret("whsec_very-secret-value", "conn-1/webhook_secret/", ring);
    expect(value).toMatch(/^v1:k1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(value).not.toContain("very-secret");
    expect(decryptSecret(value, "conn-1/webhook_secret/", ring)).toBe("whsec_very-secret-value");
    // a fresh IV every time
    expect(encryptSecret("same", "a", ring)).not.toBe(encryptSecret("same", "a", ring));
  });

  it("detects tampering and a ciphertext moved to another place", () => {
    const value = encryptSecret("secret", "conn-1/api_key/", ring);
    const parts = value.split(":");
    const flipped = Buffer.from(parts[4]!, "base64url");
    flipped[0]! ^= 1;
    const tampered = [...parts.slice(0, 4), flipped.toString("base64url")].join(":");
    expect(() => decryptSecret(tampered, "conn-1/api_key/", ring)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(value, "conn-2/api_key/", ring)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret("garbage", "x", ring)).toThrow(SecretDecryptionError);
  });

  it("rotates keys: new first encrypts, old still decrypts, removed key fails clearly", () => {
    const oldKey = key();
    const before = encryptSecret("s", "aad", parseKeyring(`old:${oldKey}`));
    const rotated = parseKeyring(`new:${key()},old:${oldKey}`);
    expect(decryptSecret(before, "aad", rotated)).toBe("s");
    const after = encryptSecret("s", "aad", rotated);
    expect(ciphertextKeyId(after)).toBe("new");
    expect(() => decryptSecret(before, "aad", parseKeyring(`new:${key()}`))).toThrow(/"old" is not configured/);
  });

  it("validates the keyring", () => {
    expect(() => parseKeyring("")).toThrow();
    expect(() => parseKeyring("k1:short")).toThrow(/32 bytes/);
    expect(() => parseKeyring(`k1:${key()},k1:${key()}`)).toThrow(/duplicate/);
    expect(() => parseKeyring(`bad id:${key()}`)).toThrow(/bad key id/);
  });

  it("shows only the last four characters", () => {
    expect(lastFour("whsec_abcdef1234")).toBe("1234");
    expect(lastFour("abc")).toBe("•••");
  });
});
