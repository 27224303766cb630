/**
 * Outcomes end to end, one alert at a time: the agent decides on the alert page, the worker sends
 * it once to the provider's strict fake API, the provider's answer (or its follow-up webhook)
 * resolves the alert, and the alert's activity says who did what.
 */
import { expect, test } from "@playwright/test";
import { createChargebackStopFakeApi } from "../lib/providers/chargebackstop/fake-api";
import * as cbs from "../lib/providers/chargebackstop/simulator";
import { createChargebackhitFakeApi } from "../lib/providers/chargebackhit/fake-api";
import * as cbh from "../lib/providers/chargebackhit/simulator";
import { apiLogin, cli, database, DEMO, uniqueSuffix } from "./support";

test("an agent refunds an Ethoca alert: one authenticated PATCH, the follow-up webhook resolves it, the activity names the agent", async ({ page, baseURL }) => {
  const suffix = uniqueSuffix();
  const fake = createChargebackStopFakeApi();
  const api = await fake.listen(0);
  try {
    const providerOrg = `org_outcome_${suffix}`;
    const apiKey = `cbs_key_${suffix}`;
    const secret = `whsec_outcome_${suffix}`;
    fake.addKey({ apiKey, organisationId: providerOrg });
    const connection = (await cli(
      "connection:create", "--org", "acme-commerce", "--provider", "chargebackstop", "--webhook-secret", secret, "--api-key", apiKey, "--api-base-url", api.url, "--mode", "test",
    )) as { id: string; webhookPath: string };
    const url = `${baseURL}${connection.webhookPath}`;
    fake.setWebhookTarget(providerOrg, { url, secret });
    const payload = cbs.alertCreated({ organisationId: providerOrg, status: "ACTION_REQUIRED", amountMinor: 4321 });
    fake.putAlert(payload.data.object);
    expect((await cbs.send({ url, payload, secret })).status).toBe(200);
    const { rows } = await database().query(`SELECT id FROM "Alert" WHERE "connectionId" = $1`, [connection.id]);

    await apiLogin(page.request, DEMO.agent);
    await page.goto(`/alerts/${rows[0].id}`);
    const outcome = page.getByRole("region", { name: "Outcome" });
    await expect(async () => {
      await outcome.getByRole("radio", { name: /^Refund Refund 43\.21 USD and tell Ethoca/ }).check({ timeout: 1000 });
      await expect(outcome.getByRole("status")).toContainText("This will refund 43.21 USD and tell Ethoca.", { timeout: 1000 });
    }).toPass();
    await outcome.getByRole("button", { name: "Confirm: Refund" }).click();
    // the page re-renders: the form gives way to the submission on its way
    await expect(outcome.getByRole("heading", { name: "Sent to the provider" })).toBeVisible();
    await expect(outcome).toContainText(`by ${DEMO.agent}`);

    await expect.poll(() => fake.calls().filter((c) => c.method === "PATCH").length, { timeout: 30_000 }).toBe(1);
    const [patch] = fake.calls().filter((c) => c.method === "PATCH");
    expect(patch).toMatchObject({ status: 200, organisationId: providerOrg, body: { action: "REFUND" } });
    await expect
      .poll(async () => (await database().query(`SELECT status, "refundOutcome" FROM "Alert" WHERE id = $1`, [rows[0].id])).rows[0], { timeout: 30_000 })
      .toEqual({ status: "RESOLVED", refundOutcome: "REFUNDED" });

    await page.reload();
    const activity = page.getByRole("region", { name: "Activity" });
    const decided = activity.getByRole("listitem").filter({ hasText: DEMO.agent });
    await expect(decided).toContainText("decided");
    await expect(decided).toContainText("refund 43.21 USD and tell Ethoca");
    await expect(activity.getByRole("listitem").filter({ hasText: "provider accepted the outcome" })).toHaveCount(1);
    await expect(page.getByText(`by ${DEMO.agent}`)).toBeVisible();
    // the queue shows it resolved
    await page.goto(`/alerts?status=RESOLVED&q=${payload.data.object.id}`);
    await expect(page.getByRole("table", { name: "Alerts" }).locator("tbody tr")).toHaveCount(1);
    await expect(page.getByRole("table", { name: "Alerts" }).locator("tbody tr")).toContainText("Resolved");
    // still exactly one call, whatever happened afterwards
    expect(fake.calls().filter((c) => c.method === "PATCH")).toHaveLength(1);
  } finally {
    await api.close();
  }
});

test("Chargebackhit: answered pending in the webhook response, then reversed through update-outcome", async ({ page, baseURL }) => {
  const suffix = uniqueSuffix();
  const fake = createChargebackhitFakeApi();
  const api = await fake.listen(0);
  try {
    const publicKey = `pk_outcome_${suffix}`;
    const secretKey = `sk_outcome_${suffix}`;
    fake.addAccount({ publicKey, secretKey });
    const connection = (await cli(
      "connection:create", "--org", "acme-commerce", "--provider", "chargebackhit", "--public-key", publicKey, "--secret-key", secretKey, "--api-base-url", api.url,
    )) as { webhookPath: string };
    const payload = cbh.initRefund({ amount: "18.40", currency: "USD", transaction: { transaction_merchant_id: `order-${suffix}` } });
    fake.putAlerts(publicKey, [payload]);
    const signed = cbh.signedRequest({ body: cbh.serialize(payload), publicKey, secretKey });
    const response = await fetch(`${baseURL}${connection.webhookPath}`, { method: "POST", headers: signed.headers, body: signed.body });
    expect(await response.json()).toEqual({ outcome: "pending" });
    const { rows } = await database().query(`SELECT id FROM "Alert" WHERE provider = 'chargebackhit' AND "externalId" = $1`, [payload.alert.id]);

    await apiLogin(page.request, DEMO.agent);
    await page.goto(`/alerts/${rows[0].id}`);
    const outcome = page.getByRole("region", { name: "Outcome" });
    await expect(async () => {
      await outcome.getByRole("radio", { name: /^Refunded because of this alert/ }).check({ timeout: 1000 });
      await expect(outcome.getByRole("button", { name: "Confirm: Refunded because of this alert" })).toBeVisible({ timeout: 1000 });
    }).toPass();
    await outcome.getByRole("button", { name: "Confirm: Refunded because of this alert" }).click();
    await expect(outcome.getByRole("heading", { name: "Sent to the provider" })).toBeVisible();

    await expect.poll(() => fake.getAlert(publicKey, payload.alert.id)?.alert.outcome ?? null, { timeout: 30_000 }).toBe("reversed");
    const updates = fake.calls().filter((c) => c.path.endsWith("/update-outcome"));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: 200, account: publicKey, body: { outcome: "reversed", order: { order_id: `order-${suffix}`, refund: { amount: "18.40", currency: "USD" } } } });
    await expect
      .poll(async () => (await database().query(`SELECT status, "providerOutcome" FROM "Alert" WHERE id = $1`, [rows[0].id])).rows[0], { timeout: 30_000 })
      .toEqual({ status: "RESOLVED", providerOutcome: "reversed" });
  } finally {
    await api.close();
  }
});
