import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { narrowToOrganisation } from "@/lib/domain/admin/scope";
import type { AccessScope } from "@/lib/domain/scope";
import { makeOrganisation, unique } from "@/lib/testing/factories";
import { createConnection, rotateWebhookSecret, setConnectionStatus } from "./commands";
import { connectionFormSpecs, listConnections, listRecentDeliveries } from "./queries";

const ADMIN: AccessScope = { kind: "all", includeUnassigned: true };
const actor = { type: "system" as const };

async function connectionIn(orgId: string, secret = `whsec_${unique()}`) {
  return createConnection(ADMIN, { organisationId: orgId, provider: "chargebackstop", secrets: { webhook_secret: secret } }, actor);
}

describe("connections from the admin page", () => {
  it("lists secrets masked to the last four characters, never the value", async () => {
    const org = await makeOrganisation();
    const secret = `whsec_${unique()}_abcd`;
    await connectionIn(org.id, secret);
    const [row] = await listConnections(ADMIN, { organisationId: org.id });
    expect(row!.secrets).toEqual([{ name: "webhook_secret", subject: "", masked: "…abcd", expiresAt: null }]);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("a narrowed scope cannot rotate or disable another organisation's connection (ids in forms)", async () => {
    const [a, b] = [await makeOrganisation(), await makeOrganisation()];
    const inB = await connectionIn(b.id);
    await expect(setConnectionStatus(narrowToOrganisation(ADMIN, a.id), inB.id, "DISABLED", actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(rotateWebhookSecret(narrowToOrganisation(ADMIN, a.id), { connectionId: inB.id, secret: "whsec_new_secret" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.connection.findUniqueOrThrow({ where: { id: inB.id } })).status).toBe("ACTIVE");
  });

  it("recent deliveries: newest ten per connection, within scope", async () => {
    const [a, b] = [await makeOrganisation(), await makeOrganisation()];
    const inA = await connectionIn(a.id);
    const inB = await connectionIn(b.id);
    const base = Date.now();
    for (let i = 0; i < 12; i++) {
      await db.webhookEvent.create({
        data: { connectionId: inA.id, provider: "chargebackstop", organisationId: a.id, externalEventId: unique("evt"), type: `t.${i}`, status: "PROCESSED", rawBody: Buffer.from("{}"), receivedAt: new Date(base - i * 1000) },
      });
    }
    await db.webhookEvent.create({ data: { connectionId: inB.id, provider: "chargebackstop", organisationId: b.id, externalEventId: unique("evt"), type: "b", status: "FAILED", rawBody: Buffer.from("{}") } });
    const recent = await listRecentDeliveries(ADMIN, [inA.id, inB.id]);
    expect(recent.get(inA.id)!.map((d) => d.type)).toEqual(Array.from({ length: 10 }, (_, i) => `t.${i}`));
    expect(recent.get(inB.id)).toHaveLength(1);
    const onlyA = await listRecentDeliveries({ kind: "orgs", organisationIds: [a.id] }, [inA.id, inB.id]);
    expect(onlyA.get(inB.id)).toEqual([]);
  });

  it("form specs follow each provider's credentials", () => {
    const specs = Object.fromEntries(connectionFormSpecs().map((s) => [s.id, s]));
    expect(specs.chargebackstop).toMatchObject({ requiredSecrets: ["webhook_secret"], scopes: ["ORG", "PARTNER"] });
    expect(specs.chargebackhit).toMatchObject({ requiredSecrets: ["secret_key"], requiredFields: ["publicKey"] });
    expect(specs.astra).toMatchObject({ requiredSecrets: ["client_secret"], requiredFields: ["clientId"] });
  });
});
