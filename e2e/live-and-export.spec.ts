import { expect, test } from "@playwright/test";
import * as sim from "../lib/providers/chargebackstop/simulator";
import { apiLogin, database, DEMO } from "./support";

const DEMO_SECRETS = { acme: "whsec_demo_acme_commerce", globex: "whsec_demo_globex_retail" };

async function demoConnection(slug: "acme-commerce" | "globex-retail") {
  const { rows } = await database().query(
    `SELECT c.id, o."providerOrgId" FROM "Connection" c JOIN "Organisation" o ON o.id = c."organisationId" WHERE o.slug = $1 AND c.label = 'ChargebackStop (demo)'`,
    [slug],
  );
  return { id: rows[0].id as string, providerOrgId: rows[0].providerOrgId as string, secret: slug === "acme-commerce" ? DEMO_SECRETS.acme : DEMO_SECRETS.globex };
}

async function deliver(baseURL: string, connection: { id: string; secret: string }, payload: unknown) {
  const result = await sim.send({ url: `${baseURL}/api/webhooks/chargebackstop/${connection.id}`, payload, secret: connection.secret });
  expect(result.status).toBe(200);
}

test("ops watch an enrolment move from in progress to enabled, live", async ({ page, baseURL }) => {
  const acme = await demoConnection("acme-commerce");
  await apiLogin(page.request, DEMO.ops);
  await page.goto("/enrolments");
  await expect(page.getByText("Live updates on")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  const created = sim.enrolmentCreated({ organisationId: acme.providerOrgId, status: "IN_PROGRESS", type: "VERIFI_RDR" });
  await deliver(baseURL!, acme, created);
  const inProgress = page.getByRole("region", { name: /In progress/ });
  const enabled = page.getByRole("region", { name: /Enabled/ });
  const enrolmentId = async () => (await database().query(`SELECT id FROM "Enrolment" WHERE "externalId" = $1`, [created.data.object.id])).rows[0].id as string;
  const card = async () => page.locator(`a[href="/enrolments/${await enrolmentId()}"]`);
  await expect(inProgress.locator(`a[href="/enrolments/${await enrolmentId()}"]`)).toBeVisible({ timeout: 5_000 });

  await deliver(baseURL!, acme, sim.enrolmentUpdated(created, { status: "ENABLED" }));
  await expect(enabled.locator(`a[href="/enrolments/${await enrolmentId()}"]`)).toBeVisible({ timeout: 5_000 });
  await expect(inProgress.locator(`a[href="/enrolments/${await enrolmentId()}"]`)).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // no reload
  await expect(await card()).toBeVisible();
});

test("an agent's queue shows a new alert live; another organisation's changes never reach it", async ({ page, baseURL }) => {
  const acme = await demoConnection("acme-commerce");
  const globex = await demoConnection("globex-retail");
  await apiLogin(page.request, DEMO.agent);
  await page.goto("/alerts?sort=received&dir=desc");
  await expect(page.getByText("Live updates on")).toBeVisible();
  // a second, raw listener in the page records what the stream sends
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[] };
    w.seen = [];
    const source = new EventSource("/api/stream");
    source.addEventListener("change", (e) => w.seen.push((e as MessageEvent).data));
  });
  await page.waitForTimeout(500);

  const theirs = sim.alertCreated({ organisationId: globex.providerOrgId, descriptor: "GLOBEX LIVE SECRET" });
  await deliver(baseURL!, globex, theirs);
  const ours = sim.alertCreated({ organisationId: acme.providerOrgId, descriptor: "ACME LIVE NEW" });
  await deliver(baseURL!, acme, ours);

  const table = page.getByRole("table", { name: "Alerts" });
  await expect(table.getByText("ACME LIVE NEW")).toBeVisible({ timeout: 5_000 });
  await expect(table.getByText("GLOBEX LIVE SECRET")).toHaveCount(0);
  const ids = await database().query(`SELECT id, "externalId" FROM "Alert" WHERE "externalId" = ANY($1)`, [[ours.data.object.id, theirs.data.object.id]]);
  const idOf = (external: string) => ids.rows.find((r) => r.externalId === external)!.id as string;
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).join("\n")).toContain(idOf(ours.data.object.id));
  const seen = (await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).join("\n");
  expect(seen).not.toContain(idOf(theirs.data.object.id));
});

test("an export matches the filtered list and stays in scope", async ({ page }) => {
  await apiLogin(page.request, DEMO.agent);
  await page.goto("/alerts?status=ALL&provider=chargebackhit&size=100");
  const table = page.getByRole("table", { name: "Alerts" });
  await expect(table.locator("tbody tr").first()).toBeVisible();
  const rowCount = await table.locator("tbody tr").count();
  expect(rowCount).toBeGreaterThan(0);
  expect(await page.getByRole("link", { name: "Next" }).count()).toBe(0); // the whole list is on this page
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toContain("provider_id");
  expect(lines).toHaveLength(rowCount + 1);
  expect(lines.slice(1).every((l) => l.split(",")[1] === "chargebackhit")).toBe(true);
  expect(csv).not.toContain("Globex Retail");
  expect(csv).toMatch(/\+00:00/); // times in the agent's zone (UTC) with the offset

  // the raw endpoint, asked for everything, still answers only the agent's organisation
  const response = await page.request.get("/api/export/alerts?status=ALL");
  const all = await response.text();
  const { rows } = await database().query(`SELECT count(*)::int AS n FROM "Alert" a JOIN "Organisation" o ON o.id = a."organisationId" WHERE o.slug = 'acme-commerce'`);
  expect(all.trim().split("\r\n")).toHaveLength(rows[0].n + 1);
  expect(all).not.toContain("Globex Retail");
});
