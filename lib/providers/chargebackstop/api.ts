/**
 * Enrolment requests and syncs against ChargebackStop (digest §6.1–§6.3).
 * - requestEnrolment: POST /v2/enrolments `{ merchant_ids, type }` (partner-level keys only);
 *   the created enrolment is mapped like an `enrolment.created` webhook.
 * - sync: every enrolment (GET /v2/enrolments) and the alerts received since `since` (default: the
 *   last 30 days; GET /v1/alerts sorted oldest first, so alerts arriving during the walk land on
 *   later pages instead of shifting the offsets), mapped like webhooks.
 */
import {
  ChargebackStopApiError,
  clientFor,
  iterate,
  type ChargebackStopClientTuning,
  type EnrolmentType,
} from "@/lib/providers/chargebackstop/client";
import { NO_API_KEY_MESSAGE } from "@/lib/providers/chargebackstop/outcomes";
import { inputsFromApiObject, type SyntheticEventType } from "@/lib/providers/chargebackstop/synthetic";
import {
  PermanentTaskError,
  type DomainInput,
  type EnrolmentRequestInput,
  type EnrolmentRequestResult,
  type EnrolmentService,
  type ProviderApi,
  type ProviderApiContext,
  type SyncResult,
} from "@/lib/providers/types";

export const ENROLMENT_SERVICES = ["ETHOCA", "RDR", "ORDER_INSIGHT"] as const satisfies readonly EnrolmentService[];

export const ENROLMENT_TYPE_BY_SERVICE: Partial<Record<EnrolmentService, EnrolmentType>> = {
  ETHOCA: "ETHOCA_ALERT",
  RDR: "VERIFI_RDR",
  ORDER_INSIGHT: "VERIFI_ORDER_INSIGHT",
};

/** Alerts window when a sync has no `since`. */
export const DEFAULT_SYNC_DAYS = 30;

export type ApiOptions = ChargebackStopClientTuning & { maxPages?: number };

function enrolmentFailure(error: unknown, merchantIds: string[]): EnrolmentRequestResult {
  if (!(error instanceof ChargebackStopApiError)) {
    return { kind: "retry", message: error instanceof Error ? error.message : "unexpected failure while requesting the enrolment" };
  }
  if (error.kind === "http" && error.status !== 429 && error.status < 500) {
    const detail = error.providerMessage ? ` (${error.providerMessage})` : "";
    let message: string;
    if (error.code === "MERCHANTS_DIFFERENT_ORGANISATIONS") {
      message = "The merchants belong to different ChargebackStop organisations; request one enrolment per organisation.";
    } else if (error.status === 404) {
      message = `ChargebackStop does not know one of the merchants ${merchantIds.join(", ")}${detail}.`;
    } else if (error.status === 401) {
      message = `ChargebackStop refused the API key: enrolments need a partner-level key${detail}.`;
    } else if (error.status === 403) {
      message = `The API key lacks the enrolments_v2:write ability${detail}.`;
    } else {
      message = error.providerMessage ?? `ChargebackStop refused the enrolment (HTTP ${error.status}).`;
    }
    return { kind: "rejected", status: error.status, message };
  }
  if (error.kind === "malformed") {
    return { kind: "rejected", status: error.status, message: `ChargebackStop accepted the request but its answer was unreadable; sync the enrolments to see it. ${error.message}` };
  }
  if (error.requestSent && !(error.kind === "http" && error.status === 429)) {
    // A timeout, a 5xx or a lost connection after the request went out: it may have been created.
    return { kind: "retry", message: `${error.message}. The enrolment may have been created: sync the enrolments before requesting it again.` };
  }
  return { kind: "retry", message: error.message };
}

function mapAll(type: SyntheticEventType, objects: unknown[], now: Date, skipped: string[]): DomainInput[] {
  // The same object may appear twice when offsets shift during the walk: the newest snapshot wins.
  const byId = new Map<string, unknown>();
  const stamp = (o: unknown) => {
    const value = o && typeof o === "object" ? (o as { updated_at?: unknown }).updated_at : undefined;
    const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
    return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
  };
  const rest: unknown[] = [];
  for (const object of objects) {
    const id = object && typeof object === "object" ? (object as { id?: unknown }).id : undefined;
    if (typeof id !== "string") {
      rest.push(object);
      continue;
    }
    const previous = byId.get(id);
    if (previous === undefined || stamp(object) >= stamp(previous)) byId.set(id, object);
  }
  const inputs: DomainInput[] = [];
  for (const object of [...byId.values(), ...rest]) {
    const mapped = inputsFromApiObject(type, object, now);
    if (mapped.ok) inputs.push(...mapped.value);
    else skipped.push(mapped.error);
  }
  return inputs;
}

