/**
 * Chargebackhit through the real pipeline: the HTTP response body is the merchant's answer,
 * computed from data already in Postgres, stored with the delivery and repeated byte for byte.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import * as sim from "@/lib/providers/chargebackhit/simulator";
import { makeOrganisation, makeTransaction, unique } from "@/lib/testing/factories";
import { handleWebhook } from "./pipeline";

const PUBLIC_KEY = "pk_test_recourse";
const SECRET_KEY = "sk_test_recourse_secret";

async function setup() {
  const org = await makeOrganisation();
  const connection = await createConnection(
    SYSTEM_SCOPE,
    { organisationId: org.id, provider: "chargebackhit", publicKey: PUBLIC_KEY, secrets: { secret_key: SECRET_KEY } },
    { type: "system" },
  );
  return { org, connection };
}

async function deliver(connectionId: string, payload: unknown, o: { publicKey?: string; secretKey?: string } = {}) {
  const signed = sim.signedRequest({ body: sim.serialize(payload), publicKey: o.publicKey ?? PUBLIC_KEY, secretKey: o.secretKey ?? SECRET_KEY });
  const response = await handleWebhook(new Request("http://localhost/x", { method: "POST", headers: signed.headers, body: signed.body }), { provider: "chargebackhit", connectionId });
  return { status: response.status, body: await response.text() };
}

describe("Chargebackhit synchronous answers", () => {
  it("answers init-refund with pending, stores an action-required alert due in 24 h, and repeats the same bytes", async () => {
    const { org, connection } = await setup();
    const payload = sim.initRefund({ product: "ethoca", provider: "ethoca", amount: "66.06", currency: "USD", date: "2026-03-01T10:00:00Z" });
    const first = await deliver(connection.id, payload);
    expect(first).toEqual({ status: 200, body: '{"outcome":"pending"}' });
    const alert = await db.alert.findFirstOrThrow({ where: { provider: "chargebackhit", externalId: payload.alert.id } });
    expect(alert).toMatchObject({ organisationId: org.id, status: "ACTION_REQUIRED", kind: "ETHOCA", amountMinor: 6606, currency: "USD", providerStatus: "init-refund" });
    expect(alert.deadlineAt?.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    const again = await deliver(connection.id, payload);
    expect(again).toEqual(first);
    const [event] = await db.webhookEvent.findMany({ where: { connectionId: connection.id } });
    expect(event).toMatchObject({ attempts: 2, responseBody: '{"outcome":"pending"}', externalEventId: `${payload.alert.id}:init-refund` });
  });

  it("gives CDRN alerts 72 hours", async () => {
    const { connection } = await setup();
    const payload = sim.initRefund({ product: "cdrn", provider: "verifi", date: "2026-03-01T10:00:00Z" });
    await deliver(connection.id, payload);
    const alert = await db.alert.findFirstOrThrow({ where: { provider: "chargebackhit", externalId: payload.alert.id } });
    expect(alert.kind).toBe("CDRN");
    expect(alert.deadlineAt?.toISOString()).toBe("2026-03-04T10:00:00.000Z");
  });

  it("answers an inquiry with the matched transaction's order, customer and products", async () => {
    const { org, connection } = await setup();
    const reference = unique("order");
    await makeTransaction(org.id, {
      merchantReference: reference,
      amountMinor: 4999,
      currency: "USD",
      cardLast4: "1234",
      customer: { customer_id: "cust-1", first_name: "Jane", last_name: "Doe", email: "jane@example.com", password: "never-sent" },
      products: [{ name: "Wireless Headphones", sku: "WH-001", quantity: 1 }],
    });
    const payload = sim.inquiry({ transaction: { transaction_merchant_id: reference, last_four: "1234" } });
    const answer = JSON.parse((await deliver(connection.id, payload)).body);
    expect(answer).toMatchObject({
      outcome: "acknowledged",
      order: { order_id: reference, amount: "49.99", currency: "USD" },
      customer: { customer_id: "cust-1", first_name: "Jane", email: "jane@example.com" },
      products: [{ name: "Wireless Headphones", sku: "WH-001", quantity: "1" }],
    });
    expect(JSON.stringify(answer)).not.toContain("never-sent");
    expect(await db.lookup.count({ where: { provider: "chargebackhit", externalId: payload.alert.id } })).toBe(1);
  });

  it("answers an inquiry without a match, and every other type, with acknowledged", async () => {
    const { connection } = await setup();
    const inquiry = sim.inquiry({ transaction: { transaction_merchant_id: unique("nothing") } });
    expect(JSON.parse((await deliver(connection.id, inquiry)).body)).toEqual({ outcome: "acknowledged" });
    for (const payload of [sim.resolved(), sim.prevented(), sim.fraudNotification(), sim.disputeNotification()]) {
      expect(JSON.parse((await deliver(connection.id, payload)).body)).toEqual({ outcome: "acknowledged" });
    }
    const ids = (await db.webhookEvent.findMany({ where: { connectionId: connection.id }, select: { subjectType: true } })).map((e) => e.subjectType).sort();
    expect(ids).toEqual(["Alert", "Lookup", "Lookup", "Representment", "SchemeNotice"]);
  });

  it("refuses a wrong public_key header or secret with 401 and no answer", async () => {
    const { connection } = await setup();
    const payload = sim.initRefund();
    const wrongKey = await deliver(connection.id, payload, { publicKey: "pk_someone_else" });
    const wrongSecret = await deliver(connection.id, payload, { secretKey: "sk_someone_else_secret" });
    for (const r of [wrongKey, wrongSecret]) {
      expect(r.status).toBe(401);
      expect(r.body).not.toContain("outcome");
    }
    expect(await db.webhookEvent.count({ where: { connectionId: connection.id } })).toBe(0);
  });
});
