/**
 * Chargebackhit enrolment requests and syncs (digest §4.2, §4.4).
 *
 * requestEnrolment → POST /api/v2/import/mids/batch-create, one MID object per merchant:
 *   `{ descriptor, required_products: [<product of the service>], merchant_internal_id: <mid>,
 *      card_acceptor_id, acquirer_bin (Visa products: rdr, cdrn, oi), mcc, description: <name> }`.
 *   Checked before any call (rejected with status 0): a supported service, at least one merchant,
 *   a descriptor for every merchant, and for RDR a CAID and a 6-digit acquirer (Visa) BIN (the
 *   official rule also accepts Visa ARNs instead, which the request input does not carry).
 *   Result: one EnrolmentInput per import record returned (status `new` → REQUESTED), externalId =
 *   the import record id, statusChangedAt = now.
 *   Failures: other 4xx → rejected; 429, 5xx, network errors and timeouts → retry. Note a timeout
 *   or a 5xx may hide a processed batch: the retry could create a second import record, which the
 *   next sync shows (the result type has no "unknown").
 *
 * sync → every import record (POST /api/v2/import/mids/list, offset pages of 100, at most 100
 *   pages): Chargebackhit sends no webhook for enrolment statuses, so this pull is the only source;
 *   then the alerts created since `since` (default: 30 days before now) through POST
 *   /api/v2/alerts/list (token pages, at most 100) mapped with the webhook's mapEvent. A failed
 *   call throws (ChargebackhitApiError); nothing partial is returned.
 */
import {
  CHARGEBACKHIT_ENROLMENT_SERVICES,
  SERVICE_PRODUCTS,
  VISA_PRODUCTS,
  enrolmentInputsFromImport,
  inputsFromApiAlert,
  type ChargebackhitEnrolmentService,
} from "@/lib/providers/chargebackhit/api-map";
import { ChargebackhitApiError, MAX_PAGES, MAX_PAGE_LIMIT, clientFromContext, type ChargebackhitClientTuning, type MidObject } from "@/lib/providers/chargebackhit/client";
import { text } from "@/lib/providers/chargebackhit/map";
import type { DomainInput, EnrolmentRequestInput, EnrolmentRequestResult, ProviderApi, ProviderApiContext, SyncResult } from "@/lib/providers/types";

export const DEFAULT_SYNC_DAYS = 30;
const DAY_MS = 86_400_000;
const ACQUIRER_BIN = /^\d{6}$/;

/** `2024-01-15T10:30:00Z` (whole seconds, the format the docs show). */
const iso = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function isService(service: string): service is ChargebackhitEnrolmentService {
  return (CHARGEBACKHIT_ENROLMENT_SERVICES as string[]).includes(service);
}

/** The MID objects for a request, or why it cannot be sent. */
export function midObjects(input: EnrolmentRequestInput): { ok: true; mids: MidObject[] } | { ok: false; message: string } {
  if (!isService(input.service)) return { ok: false, message: `Chargebackhit cannot enrol MIDs in ${input.service}.` };
  const product = SERVICE_PRODUCTS[input.service];
  if (!Array.isArray(input.merchants) || input.merchants.length === 0) return { ok: false, message: "Choose at least one merchant to enrol." };
  const mids: MidObject[] = [];
  for (const merchant of input.merchants) {
    const label = text(merchant.name) ?? text(merchant.mid) ?? "a merchant";
    const descriptor = text(merchant.descriptor);
    if (!descriptor) return { ok: false, message: `Chargebackhit needs the payment descriptor of ${label}.` };
    const caid = text(merchant.caid);
    const acquirerBin = text(merchant.acquirerBin);
    if (product === "rdr") {
      if (!caid || !acquirerBin) return { ok: false, message: `RDR needs the card acceptor id (CAID) and the acquirer's Visa BIN of ${label}.` };
    }
    if (acquirerBin && VISA_PRODUCTS.has(product) && !ACQUIRER_BIN.test(acquirerBin)) {
      return { ok: false, message: `The acquirer BIN of ${label} must be 6 digits.` };
    }
    const mid: MidObject = { descriptor, required_products: [product] };
    const internalId = text(merchant.mid);
    if (internalId) mid.merchant_internal_id = internalId;
    if (VISA_PRODUCTS.has(product)) {
      if (caid) mid.card_acceptor_id = caid;
      if (acquirerBin) mid.acquirer_bin = acquirerBin;
    }
    const mcc = text(merchant.mcc);
    if (mcc) mid.mcc = mcc;
    const name = text(merchant.name);
    if (name) mid.description = name;
    mids.push(mid);
  }
  return { ok: true, mids };
}

