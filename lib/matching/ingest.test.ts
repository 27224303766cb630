/**
 * Matching through the webhook pipeline: records are linked as they are stored, and the
 * Chargebackhit inquiry answer names the payment the lookup was matched to.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { handleWebhook } from "@/lib/ingest/pipeline";
import * as sim from "@/lib/providers/chargebackhit/simulator";
import * as cbs from "@/lib/providers/chargebackstop/simulator";
import { makeOrganisation, makeTransaction, unique } from "@/lib/testing/factories";

const PUBLIC_KEY = "pk_test_matching";
const SECRET_KEY = "sk_test_matching_secret";

describe("matching on ingest", () => {
  it("links the stored lookup and answers the inquiry with that payment (ARN + card, no order id sent)", async () => {
    const org = await makeOrganisation();
    const connection = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, provider: "chargebackhit", publicKey: PUBLIC_KEY, secrets: { secret_key: SECRET_KEY } }, { type: "system" });
    const arn = "7" + String(Date.now()).padStart(22, "0");
    const payment = await makeTransaction(org.id, { merchantReference: unique("order"), arn, cardLast4: "4321", amountMinor: 4999, currency: "USD", authorisedAt: new Date("2026-01-10T08:00:00Z") });
    // a recycled ARN on another card
    await makeTransaction(org.id, { arn, cardLast4: "9999", amountMinor: 4999, currency: "USD", authorisedAt: new Date("2026-01-10T08:00:00Z") });
    const payload = sim.inquiry({ transaction: { transaction_merchant_id: null, transaction_id: null, arn, last_four: "4321", amount: "49.99", currency: "USD", date: "2026-01-10T08:00:00Z" } });
    const signed = sim.signedRequest({ body: sim.serialize(payload), publicKey: PUBLIC_KEY, secretKey: SECRET_KEY });
    const response = await handleWebhook(new Request("http://localhost/x", { method: "POST", headers: signed.headers, body: signed.body }), { provider: "chargebackhit", connectionId: connection.id });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "acknowledged", order: { order_id: payment.merchantReference } });
    expect(await db.lookup.findFirstOrThrow({ where: { provider: "chargebackhit", externalId: payload.alert.id } })).toMatchObject({ transactionId: payment.id, matchRule: "ARN_CARD" });
  });

  it("links a ChargebackStop alert as it is stored (the node-postgres path) and keeps the link through updates", async () => {
    const org = await makeOrganisation();
    const secret = "whsec_matching_on_ingest";
    const connection = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, provider: "chargebackstop", secrets: { webhook_secret: secret } }, { type: "system" });
    const created = cbs.alertCreated({ cardLast4: "4242" });
    const arn = String(created.data.object.transaction_acquirer_reference_number);
    const payment = await makeTransaction(org.id, { arn, cardLast4: "4242", amountMinor: 6606, currency: "USD", authorisedAt: new Date(String(created.data.object.transaction_authorised_at)) });
    const deliver = async (payload: cbs.SimPayload) => {
      const signed = cbs.signedRequest({ body: cbs.serialize(payload), secret });
      const response = await handleWebhook(new Request("http://localhost/x", { method: "POST", headers: signed.headers, body: signed.body }), { provider: "chargebackstop", connectionId: connection.id });
      expect(response.status).toBe(200);
    };
    await deliver(created);
    const stored = () => db.alert.findFirstOrThrow({ where: { provider: "chargebackstop", externalId: String(created.data.object.id) } });
    expect(await stored()).toMatchObject({ transactionId: payment.id, matchRule: "ARN_CARD" });
    await deliver(cbs.alertUpdated(created, { note: "looked at" }));
    expect(await stored()).toMatchObject({ transactionId: payment.id, matchRule: "ARN_CARD", note: "looked at" });
  });
});
