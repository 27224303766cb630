import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { MatchRule } from "@/lib/generated/prisma/enums";
import { scopedOwnedWhere, type AccessScope } from "@/lib/domain/scope";

const match = { matchRule: true, matchConfidence: true, matchConfirmed: true } as const;

export const transactionDetailSelect = {
  id: true,
  organisationId: true,
  merchantReference: true,
  networkTransactionId: true,
  arn: true,
  authCode: true,
  cardBin: true,
  cardLast4: true,
  amountMinor: true,
  currency: true,
  authorisedAt: true,
  settledAt: true,
  descriptor: true,
  customer: true,
  products: true,
  refundStatus: true,
  refunds: true,
  source: true,
  createdAt: true,
  merchant: { select: { id: true, name: true } },
  organisation: { select: { id: true, name: true } },
  alerts: {
    select: {
      id: true,
      provider: true,
      kind: true,
      status: true,
      receivedAt: true,
      decidedAt: true,
      amountMinor: true,
      currency: true,
      providerOutcome: true,
      ...match,
      outcomes: { select: { id: true, outcome: true, status: true, createdAt: true, completedAt: true }, orderBy: { createdAt: "asc" } },
    },
    orderBy: { receivedAt: "asc" },
  },
  lookups: { select: { id: true, provider: true, lookupType: true, lookupStatus: true, receivedAt: true, ...match }, orderBy: { receivedAt: "asc" } },
  schemeNotices: { select: { id: true, provider: true, noticeType: true, reportedAt: true, receivedAt: true, amountMinor: true, currency: true, ...match }, orderBy: { receivedAt: "asc" } },
  representments: {
    select: { id: true, provider: true, stage: true, status: true, disputedAt: true, receivedAt: true, amountMinor: true, currency: true, reason: true, reasonCode: true, ...match },
    orderBy: { receivedAt: "asc" },
  },
} satisfies Prisma.TransactionSelect;

export type TransactionDetail = Prisma.TransactionGetPayload<{ select: typeof transactionDetailSelect }>;

export async function getTransactionById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<TransactionDetail | null> {
  return tx.transaction.findFirst({ where: { AND: [scopedOwnedWhere(scope), { id }] }, select: transactionDetailSelect });
}

export type TimelineMatch = { rule: MatchRule | null; confidence: number | null; confirmed: boolean };

/** One thing that happened to a payment, from any provider (or the merchant's own data). */
export type PaymentEvent = {
  key: string;
  at: Date;
  kind: "authorised" | "settled" | "alert" | "lookup" | "notice" | "dispute" | "outcome" | "refund";
  /** the record's provider id (null for the merchant's own data) */
  provider: string | null;
  title: string;
  amountMinor?: number | null;
  currency?: string | null;
  status?: string | null;
  href?: string | null;
  match?: TimelineMatch;
  /** alerts: other providers that alerted on the same payment */
  alsoReportedBy?: string[];
};

type StoredRefund = { amountMinor?: unknown; currency?: unknown; at?: unknown };

/**
 * Everything about one payment in time order: authorisation and settlement, alerts (and their
 * decisions), lookups, scheme notices, disputes, outcomes sent for its alerts, and refunds.
 * Alerts from different providers about the same payment are marked as overlapping.
 */
export function paymentTimeline(t: TransactionDetail): PaymentEvent[] {
  const events: PaymentEvent[] = [];
  const m = (r: { matchRule: MatchRule | null; matchConfidence: number | null; matchConfirmed: boolean }): TimelineMatch => ({ rule: r.matchRule, confidence: r.matchConfidence, confirmed: r.matchConfirmed });
  events.push({ key: "authorised", at: t.authorisedAt, kind: "authorised", provider: null, title: "Authorised", amountMinor: t.amountMinor, currency: t.currency });
  if (t.settledAt) events.push({ key: "settled", at: t.settledAt, kind: "settled", provider: null, title: "Settled", amountMinor: t.amountMinor, currency: t.currency });
  const alertProviders = new Set(t.alerts.map((a) => a.provider));
  for (const a of t.alerts) {
    const others = [...alertProviders].filter((p) => p !== a.provider).sort();
    events.push({
      key: `alert:${a.id}`,
      at: a.receivedAt,
      kind: "alert",
      provider: a.provider,
      title: `${a.kind === "OTHER" ? "" : `${a.kind} `}alert`,
      amountMinor: a.amountMinor,
      currency: a.currency,
      status: a.status,
      href: `/alerts/${a.id}`,
      match: m(a),
      ...(others.length ? { alsoReportedBy: others } : {}),
    });
    for (const o of a.outcomes) {
      events.push({ key: `outcome:${o.id}`, at: o.createdAt, kind: "outcome", provider: a.provider, title: `Outcome sent: ${o.outcome}`, status: o.status, href: `/alerts/${a.id}` });
    }
  }
  for (const l of t.lookups) {
    events.push({ key: `lookup:${l.id}`, at: l.receivedAt, kind: "lookup", provider: l.provider, title: `Lookup (${l.lookupType})`, status: l.lookupStatus, href: `/lookups/${l.id}`, match: m(l) });
  }
  for (const n of t.schemeNotices) {
    events.push({
      key: `notice:${n.id}`,
      at: n.reportedAt ?? n.receivedAt,
      kind: "notice",
      provider: n.provider,
      title: `${n.noticeType} notice`,
      amountMinor: n.amountMinor,
      currency: n.currency,
      href: `/scheme-notices/${n.id}`,
      match: m(n),
    });
  }
  for (const r of t.representments) {
    events.push({
      key: `dispute:${r.id}`,
      at: r.disputedAt ?? r.receivedAt,
      kind: "dispute",
      provider: r.provider,
      title: `Dispute: ${r.stage.toLowerCase().replace(/_/g, " ")}${r.reasonCode ? ` (${r.reasonCode})` : ""}`,
      amountMinor: r.amountMinor,
      currency: r.currency,
      status: r.status,
      href: `/representments/${r.id}`,
      match: m(r),
    });
  }
  const refunds = Array.isArray(t.refunds) ? (t.refunds as StoredRefund[]) : [];
  refunds.forEach((r, i) => {
    const at = typeof r?.at === "string" && !Number.isNaN(Date.parse(r.at)) ? new Date(r.at) : null;
    if (!at) return;
    events.push({
      key: `refund:${i}`,
      at,
      kind: "refund",
      provider: null,
      title: "Refunded",
      amountMinor: typeof r.amountMinor === "number" ? r.amountMinor : null,
      currency: typeof r.currency === "string" ? r.currency : t.currency,
    });
  });
  const order: Record<PaymentEvent["kind"], number> = { authorised: 0, settled: 1, alert: 2, lookup: 2, notice: 2, dispute: 2, outcome: 4, refund: 5 };
  return events.sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.kind] - order[b.kind] || a.key.localeCompare(b.key));
}