export function createApi(options: ApiOptions = {}): ProviderApi {
  const { maxPages, ...tuning } = options;

  return {
    enrolmentServices: [...ENROLMENT_SERVICES],

    async requestEnrolment(context: ProviderApiContext, input: EnrolmentRequestInput): Promise<EnrolmentRequestResult> {
      const type = ENROLMENT_TYPE_BY_SERVICE[input.service];
      if (!type) return { kind: "rejected", status: 0, message: `ChargebackStop cannot enrol merchants in ${input.service}.` };
      if (input.merchants.length === 0) return { kind: "rejected", status: 0, message: "Choose at least one merchant to enrol." };
      const missing = input.merchants.filter((m) => !m.providerMerchantId?.trim());
      if (missing.length > 0) {
        return {
          kind: "rejected",
          status: 0,
          message: `${missing.map((m) => `"${m.name}"`).join(", ")} ${missing.length === 1 ? "has" : "have"} no ChargebackStop merchant id (mrch_…); link the merchant first.`,
        };
      }
      // the provider refuses duplicate ids (422); the same merchant chosen twice means once
      const merchantIds = [...new Set(input.merchants.map((m) => m.providerMerchantId!.trim()))];
      const apiKey = await context.secrets.get("api_key");
      if (!apiKey) return { kind: "rejected", status: 0, message: NO_API_KEY_MESSAGE };
      try {
        const created = await clientFor(context, apiKey, tuning).createEnrolment({ merchant_ids: merchantIds, type });
        context.log("chargebackstop.enrolment_requested", { type, merchants: merchantIds.length, enrolment: typeof created.id === "string" ? created.id : null });
        const mapped = inputsFromApiObject("enrolment.created", created, context.now());
        if (!mapped.ok) context.log("chargebackstop.enrolment_unmapped", { error: mapped.error });
        return { kind: "succeeded", inputs: mapped.ok ? mapped.value : [], response: created };
      } catch (error) {
        return enrolmentFailure(error, merchantIds);
      }
    },

    syncNeeds: ["api_key"],

    async sync(context: ProviderApiContext, { since }: { since: Date | null }): Promise<SyncResult> {
      const apiKey = await context.secrets.get("api_key");
      if (!apiKey) throw new PermanentTaskError(NO_API_KEY_MESSAGE);
      const client = clientFor(context, apiKey, tuning);
      const now = context.now();
      const notes: string[] = [];
      const skipped: string[] = [];
      let pages = 0;

      let enrolmentObjects: unknown[] = [];
      try {
        const result = await iterate((page) => client.listEnrolments(page), { maxPages });
        enrolmentObjects = result.items;
        pages += result.pages;
        if (result.truncated) notes.push(`enrolments stopped after ${result.pages} pages`);
      } catch (error) {
        // Enrolments v2 are partner-only: an organisation-level key gets 401 (403 without the ability).
        if (!(error instanceof ChargebackStopApiError && error.kind === "http" && (error.status === 401 || error.status === 403))) throw error;
        notes.push(`enrolments skipped: ChargebackStop answered ${error.status} (enrolments need a partner-level key with enrolments_v2:read)`);
      }

      const from = since ?? new Date(now.getTime() - DEFAULT_SYNC_DAYS * 86_400_000);
      const alerts = await iterate((page) => client.listAlerts({ alert_received_at_gte: from, sort: "alert_received_at", ...page }), { maxPages });
      pages += alerts.pages;
      if (alerts.truncated) notes.push(`alerts stopped after ${alerts.pages} pages`);

      const inputs = [...mapAll("enrolment.updated", enrolmentObjects, now, skipped), ...mapAll("alert.updated", alerts.items, now, skipped)];
      if (skipped.length > 0) {
        notes.push(`${skipped.length} object(s) skipped: ${skipped.slice(0, 3).join("; ")}`);
        context.log("chargebackstop.sync_skipped", { count: skipped.length, first: skipped[0] });
      }
      context.log("chargebackstop.sync", { pages, inputs: inputs.length, since: from.toISOString() });
      return notes.length > 0 ? { inputs, pages, note: notes.join("; ") } : { inputs, pages };
    },
  };
}

export const api: ProviderApi = createApi();
