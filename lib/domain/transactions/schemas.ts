import { z } from "zod";
import { decimalToMinor } from "@/lib/money";

/**
 * One merchant payment as the CSV import and `POST /api/v1/transactions` accept it. Amounts are
 * decimal strings in major units ("49.99"), converted exactly to integer minor units with the
 * currency's exponent; times are ISO 8601, and a time without an offset is UTC.
 */
export const MAX_INT4 = 2_147_483_647;

const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v === null ? undefined : v),
    z.string().max(max, `Use at most ${max} characters.`).optional(),
  );

/** "2024-01-10", "2024-01-10T08:00:00", "2024-01-10 08:00", "…Z", "…+02:00": no offset means UTC. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseInstant(value: string): Date | null {
  const m = INSTANT.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone] = m;
  const ms = Number((frac + "000").slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  // reject 2024-02-30 and 25:00 instead of rolling them over
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || check.getUTCMinutes() !== Number(mi)) return null;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    if (Math.abs(offsetMinutes) > 14 * 60) return null;
  }
  const at = new Date(utc - offsetMinutes * 60_000);
  return at.getUTCFullYear() >= 1990 && at.getUTCFullYear() <= 2100 ? at : null;
}

const instant = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString() : typeof v === "string" && v.trim() === "" ? undefined : v === null ? undefined : v),
  z
    .string("Enter a date and time like 2024-01-10T08:00:00Z.")
    .transform((v, ctx) => {
      const at = parseInstant(v);
      if (!at) {
        ctx.addIssue({ code: "custom", message: "Enter a date and time like 2024-01-10T08:00:00Z (no offset means UTC)." });
        return z.NEVER;
      }
      return at;
    }),
);

const currency = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
  z.string("Enter a currency code like USD.").regex(/^[A-Z]{3}$/, "Enter a three-letter currency code like USD."),
);

/** A decimal amount in major units: a string, or a JSON number written without an exponent. */
const decimal = z.preprocess(
  (v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : typeof v === "string" ? v.trim() : v),
  z.string("Enter an amount like 49.99.").regex(/^\d{1,12}(\.\d{1,6})?$/, "Enter an amount like 49.99 (digits and a dot, no sign or thousands separator)."),
);

const last4 = z.preprocess(
  (v) => {
    if (typeof v === "number") v = String(v).padStart(4, "0");
    if (typeof v !== "string") return v;
    const t = v.trim();
    if (t === "") return undefined;
    // a masked card number ("411111******1234", "•••• 1234") gives its last four digits
    return /^[\d*xX•. -]{4,}$/.test(t) && /\d{4}$/.test(t.replace(/[ -]/g, "")) && t.replace(/\D/g, "").length >= 4 ? t.replace(/[ -]/g, "").slice(-4) : t;
  },
  z.string().regex(/^\d{4}$/, "Enter the last four digits of the card.").optional(),
);

const customerSchema = z
  .object({
    customer_id: text(200),
    first_name: text(200),
    last_name: text(200),
    email: text(320),
    phone: text(50),
  })
  .optional();

const productSchema = z.object({
  name: text(500),
  sku: text(200),
  description: text(2000),
  url: text(2000),
  quantity: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v === null ? undefined : v),
    z.number("Enter a whole number.").int("Enter a whole number.").min(0).max(1_000_000).optional(),
  ),
});

const refundSchema = z.object({
  amount: decimal,
  currency: currency.optional(),
  at: instant.optional(),
});

export const REFUND_STATUS = /^[A-Za-z][A-Za-z _-]{0,39}$/;

