/**
 * Matching a provider record (alert, lookup, scheme notice, representment) to the merchant's
 * payment: the pure part. No database, no clock: the same facts always give the same answer.
 *
 * Rules, strongest first (shared/providers/chargebackhit.md §5):
 *   1. NETWORK_ID      the network transaction id, after stripping a date our data may carry
 *                      around it ("20240110-123456789012345", "123456789012345_2024-01-10").
 *   2. ARN_CARD        ARN + card last 4 (ARNs are recycled: only the pair identifies a payment).
 *   3. AUTH_CODE_CARD  auth code + card last 4, authorised within ±2 days of the record's date.
 *   4. AMOUNT_DATE_DESCRIPTOR  same amount and currency, within ±2 days, same descriptor: all three.
 *
 * Vetoes (no rule can match): both currencies known and different; for rules 2–4, both card
 * last 4 known and different; for rule 4, any other known identifier that disagrees.
 *
 * Confidence (0–100), what a person can expect of the match:
 *   NETWORK_ID 98 · ARN_CARD 95 · AUTH_CODE_CARD 88 (−8 when more than a day apart) ·
 *   AMOUNT_DATE_DESCRIPTOR 62 (−10 when more than a day apart).
 *   Penalties: a partial amount (record < payment, same currency) −15; a record amount above the
 *   payment's −30; for NETWORK_ID a conflicting card last 4 −30; a record matched by ARN that
 *   carries no card at all (representments) −20 and only when the amount agrees.
 *   Auto-matching keeps matches of 50 and more; MANUAL matches are 100.
 */
export type MatchRule = "NETWORK_ID" | "ARN_CARD" | "AUTH_CODE_CARD" | "AMOUNT_DATE_DESCRIPTOR";
export const MATCH_RULES: readonly MatchRule[] = ["NETWORK_ID", "ARN_CARD", "AUTH_CODE_CARD", "AMOUNT_DATE_DESCRIPTOR"];

/** What a provider record says about the payment it concerns. */
export type RecordFacts = {
  networkTransactionId: string | null;
  arn: string | null;
  cardLast4: string | null;
  authCode: string | null;
  amountMinor: number | null;
  currency: string | null;
  /** when the payment was authorised, as the record says */
  at: Date | null;
  descriptor: string | null;
};

/** What we know about one of the merchant's payments. */
export type PaymentFacts = {
  id: string;
  networkTransactionId: string | null;
  arn: string | null;
  cardLast4: string | null;
  authCode: string | null;
  amountMinor: number;
  currency: string;
  authorisedAt: Date;
  descriptor: string | null;
};

export type MatchScore = { rule: MatchRule; confidence: number };

export const DAY_MS = 86_400_000;
/** the date window of rules 3 and 4 */
export const WINDOW_MS = 2 * DAY_MS;
/** below this, an automatic match is not recorded */
export const MIN_CONFIDENCE = 50;

const BASE: Record<MatchRule, number> = { NETWORK_ID: 98, ARN_CARD: 95, AUTH_CODE_CARD: 88, AMOUNT_DATE_DESCRIPTOR: 62 };

const clean = (value: string | null | undefined): string | null => {
  if (typeof value !== "string") return null;
  const t = value.trim();
  return t ? t : null;
};

// YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD, YYMMDD: a date our systems put before or after the id,
// always with a separator (a bare run of digits could be part of the id itself).
const DATE = String.raw`(?:(?:19|20)\d{2}[-/.]?(?:0[1-9]|1[0-2])[-/.]?(?:0[1-9]|[12]\d|3[01])|\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?:T[0-9:.]+Z?)?`;
const DATE_PREFIX = new RegExp(`^${DATE}[\\s_:|#-]+`, "i");
const DATE_SUFFIX = new RegExp(`[\\s_:|#-]+${DATE}$`, "i");

/**
 * The network transaction id as given, without a date prefix or suffix our systems add
 * ("20240110-123456789012345" → "123456789012345"), trimmed; case kept. Used when storing.
 */
export function stripNetworkIdDate(value: string | null | undefined): string | null {
  let t: string = clean(value) ?? "";
  if (!t) return null;
  for (let i = 0; i < 2; i++) {
    const before: string = t;
    t = t.replace(DATE_PREFIX, "").replace(DATE_SUFFIX, "").trim();
    if (t === before) break;
  }
  return t || null;
}

/** The comparable form: date stripped, spaces removed, upper case; null when under 6 characters. */
export function normaliseNetworkId(value: string | null | undefined): string | null {
  const t = stripNetworkIdDate(value)?.replace(/\s+/g, "").toUpperCase();
  return t && t.length >= 6 ? t : null;
}

/** ARNs and auth codes compare without spaces, case-insensitively. */
export function normaliseIdentifier(value: string | null | undefined): string | null {
  const t = clean(value)?.replace(/\s+/g, "").toUpperCase();
  return t ? t : null;
}

/** The last four digits of a card number, masked PAN or last-4 field. */
export function normaliseLast4(value: string | null | undefined): string | null {
  const digits = clean(value)?.replace(/\D/g, "");
  return digits && digits.length >= 4 ? digits.slice(-4) : null;
}

/** Descriptors compare on letters and digits only ("MYSTORE*PURCHASE" ~ "mystore purchase"). */
export function normaliseDescriptor(value: string | null | undefined): string | null {
  const t = clean(value)?.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return t && t.length >= 3 ? t : null;
}

