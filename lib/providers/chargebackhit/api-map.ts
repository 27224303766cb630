/**
 * API answers → domain inputs. Pure.
 *
 * - Alerts: the API returns the webhook's shape `{ alert, transaction, merchant }` (GET alert,
 *   list items, update-outcome), so they go through the webhook's own `mapEvent`.
 * - Enrolments: MID import records (`POST /api/v2/import/mids/batch-create` and `/list`, digest
 *   §4.4). Chargebackhit sends no webhook for enrolment statuses: they are only ever pulled.
 *   Record fields read (tolerantly): `id`, `status` (new | accepted | success | error | rejected),
 *   `import_message`, `required_products` or `products: [{ product, status, failure_reason }]`,
 *   `merchant_id`, `created_at`, `updated_at`.
 *   One EnrolmentInput per requested product. externalId = the import record id when the record
 *   names one product (what `requestEnrolment` creates: one record per MID and service), else
 *   `<record id>:<product>` (a record made elsewhere with several products).
 *   Status: a product's own status wins over the record's.
 */
import { chargebackhitEventSchema, parseProviderDate } from "@/lib/providers/chargebackhit/events";
import { cleanObject, mapEvent, text, token } from "@/lib/providers/chargebackhit/map";
import { isRecord } from "@/lib/providers/chargebackhit/client";
import { parseWith, type DomainInput, type EnrolmentInput, type EnrolmentService, type EnrolmentStatus } from "@/lib/providers/types";

// ───────────────────────────── alerts ─────────────────────────────

/** Domain inputs of one API alert body; `ok: false` when it is not an alert body. Unknown types → []. */
export function inputsFromApiAlert(body: unknown): { ok: true; inputs: DomainInput[] } | { ok: false; error: string } {
  const parsed = parseWith(chargebackhitEventSchema, body);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const mapped = mapEvent(parsed.value);
  if (!mapped.ok) return { ok: false, error: mapped.error };
  return { ok: true, inputs: mapped.value.kind === "apply" ? mapped.value.inputs : [] };
}

/** `alert.outcome` of an API alert body ("" when absent). */
export function outcomeOf(body: unknown): string {
  if (!isRecord(body) || !isRecord(body.alert)) return "";
  return typeof body.alert.outcome === "string" ? body.alert.outcome : "";
}

// ───────────────────────────── enrolments ─────────────────────────────

/** Our enrolment services → Chargebackhit `required_products`. */
export const SERVICE_PRODUCTS = {
  ETHOCA: "ethoca",
  RDR: "rdr",
  CDRN: "cdrn",
  ORDER_INSIGHT: "oi",
  CONSUMER_CLARITY: "consumer-clarity",
} as const satisfies Partial<Record<EnrolmentService, string>>;

export type ChargebackhitEnrolmentService = keyof typeof SERVICE_PRODUCTS;
export const CHARGEBACKHIT_ENROLMENT_SERVICES = Object.keys(SERVICE_PRODUCTS) as ChargebackhitEnrolmentService[];

/** Visa products: the MID object carries the CAID and the acquirer's (Visa) BIN. */
export const VISA_PRODUCTS = new Set(["rdr", "cdrn", "oi", "visa-dispute", "visa-fraud"]);

export function serviceOfProduct(product: string | null | undefined): EnrolmentService {
  const t = token(product);
  for (const [service, value] of Object.entries(SERVICE_PRODUCTS)) if (value === t) return service as EnrolmentService;
  if (t === "order-insight") return "ORDER_INSIGHT";
  return "OTHER";
}

/**
 * Import (or product) status → ours: new → REQUESTED, accepted → IN_PROGRESS, success →
 * ENABLED, error / rejected → FAILED (official vocabulary), plus tolerated synonyms; anything
 * unknown → IN_PROGRESS (neither a success nor a failure is claimed; providerStatus keeps it).
 */
export function enrolmentStatusOf(status: string | null | undefined): EnrolmentStatus {
  switch (token(status)) {
    case "new":
    case "queued":
    case "pending":
    case "requested":
      return "REQUESTED";
    case "success":
    case "succeeded":
    case "active":
    case "enabled":
    case "enrolled":
    case "enrollment-success":
      return "ENABLED";
    case "error":
    case "rejected":
    case "failed":
    case "failure":
      return "FAILED";
    case "disenrolled":
    case "unenrolled":
    case "inactive":
      return "UNENROLLED";
    default:
      return "IN_PROGRESS";
  }
}

type ProductEntry = { product: string; status: string | null; note: string | null };

function productEntries(record: Record<string, unknown>): ProductEntry[] {
  const out: ProductEntry[] = [];
  const seen = new Set<string>();
  if (Array.isArray(record.products)) {
    for (const item of record.products) {
      const name = typeof item === "string" ? item : isRecord(item) ? (item.product ?? item.name ?? item.code) : null;
      const product = typeof name === "string" ? token(name) : "";
      if (product === "" || seen.has(product)) continue;
      seen.add(product);
      const entry = isRecord(item) ? item : {};
      out.push({
        product,
        status: typeof entry.status === "string" ? entry.status : null,
        note: typeof entry.failure_reason === "string" ? text(entry.failure_reason) : null,
      });
    }
  }
  if (Array.isArray(record.required_products)) {
    for (const name of record.required_products) {
      const product = typeof name === "string" ? token(name) : "";
      if (product === "" || seen.has(product)) continue;
      seen.add(product);
      out.push({ product, status: null, note: null });
    }
  }
  return out;
}

function idOf(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" ? text(value) : null;
}

/**
 * The EnrolmentInputs of one import record ([] when it has no id). `statusChangedAt` defaults to
 * the record's `updated_at`, else `now`.
 */
export function enrolmentInputsFromImport(record: unknown, options: { now: Date; statusChangedAt?: Date; providerMerchantIds?: string[] }): EnrolmentInput[] {
  if (!isRecord(record)) return [];
  const id = idOf(record.id);
  if (id === null) return [];
  const recordStatus = typeof record.status === "string" ? record.status : "";
  const recordNote = typeof record.import_message === "string" ? text(record.import_message) : null;
  const createdAt = parseProviderDate(typeof record.created_at === "string" ? record.created_at : null);
  const updatedAt = parseProviderDate(typeof record.updated_at === "string" ? record.updated_at : null);
  const merchantIds = new Set<string>(options.providerMerchantIds?.filter((m) => m !== "") ?? []);
  const merchantId = idOf(record.merchant_id);
  if (merchantId) merchantIds.add(merchantId);
  const entries = productEntries(record);
  const products: ProductEntry[] = entries.length > 0 ? entries : [{ product: "", status: null, note: null }];
  const providerData = cleanObject(record);
  return products.map((entry) => {
    const providerStatus = entry.status ?? recordStatus;
    return {
      entity: "enrolment",
      externalId: products.length === 1 ? id : `${id}:${entry.product}`,
      providerOrganisationId: null,
      providerMerchantIds: [...merchantIds],
      providerCreatedAt: createdAt,
      providerUpdatedAt: updatedAt,
      providerData,
      previousAttributes: null,
      fields: {
        service: serviceOfProduct(entry.product),
        providerType: entry.product || "unknown",
        status: enrolmentStatusOf(providerStatus),
        providerStatus: providerStatus || "unknown",
        note: entry.note ?? recordNote,
      },
      statusChangedAt: options.statusChangedAt ?? updatedAt ?? options.now,
    };
  });
}
