/**
 * The administration area in the browser: what an admin can do with the CLI, with the same
 * validation, plus one-time links, deactivation, last-admin protection and scope. Every test makes
 * its own uniquely named organisations and users (parallel-safe on the shared e2e database).
 */
import { expect, test, type Page } from "@playwright/test";
import { apiLogin, cli, database, DEMO, formLogin, mailsTo, one, uniqueSuffix } from "./support";

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/admin-${name}.png`, fullPage: true });

test("an admin creates an organisation, a merchant, invites a member who signs in, and creates a connection and an API key shown once", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const suffix = uniqueSuffix();
  const orgName = `E2E Org ${suffix}`;
  await apiLogin(page.request, DEMO.admin);

  // create the organisation; the same name again is a field error
  await page.goto("/admin/organisations");
  await expect(page.getByRole("heading", { level: 1, name: "Organisations" })).toBeVisible();
  await shot(page, "organisations");
  const create = page.getByRole("form", { name: "New organisation" });
  await create.getByLabel("Name", { exact: true }).fill(orgName);
  await create.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(/\/admin\/organisations\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole("heading", { level: 1, name: orgName })).toBeVisible();
  const organisationId = new URL(page.url()).pathname.split("/").pop()!;
  await page.goto("/admin/organisations");
  await create.getByLabel("Name", { exact: true }).fill(orgName.toUpperCase());
  await create.getByRole("button", { name: "Create organisation" }).click();
  await expect(create.getByText("An organisation with that name already exists.", { exact: true })).toBeVisible();
  await expect(create.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM "Organisation" WHERE lower(name) = lower($1)`, [orgName])).n).toBe(1);

  // merchants: a bad MCC is refused next to the field, then the merchant is created
  await page.goto(`/admin/organisations/${organisationId}`);
  const addMerchant = page.getByRole("form", { name: "Add a merchant" });
  await addMerchant.getByLabel("Name", { exact: true }).fill("E2E Shop");
  await addMerchant.getByLabel("Descriptor").fill("E2E*SHOP");
  await addMerchant.getByLabel("MID").fill("123456789012");
  await addMerchant.getByLabel("MCC").fill("59");
  await addMerchant.getByRole("button", { name: "Add merchant" }).click();
  await expect(addMerchant.getByText("An MCC is 4 digits.")).toBeVisible();
  await addMerchant.getByLabel("MCC").fill("5999");
  await addMerchant.getByRole("button", { name: "Add merchant" }).click();
  await expect(addMerchant.getByRole("status")).toHaveText("Added E2E Shop.");
  const merchant = page.getByRole("listitem", { name: "E2E Shop" });
  await expect(merchant.getByText("MID 123456789012")).toBeVisible();
  // a provider id another merchant holds is a clear error
  await merchant.getByText("Edit", { exact: true }).click();
  const addId = page.getByRole("form", { name: "Add a provider id to E2E Shop" });
  await addId.getByLabel("Merchant id at the provider").fill("mrch_AcmeStoreUS000000001");
  await addId.getByRole("button", { name: "Add provider id" }).click();
  await expect(addId.getByText(/already belongs to the merchant “Acme Store US”/).first()).toBeVisible();
  await expect(addId.getByLabel("Merchant id at the provider")).toHaveAttribute("aria-invalid", "true");
  await addId.getByLabel("Merchant id at the provider").fill(`mrch_e2e_${suffix}`);
  await addId.getByRole("button", { name: "Add provider id" }).click();
  await expect(merchant.getByText(`mrch_e2e_${suffix}`, { exact: true })).toBeVisible();
  await shot(page, "org-merchants");

  // members: invite someone new; the link is shown once
  await page.getByRole("navigation", { name: "Organisation sections" }).getByRole("link", { name: /Members/ }).click();
  await expect(page).toHaveURL(/tab=members/);
  const inviteeEmail = `invitee-${suffix}@example.test`;
  const invite = page.getByRole("form", { name: "Invite someone new" });
  await invite.getByLabel("Email").fill(inviteeEmail);
  await invite.getByLabel("Role").selectOption("AGENT");
  await invite.getByRole("button", { name: "Create invitation" }).click();
  const link = await invite.getByLabel("Invitation link", { exact: true }).inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  // with SMTP configured (the test sink), the invitee also gets the link by email
  await expect(page.getByText(`We emailed it to ${inviteeEmail}`)).toBeVisible();
  await expect.poll(() => mailsTo(inviteeEmail).length).toBe(1);
  expect(mailsTo(inviteeEmail)[0]).toMatchObject({ subject: "You are invited to Recourse", text: expect.stringContaining(link) });
  await page.screenshot({ path: "e2e/screenshots/admin-org-invited.png" });
  await expect(page.getByRole("table", { name: "Members" }).getByText(inviteeEmail).first()).toBeVisible();
  await shot(page, "org-members");
  const stored = await one<{ hash: string }>(`SELECT t.hash FROM "AuthToken" t JOIN "User" u ON u.id = t."userId" WHERE u.email = $1`, [inviteeEmail]);
  expect(link).not.toContain(stored.hash);

  // the invitee opens the link in a fresh browser, chooses a password and signs in
  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Welcome to Recourse" })).toBeVisible();
  await expect(invitee.getByText(inviteeEmail)).toBeVisible();
  await invitee.getByLabel("New password", { exact: true }).fill("password123");
  await invitee.getByLabel("New password again").fill("password123");
  await invitee.getByRole("button", { name: "Set password" }).click();
  await expect(invitee.getByText("That password is too common.")).toBeVisible();
  await shot(invitee, "invite");
  await invitee.getByLabel("New password", { exact: true }).fill("a sound invitee passphrase");
  await invitee.getByLabel("New password again").fill("a sound invitee passphrase");
  await invitee.getByRole("button", { name: "Set password" }).click();
  await expect(invitee).toHaveURL(/\/sign-in/);
  await formLogin(invitee, inviteeEmail, "a sound invitee passphrase");
  await expect(invitee.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(invitee.getByText(orgName, { exact: true })).toBeVisible();
  // the link worked once
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Link expired or invalid" })).toBeVisible();
  await context.close();

  // connections: the secret is shown once, then only its last four characters
  await page.goto(`/admin/organisations/${organisationId}?tab=connections`);
  const secret = `whsec_e2e_${suffix}_WXYZ`;
  const newConnection = page.getByRole("form", { name: "New connection" });
  await newConnection.getByLabel("Provider").selectOption("chargebackstop");
  await newConnection.getByRole("button", { name: "Create connection" }).click();
  await expect(newConnection.getByText("ChargebackStop needs a webhook secret.").first()).toBeVisible();
  await newConnection.getByLabel("Webhook signing secret").fill(secret);
  await newConnection.getByLabel("Label (optional)").fill("E2E endpoint");
  await newConnection.getByRole("button", { name: "Create connection" }).click();
  const reveal = newConnection.getByRole("status").filter({ hasText: "Shown once" });
  await expect(reveal.getByLabel("Webhook signing secret")).toHaveValue(secret);
  await expect(reveal.getByLabel("Webhook URL")).toHaveValue(/\/api\/webhooks\/chargebackstop\/[0-9a-f-]{36}$/);
  await shot(page, "org-connections-created");
  await page.reload();
  const card = page.getByRole("region", { name: "ChargebackStop · E2E endpoint" });
  await expect(card.getByText("…WXYZ")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(secret);
  expect(await page.content()).not.toContain(secret);
  await shot(page, "org-connections");

  // API keys: shown once
  await page.getByRole("navigation", { name: "Organisation sections" }).getByRole("link", { name: /API keys/ }).click();
  const newKey = page.getByRole("form", { name: "New API key" });
  await newKey.getByLabel("Name").fill("E2E backend");
  await newKey.getByRole("button", { name: "Create key" }).click();
  const key = await newKey.getByLabel("API key", { exact: true }).inputValue();
  expect(key).toMatch(/^rk_live_/);
  await page.reload();
  await expect(page.getByRole("table", { name: "API keys" }).getByText("E2E backend")).toBeVisible();
  expect(await page.content()).not.toContain(key);
  await shot(page, "org-api-keys");

  await page.getByRole("navigation", { name: "Organisation sections" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("form", { name: "Rename organisation" })).toBeVisible();
  await shot(page, "org-settings");

  // every change above is in the audit trail, filterable by organisation
  await page.goto(`/admin/audit?org=${organisationId}`);
  const trail = page.getByRole("table", { name: "Audit trail" });
  for (const action of ["organisation.create", "merchant.create", "membership.invite", "connection.create", "api_key.create"]) {
    await expect(trail.getByText(action, { exact: true })).toBeVisible();
  }
  const entry = trail.getByRole("rowgroup").filter({ hasText: "merchant.create" });
  await expect(entry.locator("summary")).toContainText("name: E2E Shop");
  await entry.locator("summary").click();
  await expect(trail.getByLabel("After, merchant.create")).toContainText('"mcc": "5999"');
  await shot(page, "audit");
});

test("deactivating a user ends their session on the next request", async ({ page, browser }) => {
  const suffix = uniqueSuffix();
  const email = `deact-${suffix}@example.test`;
  await apiLogin(page.request, DEMO.admin);
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("Email").fill(DEMO.agent);
  await form.getByLabel("Password").fill("a sound passphrase");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("A user with that email already exists.", { exact: true }).first()).toBeVisible();
  await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByText("Use at least 10 characters.")).toBeVisible();
  await form.getByLabel("Password").fill("a sound passphrase");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("status")).toContainText(`Created ${email}`);
  await cli("membership:add", "--email", email, "--org", "acme-commerce", "--role", "VIEWER");

  const context = await browser.newContext();
  const user = await context.newPage();
  expect((await apiLogin(user.request, email, "a sound passphrase")).status()).toBe(302);
  await user.goto("/alerts");
  await expect(user.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();

  await page.getByRole("link", { name: `Manage ${email}` }).click();
  await expect(page.getByRole("heading", { name: `Manage ${email}` })).toBeVisible();
  await page.getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByRole("form", { name: `Reactivate ${email}` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(email) }).getByText("Deactivated")).toBeVisible();
  await shot(page, "users");

  await user.goto("/alerts");
  await expect(user).toHaveURL(/\/sign-in/);
  const again = await apiLogin(user.request, email, "a sound passphrase");
  expect(again.headers()["location"]).toContain("error=CredentialsSignin");
  await context.close();
});

