/**
 * Scheduled syncs against real Postgres and ChargebackStop's strict fake API: only connections that
 * can sync are queued, a sync applies what the provider knows once, and a repeat changes nothing.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { createChargebackStopFakeApi } from "@/lib/providers/chargebackstop/fake-api";
import { alertCreated } from "@/lib/providers/chargebackstop/simulator";
import { makeOrganisation, unique } from "@/lib/testing/factories";
import { enqueueSyncs, runSync } from "./sync";

const BASE = "https://api.chargebackstop.test";
const actor = { type: "system" as const, label: "sync test" };

async function connection(apiKey: string | null) {
  const org = await makeOrganisation();
  const secrets: Record<string, string> = { webhook_secret: `whsec_${unique("s")}` };
  if (apiKey) secrets.api_key = apiKey;
  const created = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, provider: "chargebackstop", mode: "TEST", apiBaseUrl: BASE, secrets }, { type: "system" });
  return { org, connection: created };
}

const queuedSync = async (connectionId: string) =>
  (await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = $1", `sync:${connectionId}`))[0]?.n;

describe("syncs", () => {
  it("only connections holding an API key are queued; one without is a no-op with a note, not a failure", async () => {
    const fake = createChargebackStopFakeApi();
    const withKey = await connection(`cbs_${unique("key")}`);
    const without = await connection(null);
    await enqueueSyncs();
    expect(await queuedSync(withKey.connection.id)).toBe(1);
    expect(await queuedSync(without.connection.id)).toBe(0);

    const result = await runSync(without.connection.id, actor, { fetch: fake.fetch });
    expect(result).toMatchObject({ inputs: 0, pages: 0 });
    expect(result.note).toMatch(/no api key/);
    expect(fake.calls()).toHaveLength(0);
    expect((await db.connection.findUniqueOrThrow({ where: { id: without.connection.id } })).lastSyncAt).toBeNull();
  });

  it("applies the provider's alerts to the connection's organisation once; a repeat changes nothing", async () => {
    const fake = createChargebackStopFakeApi();
    const providerOrg = unique("org");
    const apiKey = `cbs_${unique("key")}`;
    fake.addKey({ apiKey, organisationId: providerOrg });
    const { org, connection: conn } = await connection(apiKey);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const alert = alertCreated({ organisationId: providerOrg, status: "ACTION_REQUIRED" });
      fake.putAlert(alert.data.object);
      ids.push(alert.data.object.id as string);
    }
    // another provider organisation's alert: the organisation-level key never returns it
    fake.putAlert(alertCreated({ organisationId: unique("other"), status: "ACTION_REQUIRED" }).data.object);

    const first = await runSync(conn.id, actor, { fetch: fake.fetch });
    expect(first).toMatchObject({ inputs: 3, changed: 3 });
    const stored = await db.alert.findMany({ where: { connectionId: conn.id }, select: { externalId: true, organisationId: true, status: true } });
    expect(stored.map((a) => a.externalId).sort()).toEqual([...ids].sort());
    expect(stored.every((a) => a.organisationId === org.id && a.status === "ACTION_REQUIRED")).toBe(true);
    expect((await db.connection.findUniqueOrThrow({ where: { id: conn.id } })).lastSyncAt).not.toBeNull();

    const second = await runSync(conn.id, actor, { fetch: fake.fetch });
    expect(second).toMatchObject({ inputs: 3, changed: 0 });
    expect(await db.alert.count({ where: { connectionId: conn.id } })).toBe(3);
    const audits = await db.auditLog.findMany({ where: { action: "connection.sync", targetId: conn.id }, orderBy: { id: "asc" } });
    expect(audits.map((a) => (a.after as { changed: number }).changed)).toEqual([3, 0]);
  });
});
