/**
 * API objects → domain inputs through the webhook mapping. An alert or enrolment from the API has
 * the same shape as a webhook's `data.object`, so we wrap it in a synthetic event
 * `{ id: "api:<object id>:<updated_at>", type, created_at, data: { object } }` and call mapEvent:
 * one mapping, one set of normalisation rules, and order-safety still rides on `updated_at`.
 */
import { chargebackStopEventSchema } from "@/lib/providers/chargebackstop/events";
import { mapEvent } from "@/lib/providers/chargebackstop/map";
import { parseWith, type DomainInput, type ParseResult } from "@/lib/providers/types";

export type SyntheticEventType = "alert.updated" | "enrolment.created" | "enrolment.updated";

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Maps one API object. The event's created_at is the object's updated_at (else created_at, else
 * `now`): an enrolment's status history is dated from the object, never from when we fetched it,
 * unless the object carries no date at all.
 */
export function inputsFromApiObject(type: SyntheticEventType, object: unknown, now: Date): ParseResult<DomainInput[]> {
  if (!isRecord(object)) return { ok: false, error: `${type}: the API object is not a JSON object` };
  const id = typeof object.id === "string" ? object.id : "";
  const updatedAt = typeof object.updated_at === "string" ? object.updated_at : "";
  const createdAt = typeof object.created_at === "string" ? object.created_at : "";
  const parsed = parseWith(chargebackStopEventSchema, {
    id: `api:${id}:${updatedAt}`,
    type,
    created_at: updatedAt || createdAt || now.toISOString(),
    api_version: type.startsWith("enrolment.") ? "v2" : "v1",
    data: { object },
  });
  if (!parsed.ok) return { ok: false, error: `${type}: ${parsed.error}` };
  const mapped = mapEvent(parsed.value);
  if (!mapped.ok) return mapped;
  if (mapped.value.kind !== "apply") return { ok: false, error: mapped.value.reason };
  return { ok: true, value: mapped.value.inputs };
}
