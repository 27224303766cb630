import { z } from "zod";
import { stripNetworkIdDate } from "@/lib/matching/score";
import { toTransactionRow, transactionInputSchema, type TransactionRow } from "@/lib/domain/transactions/schemas";

/**
 * Our fields ← CSV columns. Each field lists header names it is suggested for (compared on
 * letters and digits only, case-insensitively).
 */
export const IMPORT_FIELDS = [
  { key: "merchantReference", label: "Order / transaction id", required: true, synonyms: ["merchantreference", "orderid", "order", "ordernumber", "orderno", "transactionmerchantid", "merchanttransactionid", "reference", "merchantref", "transactionid", "paymentid", "id"] },
  { key: "amount", label: "Amount", required: true, synonyms: ["amount", "total", "transactionamount", "orderamount", "value", "grossamount", "saleamount"] },
  { key: "currency", label: "Currency", required: true, synonyms: ["currency", "currencycode", "ccy", "cur", "transactioncurrency"] },
  { key: "authorisedAt", label: "Authorised at", required: true, synonyms: ["authorisedat", "authorizedat", "authorised", "authorized", "authorisationdate", "authorizationdate", "authdate", "transactiondate", "date", "createdat", "orderdate", "purchasedate", "datetime", "timestamp"] },
  { key: "settledAt", label: "Settled at", required: false, synonyms: ["settledat", "settlementdate", "settledate", "captureddate", "capturedat"] },
  { key: "networkTransactionId", label: "Network transaction id", required: false, synonyms: ["networktransactionid", "networkid", "networktxid", "schemetransactionid", "visatransactionid", "tid", "banknetreference", "tracid", "traceid"] },
  { key: "arn", label: "ARN", required: false, synonyms: ["arn", "acquirerreferencenumber", "acquirerreference"] },
  { key: "authCode", label: "Auth code", required: false, synonyms: ["authcode", "authorisationcode", "authorizationcode", "approvalcode", "auth"] },
  { key: "cardBin", label: "Card BIN", required: false, synonyms: ["cardbin", "bin", "iin", "first6"] },
  { key: "cardLast4", label: "Card last 4", required: false, synonyms: ["cardlast4", "last4", "lastfour", "cardlastfour", "last4digits", "pan", "cardnumber", "maskedpan"] },
  { key: "descriptor", label: "Descriptor", required: false, synonyms: ["descriptor", "statementdescriptor", "softdescriptor", "billingdescriptor"] },
  { key: "customerId", label: "Customer id", required: false, synonyms: ["customerid", "customer", "clientid"] },
  { key: "customerFirstName", label: "Customer first name", required: false, synonyms: ["firstname", "customerfirstname", "givenname"] },
  { key: "customerLastName", label: "Customer last name", required: false, synonyms: ["lastname", "customerlastname", "surname", "familyname"] },
  { key: "customerEmail", label: "Customer email", required: false, synonyms: ["email", "customeremail", "emailaddress"] },
  { key: "customerPhone", label: "Customer phone", required: false, synonyms: ["phone", "customerphone", "phonenumber", "telephone", "mobile"] },
  { key: "products", label: "Products (JSON array)", required: false, synonyms: ["products", "items", "lineitems", "productsjson"] },
  { key: "productName", label: "Product name (one product)", required: false, synonyms: ["productname", "product", "itemname"] },
  { key: "productSku", label: "Product SKU (one product)", required: false, synonyms: ["sku", "productsku", "itemsku"] },
  { key: "productQuantity", label: "Product quantity (one product)", required: false, synonyms: ["quantity", "qty", "productquantity"] },
  { key: "refundStatus", label: "Refund status", required: false, synonyms: ["refundstatus", "refundedstatus", "refund"] },
  { key: "refunds", label: "Refunds (JSON array)", required: false, synonyms: ["refunds", "refundsjson"] },
  { key: "refundAmount", label: "Refund amount (one refund)", required: false, synonyms: ["refundamount", "refundedamount", "amountrefunded"] },
  { key: "refundedAt", label: "Refunded at (one refund)", required: false, synonyms: ["refundedat", "refunddate", "refundat"] },
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number]["key"];
export const IMPORT_FIELD_KEYS = IMPORT_FIELDS.map((f) => f.key) as ImportField[];
export type ImportMapping = Partial<Record<ImportField, string>>;

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A column for each field whose header name is a known synonym (each column used once). */
export function suggestMapping(headers: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  const squashed = headers.map((h) => ({ header: h, key: squash(h) }));
  // two passes: exact synonyms in field order first, then "contains" for what is left
  for (const pass of ["exact", "contains"] as const) {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field.key]) continue;
      for (const synonym of field.synonyms) {
        const hit = squashed.find((h) => !used.has(h.header) && (pass === "exact" ? h.key === synonym : synonym.length >= 5 && h.key.includes(synonym)));
        if (hit) {
          mapping[field.key] = hit.header;
          used.add(hit.header);
          break;
        }
      }
    }
  }
  return mapping;
}

