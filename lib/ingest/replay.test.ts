import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE, type AccessScope } from "@/lib/domain/scope";
import * as sim from "@/lib/providers/chargebackstop/simulator";
import { makeOrganisation } from "@/lib/testing/factories";
import { handleWebhook } from "./pipeline";
import { replayEvent } from "./replay";

const actor = { type: "system" as const };
const SECRET = "whsec_replay_secret";

async function send(connectionId: string, body: string) {
  const signed = sim.signedRequest({ body, secret: SECRET });
  const response = await handleWebhook(new Request("http://localhost/x", { method: "POST", headers: signed.headers, body }), { provider: "chargebackstop", connectionId });
  return response.status;
}

describe("replay", () => {
  it("re-applies an ignored delivery once its cause is gone, and audits it", async () => {
    const org = await makeOrganisation();
    const connection = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, provider: "chargebackstop", secrets: { webhook_secret: SECRET } }, actor);
    await db.organisation.update({ where: { id: org.id }, data: { archivedAt: new Date() } });
    const payload = sim.alertCreated();
    expect(await send(connection.id, sim.serialize(payload))).toBe(200);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { connectionId: connection.id } });
    expect(event.status).toBe("IGNORED");
    expect(await db.alert.count({ where: { externalId: payload.data.object.id } })).toBe(0);

    const memberScope: AccessScope = { kind: "orgs", organisationIds: [] };
    await expect(replayEvent(memberScope, event.id, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await db.organisation.update({ where: { id: org.id }, data: { archivedAt: null } });
    expect(await replayEvent(SYSTEM_SCOPE, event.id, actor)).toEqual({ status: "PROCESSED", error: null });
    expect(await db.alert.count({ where: { externalId: payload.data.object.id, organisationId: org.id } })).toBe(1);
    await expect(replayEvent(SYSTEM_SCOPE, event.id, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.auditLog.count({ where: { action: "event.replay", targetId: event.id } })).toBe(1);
  });

  it("keeps a still-broken delivery failed with its reason", async () => {
    const org = await makeOrganisation();
    const connection = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, provider: "chargebackstop", secrets: { webhook_secret: SECRET } }, actor);
    expect(await send(connection.id, '{"id":"evt_1","type":"alert.created"')).toBe(400);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { connectionId: connection.id } });
    const result = await replayEvent(SYSTEM_SCOPE, event.id, actor);
    expect(result.status).toBe("FAILED");
    expect(result.error).toMatch(/Malformed JSON/);
  });
});
