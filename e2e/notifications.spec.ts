/**
 * Notifications end to end: a member turns on deadline reminders in /settings/notifications; the
 * save asks the worker for a scan, which finds the alert due within their window and emails them
 * through SMTP_URL. scripts/test.ts runs a local SMTP sink (scripts/lib/mail-sink.ts) that writes
 * every message it receives as JSON into E2E_MAIL_DIR; nothing leaves the machine.
 */
import { expect, test } from "@playwright/test";
import { apiLogin, cli, mailsTo, one, uniqueSuffix } from "./support";

test.describe("notifications", () => {
  test("a deadline reminder reaches the SMTP sink", async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    expect(process.env.E2E_MAIL_DIR, "E2E_MAIL_DIR (the SMTP sink's folder) must be set by scripts/test.ts").toBeTruthy();

    // a fresh organisation and member, so only this test's alert is within their window
    const suffix = uniqueSuffix();
    const org = (await cli("org:create", "--name", `Reminders ${suffix}`)) as { id: string };
    const email = `nora-${suffix}@e2e.test`;
    const password = "quiet-harbour-lantern-42";
    await cli("user:create", "--email", email, "--password", password, "--name", "Nora Notify");
    await cli("membership:add", "--email", email, "--org", org.id, "--role", "AGENT");
    const descriptor = `REMIND-${suffix}`.toUpperCase();
    const alert = await one<{ id: string }>(
      `INSERT INTO "Alert" (id, "organisationId", provider, "externalId", kind, "providerStatus", status, "deadlineAt", "amountMinor", currency, descriptor, "providerData", "updatedAt")
       VALUES (gen_random_uuid()::text, $1, 'chargebackstop', $2, 'ETHOCA', 'ACTION_REQUIRED', 'ACTION_REQUIRED', now() + interval '2 hours', 4200, 'EUR', $3, '{}', now())
       RETURNING id`,
      [org.id, `netalrt_${suffix}`, descriptor],
    );

    expect((await apiLogin(page.request, email, password)).status()).toBe(302);
    await page.goto("/settings/notifications");
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    // retried as a whole in case the first clicks land before the form has hydrated
    await expect(async () => {
      await page.getByRole("checkbox", { name: "Email me notifications" }).check();
      await page.getByRole("checkbox", { name: "Deadline reminders" }).check();
      await page.getByLabel("Deadline reminder: hours before the deadline").fill("4");
      await page.getByRole("radio", { name: "As they happen" }).check();
      await page.getByRole("button", { name: "Save notification settings" }).click();
      await expect(page.getByText(`Saved. Notifications go to ${email} as they happen.`)).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    const saved = await one<{ notifications: { email: boolean; events: Record<string, boolean>; deadlineHours: number } }>(
      `SELECT p.notifications FROM "UserPreference" p JOIN "User" u ON u.id = p."userId" WHERE u.email = $1`,
      [email],
    );
    expect(saved.notifications).toMatchObject({ email: true, events: { "alert.deadline": true }, deadlineHours: 4 });

    // the worker runs the scan the save enqueued, then the send job: one email in the sink
    await expect.poll(() => mailsTo(email).length, { timeout: 45_000, intervals: [500] }).toBe(1);
    const [reminder] = mailsTo(email);
    expect(reminder!.subject).toMatch(new RegExp(`^Deadline in (1h \\d\\dm|2h 00m): Ethoca alert 42\\.00 EUR \\(${descriptor}\\)$`));
    expect(reminder!.text).toContain("less than 4 hours away");
    expect(reminder!.text).toContain(`${baseURL}/alerts/${alert.id}`);
    const delivery = await one<{ status: string; eventKey: string }>(`SELECT status, "eventKey" FROM "NotificationDelivery" WHERE recipient = (SELECT 'user:' || id FROM "User" WHERE email = $1)`, [email]);
    expect(delivery).toEqual({ status: "sent", eventKey: `deadline:${alert.id}:4h` });

    // the form shows what was saved; saving again (another scan) sends nothing new
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Deadline reminders" })).toBeChecked();
    await expect(page.getByLabel("Deadline reminder: hours before the deadline")).toHaveValue("4");
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await expect(page.getByText(`Saved. Notifications go to ${email} as they happen.`)).toBeVisible();
    await page.waitForTimeout(4_000);
    expect(mailsTo(email)).toHaveLength(1);
  });
});