/** A mapping from untrusted input: only known fields, only headers the file has. */
export function cleanMapping(input: unknown, headers: readonly string[]): ImportMapping {
  const out: ImportMapping = {};
  if (!input || typeof input !== "object") return out;
  const known = new Set(headers);
  for (const key of IMPORT_FIELD_KEYS) {
    const value = (input as Record<string, unknown>)[key];
    if (typeof value === "string" && value && known.has(value)) out[key] = value;
  }
  return out;
}

export function missingRequired(mapping: ImportMapping): string[] {
  return IMPORT_FIELDS.filter((f) => f.required && !mapping[f.key]).map((f) => f.label);
}

export type RowError = { row: number; field: string; message: string };
export type MappedRow = { row: number; values: Partial<Record<ImportField, string>> } & ({ ok: true; transaction: TransactionRow } | { ok: false; errors: RowError[] });

const FIELD_OF_PATH: Record<string, ImportField> = {
  "customer.customer_id": "customerId",
  "customer.first_name": "customerFirstName",
  "customer.last_name": "customerLastName",
  "customer.email": "customerEmail",
  "customer.phone": "customerPhone",
};

const jsonArray = z.array(z.unknown());

/**
 * One CSV record through the mapping and the same validation as the API. `row` is the file's
 * line number of the record (the header is line 1), as a spreadsheet shows it.
 */
export function mapRecord(fields: readonly string[], row: number, headerIndex: ReadonlyMap<string, number>, mapping: ImportMapping): MappedRow {
  const values: Partial<Record<ImportField, string>> = {};
  for (const key of IMPORT_FIELD_KEYS) {
    const header = mapping[key];
    if (!header) continue;
    const index = headerIndex.get(header);
    const value = index === undefined ? undefined : fields[index];
    if (value !== undefined && value.trim() !== "") values[key] = value.trim();
  }
  const errors: RowError[] = [];
  const json = (field: ImportField): unknown[] | undefined => {
    const raw = values[field];
    if (raw === undefined) return undefined;
    try {
      const parsed = jsonArray.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // reported below
    }
    errors.push({ row, field, message: "Expected a JSON array." });
    return undefined;
  };
  let products = json("products");
  if (!products && (values.productName || values.productSku)) {
    products = [{ name: values.productName, sku: values.productSku, quantity: values.productQuantity }];
  }
  let refunds = json("refunds");
  if (!refunds && values.refundAmount) refunds = [{ amount: values.refundAmount, at: values.refundedAt }];
  const customer = {
    customer_id: values.customerId,
    first_name: values.customerFirstName,
    last_name: values.customerLastName,
    email: values.customerEmail,
    phone: values.customerPhone,
  };
  const input = {
    merchantReference: values.merchantReference,
    networkTransactionId: values.networkTransactionId,
    arn: values.arn,
    authCode: values.authCode,
    cardBin: values.cardBin,
    cardLast4: values.cardLast4,
    amount: values.amount,
    currency: values.currency,
    authorisedAt: values.authorisedAt,
    settledAt: values.settledAt,
    descriptor: values.descriptor,
    customer: Object.values(customer).some((v) => v !== undefined) ? customer : undefined,
    products,
    refundStatus: values.refundStatus,
    refunds,
  };
  const parsed = transactionInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join(".");
      const top = String(issue.path[0] ?? "");
      const field = FIELD_OF_PATH[path] ?? (top === "refunds" && !mapping.refunds ? "refundAmount" : top === "products" && !mapping.products ? "productName" : top) ?? "row";
      errors.push({ row, field: field || "row", message: issue.message });
    }
  }
  if (errors.length || !parsed.success) return { row, values, ok: false, errors };
  return { row, values, ok: true, transaction: toTransactionRow(parsed.data, stripNetworkIdDate) };
}

/** Our field's label, for error lists. */
export function fieldLabel(field: string): string {
  return IMPORT_FIELDS.find((f) => f.key === field)?.label ?? field;
}
