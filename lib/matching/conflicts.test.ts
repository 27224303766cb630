import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeAlert, makeOrganisation, makeRepresentment, makeTransaction } from "@/lib/testing/factories";
import { refundConflicts } from "./conflicts";

async function setup(payment: Parameters<typeof makeTransaction>[1] = {}) {
  const org = await makeOrganisation();
  const transaction = await makeTransaction(org.id, { amountMinor: 4999, currency: "USD", ...payment });
  const alert = await makeAlert(org.id, { transactionId: transaction.id, matchRule: "ARN_CARD", matchConfidence: 95 });
  return { org, transaction, alert };
}

describe("refundConflicts", () => {
  it("nothing for an unmatched alert or a clean payment", async () => {
    const org = await makeOrganisation();
    const unmatched = await makeAlert(org.id);
    expect(await refundConflicts(db, unmatched.id)).toEqual([]);
    const { alert } = await setup({ refundStatus: "NONE" });
    expect(await refundConflicts(db, alert.id)).toEqual([]);
    expect(await refundConflicts(db, randomUUID())).toEqual([]);
  });

  it("an open or under-review chargeback, and a lost one", async () => {
    const { org, transaction, alert } = await setup();
    const open = await makeRepresentment(org.id, { transactionId: transaction.id, status: "UNDER_REVIEW", amountMinor: 4999 });
    const lost = await makeRepresentment(org.id, { transactionId: transaction.id, status: "LOST" });
    await makeRepresentment(org.id, { transactionId: transaction.id, status: "WON" });
    const conflicts = await refundConflicts(db, alert.id);
    expect(conflicts).toEqual([
      { kind: "representment_open", message: "A chargeback of 49.99 USD on this payment is under review: a refund now could pay the cardholder twice.", href: `/representments/${open.id}` },
      { kind: "representment_lost", message: expect.stringContaining("was lost"), href: `/representments/${lost.id}` },
    ]);
  });

  it("a resolved RDR alert on the same payment", async () => {
    const { org, transaction, alert } = await setup();
    const rdr = await makeAlert(org.id, { transactionId: transaction.id, kind: "RDR", status: "RESOLVED", provider: "chargebackhit", decidedAt: new Date("2026-03-01T10:00:00Z") });
    await makeAlert(org.id, { transactionId: transaction.id, kind: "RDR", status: "INVALID" });
    expect(await refundConflicts(db, alert.id)).toEqual([{ kind: "rdr_resolved", message: expect.stringMatching(/^A Verifi RDR alert already refunded this payment on /), href: `/alerts/${rdr.id}` }]);
  });

  it("a refund recorded on the payment (status or refunds)", async () => {
    const byStatus = await setup({ refundStatus: "REFUNDED" });
    expect(await refundConflicts(db, byStatus.alert.id)).toEqual([
      { kind: "transaction_refunded", message: `The payment ${byStatus.transaction.merchantReference} already shows a refund (refund status: refunded).`, href: `/transactions/${byStatus.transaction.id}` },
    ]);
    const byList = await setup({ refunds: [{ amountMinor: 1000, currency: "USD", at: "2026-03-02T00:00:00.000Z" }] });
    const [conflict] = await refundConflicts(db, byList.alert.id);
    expect(conflict).toMatchObject({ kind: "transaction_refunded", href: `/transactions/${byList.transaction.id}` });
    expect(conflict!.message).toContain("10.00 USD on");
  });

  it("an earlier succeeded refunding outcome on another alert of the payment (not failed ones, not this alert)", async () => {
    const { org, transaction, alert } = await setup();
    const other = await makeAlert(org.id, { transactionId: transaction.id, status: "RESOLVED" });
    const submit = (alertId: string, outcome: string, status: "SUCCEEDED" | "FAILED") =>
      db.outcomeSubmission.create({ data: { alertId, organisationId: org.id, outcome, payload: {}, status, idempotencyKey: randomUUID(), completedAt: new Date() } });
    await submit(other.id, "REFUND_AND_CANCEL", "SUCCEEDED");
    await submit(other.id, "reversed", "FAILED");
    await submit(other.id, "CANCEL", "SUCCEEDED");
    await submit(alert.id, "REFUND", "SUCCEEDED");
    expect(await refundConflicts(db, alert.id)).toEqual([
      { kind: "outcome_refunded", message: expect.stringContaining('A refund ("REFUND_AND_CANCEL") was already sent for another alert'), href: `/alerts/${other.id}` },
    ]);
  });
});
