/**
 * Astra webhook envelope (all families share it; seed 002, digest §3.3):
 *   { webhook_type, webhook_id, user_id?, resource_id?, resource_parent_id?, metadata? }
 * `webhook_type` and `webhook_id` are required (the id is the dedupe key, identical on retries).
 * Loose: unknown fields are kept. Optional ids accept strings or safe integers (read as strings);
 * any other type, or an empty string, reads as null rather than failing the delivery.
 * `inbound_payment_received` sends `user_id: null` and `metadata: { amount, type }`.
 */
import { z } from "zod";
import { cleanString } from "@/lib/providers/astra/util";

/** A required id-like string: NULs removed (Postgres text rejects them), trimmed, non-empty. */
const requiredText = (max = 255) =>
  z
    .string()
    .transform((s) => cleanString(s).trim())
    .pipe(z.string().min(1).max(max));

/** Optional id: string or safe integer → trimmed string; anything else (or empty) → null. */
const optId = z
  .union([z.string(), z.number().int().refine(Number.isSafeInteger)])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined) return null;
    const s = cleanString(String(v)).trim();
    return s === "" ? null : s.slice(0, 255);
  })
  .catch(null);

const optRecord = z.record(z.string(), z.unknown()).nullish().catch(null);

export const astraEventSchema = z.looseObject({
  webhook_type: requiredText(120),
  webhook_id: requiredText(),
  user_id: optId,
  resource_id: optId,
  resource_parent_id: optId,
  metadata: optRecord,
});
export type AstraEvent = z.output<typeof astraEventSchema>;

/** The chargeback events we act on (both mean "re-fetch the transfer and upsert"). */
export const ASTRA_CHARGEBACK_EVENT_TYPES = ["chargeback_created", "chargeback_updated"] as const;
export type AstraChargebackEventType = (typeof ASTRA_CHARGEBACK_EVENT_TYPES)[number];