test("a password reset link sets a new password once and ends the old sessions", async ({ page, browser }) => {
  const email = `reset-${uniqueSuffix()}@example.test`;
  await cli("user:create", "--email", email, "--password", "the old passphrase");
  await cli("membership:add", "--email", email, "--org", "acme-commerce", "--role", "VIEWER");
  const { id } = await one<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);

  const oldContext = await browser.newContext();
  const old = await oldContext.newPage();
  await apiLogin(old.request, email, "the old passphrase");
  await old.goto("/settings");
  await expect(old.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  await apiLogin(page.request, DEMO.admin);
  await page.goto(`/admin/users?user=${id}`);
  await page.getByRole("button", { name: "Create reset link" }).click();
  const link = await page.getByLabel("Reset link", { exact: true }).inputValue();
  expect(link).toContain("/reset-password/");
  await expect.poll(() => mailsTo(email).length).toBe(1);
  expect(mailsTo(email)[0]).toMatchObject({ subject: "Reset your Recourse password", text: expect.stringContaining(link) });

  const fresh = await browser.newContext();
  const person = await fresh.newPage();
  await person.goto(link);
  await expect(person.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await person.getByLabel("New password", { exact: true }).fill("the new passphrase");
  await person.getByLabel("New password again").fill("the new passphrase!");
  await person.getByRole("button", { name: "Save new password" }).click();
  await expect(person.getByText("The two passwords differ.")).toBeVisible();
  await person.getByLabel("New password", { exact: true }).fill("the new passphrase");
  await person.getByLabel("New password again").fill("the new passphrase");
  await person.getByRole("button", { name: "Save new password" }).click();
  await expect(person).toHaveURL(/\/sign-in/);
  await formLogin(person, email, "the new passphrase");
  await expect(person.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

  // the session from before the reset has ended
  await old.goto("/settings");
  await expect(old).toHaveURL(/\/sign-in/);
  await person.goto(link);
  await expect(person.getByText(/expired or is invalid/)).toBeVisible();
  await oldContext.close();
  await fresh.close();
});

test("an agent gets 403 on the administration pages, but reads their organisation's audit trail", async ({ page }) => {
  await apiLogin(page.request, DEMO.agent);
  const response = await page.goto("/admin/organisations");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  expect((await page.goto("/admin/users"))?.status()).toBe(403);
  expect((await page.goto("/admin/unassigned"))?.status()).toBe(403);
  const audit = await page.goto("/admin/audit");
  expect(audit?.status()).toBe(200);
  // only Acme Commerce (the agent's organisation) is offered as a filter
  const orgs = await page.getByRole("form", { name: "Filter the audit trail" }).getByLabel("Organisation", { exact: true }).locator("option").allTextContents();
  expect(orgs).toEqual(["Any of mine", "Acme Commerce"]);
});

test("the last admin cannot be demoted, and nobody demotes or deactivates themselves", async ({ page }) => {
  await apiLogin(page.request, DEMO.admin);
  const { id } = await one<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [DEMO.admin]);
  const { n: admins } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM "User" WHERE "globalRole" = 'ADMIN' AND "deactivatedAt" IS NULL`);
  await page.goto(`/admin/users?user=${id}`);
  const role = page.getByRole("form", { name: `Global role of ${DEMO.admin}` });
  await role.getByLabel("Global role").selectOption("OPS");
  await role.getByRole("button", { name: "Set role" }).click();
  await expect(role.getByRole("alert").first()).toHaveText(admins === 1 ? /last active administrator/ : /your own global role/);
  await expect(role.getByText(admins === 1 ? /last active administrator/ : /your own global role/).last()).toBeVisible();
  await page.getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByRole("form", { name: `Deactivate ${DEMO.admin}` }).getByRole("alert")).toHaveText(admins === 1 ? /last active administrator/ : /cannot deactivate yourself/);
  const row = await one<{ globalRole: string; deactivatedAt: Date | null }>(`SELECT "globalRole", "deactivatedAt" FROM "User" WHERE id = $1`, [id]);
  expect(row).toEqual({ globalRole: "ADMIN", deactivatedAt: null });
});

test("unassigned partner rows are attached to an organisation in one step", async ({ page }) => {
  const suffix = uniqueSuffix();
  const pid = `org_e2e_${suffix}`;
  const org = await cli("org:create", "--name", `E2E Partner ${suffix}`);
  const alert = await one<{ id: string }>(
    `INSERT INTO "Alert" (id, provider, "externalId", "providerOrganisationId", kind, "providerStatus", status, "providerData", "updatedAt")
     VALUES (gen_random_uuid()::text, 'chargebackstop', $1, $2, 'ETHOCA', 'ACTION_REQUIRED', 'ACTION_REQUIRED', '{}', now()) RETURNING id`,
    [`netalrt_e2e_${suffix}`, pid],
  );
  await database().query(
    `INSERT INTO "Merchant" (id, name, placeholder, "providerOrganisationId", "updatedAt") VALUES (gen_random_uuid()::text, $1, true, $2, now())`,
    [`mrch_e2e_${suffix}`, pid],
  );

  // OPS may look but not attach
  await apiLogin(page.request, DEMO.ops);
  await page.goto("/admin/unassigned");
  await expect(page.getByRole("region", { name: pid })).toBeVisible();
  await expect(page.getByRole("region", { name: pid }).getByRole("button", { name: "Attach" })).toHaveCount(0);

  await page.context().clearCookies();
  await apiLogin(page.request, DEMO.admin);
  await page.goto("/admin/unassigned");
  const group = page.getByRole("region", { name: pid });
  await expect(group.getByText("Alerts")).toBeVisible();
  await shot(page, "unassigned");
  const form = group.getByRole("form", { name: `Attach ${pid} to an organisation` });
  await form.getByRole("button", { name: "Attach" }).click();
  await expect(form.getByText("Choose an organisation.").first()).toBeVisible();
  await form.getByLabel("Organisation").selectOption(String(org.id));
  await form.getByRole("button", { name: "Attach" }).click();
  await expect(page).toHaveURL(/\/admin\/unassigned\?attached=/);
  await expect(page.getByRole("status").filter({ hasText: "Attached 2 rows" })).toContainText(`naming ${pid} to E2E Partner ${suffix}`);
  await expect(page.getByRole("region", { name: pid })).toHaveCount(0);
  expect((await one<{ organisationId: string }>(`SELECT "organisationId" FROM "Alert" WHERE id = $1`, [alert.id])).organisationId).toBe(org.id);
  expect((await one<{ providerOrgId: string }>(`SELECT "providerOrgId" FROM "Organisation" WHERE id = $1`, [org.id])).providerOrgId).toBe(pid);
  const audit = await one<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'unassigned.attach' AND "targetId" = $1`, [org.id]);
  expect(audit.n).toBe(1);
});

