import { expect, test } from "@playwright/test";
import { createAstraFakeApi } from "../lib/providers/astra/fake-api";
import * as sim from "../lib/providers/astra/simulator";
import { apiLogin, cli, DEMO, uniqueSuffix } from "./support";

test("an Astra chargeback arrives thin, the worker fetches its transfer, and representments show its status", async ({ page, baseURL }) => {
  const fake = createAstraFakeApi();
  const api = await fake.listen(0);
  try {
    const clientId = `client_${uniqueSuffix()}`;
    const clientSecret = `cs_${uniqueSuffix()}_secret`;
    const redirectUri = "https://recourse.example.test/oauth/astra";
    const { refreshToken } = fake.addClient({ clientId, clientSecret, redirectUri });
    const connection = (await cli(
      "connection:create", "--org", "acme-commerce", "--provider", "astra", "--mode", "test", "--api-base-url", api.url,
      "--client-id", clientId, "--client-secret", clientSecret, "--refresh-token", refreshToken, "--redirect-uri", redirectUri,
    )) as { webhookPath: string };

    const transfer = sim.transferWithChargeback({ amount: "212.35", actionStatus: "Documentation received", disputeStatus: "Open" });
    fake.putTransfer(transfer);
    const chargebackId = (transfer.chargebacks as { id: string }[])[0]!.id;
    const body = JSON.stringify(sim.chargebackCreated({ chargebackId, transferId: String(transfer.id), userId: String(transfer.user_id) }));
    const signed = sim.signedRequest({ body, clientSecret });
    const response = await fetch(`${baseURL}${connection.webhookPath}`, { method: "POST", headers: signed.headers, body });
    expect(response.status).toBe(200);

    await apiLogin(page.request, DEMO.agent);
    await expect(async () => {
      await page.goto("/representments?status=UNDER_REVIEW");
      await expect(page.getByRole("table", { name: "Representments" }).getByRole("row").filter({ hasText: "212.35 USD" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.getByRole("table", { name: "Representments" }).getByRole("row").filter({ hasText: "212.35 USD" }).getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Astra");
    await expect(page.getByText("Documentation received", { exact: true })).toBeVisible();
    await expect(page.getByText(chargebackId, { exact: true })).toBeVisible();
    expect(fake.refreshCount(clientId)).toBe(1);
  } finally {
    await api.close();
  }
});
