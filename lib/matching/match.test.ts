/**
 * Matching on the real database with adversarial data: recycled ARNs, the same amount and card
 * on different days, partial amounts, other currencies, other organisations, confirmed matches.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { makeAlert, makeLookup, makeOrganisation, makeRepresentment, makeSchemeNotice, makeTransaction, makeUser, unique } from "@/lib/testing/factories";
import { changeMatch, clearMatch, confirmMatch } from "./commands";
import { matchAfterImport, matchRecord } from "./match";

const DAY = 86_400_000;
const T0 = new Date("2026-02-10T12:00:00Z");
const arn = () => "7" + String(Math.floor(Math.random() * 1e15)).padStart(15, "0") + "1234567";

describe("matchRecord", () => {
  it("ARN + card: the recycled ARN on another card loses to the right pair", async () => {
    const org = await makeOrganisation();
    const shared = arn();
    const otherCard = await makeTransaction(org.id, { arn: shared, cardLast4: "9999", authorisedAt: T0 });
    const right = await makeTransaction(org.id, { arn: shared, cardLast4: "1234", authorisedAt: new Date(T0.getTime() - 400 * DAY) });
    const alert = await makeAlert(org.id, { arn: shared, cardLast4: "1234", amountMinor: 6606, authorisedAt: T0 });
    const result = await matchRecord(db, { type: "Alert", id: alert.id });
    expect(result).toMatchObject({ status: "matched", transactionId: right.id, rule: "ARN_CARD", confidence: 95 });
    expect(result).not.toMatchObject({ transactionId: otherCard.id });
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ transactionId: right.id, matchRule: "ARN_CARD", matchConfidence: 95, matchConfirmed: false });
  });

  it("same amount and card on different days: auth code within ±2 days picks the right day, a lone far one is no match", async () => {
    const org = await makeOrganisation();
    const before = await makeTransaction(org.id, { authCode: "A77777", cardLast4: "4242", authorisedAt: new Date(T0.getTime() - 5 * DAY) });
    const sameDay = await makeTransaction(org.id, { authCode: "A77777", cardLast4: "4242", authorisedAt: new Date(T0.getTime() + 3 * 3600_000) });
    const alert = await makeAlert(org.id, { authCode: "a77777", cardLast4: "4242", authorisedAt: T0 });
    expect(await matchRecord(db, { type: "Alert", id: alert.id })).toMatchObject({ transactionId: sameDay.id, rule: "AUTH_CODE_CARD" });
    const far = await makeAlert(org.id, { authCode: "A77777", cardLast4: "4242", authorisedAt: new Date(T0.getTime() - 10 * DAY) });
    expect(await matchRecord(db, { type: "Alert", id: far.id })).toEqual({ status: "unmatched" });
    expect(before.id).not.toBe(sameDay.id);
  });

  it("a partial amount matches on a strong rule with lower confidence; another currency never matches", async () => {
    const org = await makeOrganisation();
    const key = arn();
    const payment = await makeTransaction(org.id, { arn: key, cardLast4: "5555", amountMinor: 10_000, currency: "USD", authorisedAt: T0 });
    const partial = await makeAlert(org.id, { arn: key, cardLast4: "5555", amountMinor: 2_500, currency: "USD", authorisedAt: T0 });
    expect(await matchRecord(db, { type: "Alert", id: partial.id })).toMatchObject({ transactionId: payment.id, rule: "ARN_CARD", confidence: 80 });
    const euro = await makeAlert(org.id, { arn: key, cardLast4: "5555", amountMinor: 10_000, currency: "EUR", authorisedAt: T0 });
    expect(await matchRecord(db, { type: "Alert", id: euro.id })).toEqual({ status: "unmatched" });
  });

  it("network id with a date suffix on our side; never another organisation's payment", async () => {
    const [org, other] = [await makeOrganisation(), await makeOrganisation()];
    const nid = String(Math.floor(Math.random() * 1e15)).padStart(15, "1");
    await makeTransaction(other.id, { networkTransactionId: nid, authorisedAt: T0 });
    const lookup = await makeLookup(org.id, { networkTransactionId: nid, transactionAt: T0 });
    expect(await matchRecord(db, { type: "Lookup", id: lookup.id })).toEqual({ status: "unmatched" });
    const mine = await makeTransaction(org.id, { networkTransactionId: `${nid}_2026-02-10`, authorisedAt: T0 });
    expect(await matchRecord(db, { type: "Lookup", id: lookup.id })).toMatchObject({ transactionId: mine.id, rule: "NETWORK_ID", confidence: 98 });
  });

  it("weak rule for notices; representments by ARN with the transaction amount", async () => {
    const org = await makeOrganisation();
    const descriptor = unique("SHOP").toUpperCase();
    const payment = await makeTransaction(org.id, { amountMinor: 1234, currency: "GBP", descriptor, authorisedAt: T0, arn: arn(), cardLast4: "1111" });
    const notice = await makeSchemeNotice(org.id, { amountMinor: 1234, currency: "GBP", merchantName: descriptor, purchasedAt: new Date(T0.getTime() + DAY) });
    expect(await matchRecord(db, { type: "SchemeNotice", id: notice.id })).toMatchObject({ transactionId: payment.id, rule: "AMOUNT_DATE_DESCRIPTOR", confidence: 62 });
    const rep = await makeRepresentment(org.id, { arn: payment.arn, amountMinor: 500, currency: "GBP", transactionAmountMinor: 1234, transactionCurrency: "GBP" });
    expect(await matchRecord(db, { type: "Representment", id: rep.id })).toMatchObject({ transactionId: payment.id, rule: "ARN_CARD", confidence: 75 });
  });

  it("never overrides a confirmed match, nor a confirmed 'no payment'", async () => {
    const org = await makeOrganisation();
    const user = await makeUser({ memberships: [{ organisationId: org.id, role: "AGENT" }] });
    const actor = { type: "user" as const, id: user.id, email: user.email };
    const key = arn();
    const auto = await makeTransaction(org.id, { arn: key, cardLast4: "3333", authorisedAt: T0 });
    const chosen = await makeTransaction(org.id, { authorisedAt: T0 });
    const alert = await makeAlert(org.id, { arn: key, cardLast4: "3333", authorisedAt: T0 });
    await changeMatch({ kind: "orgs", organisationIds: [org.id] }, { type: "Alert", id: alert.id }, chosen.merchantReference, actor);
    expect(await matchRecord(db, { type: "Alert", id: alert.id })).toEqual({ status: "kept", transactionId: chosen.id, reason: "confirmed" });
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ transactionId: chosen.id, matchRule: "MANUAL", matchConfidence: 100, matchConfirmed: true });

    await clearMatch({ kind: "orgs", organisationIds: [org.id] }, { type: "Alert", id: alert.id }, actor);
    await matchAfterImport(db, org.id, [auto.id]);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ transactionId: null, matchConfirmed: true });
    const audit = await db.auditLog.findMany({ where: { targetId: alert.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    expect(audit.map((a) => a.action)).toEqual(["match.change", "match.clear"]);
    expect(audit[1]).toMatchObject({ before: { transactionId: chosen.id, matchRule: "MANUAL" }, after: { transactionId: null } });
  });
});

describe("match commands", () => {
  it("confirm keeps the automatic rule; another organisation's agent gets 404 and cannot link foreign payments", async () => {
    const [org, other] = [await makeOrganisation(), await makeOrganisation()];
    const actor = { type: "system" as const };
    const key = arn();
    const payment = await makeTransaction(org.id, { arn: key, cardLast4: "8888", authorisedAt: T0 });
    const foreign = await makeTransaction(other.id, { authorisedAt: T0 });
    const alert = await makeAlert(org.id, { arn: key, cardLast4: "8888", authorisedAt: T0 });
    await matchRecord(db, { type: "Alert", id: alert.id });
    await expect(confirmMatch({ kind: "orgs", organisationIds: [other.id] }, { type: "Alert", id: alert.id }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(changeMatch(SYSTEM_SCOPE, { type: "Alert", id: alert.id }, foreign.id, actor)).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await confirmMatch({ kind: "orgs", organisationIds: [org.id] }, { type: "Alert", id: alert.id }, actor)).toMatchObject({ transactionId: payment.id, matchRule: "ARN_CARD", matchConfirmed: true });
  });
});

describe("matchAfterImport", () => {
  it("links unmatched records that the new payments explain, and leaves confirmed ones", async () => {
    const org = await makeOrganisation();
    const key = arn();
    const alert = await makeAlert(org.id, { arn: key, cardLast4: "6060", authorisedAt: T0 });
    const confirmedEmpty = await makeAlert(org.id, { arn: key, cardLast4: "6060", authorisedAt: T0, matchConfirmed: true });
    expect(await matchRecord(db, { type: "Alert", id: alert.id })).toEqual({ status: "unmatched" });
    const payment = await makeTransaction(org.id, { arn: key, cardLast4: "6060", authorisedAt: T0 });
    expect(await matchAfterImport(db, org.id, [payment.id])).toBe(1);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).transactionId).toBe(payment.id);
    expect((await db.alert.findUniqueOrThrow({ where: { id: confirmedEmpty.id } })).transactionId).toBeNull();
  });
});