function requestFailure(error: unknown): EnrolmentRequestResult {
  if (error instanceof ChargebackhitApiError) {
    if (error.kind === "http" && error.status >= 400 && error.status < 500 && error.status !== 429) {
      return { kind: "rejected", message: error.message, status: error.status };
    }
    return { kind: "retry", message: error.message };
  }
  return { kind: "retry", message: error instanceof Error ? error.message : String(error) };
}

export function createChargebackhitApi(tuning: ChargebackhitClientTuning = {}): ProviderApi {
  return {
    enrolmentServices: [...CHARGEBACKHIT_ENROLMENT_SERVICES],

    async requestEnrolment(context: ProviderApiContext, input: EnrolmentRequestInput): Promise<EnrolmentRequestResult> {
      const built = midObjects(input);
      if (!built.ok) return { kind: "rejected", message: built.message, status: 0 };
      const connected = await clientFromContext(context, tuning);
      if (!connected.ok) return { kind: "rejected", message: connected.message, status: 0 };
      let answer: { records: unknown[]; raw: unknown };
      try {
        answer = await connected.client.enrollMidBatch(built.mids);
      } catch (error) {
        return requestFailure(error);
      }
      const now = context.now();
      const inputs: DomainInput[] = answer.records.flatMap((record, index) => {
        const merchantId = text(input.merchants[index]?.providerMerchantId);
        return enrolmentInputsFromImport(record, { now, statusChangedAt: now, providerMerchantIds: merchantId ? [merchantId] : [] });
      });
      if (inputs.length < built.mids.length) {
        context.log("chargebackhit.enrolment.unread_records", { sent: built.mids.length, read: inputs.length });
      }
      return { kind: "succeeded", inputs, response: answer.raw };
    },

    async sync(context: ProviderApiContext, options: { since: Date | null }): Promise<SyncResult> {
      const connected = await clientFromContext(context, tuning);
      if (!connected.ok) throw new Error(connected.message);
      const { client } = connected;
      const now = context.now();
      const inputs: DomainInput[] = [];
      const notes: string[] = [];
      let pages = 0;

      // Enrolment statuses: import records, offset pages.
      let offset = 0;
      let complete = false;
      for (let page = 0; page < MAX_PAGES && !complete; page++) {
        const answer = await client.listImports({ offset, limit: MAX_PAGE_LIMIT });
        pages += 1;
        for (const record of answer.items) inputs.push(...enrolmentInputsFromImport(record, { now }));
        offset += answer.items.length;
        complete = answer.items.length < MAX_PAGE_LIMIT || (answer.total !== null && offset >= answer.total);
      }
      if (!complete) notes.push(`import list stopped after ${MAX_PAGES} pages`);

      // Alerts possibly missed.
      const since = options.since ?? new Date(now.getTime() - DEFAULT_SYNC_DAYS * DAY_MS);
      let alertPages = 0;
      let lastToken: string | null = null;
      let unreadable = 0;
      for await (const page of client.iterateAlerts({ filter: { created_at_from: iso(since) }, sort: { field: "created_at", direction: "asc" }, limit: MAX_PAGE_LIMIT })) {
        pages += 1;
        alertPages += 1;
        lastToken = page.nextPageToken;
        for (const item of page.items) {
          const mapped = inputsFromApiAlert(item);
          if (mapped.ok) inputs.push(...mapped.inputs);
          else unreadable += 1;
        }
      }
      if (alertPages >= MAX_PAGES && lastToken !== null) notes.push(`alert list stopped after ${MAX_PAGES} pages`);
      if (unreadable > 0) notes.push(`${unreadable} unreadable alert(s) skipped`);
      return { inputs, pages, ...(notes.length > 0 ? { note: notes.join("; ") } : {}) };
    },
  };
}

export const api: ProviderApi = createChargebackhitApi();