/** Same descriptor, or one contains the other (acquirers shorten or prefix descriptors). */
export function descriptorsAgree(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normaliseDescriptor(a);
  const y = normaliseDescriptor(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 5 && long.includes(short);
}

const upper = (v: string | null | undefined) => clean(v)?.toUpperCase() ?? null;

/** Both known and different. */
function disagree(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a !== b;
}

/**
 * The strongest rule under which `record` and `payment` are the same payment, with its
 * confidence; null when no rule holds or a veto applies.
 */
export function scoreMatch(record: RecordFacts, payment: PaymentFacts): MatchScore | null {
  const recordCurrency = upper(record.currency);
  const paymentCurrency = upper(payment.currency);
  if (disagree(recordCurrency, paymentCurrency)) return null;

  const nid = { r: normaliseNetworkId(record.networkTransactionId), p: normaliseNetworkId(payment.networkTransactionId) };
  const arn = { r: normaliseIdentifier(record.arn), p: normaliseIdentifier(payment.arn) };
  const auth = { r: normaliseIdentifier(record.authCode), p: normaliseIdentifier(payment.authCode) };
  const card = { r: normaliseLast4(record.cardLast4), p: normaliseLast4(payment.cardLast4) };
  const apart = record.at ? Math.abs(record.at.getTime() - payment.authorisedAt.getTime()) : null;

  // amount: equal, partial (record below the payment: a partial dispute or refund request), above
  const amountKnown = record.amountMinor !== null && recordCurrency !== null;
  const amount: "equal" | "partial" | "above" | "unknown" = !amountKnown
    ? "unknown"
    : record.amountMinor === payment.amountMinor
      ? "equal"
      : record.amountMinor! < payment.amountMinor
        ? "partial"
        : "above";
  const amountPenalty = amount === "partial" ? 15 : amount === "above" ? 30 : 0;

  const finish = (rule: MatchRule, confidence: number): MatchScore | null => {
    const value = Math.max(0, Math.min(100, Math.round(confidence)));
    return value >= MIN_CONFIDENCE ? { rule, confidence: value } : null;
  };

  if (nid.r && nid.p && nid.r === nid.p) {
    return finish("NETWORK_ID", BASE.NETWORK_ID - amountPenalty - (disagree(card.r, card.p) ? 30 : 0));
  }
  // beyond the network id, a different card is a different payment
  if (disagree(card.r, card.p)) return null;

  if (arn.r && arn.p && arn.r === arn.p) {
    if (card.r && card.p) return finish("ARN_CARD", BASE.ARN_CARD - amountPenalty);
    // the record carries no card (representments): the ARN alone, only with an agreeing amount
    if (!card.r && amount === "equal") return finish("ARN_CARD", BASE.ARN_CARD - 20);
  }

  if (auth.r && auth.p && auth.r === auth.p && card.r && card.p && apart !== null && apart <= WINDOW_MS) {
    return finish("AUTH_CODE_CARD", BASE.AUTH_CODE_CARD - amountPenalty - (apart > DAY_MS ? 8 : 0));
  }

  // the weak rule: all three facts, and nothing known that contradicts
  if (
    amount === "equal" &&
    apart !== null &&
    apart <= WINDOW_MS &&
    descriptorsAgree(record.descriptor, payment.descriptor) &&
    !disagree(nid.r, nid.p) &&
    !disagree(arn.r, arn.p) &&
    !disagree(auth.r, auth.p)
  ) {
    return finish("AMOUNT_DATE_DESCRIPTOR", BASE.AMOUNT_DATE_DESCRIPTOR - (apart > DAY_MS ? 10 : 0));
  }
  return null;
}

export type BestMatch = MatchScore & { paymentId: string };

const RANK: Record<MatchRule, number> = { NETWORK_ID: 4, ARN_CARD: 3, AUTH_CODE_CARD: 2, AMOUNT_DATE_DESCRIPTOR: 1 };

/**
 * The best payment among candidates: the strongest rule, then the highest confidence, then the
 * closest authorisation time. Two candidates that cannot be told apart (same rule, confidence
 * and distance) are ambiguous: under the weak rule that means no match; under the identifier
 * rules (a duplicated import row) the earliest-authorised wins, with confidence lowered by 20.
 */
export function pickBest(record: RecordFacts, payments: readonly PaymentFacts[]): BestMatch | null {
  const scored: { payment: PaymentFacts; score: MatchScore; distance: number }[] = [];
  const seen = new Set<string>();
  for (const payment of payments) {
    if (seen.has(payment.id)) continue;
    seen.add(payment.id);
    const score = scoreMatch(record, payment);
    if (!score) continue;
    const distance = record.at ? Math.abs(record.at.getTime() - payment.authorisedAt.getTime()) : 0;
    scored.push({ payment, score, distance });
  }
  if (scored.length === 0) return null;
  scored.sort(
    (a, b) =>
      RANK[b.score.rule] - RANK[a.score.rule] ||
      b.score.confidence - a.score.confidence ||
      a.distance - b.distance ||
      a.payment.authorisedAt.getTime() - b.payment.authorisedAt.getTime() ||
      (a.payment.id < b.payment.id ? -1 : 1),
  );
  const [best, second] = scored;
  const tie = second && second.score.rule === best!.score.rule && second.score.confidence === best!.score.confidence && second.distance === best!.distance;
  if (!tie) return { ...best!.score, paymentId: best!.payment.id };
  if (best!.score.rule === "AMOUNT_DATE_DESCRIPTOR") return null;
  const confidence = best!.score.confidence - 20;
  return confidence >= MIN_CONFIDENCE ? { rule: best!.score.rule, confidence, paymentId: best!.payment.id } : null;
}