test("system and settings pages render for the roles that may see them", async ({ page }) => {
  await apiLogin(page.request, DEMO.ops);
  await page.goto("/admin/system");
  await expect(page.getByRole("heading", { level: 1, name: "System" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Job queue" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Deliveries per connection" })).toBeVisible();
  await shot(page, "system");

  await page.context().clearCookies();
  const email = `settings-${uniqueSuffix()}@example.test`;
  await cli("user:create", "--email", email, "--password", "the first passphrase");
  await cli("membership:add", "--email", email, "--org", "acme-commerce", "--role", "VIEWER");
  await apiLogin(page.request, email, "the first passphrase");
  await page.goto("/settings");
  const password = page.getByRole("form", { name: "Change password" });
  await password.getByLabel("Current password").fill("not my password");
  await password.getByLabel("New password", { exact: true }).fill("the second passphrase");
  await password.getByLabel("New password again").fill("the second passphrase");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByText("That is not your current password.")).toBeVisible();
  await password.getByLabel("Current password").fill("the first passphrase");
  await password.getByLabel("New password", { exact: true }).fill("the second passphrase");
  await password.getByLabel("New password again").fill("the second passphrase");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/settings\?password=changed$/);
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toContainText("this one continues");
  // the current session was signed in again: still signed in on the next request
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await shot(page, "settings");
});
