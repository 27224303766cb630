/**
 * Renders the main pages with demo data and saves screenshots to e2e/screenshots/ (for people to
 * look at; not compared pixel by pixel). Each page must render its heading and no error page.
 */
import { expect, test } from "@playwright/test";
import { apiLogin, DEMO } from "./support";

const pages: { path: string; heading: string; as: keyof typeof DEMO }[] = [
  { path: "/", heading: "Overview", as: "agent" },
  { path: "/", heading: "Overview", as: "admin" },
  { path: "/alerts", heading: "Alerts", as: "agent" },
  { path: "/representments", heading: "Representments", as: "agent" },
  { path: "/scheme-notices", heading: "Scheme notices", as: "agent" },
  { path: "/lookups", heading: "Lookups", as: "agent" },
  { path: "/enrolments", heading: "Enrolments", as: "ops" },
  { path: "/events", heading: "Delivery log", as: "admin" },
  { path: "/admin/organisations", heading: "Organisations", as: "admin" },
  { path: "/admin/users", heading: "Users", as: "admin" },
  { path: "/admin/audit", heading: "Audit trail", as: "admin" },
  { path: "/admin/system", heading: "System", as: "admin" },
  { path: "/settings", heading: "Settings", as: "viewer" },
];

for (const p of pages) {
  test(`screenshot ${p.path} as ${p.as}`, async ({ page }) => {
    await apiLogin(page.request, DEMO[p.as]);
    await page.goto(p.path);
    await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
    await expect(page.getByText("Something went wrong")).toHaveCount(0);
    await page.screenshot({ path: `e2e/screenshots/${p.as}${p.path === "/" ? "-overview" : p.path.replaceAll("/", "-")}.png` });
  });
}

test("screenshot of record detail pages", async ({ page }) => {
  await apiLogin(page.request, DEMO.agent);
  for (const list of ["/alerts", "/representments", "/scheme-notices", "/lookups", "/enrolments"]) {
    await page.goto(list);
    const first = list === "/enrolments" ? page.locator("main section ol a").first() : page.getByRole("table").getByRole("link").first();
    await first.click();
    await expect(page.getByRole("heading", { level: 2, name: "Details" })).toBeVisible();
    await page.screenshot({ path: `e2e/screenshots/agent${list.replaceAll("/", "-")}-detail.png`, fullPage: true });
  }
});

test("screenshot of the sign-in page", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/sign-in.png" });
});
