import { expect, test } from "@playwright/test";
import { apiLogin, database, DEMO } from "./support";

test.describe("the alert queue", () => {
  test("an agent filters, sorts, pages, searches and opens an alert; the URL holds the state", async ({ page }) => {
    await apiLogin(page.request, DEMO.agent);
    await page.goto("/alerts?status=ALL&size=25");
    const table = page.getByRole("table", { name: "Alerts" });
    await expect(table.getByRole("row")).toHaveCount(26);

    // sort by amount (descending first), then page forward and back
    await table.getByRole("button", { name: /^Amount/ }).click();
    await expect(page).toHaveURL(/sort=amount/);
    await expect(page).toHaveURL(/dir=desc/);
    // the first column holds the bulk-selection checkboxes (agents may send outcomes)
    const amounts = await table.locator("tbody tr td:nth-child(6)").allTextContents();
    const minor = amounts.map((a) => Number(a.replace(/[^\d.]/g, "")));
    expect(minor.slice(0, 5)).toEqual([...minor.slice(0, 5)].sort((a, b) => b - a));
    const firstPage = await table.locator("tbody tr").first().textContent();
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(/after=/);
    await expect(table.locator("tbody tr").first()).not.toHaveText(firstPage!);
    await page.getByRole("link", { name: "Previous" }).click();
    await expect(table.locator("tbody tr").first()).toHaveText(firstPage!);
    await page.goBack();
    await expect(page).toHaveURL(/after=/);

    // filters through the form land in the URL; a shared URL renders the same view
    await page.goto("/alerts");
    await page.getByRole("group", { name: "Provider" }).getByRole("checkbox", { name: "Chargebackhit" }).check();
    await page.getByRole("combobox", { name: "Deadline" }).selectOption("72h");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/provider=chargebackhit/);
    await expect(page).toHaveURL(/due=72h/);
    const filtered = await table.locator("tbody tr").allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((r) => r.includes("Chargebackhit"))).toBe(true);
    const shared = page.url();
    await page.goto(shared);
    await expect(table.locator("tbody tr")).toHaveCount(filtered.length);

    // search with "/" then open with the keyboard
    const { rows } = await database().query(
      `SELECT a."cardLast4", a.id FROM "Alert" a JOIN "Organisation" o ON o.id = a."organisationId" WHERE o.slug = 'acme-commerce' AND a."cardLast4" IS NOT NULL
       AND (SELECT count(*) FROM "Alert" b WHERE b."cardLast4" = a."cardLast4") = 1 LIMIT 1`,
    );
    await page.goto("/alerts?status=ALL");
    // keyboard shortcuts work once the page has hydrated
    await expect(async () => {
      await page.locator("body").press("/");
      await expect(page.locator("#list-search")).toBeFocused({ timeout: 500 });
    }).toPass();
    await page.keyboard.type(rows[0].cardLast4);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`q=${rows[0].cardLast4}`));
    await expect(table.locator("tbody tr")).toHaveCount(1);
    // j moves to the row's link (retried: a live refresh may re-render the table under the key press)
    const rowLink = table.locator("a[data-row-link]").first();
    await expect(async () => {
      // leave the search box (shortcuts are off while typing)
      await page.locator("#list-search").blur();
      await page.keyboard.press("j");
      await expect(rowLink).toBeFocused({ timeout: 500 });
    }).toPass();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/alerts/${rows[0].id}$`));
    await expect(page.getByRole("heading", { level: 2, name: "Timeline" })).toBeVisible();
  });

  test("bad URL values fall back to the defaults", async ({ page }) => {
    await apiLogin(page.request, DEMO.agent);
    const response = await page.goto("/alerts?status=BOGUS&sort=amount;drop&dir=up&size=9999&after=garbage&min=abc&from=yesterday");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("navigation", { name: "Alert status" }).getByRole("link", { name: /Action required/ })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("columnheader", { name: /Deadline/ })).toHaveAttribute("aria-sort", "ascending");
  });

  test("column choices and page size are remembered", async ({ page }) => {
    await apiLogin(page.request, DEMO.globexAgent);
    await page.goto("/alerts?status=ALL");
    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "Descriptor" }).uncheck();
    await page.getByLabel("Rows per page").selectOption("25");
    await expect(page).toHaveURL(/size=25/);
    // the choices are saved in the background (a server action beside the navigation): a fresh
    // visit without size in the URL shows them once saved
    await expect(async () => {
      await page.goto("/alerts?status=ALL");
      await expect(page.getByRole("columnheader", { name: "Descriptor" })).toHaveCount(0, { timeout: 1000 });
      await expect(page.getByRole("table", { name: "Alerts" }).locator("tbody tr")).toHaveCount(25, { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  });

  test("an agent of one organisation never sees another's alerts, in rows or counts", async ({ page }) => {
    const counts = await database().query(
      `SELECT o.slug, a.status::text, count(*)::int AS n FROM "Alert" a JOIN "Organisation" o ON o.id = a."organisationId" GROUP BY 1, 2`,
    );
    const acme = Object.fromEntries(counts.rows.filter((r) => r.slug === "acme-commerce").map((r) => [r.status, r.n]));
    await apiLogin(page.request, DEMO.agent);
    await page.goto("/alerts?status=ALL&size=100");
    const tabs = page.getByRole("navigation", { name: "Alert status" });
    await expect(tabs.getByRole("link", { name: /Resolved/ }).locator("span")).toHaveText(String(acme.RESOLVED ?? 0));
    const globexDescriptors = ["GLOBEX.COM", "GLOBEX OUTLET"];
    let url: string | null = "/alerts?status=ALL&size=100";
    while (url) {
      await page.goto(url);
      const text = await page.getByRole("table", { name: "Alerts" }).textContent();
      for (const d of globexDescriptors) expect(text).not.toContain(d);
      const next = page.getByRole("link", { name: "Next" });
      url = (await next.count()) ? await next.getAttribute("href") : null;
    }
    // and no other organisation's alert opens by URL
    const { rows } = await database().query(`SELECT a.id FROM "Alert" a JOIN "Organisation" o ON o.id = a."organisationId" WHERE o.slug = 'globex-retail' LIMIT 1`);
    expect((await page.goto(`/alerts/${rows[0].id}`))?.status()).toBe(404);
  });

  test("a viewer sees no action controls", async ({ page }) => {
    await apiLogin(page.request, DEMO.viewer);
    const { rows } = await database().query(
      `SELECT a.id FROM "Alert" a JOIN "Organisation" o ON o.id = a."organisationId" WHERE o.slug = 'acme-commerce' AND a.status = 'ACTION_REQUIRED' LIMIT 1`,
    );
    await page.goto(`/alerts/${rows[0].id}`);
    await expect(page.getByRole("heading", { level: 2, name: "Outcome" })).toBeVisible();
    await expect(page.getByRole("button")).toHaveText(["Sign out"]);
  });
});
