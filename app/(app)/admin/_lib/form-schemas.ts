import { z } from "zod";

/** A form string: "" (an empty field) becomes undefined, so optional fields can be left blank. */
export const optionalString = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().optional());
/** A form string passed to the command as is (the command's schema validates it). */
export const formString = z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string());
export const idField = z.string().trim().min(1).max(64);

/** Field errors keyed like the form: `secrets.webhook_secret` → `webhook_secret`. */
export function flattenSecretErrors(fieldErrors: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!fieldErrors) return undefined;
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fieldErrors)) (out[key.replace(/^secrets\./, "")] ??= []).push(...messages);
  return out;
}
