import { expect, test } from "@playwright/test";
import { apiLogin, cli, database, DEMO, formLogin, uniqueSuffix } from "./support";

const WORK = ["Overview", "Alerts", "Representments", "Scheme notices", "Lookups", "Enrolments"];
const expectedNav: Record<keyof typeof DEMO, string[]> = {
  admin: [...WORK, "Delivery log", "Import payments", "Organisations", "Users", "Unassigned", "Audit trail", "System", "Settings"],
  ops: [...WORK, "Delivery log", "Unassigned", "Audit trail", "System", "Settings"],
  agent: [...WORK, "Delivery log", "Import payments", "Audit trail", "Settings"],
  viewer: [...WORK, "Settings"],
  globexAgent: [...WORK, "Delivery log", "Import payments", "Audit trail", "Settings"],
};

for (const [role, email] of Object.entries(DEMO) as [keyof typeof DEMO, string][]) {
  test(`${role} signs in and sees the navigation the role allows`, async ({ page }) => {
    await formLogin(page, email);
    // OPS land on the enrolment board, everyone else on the overview
    const home = role === "ops" ? { url: /\/enrolments$/, heading: "Enrolments" } : { url: /\/$/, heading: "Overview" };
    await expect(page).toHaveURL(home.url);
    await expect(page.getByRole("heading", { level: 1, name: home.heading })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(expectedNav[role]);
  });
}

test("wrong password shows an error and keeps the user signed out", async ({ page }) => {
  await formLogin(page, DEMO.viewer, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await page.goto("/alerts");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Falerts$/);
});

test("signed-out visitors are sent to sign-in and back after it", async ({ page }) => {
  await page.goto("/representments?status=OPEN");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(DEMO.agent);
  await page.getByLabel("Password").fill("recourse-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/representments\?status=OPEN$/);
});

test("the API sign-in sets a session; sign-out ends it", async ({ page }) => {
  const response = await apiLogin(page.request, DEMO.agent);
  expect(response.status()).toBe(302);
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/alerts");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("repeated failures are throttled with 429 and Retry-After, counted in Postgres", async ({ request }) => {
  const email = `nobody-${uniqueSuffix()}@example.test`;
  for (let i = 0; i < 10; i++) {
    const r = await apiLogin(request, email, "wrong-password");
    expect(r.status(), `attempt ${i + 1}`).toBe(302);
    expect(r.headers()["location"]).toContain("error=CredentialsSignin");
  }
  const blocked = await apiLogin(request, email, "wrong-password");
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
  const { rows } = await database().query("SELECT points FROM rate_limits WHERE key = $1", [`signin:${email}|127.0.0.1`]);
  expect(rows[0]?.points).toBeGreaterThanOrEqual(10);
  const audit = await database().query("SELECT count(*)::int AS n FROM \"AuditLog\" WHERE action = 'auth.sign_in_failed' AND \"actorEmail\" = $1", [email]);
  expect(audit.rows[0].n).toBe(10);
});

test("a user created with the CLI can sign in and sees their organisation", async ({ page }) => {
  const email = `cli-${uniqueSuffix()}@example.test`;
  const user = await cli("user:create", "--email", email, "--password", "a sound passphrase", "--name", "Cli Person");
  expect(user).toMatchObject({ email, role: null });
  await cli("membership:add", "--email", email, "--org", "globex-retail", "--role", "VIEWER");
  await formLogin(page, email, "a sound passphrase");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByText("Globex Retail", { exact: true })).toBeVisible();
  await page.goto("/alerts");
  await expect(page.getByRole("table", { name: "Alerts" })).toBeVisible();
});

test("deactivation and removed memberships take effect on the next request", async ({ browser }) => {
  const email = `gone-${uniqueSuffix()}@example.test`;
  await cli("user:create", "--email", email, "--password", "a sound passphrase");
  await cli("membership:add", "--email", email, "--org", "acme-commerce", "--role", "AGENT");
  await cli("membership:add", "--email", email, "--org", "globex-retail", "--role", "VIEWER");
  const { rows } = await database().query("SELECT a.id FROM \"Alert\" a JOIN \"Organisation\" o ON o.id = a.\"organisationId\" WHERE o.slug = 'acme-commerce' LIMIT 1");
  const alertId = rows[0].id as string;

  const context = await browser.newContext();
  const page = await context.newPage();
  await apiLogin(page.request, email, "a sound passphrase");
  await page.goto(`/alerts/${alertId}`);
  await expect(page.getByRole("heading", { level: 2, name: "Details" })).toBeVisible();

  await database().query(
    "DELETE FROM \"Membership\" WHERE \"userId\" = (SELECT id FROM \"User\" WHERE email = $1) AND \"organisationId\" = (SELECT id FROM \"Organisation\" WHERE slug = 'acme-commerce')",
    [email],
  );
  const afterRemoval = await page.goto(`/alerts/${alertId}`);
  expect(afterRemoval?.status()).toBe(404);

  await database().query("UPDATE \"User\" SET \"deactivatedAt\" = now() WHERE email = $1", [email]);
  await page.goto("/alerts");
  await expect(page).toHaveURL(/\/sign-in/);
  const again = await apiLogin(page.request, email, "a sound passphrase");
  expect(again.headers()["location"]).toContain("error=CredentialsSignin");
  await context.close();
});
