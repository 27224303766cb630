/**
 * Sample bodies. `sampleInitRefund` is the `SchemaWebhookAlert` example of the digest
 * (shared/providers/chargebackhit.md §3.2, from third-party integration notes: the official page,
 * seed 001, collapses its samples) with the truncated UUIDs completed; the other types are OURS,
 * the same body with the type, product and provider each type documents (§3.3).
 */

export const SAMPLE_PUBLIC_KEY = "pk_test_7d1f3a9c2b";
export const SAMPLE_SECRET_KEY = "sk_test_41c8e0b6f5";

export const sampleInitRefund = {
  alert: {
    id: "a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    card_acceptor_id: "123456789012",
    date: "2024-01-15T10:30:00Z",
    provider: "ethoca",
    product: "ethoca",
    type: "init-refund",
    outcome: "",
    acquirer_bin: "411111",
    amount: "49.99",
    currency: "USD",
    mcc: "5732",
    descriptor: "MYSTORE*PURCHASE",
    reason_group: "fraud",
    reason_code: "10.4",
  },
  transaction: {
    transaction_merchant_id: "order-12345",
    transaction_id: "visa-tid-abc",
    date: "2024-01-10T08:00:00Z",
    amount: "49.99",
    currency: "USD",
    type: "sale",
    card_brand: "visa",
    bin: "411111",
    last_four: "1234",
    auth_code: "A12345",
    arn: "74012345678901234567890",
  },
  merchant: {
    id: "497f6eca-6276-4993-bfeb-53cbbbba6f08",
    internal_id: "mid_QWE12345",
    descriptor: "mystore.com",
    name: "[MyStore][Purchase]",
  },
};

type Sample = typeof sampleInitRefund;

function variant(id: string, type: string, provider: string, product: string, alert: Partial<Sample["alert"]> = {}): Sample {
  const copy = structuredClone(sampleInitRefund);
  return { ...copy, alert: { ...copy.alert, id, type, provider, product, ...alert } };
}

export const sampleCdrnInitRefund = variant("c0d1e2f3-0000-4000-8000-000000000001", "init-refund", "verifi", "cdrn");
export const sampleResolved = variant("c0d1e2f3-0000-4000-8000-000000000002", "resolved", "verifi", "rdr", { outcome: "" });
export const sampleInquiry = variant("c0d1e2f3-0000-4000-8000-000000000003", "inquiry", "verifi", "oi", { reason_group: "", reason_code: "" });
export const samplePrevented = variant("c0d1e2f3-0000-4000-8000-000000000004", "prevented", "verifi", "oi");
export const sampleFraudNotification = variant("c0d1e2f3-0000-4000-8000-000000000005", "fraud-notification", "verifi", "visa-fraud", { reason_code: "6" });
export const sampleDisputeNotification = variant("c0d1e2f3-0000-4000-8000-000000000006", "dispute-notification", "verifi", "visa-dispute", {
  reason_group: "consumer-dispute",
  reason_code: "13.1",
});

/** One sample per documented type (Ethoca init-refund first). */
export const ALL_SAMPLES = [sampleInitRefund, sampleResolved, sampleInquiry, samplePrevented, sampleFraudNotification, sampleDisputeNotification];
