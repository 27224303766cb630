/**
 * Webhooks end to end: the simulator signs deliveries exactly as ChargebackStop does and sends
 * them to the production build; the pages show what arrived.
 */
import { expect, test } from "@playwright/test";
import { apiLogin, cli, database, DEMO, simulate, uniqueSuffix } from "./support";

const SECRET = "whsec_e2e_secret_value";

async function newConnection(org: string) {
  return (await cli("connection:create", "--org", org, "--provider", "chargebackstop", "--webhook-secret", SECRET, "--label", `E2E ${uniqueSuffix()}`)) as {
    id: string;
    webhookPath: string;
    webhookUrl: string;
  };
}

test("the simulator sends an alert lifecycle and the pages show it", async ({ page, baseURL }) => {
  const connection = await newConnection("acme-commerce");
  expect(connection.webhookUrl).toBe(`${baseURL}${connection.webhookPath}`);
  const run = await simulate("send", "chargebackstop", "--connection", connection.id, "--secret", SECRET, "--url", baseURL!, "--scenario", "alert-lifecycle");
  expect(run.code).toBe(0);
  expect(run.lines.filter((l) => "status" in l).map((l) => l.status)).toEqual([200, 200]);

  await apiLogin(page.request, DEMO.agent);
  await page.goto(`/events?connection=${connection.id}`);
  const table = page.getByRole("table", { name: "Deliveries" });
  await expect(table.getByRole("row")).toHaveCount(3); // header + 2
  await expect(table.getByText("alert.updated")).toBeVisible();
  await table.getByRole("row").filter({ hasText: "alert.updated" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: "What changed" })).toBeVisible();
  await expect(page.getByLabel("Changed fields")).toContainText('"status": "ACTION_REQUIRED"');
  await page.getByRole("link", { name: "Open alert" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("ChargebackStop");
  await expect(page.getByText("Resolved").first()).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^REFUNDED$/ })).toBeVisible();
  // the timeline shows the update and what it changed
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByRole("listitem").filter({ hasText: "alert.updated" })).toContainText("ACTION_REQUIRED");
  await expect(timeline.getByRole("listitem").filter({ hasText: "alert.updated" })).toContainText("RESOLVED");
});

test("forged deliveries are refused and counted; duplicates are applied once", async ({ page, baseURL }) => {
  const connection = await newConnection("acme-commerce");
  const forged = await simulate("send", "chargebackstop", "--connection", connection.id, "--secret", SECRET, "--url", baseURL!, "--scenario", "forged");
  expect(forged.code).toBe(0); // the scenario expects 401s
  expect(forged.lines.filter((l) => "status" in l).every((l) => l.status === 401)).toBe(true);
  const dupes = await simulate("send", "chargebackstop", "--connection", connection.id, "--secret", SECRET, "--url", baseURL!, "--scenario", "duplicates");
  expect(dupes.code).toBe(0);

  await apiLogin(page.request, DEMO.agent);
  await page.goto(`/events?connection=${connection.id}`);
  const rejected = page.getByRole("region", { name: "Rejected deliveries (24 h)" });
  const item = rejected.getByRole("listitem").filter({ has: page.locator(`a[href$="${connection.id}"]`) });
  await expect(item.getByLabel("2 rejected")).toBeVisible();
  const rows = page.getByRole("table", { name: "Deliveries" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("3"); // attempts
});

test("the delivery log shows a failed delivery; replay applies an ignored one once its cause is gone", async ({ page, baseURL }) => {
  const suffix = uniqueSuffix();
  const org = (await cli("org:create", "--name", `Replay ${suffix}`)) as { id: string; slug: string };
  const connection = await newConnection(org.slug);
  const url = `${baseURL}${connection.webhookPath}`;
  const sim = await import("../lib/providers/chargebackstop/simulator");

  // an authentic but truncated body: stored as failed, answered 400
  const truncated = '{"id":"evt_cut","type":"alert.created","data":{"obj';
  const bad = sim.signedRequest({ body: truncated, secret: SECRET });
  expect((await fetch(url, { method: "POST", headers: bad.headers, body: bad.body })).status).toBe(400);

  // a delivery for an archived organisation: stored as ignored, answered 200
  await database().query('UPDATE "Organisation" SET "archivedAt" = now() WHERE id = $1', [org.id]);
  const payload = sim.alertCreated({ descriptor: `REPLAY-${suffix}` });
  expect((await sim.send({ url, payload, secret: SECRET })).status).toBe(200);
  await database().query('UPDATE "Organisation" SET "archivedAt" = NULL WHERE id = $1', [org.id]);

  await apiLogin(page.request, DEMO.admin);
  await page.goto(`/events?connection=${connection.id}&status=FAILED`);
  const failedRow = page.getByRole("table", { name: "Deliveries" }).getByRole("row").nth(1);
  await expect(failedRow).toContainText("Malformed JSON");
  await failedRow.getByRole("link").click();
  await expect(page.getByLabel("Delivery body")).toHaveText(truncated);
  await page.getByRole("button", { name: "Replay delivery" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "failed again" })).toBeVisible();

  await page.goto(`/events?connection=${connection.id}&status=IGNORED`);
  await page.getByRole("table", { name: "Deliveries" }).getByRole("row").nth(1).getByRole("link").click();
  await expect(page.getByText("The organisation is archived.")).toBeVisible();
  await page.getByRole("button", { name: "Replay delivery" }).click();
  await expect(page.getByRole("status").filter({ hasText: "processed" })).toBeVisible();
  await page.reload();
  await expect(page.getByText("Processed").first()).toBeVisible();
  await page.getByRole("link", { name: "Open alert" }).click();
  await expect(page.getByText(`REPLAY-${suffix}`).first()).toBeVisible();
  const audit = await database().query("SELECT count(*)::int AS n FROM \"AuditLog\" WHERE action = 'event.replay' AND \"actorEmail\" = $1", [DEMO.admin]);
  expect(audit.rows[0].n).toBeGreaterThanOrEqual(2);
});
