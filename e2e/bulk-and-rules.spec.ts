/**
 * Bulk triage and auto-response rules end to end: real Chromium, the production build, the
 * worker, and ChargebackStop's strict fake API (which sends its follow-up webhooks back to us).
 * Each test works in an organisation of its own so nothing leaks into the demo data.
 */
import { expect, test } from "@playwright/test";
import { createChargebackStopFakeApi } from "../lib/providers/chargebackstop/fake-api";
import * as cbs from "../lib/providers/chargebackstop/simulator";
import * as cbh from "../lib/providers/chargebackhit/simulator";
import { apiLogin, cli, database, DEMO, uniqueSuffix } from "./support";

test("an agent refunds 20 alerts at once: 18 reach the provider once each, 2 are refused by its rules", async ({ page, baseURL }) => {
  const suffix = uniqueSuffix();
  const fake = createChargebackStopFakeApi();
  const api = await fake.listen(0);
  try {
    const org = (await cli("org:create", "--name", `Bulk Shop ${suffix}`)) as { id: string; slug: string };
    const email = `bulk-${suffix}@e2e.test`;
    const password = "bulk-agent-password";
    await cli("user:create", "--email", email, "--password", password);
    await cli("membership:add", "--email", email, "--org", org.slug, "--role", "AGENT");
    const providerOrg = `org_bulk_${suffix}`;
    const apiKey = `cbs_key_${suffix}`;
    const secret = `whsec_bulk_${suffix}`;
    fake.addKey({ apiKey, organisationId: providerOrg });
    const connection = (await cli(
      "connection:create", "--org", org.slug, "--provider", "chargebackstop", "--webhook-secret", secret, "--api-key", apiKey, "--api-base-url", api.url, "--mode", "test",
    )) as { id: string; webhookPath: string };
    const url = `${baseURL}${connection.webhookPath}`;
    fake.setWebhookTarget(providerOrg, { url, secret });

    const descriptor = `BULK${suffix}`.toUpperCase();
    for (let i = 0; i < 20; i++) {
      const payload = cbs.alertCreated({ organisationId: providerOrg, status: "ACTION_REQUIRED", descriptor, amountMinor: 1000 + i, enrolmentType: i < 2 ? "VERIFI_RDR" : "ETHOCA_ALERT" });
      fake.putAlert(payload.data.object);
      expect((await cbs.send({ url, payload, secret })).status).toBe(200);
    }

    await apiLogin(page.request, email, password);
    await page.goto(`/alerts?q=${descriptor}`);
    const table = page.getByRole("table", { name: "Alerts" });
    await expect(table.locator("tbody tr")).toHaveCount(20);
    await expect(async () => {
      await table.getByRole("checkbox", { name: "Select every row on this page" }).check({ timeout: 1000 });
      await expect(page.getByRole("form", { name: "Bulk action" })).toBeVisible({ timeout: 1000 });
    }).toPass();
    const bar = page.getByRole("form", { name: "Bulk action" });
    await expect(bar.getByText("20 selected")).toBeVisible();
    await bar.getByLabel("Outcome").selectOption({ label: "Refund the cardholder" });
    await bar.getByRole("button", { name: "Review 20 alerts" }).click();

    // the confirmation lists what each provider will be told
    await expect(page).toHaveURL(/\/alerts\/bulk\//);
    await expect(page.getByRole("heading", { name: "Confirm: Refund the cardholder" })).toBeVisible();
    const plan = page.getByRole("table", { name: "What each provider will be told" });
    await expect(plan.locator("tbody tr")).toHaveCount(20);
    await expect(plan.locator("tbody tr").filter({ hasText: "Will be sent" })).toHaveCount(18);
    await expect(plan.locator("tbody tr").filter({ hasText: "Verifi RDR alerts are resolved by the network" })).toHaveCount(2);
    await expect(plan.getByText("refund 10.05 USD and tell Ethoca")).toBeVisible();
    expect(fake.calls().filter((c) => c.method === "PATCH")).toHaveLength(0);
    await page.screenshot({ path: "e2e/screenshots/bulk-confirm.png", fullPage: true });

    const runUrl = page.url();
    await page.getByLabel(/^Note/).fill("Refunding a batch of small disputes");
    await page.getByRole("button", { name: "Confirm: refund the cardholder for 18 alerts" }).click();
    await expect(page.getByRole("heading", { name: "Bulk outcome: Refund the cardholder" })).toBeVisible();
    const progress = page.getByRole("progressbar", { name: "Alerts processed" });
    await expect(progress).toHaveAttribute("aria-valuenow", "20", { timeout: 30_000 });
    const results = page.getByRole("list", { name: "Results" });
    await expect(results).toContainText("18 sent");
    await expect(results).toContainText("2 refused");

    // the worker sends each refund once; the provider's follow-up webhook resolves the alerts
    await expect.poll(() => fake.calls().filter((c) => c.method === "PATCH" && c.outcome.startsWith("ok")).length, { timeout: 30_000 }).toBe(18);
    await expect
      .poll(async () => Number((await database().query(`SELECT count(*) FROM "Alert" WHERE "connectionId" = $1 AND status = 'RESOLVED'`, [connection.id])).rows[0].count), { timeout: 30_000 })
      .toBe(18);
    const patched = fake.calls().filter((c) => c.method === "PATCH").map((c) => c.path);
    expect(new Set(patched).size).toBe(18);
    // the page follows by itself (live updates)
    await expect(page.getByRole("table", { name: "Result per alert" }).locator("tbody tr").filter({ hasText: "Succeeded" })).toHaveCount(18, { timeout: 30_000 });
    await page.screenshot({ path: "e2e/screenshots/bulk-results.png", fullPage: true });

    // audited per alert with the person's name
    const audited = await database().query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'outcome.request' AND "actorEmail" = $1`, [email]);
    expect(audited.rows[0].n).toBe(18);

    // the run is its author's alone
    await page.context().clearCookies();
    await apiLogin(page.request, DEMO.globexAgent);
    const other = await page.goto(runUrl);
    expect(other?.status()).toBe(404);
  } finally {
    await api.close();
  }
});

test("an admin writes a rule, tests it against past alerts, saves it, and it answers Chargebackhit by itself", async ({ page, baseURL }) => {
  const suffix = uniqueSuffix();
  const org = (await cli("org:create", "--name", `Rules Shop ${suffix}`)) as { id: string; slug: string };
  const publicKey = `pk_rules_${suffix}`;
  const secretKey = `sk_rules_${suffix}`;
  const connection = (await cli("connection:create", "--org", org.slug, "--provider", "chargebackhit", "--public-key", publicKey, "--secret-key", secretKey)) as { webhookPath: string };
  const deliver = async (payload: unknown) => {
    const signed = cbh.signedRequest({ body: cbh.serialize(payload), publicKey, secretKey });
    const response = await fetch(`${baseURL}${connection.webhookPath}`, { method: "POST", headers: signed.headers, body: signed.body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  // past alerts: three small Visa ones in USD, one large, one in EUR
  for (const [amount, currency] of [["12.00", "USD"], ["20.55", "USD"], ["30.00", "USD"], ["900.00", "USD"], ["15.00", "EUR"]] as const) {
    expect((await deliver(cbh.initRefund({ amount, currency }))).body).toEqual({ outcome: "pending" });
  }

  await apiLogin(page.request, DEMO.admin);
  await page.goto(`/admin/organisations/${org.id}/rules`);
  await expect(page.getByText("No rules yet")).toBeVisible();
  const form = page.getByRole("form", { name: "New rule" });
  await form.getByLabel("Name").fill("Refund small Visa");
  await form.getByLabel("Answer with").selectOption({ label: "Refund the cardholder" });
  await form.getByRole("group", { name: "Alert kinds" }).getByRole("checkbox", { name: "Ethoca" }).check();
  await form.getByLabel("Amount to").fill("50");
  await form.getByLabel("Currencies").fill("usd");
  await form.getByRole("group", { name: "Card schemes" }).getByRole("checkbox", { name: "Visa" }).check();

  // a mistake first: the field says what is wrong
  await form.getByLabel("BIN from").fill("4111");
  await form.getByRole("button", { name: "Test against past alerts" }).click();
  await expect(form.getByText("A BIN has 6 to 8 digits.")).toBeVisible();
  await expect(form.getByRole("alert")).toHaveText("Check the highlighted fields.");
  await form.getByLabel("BIN from").fill("");

  await form.getByRole("button", { name: "Test against past alerts" }).click();
  const verdict = form.getByRole("status");
  await expect(verdict).toContainText("Would have matched 3 alerts, 62.55 USD in the last 90 days.");
  await expect(verdict).toContainText("Ethoca alerts for at most 50 USD on VISA cards → refund the cardholder");
  await page.screenshot({ path: "e2e/screenshots/rules.png", fullPage: true });
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByText("Rule saved.")).toBeVisible();
  const rule = page.getByRole("listitem", { name: "Rule 1: Refund small Visa" });
  await expect(rule).toContainText("Ethoca alerts for at most 50 USD on VISA cards → refund the cardholder");

  // the next small alert is answered in the webhook response, by the rule
  const reference = `order-${suffix}`;
  const answered = await deliver(cbh.initRefund({ amount: "25.00", currency: "USD", transaction: { transaction_merchant_id: reference } }));
  expect(answered.body).toEqual({ outcome: "reversed", order: { order_id: reference, refund: { amount: "25.00", currency: "USD" } } });
  // a large one still waits for a person
  expect((await deliver(cbh.initRefund({ amount: "500.00", currency: "USD" }))).body).toEqual({ outcome: "pending" });

  const { rows } = await database().query(`SELECT a.id FROM "Alert" a WHERE a."organisationId" = $1 AND a."providerOutcome" = 'reversed'`, [org.id]);
  expect(rows).toHaveLength(1);
  await page.goto(`/alerts/${rows[0].id}`);
  await expect(page.getByText("by rule “Refund small Visa”")).toBeVisible();
});
