/**
 * Automatic decisions through the real pipeline and Postgres: Chargebackhit's synchronous answer
 * follows the rules within its budget; ChargebackStop alerts are answered through the outbox,
 * exactly once; the double-refund guard is never overridden by a rule.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { handleWebhook } from "@/lib/ingest/pipeline";
import { alertArrived } from "./alerts";
import { sendOutcome } from "./outcomes";
import * as cbh from "@/lib/providers/chargebackhit/simulator";
import { createChargebackStopFakeApi } from "@/lib/providers/chargebackstop/fake-api";
import { createOutcomes } from "@/lib/providers/chargebackstop/outcomes";
import * as cbs from "@/lib/providers/chargebackstop/simulator";
import { makeMerchant, makeOrganisation, makeTransaction, unique } from "@/lib/testing/factories";
import { ALERT_ARRIVED_TASK } from "@/lib/domain/rules/automatic";
import { createRule, moveRule } from "@/lib/domain/rules/commands";
import { RESPONSE_BUDGET_MS } from "@/lib/domain/rules/in-response";
import { testRule } from "@/lib/domain/rules/queries";

const admin = { type: "system" as const, label: "test" };
const PUBLIC_KEY = "pk_rules_test";
const SECRET_KEY = "sk_rules_test_secret";

async function chargebackhitOrg() {
  const org = await makeOrganisation();
  const connection = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, provider: "chargebackhit", publicKey: PUBLIC_KEY, secrets: { secret_key: SECRET_KEY } }, admin);
  const deliver = async (payload: unknown, options: { beforeDecide?: () => Promise<void> } = {}) => {
    const signed = cbh.signedRequest({ body: cbh.serialize(payload), publicKey: PUBLIC_KEY, secretKey: SECRET_KEY });
    const response = await handleWebhook(
      new Request("http://localhost/x", { method: "POST", headers: signed.headers, body: signed.body }),
      { provider: "chargebackhit", connectionId: connection.id },
      { beforeDecide: options.beforeDecide },
    );
    return { status: response.status, body: JSON.parse(await response.text()) as Record<string, unknown> };
  };
  return { org, connection, deliver };
}

const rule = (organisationId: string, over: Record<string, unknown>) =>
  createRule(SYSTEM_SCOPE, { organisationId, name: unique("rule"), outcome: "refund", providers: [], kinds: [], currencies: [], schemes: [], ...over } as never, admin);

describe("Chargebackhit's synchronous answer follows the rules", () => {
  it("a matching refund rule answers reversed with the order and refund, resolves the alert and names the rule", async () => {
    const t = await chargebackhitOrg();
    const small = await rule(t.org.id, { name: "Refund small Ethoca", kinds: ["ETHOCA"], amountMax: "100", currencies: ["USD"] });
    const payload = cbh.initRefund({ amount: "49.99", currency: "USD", transaction: { transaction_merchant_id: "order-777" } });
    const answer = await t.deliver(payload);
    expect(answer).toEqual({ status: 200, body: { outcome: "reversed", order: { order_id: "order-777", refund: { amount: "49.99", currency: "USD" } } } });

    const alert = await db.alert.findFirstOrThrow({ where: { connectionId: t.connection.id, externalId: payload.alert.id } });
    expect(alert).toMatchObject({ status: "RESOLVED", providerOutcome: "reversed" });
    const submissions = await db.outcomeSubmission.findMany({ where: { alertId: alert.id } });
    expect(submissions).toHaveLength(1);
    expect(submissions[0]).toMatchObject({ status: "SUCCEEDED", outcome: "reversed", ruleId: small.id, requestedById: null });
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: alert.id, action: "outcome.request" } });
    expect(audit).toMatchObject({ actorType: "rule", actorId: small.id, metadata: { actorLabel: "Refund small Ethoca" } });

    // the provider retries: the same answer, nothing decided twice
    expect(await t.deliver(payload)).toEqual(answer);
    expect(await db.outcomeSubmission.count({ where: { alertId: alert.id } })).toBe(1);
    // the follow-up job finds nothing left to do
    await alertArrived(alert.id);
    expect(await db.outcomeSubmission.count({ where: { alertId: alert.id } })).toBe(1);
  });

  it("answers pending when no rule matches, and rules of other organisations never apply", async () => {
    const t = await chargebackhitOrg();
    const other = await makeOrganisation();
    await rule(other.id, {});
    await rule(t.org.id, { amountMax: "10" });
    const payload = cbh.initRefund({ amount: "49.99" });
    expect((await t.deliver(payload)).body).toEqual({ outcome: "pending" });
    const alert = await db.alert.findFirstOrThrow({ where: { connectionId: t.connection.id, externalId: payload.alert.id } });
    expect(alert.status).toBe("ACTION_REQUIRED");
    expect(await db.outcomeSubmission.count({ where: { alertId: alert.id } })).toBe(0);
  });

  it("the first rule in order decides; moving a rule up changes the answer", async () => {
    const t = await chargebackhitOrg();
    await rule(t.org.id, { name: "Visa: no refund", outcome: "no_refund", schemes: ["VISA"] });
    const refundAll = await rule(t.org.id, { name: "Refund all" });
    expect((await t.deliver(cbh.initRefund())).body).toEqual({ outcome: "acknowledged", order: { order_id: expect.any(String) } });
    await moveRule(SYSTEM_SCOPE, refundAll.id, "up", admin);
    expect((await t.deliver(cbh.initRefund())).body).toMatchObject({ outcome: "reversed" });
  });

  it("a rule whose outcome the provider does not offer does not answer, and says why in the audit", async () => {
    const t = await chargebackhitOrg();
    const cancel = await rule(t.org.id, { name: "Cancel subs", outcome: "cancel" });
    const payload = cbh.initRefund();
    expect((await t.deliver(payload)).body).toEqual({ outcome: "pending" });
    const alert = await db.alert.findFirstOrThrow({ where: { connectionId: t.connection.id, externalId: payload.alert.id } });
    const audit = await db.auditLog.findMany({ where: { targetId: alert.id, action: "rule.not_applied" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: cancel.id, after: { reason: expect.stringContaining("Chargebackhit does not accept") } });
    await alertArrived(alert.id);
    expect(await db.auditLog.count({ where: { targetId: alert.id, action: "rule.not_applied" } })).toBe(1);
  });

  it("past the 2-second budget it answers pending at once, and the rule acts through the outbox instead", async () => {
    const t = await chargebackhitOrg();
    const refund = await rule(t.org.id, { name: "Refund everything" });
    const payload = cbh.initRefund();
    // spend the budget before the rules run (a slow database, a long queue of locks, …)
    const answer = await t.deliver(payload, { beforeDecide: () => new Promise((resolve) => setTimeout(resolve, RESPONSE_BUDGET_MS + 100)) });
    expect(answer.body).toEqual({ outcome: "pending" });
    const alert = await db.alert.findFirstOrThrow({ where: { connectionId: t.connection.id, externalId: payload.alert.id } });
    expect(alert.status).toBe("ACTION_REQUIRED");
    expect(await db.outcomeSubmission.count({ where: { alertId: alert.id } })).toBe(0);
    const jobs = await db.$queryRawUnsafe<{ task_identifier: string }[]>("SELECT task_identifier FROM graphile_worker.jobs WHERE key = $1", `alert-arrived:${alert.id}`);
    expect(jobs.map((j) => j.task_identifier)).toEqual([ALERT_ARRIVED_TASK]);
    await alertArrived(alert.id);
    const submission = await db.outcomeSubmission.findFirstOrThrow({ where: { alertId: alert.id } });
    expect(submission).toMatchObject({ status: "QUEUED", outcome: "reversed", ruleId: refund.id });
  });
});

describe("ChargebackStop alerts are answered by rules through the outbox", () => {
  async function setup() {
    const fake = createChargebackStopFakeApi();
    const providerOrg = unique("org");
    const apiKey = `cbs_${unique("key")}`;
    const webhookSecret = `whsec_${unique("s")}`;
    fake.addKey({ apiKey, organisationId: providerOrg });
    const org = await makeOrganisation();
    const connection = await createConnection(
      SYSTEM_SCOPE,
      { organisationId: org.id, provider: "chargebackstop", mode: "TEST", apiBaseUrl: "https://api.cbs.test", secrets: { webhook_secret: webhookSecret, api_key: apiKey } },
      admin,
    );
    const arrive = async () => {
      const payload = cbs.alertCreated({ organisationId: providerOrg, status: "ACTION_REQUIRED", amountMinor: 2500 });
      fake.putAlert(payload.data.object);
      const body = cbs.serialize(payload);
      const signed = cbs.signedRequest({ body, secret: webhookSecret });
      const response = await handleWebhook(new Request("http://localhost/x", { method: "POST", headers: signed.headers, body }), { provider: "chargebackstop", connectionId: connection.id });
      expect(response.status).toBe(200);
      return db.alert.findFirstOrThrow({ where: { connectionId: connection.id, externalId: payload.data.object.id as string } });
    };
    return { fake, org, connection, arrive };
  }

  it("the job decides once even when it runs twice at once; the provider gets one PATCH", async () => {
    const t = await setup();
    const refund = await rule(t.org.id, { name: "Refund under 50", amountMax: "50" });
    const alert = await t.arrive();
    await Promise.all([alertArrived(alert.id), alertArrived(alert.id)]);
    const submissions = await db.outcomeSubmission.findMany({ where: { alertId: alert.id } });
    expect(submissions).toHaveLength(1);
    expect(submissions[0]).toMatchObject({ outcome: "REFUND", ruleId: refund.id, status: "QUEUED" });
    const outcomes = createOutcomes({ timeoutMs: 500, sleep: async () => undefined });
    expect(await sendOutcome(submissions[0]!.id, { fetch: t.fake.fetch, outcomes })).toBe("succeeded");
    expect(await sendOutcome(submissions[0]!.id, { fetch: t.fake.fetch, outcomes })).toBe("noop");
    expect(t.fake.calls().filter((c) => c.method === "PATCH")).toHaveLength(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: alert.id, action: "outcome.request" } });
    expect(audit).toMatchObject({ actorType: "rule", actorId: refund.id, metadata: { actorLabel: "Refund under 50" } });
  });

  it("a merchant's rule applies to that merchant's alerts only", async () => {
    const t = await setup();
    const merchant = await makeMerchant(t.org.id);
    await rule(t.org.id, { merchantId: merchant.id });
    const alert = await t.arrive();
    await alertArrived(alert.id);
    expect(await db.outcomeSubmission.count({ where: { alertId: alert.id } })).toBe(0);
  });

  it("never overrides the double-refund guard", async () => {
    const t = await setup();
    await rule(t.org.id, { name: "Refund all" });
    const alert = await t.arrive();
    const payment = await makeTransaction(t.org.id, { refundStatus: "REFUNDED", refunds: [{ amount: "25.00", currency: "USD" }] });
    await db.alert.update({ where: { id: alert.id }, data: { transactionId: payment.id } });
    await alertArrived(alert.id);
    expect(await db.outcomeSubmission.count({ where: { alertId: alert.id } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: alert.id, action: "rule.not_applied" } });
    expect(audit.after).toMatchObject({ reason: expect.stringContaining("double-refund guard") });
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("ACTION_REQUIRED");
  });
});

describe("testing a rule against past alerts", () => {
  it("counts and sums per currency what the rule would have matched in the last 90 days", async () => {
    const org = await makeOrganisation();
    const { makeAlert } = await import("@/lib/testing/factories");
    await makeAlert(org.id, { amountMinor: 1000, currency: "USD", cardScheme: "VISA" });
    await makeAlert(org.id, { amountMinor: 2055, currency: "USD", cardScheme: "VISA" });
    await makeAlert(org.id, { amountMinor: 500, currency: "EUR", cardScheme: "VISA" });
    await makeAlert(org.id, { amountMinor: 900, currency: "USD", cardScheme: "MASTERCARD" });
    await makeAlert(org.id, { amountMinor: 900, currency: "USD", cardScheme: "VISA", receivedAt: new Date(Date.now() - 100 * 86_400_000) });
    const other = await makeOrganisation();
    await makeAlert(other.id, { amountMinor: 900, currency: "USD", cardScheme: "VISA" });
    const result = await testRule(SYSTEM_SCOPE, { organisationId: org.id, conditions: { schemes: ["VISA"] } });
    expect(result.count).toBe(3);
    expect(result.totals).toEqual([
      { currency: "USD", amountMinor: 3055, count: 2 },
      { currency: "EUR", amountMinor: 500, count: 1 },
    ]);
    await expect(testRule({ kind: "orgs", organisationIds: [other.id] }, { organisationId: org.id, conditions: {} })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
