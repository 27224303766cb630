/**
 * Transactions: a CSV import through the page (upload, map, preview, import, progress), demo
 * alerts matched to the imported payments, the payment timeline, the "unmatched" filter, and the
 * organisation API.
 */
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { apiLogin, database, DEMO, one, uniqueSuffix } from "./support";

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/transactions-${name}.png`, fullPage: true });

type DemoAlert = { id: string; arn: string; cardLast4: string; amountMinor: number; currency: string; authorisedAt: Date | null; externalId: string; organisationId: string };

async function unmatchedAcmeAlert(): Promise<DemoAlert> {
  return one<DemoAlert>(
    `SELECT a.id, a.arn, a."cardLast4", a."amountMinor", a.currency, a."authorisedAt", a."externalId", a."organisationId"
       FROM "Alert" a JOIN "Organisation" o ON o.id = a."organisationId"
      WHERE o.slug = 'acme-commerce' AND a."transactionId" IS NULL AND NOT a."matchConfirmed"
        AND a.arn IS NOT NULL AND a."cardLast4" IS NOT NULL AND a."amountMinor" IS NOT NULL AND a.currency IN ('USD', 'EUR', 'GBP')
      ORDER BY a.id LIMIT 1`,
  );
}

const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

test.describe("transactions", () => {
  test("an agent imports a CSV through the page, watches it finish, and sees a demo alert matched", async ({ page }) => {
    test.setTimeout(90_000);
    const alert = await unmatchedAcmeAlert();
    const run = uniqueSuffix();
    const authorised = (alert.authorisedAt ?? new Date()).toISOString().replace(".000Z", "");
    const lines = ["Order ID,Amount,Currency,Transaction date,ARN,Card last 4,Email,Product"];
    lines.push(`E2E-${run}-match,${decimal(alert.amountMinor)},${alert.currency},${authorised},${alert.arn},${alert.cardLast4},buyer@example.com,Yoga Mat`);
    lines.push(`E2E-${run}-bad,"12,50",USD,2026-01-10T10:00:00,,,,`);
    for (let i = 0; i < 2_500; i++) lines.push(`E2E-${run}-${i},${(i % 90) + 10}.00,USD,2026-01-${String((i % 28) + 1).padStart(2, "0")} 09:30,,${String(i % 10_000).padStart(4, "0")},,`);
    const csv = lines.join("\r\n") + "\r\n";

    await apiLogin(page.request, DEMO.agent);
    await page.goto("/transactions/import");
    await expect(page.getByRole("heading", { name: "Import transactions" })).toBeVisible();
    await page.getByLabel("CSV file", { exact: true }).setInputFiles({ name: `payments-${run}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await shot(page, "upload");
    await page.getByRole("button", { name: "Upload and map columns" }).click();

    // mapping: suggestions from the header names, then the preview with a row error
    await expect(page).toHaveURL(/\/transactions\/import\/[0-9a-f-]{36}$/);
    await expect(page.getByLabel("Order / transaction id")).toHaveValue("Order ID");
    await expect(page.getByLabel("Authorised at")).toHaveValue("Transaction date");
    await expect(page.getByLabel(/^ARN/)).toHaveValue("ARN");
    const preview = page.getByRole("table", { name: "Preview" });
    await expect(preview.locator("tbody tr")).toHaveCount(10);
    await expect(preview.locator("tbody tr").nth(1)).toContainText("Amount: Enter an amount like 49.99");
    await page.getByLabel("Product name (one product)").selectOption("Product");
    await expect(page).toHaveURL(/f\.productName=Product/);
    await expect(preview.getByRole("columnheader", { name: "Product name (one product)" })).toBeVisible();
    await shot(page, "mapping");

    await page.getByRole("button", { name: "Import", exact: true }).click();
    const progress = page.getByRole("progressbar", { name: "Import progress" });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Done" })).toBeVisible();
    const errors = page.getByRole("table", { name: "Import errors" });
    await expect(errors.locator("tbody tr")).toHaveCount(1);
    await expect(errors.locator("tbody tr").first()).toContainText("3");
    await expect(errors.locator("tbody tr").first()).toContainText("Amount");
    await shot(page, "import-done");

    // the demo alert with that ARN and card now shows the payment; its timeline opens
    await page.goto(`/alerts/${alert.id}`);
    await page.getByRole("link", { name: "Open timeline" }).click();
    await expect(page.getByRole("heading", { name: `Payment E2E-${run}-match` })).toBeVisible();
    const events = page.getByRole("list", { name: "Payment events" });
    await expect(events.locator("li[data-kind=authorised]")).toHaveCount(1);
    await expect(events.locator("li[data-kind=alert]")).toContainText("matched by ARN + card (95%)");
    await expect(page.getByText("buyer@example.com")).toBeVisible();
    await shot(page, "timeline");

    // "unmatched" filter: the alert is gone from the unmatched list, still in the full one
    await page.goto(`/alerts?status=ALL&q=${alert.arn}`);
    await expect(page.getByRole("table", { name: "Alerts" }).locator("tbody tr")).toHaveCount(1);
    await page.getByRole("group", { name: "Payment" }).getByRole("checkbox", { name: "Unmatched only" }).check();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/unmatched=1/);
    await expect(page.getByRole("table", { name: "Alerts" })).toHaveCount(0);
  });

  test("the API takes payments with an organisation key, idempotently, and refuses others", async ({ request }) => {
    const org = await one<{ id: string }>(`SELECT id FROM "Organisation" WHERE slug = 'globex-retail'`);
    const key = `rk_live_${randomBytes(24).toString("base64url")}`;
    await database().query(
      `INSERT INTO "ApiKey" (id, "organisationId", name, prefix, hash, "createdAt") VALUES (gen_random_uuid()::text, $1, 'e2e', $2, $3, now())`,
      [org.id, key.slice(0, 12), createHash("sha256").update(key).digest("hex")],
    );
    const reference = `API-${uniqueSuffix()}`;
    const body = { transactions: [{ merchantReference: reference, amount: "19.90", currency: "EUR", authorisedAt: "2026-02-01T10:00:00Z", cardLast4: "4242" }] };
    expect((await request.post("/api/v1/transactions", { data: body })).status()).toBe(401);
    const first = await request.post("/api/v1/transactions", { data: body, headers: { Authorization: `Bearer ${key}` } });
    expect(first.status()).toBe(200);
    const created = (await first.json()) as { created: number; items: { id: string }[] };
    expect(created.created).toBe(1);
    const again = await request.post("/api/v1/transactions", { data: body, headers: { Authorization: `Bearer ${key}` } });
    expect(await again.json()).toEqual({ created: 0, updated: 1, items: [{ id: created.items[0]!.id, merchantReference: reference }] });
    const invalid = await request.post("/api/v1/transactions", { data: { transactions: [{ merchantReference: "x" }] }, headers: { Authorization: `Bearer ${key}` } });
    expect(invalid.status()).toBe(400);
    expect(((await invalid.json()) as { items: { index: number }[] }).items[0]!.index).toBe(0);
    const row = await one<{ organisationId: string; amountMinor: number }>(`SELECT "organisationId", "amountMinor" FROM "Transaction" WHERE id = $1`, [created.items[0]!.id]);
    expect(row).toEqual({ organisationId: org.id, amountMinor: 1990 });
  });
});