export const transactionInputSchema = z
  .object({
    merchantReference: z.preprocess(
      (v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : typeof v === "string" ? v.trim() : v),
      z.string("Enter the order or transaction id.").min(1, "Enter the order or transaction id.").max(200, "Use at most 200 characters."),
    ),
    networkTransactionId: text(100),
    arn: z.preprocess((v) => (typeof v === "string" ? v.replace(/\s+/g, "") || undefined : v === null ? undefined : v), z.string().regex(/^[A-Za-z0-9]{6,40}$/, "An ARN is 6–40 letters or digits.").optional()),
    authCode: z.preprocess((v) => (typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().toUpperCase() || undefined : v === null ? undefined : v), z.string().regex(/^[A-Z0-9]{1,12}$/, "An auth code is 1–12 letters or digits.").optional()),
    cardBin: z.preprocess((v) => (typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() || undefined : v === null ? undefined : v), z.string().regex(/^\d{6,8}$/, "A BIN is 6 to 8 digits.").optional()),
    cardLast4: last4,
    amount: decimal,
    currency,
    authorisedAt: instant,
    settledAt: instant.optional(),
    descriptor: text(200),
    customer: customerSchema,
    products: z.array(productSchema).max(100, "At most 100 products.").optional(),
    refundStatus: z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v === null ? undefined : v),
      z.string().regex(REFUND_STATUS, "Use a status like NONE, PARTIAL or REFUNDED.").optional(),
    ),
    refunds: z.array(refundSchema).max(50, "At most 50 refunds.").optional(),
  })
  .superRefine((value, ctx) => {
    // runs even when fields failed: only check what parsed
    const isAmount = (v: unknown): v is string => typeof v === "string" && /^\d{1,12}(\.\d{1,6})?$/.test(v);
    const isCurrency = (v: unknown): v is string => typeof v === "string" && /^[A-Z]{3}$/.test(v);
    if (isAmount(value.amount) && isCurrency(value.currency)) {
      const minor = decimalToMinor(value.amount, value.currency);
      if (minor === null || minor > MAX_INT4) ctx.addIssue({ code: "custom", path: ["amount"], message: `Not a valid ${value.currency} amount (too many decimals or too large).` });
    }
    if (Array.isArray(value.refunds)) {
      value.refunds.forEach((r, i) => {
        const c = r?.currency ?? value.currency;
        if (!isAmount(r?.amount) || !isCurrency(c)) return;
        const m = decimalToMinor(r.amount, c);
        if (m === null || m > MAX_INT4) ctx.addIssue({ code: "custom", path: ["refunds", i, "amount"], message: `Not a valid ${c} amount.` });
      });
    }
    if (value.settledAt instanceof Date && value.authorisedAt instanceof Date && value.settledAt.getTime() < value.authorisedAt.getTime() - 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["settledAt"], message: "A payment settles after it is authorised." });
    }
  });

export type TransactionInput = z.input<typeof transactionInputSchema>;
export type ParsedTransactionInput = z.output<typeof transactionInputSchema>;

/** What is written to the Transaction table. */
export type TransactionRow = {
  merchantReference: string;
  networkTransactionId: string | null;
  arn: string | null;
  authCode: string | null;
  cardBin: string | null;
  cardLast4: string | null;
  amountMinor: number;
  currency: string;
  authorisedAt: Date;
  settledAt: Date | null;
  descriptor: string | null;
  customer: Record<string, string> | null;
  products: Record<string, string | number>[] | null;
  refundStatus: string | null;
  refunds: { amountMinor: number; currency: string; at: string | null }[] | null;
};

const compact = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Record<string, string | number>;

/** The validated input as a row (amounts in minor units). */
export function toTransactionRow(input: ParsedTransactionInput, stripNetworkId: (v: string | null | undefined) => string | null): TransactionRow {
  const customer = input.customer ? compact(input.customer) : null;
  return {
    merchantReference: input.merchantReference,
    networkTransactionId: stripNetworkId(input.networkTransactionId),
    arn: input.arn ?? null,
    authCode: input.authCode ?? null,
    cardBin: input.cardBin ?? null,
    cardLast4: input.cardLast4 ?? null,
    amountMinor: decimalToMinor(input.amount, input.currency)!,
    currency: input.currency,
    authorisedAt: input.authorisedAt,
    settledAt: input.settledAt ?? null,
    descriptor: input.descriptor ?? null,
    customer: customer && Object.keys(customer).length ? (customer as Record<string, string>) : null,
    products: input.products?.length ? input.products.map((p) => compact(p)) : null,
    refundStatus: input.refundStatus ? input.refundStatus.toUpperCase().replace(/[ -]+/g, "_") : null,
    refunds: input.refunds?.length
      ? input.refunds.map((r) => ({ amountMinor: decimalToMinor(r.amount, r.currency ?? input.currency)!, currency: r.currency ?? input.currency, at: r.at ? r.at.toISOString() : null }))
      : null,
  };
}

/** Issues of one item as `{ path, message }` (for the API and the import's row errors). */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "_", message: i.message }));
}

/** The API body: `{ "transactions": [ … ] }`, 1 to 100 items (more is 413, checked first). */
export const API_MAX_ITEMS = 100;
export const apiBodySchema = z.object({ transactions: z.array(z.unknown()).min(1, "Send at least one transaction.") });
