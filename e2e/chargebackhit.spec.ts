import { expect, test } from "@playwright/test";
import { apiLogin, cli, database, DEMO, simulate } from "./support";

const PUBLIC_KEY = "pk_e2e_chargebackhit";
const SECRET_KEY = "sk_e2e_chargebackhit_secret";

test("a Chargebackhit init-refund is answered pending and waits in the queue as action required", async ({ page, baseURL }) => {
  const connection = (await cli("connection:create", "--org", "acme-commerce", "--provider", "chargebackhit", "--public-key", PUBLIC_KEY, "--secret-key", SECRET_KEY)) as { id: string };
  await apiLogin(page.request, DEMO.agent);
  await page.goto("/alerts");
  const tab = page.getByRole("navigation", { name: "Alert status" }).getByRole("link", { name: /Action required/ });
  const before = Number((await tab.locator("span").textContent())!.replace(/\D/g, ""));

  const run = await simulate("send", "chargebackhit", "--connection", connection.id, "--secret", SECRET_KEY, "--public-key", PUBLIC_KEY, "--url", baseURL!, "--scenario", "init-refund");
  expect(run.code).toBe(0);
  const delivery = run.lines.find((l) => "status" in l)!;
  expect(delivery).toMatchObject({ status: 200, answer: { outcome: "pending" } });
  const alertId = String(delivery.delivery).split(" ").pop()!;

  await page.reload();
  await expect(tab.locator("span")).toHaveText(String(before + 1));
  const { rows } = await database().query('SELECT id FROM "Alert" WHERE provider = $1 AND "externalId" = $2', ["chargebackhit", alertId]);
  await page.goto(`/alerts/${rows[0].id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chargebackhit");
  await expect(page.getByRole("definition").filter({ hasText: /^Action required$/ })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^init-refund$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "init-refund" })).toBeVisible(); // the delivery in the timeline
});
