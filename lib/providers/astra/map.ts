/**
 * Astra events → domain inputs. Astra's chargeback webhooks are thin (ids only, seed 002): a
 * `chargeback_created` / `chargeback_updated` becomes
 *   - a PARTIAL representment (create the row if missing, else only mark it "details pending"),
 *     keyed by the chargeback id (`resource_id`), and
 *   - one follow-up job `astra.fetch-transfer` that reads GET /v1/transfers/{resource_parent_id}
 *     and applies the full representment (tasks.ts).
 * Both types are handled the same way ("re-fetch and upsert"): the docs once showed a
 * chargeback_updated example carrying `"webhook_type": "chargeback_created"`, and ordering is not
 * guaranteed, so the type is informational only. Every other webhook_type (transfers, inbound
 * payments, users, routines, batches, cards, …) is ignored (stored, answered 200).
 * Pure: no I/O, never throws.
 */
import type { AstraEvent } from "@/lib/providers/astra/events";
import { cleanObject, cleanString } from "@/lib/providers/astra/util";
import type { JobRequest, MapResult, ParseResult, RepresentmentInput } from "@/lib/providers/types";

/** The task's name inside the provider (ProviderTask.name). */
export const FETCH_TRANSFER_TASK_NAME = "fetch-transfer";
/** The job name the job layer runs (`<provider id>.<task name>`). */
export const FETCH_TRANSFER_JOB = `astra.${FETCH_TRANSFER_TASK_NAME}`;
/** providerStatus of a row created from a thin webhook, before the transfer is read. */
export const PENDING_PROVIDER_STATUS = "pending details";

/**
 * Payload of `astra.fetch-transfer` as map.ts enqueues it. The job layer adds `connectionId`
 * (not known to a provider) before the job is stored.
 */
export type FetchTransferPayload = {
  transferId: string;
  chargebackId: string;
  userId: string | null;
  webhookId: string;
};

export function fetchTransferJobKey(chargebackId: string): string {
  return `astra-transfer:${chargebackId}`;
}

function normalizedType(type: string): string {
  return type.trim().toLowerCase();
}

export function isChargebackEvent(event: AstraEvent): boolean {
  const type = normalizedType(event.webhook_type);
  return type === "chargeback_created" || type === "chargeback_updated";
}

/** The partial input for a chargeback named by a webhook (no details yet). */
export function pendingRepresentment(chargebackId: string, envelope: Record<string, unknown>): RepresentmentInput {
  return {
    entity: "representment",
    externalId: chargebackId,
    providerOrganisationId: null,
    providerMerchantIds: [],
    providerCreatedAt: null,
    providerUpdatedAt: null,
    providerData: cleanObject(envelope),
    previousAttributes: null,
    partial: true,
    fields: {
      stage: "CHARGEBACK",
      providerStage: null,
      status: "OPEN",
      providerStatus: PENDING_PROVIDER_STATUS,
      disputeStatus: null,
      reason: null,
      reasonCode: null,
      amountMinor: null,
      currency: null,
      transactionAmountMinor: null,
      transactionCurrency: null,
      cardScheme: null,
      arn: null,
      serviceType: null,
      managedBy: null,
      referenceId: null,
      transactionReferenceId: null,
      dueAt: null,
      disputedAt: null,
      transactionAuthorisedAt: null,
      detailsPending: true,
    },
  };
}

function mapChargeback(event: AstraEvent): ParseResult<MapResult> {
  const chargebackId = event.resource_id;
  const transferId = event.resource_parent_id;
  if (!chargebackId) return { ok: false, error: `${cleanString(event.webhook_type)}: resource_id (chargeback id) is missing` };
  if (!transferId) return { ok: false, error: `${cleanString(event.webhook_type)}: resource_parent_id (transfer id) is missing` };
  const payload: FetchTransferPayload = {
    transferId,
    chargebackId,
    userId: event.user_id ?? null,
    webhookId: event.webhook_id,
  };
  const job: JobRequest = { task: FETCH_TRANSFER_JOB, payload, jobKey: fetchTransferJobKey(chargebackId) };
  return { ok: true, value: { kind: "apply", inputs: [pendingRepresentment(chargebackId, event)], jobs: [job] } };
}

/** Maps one parsed event; anything but a chargeback event is ignored. */
export function mapEvent(event: AstraEvent): ParseResult<MapResult> {
  try {
    if (isChargebackEvent(event)) return mapChargeback(event);
    return { ok: true, value: { kind: "ignore", reason: `unhandled webhook type ${cleanString(event.webhook_type).slice(0, 120)}` } };
  } catch (error) {
    // Defensive: mapping is pure and should not throw; a bug here must not become a 500 loop.
    return { ok: false, error: `map failed: ${error instanceof Error ? error.message : "unknown error"}` };
  }
}
