/**
 * Astra's thin webhooks end to end on real Postgres: delivery → partial representment + job in the
 * same transaction → worker → transfer fetched from the strict fake API → full representment.
 */
import { runOnce, Logger } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { handleWebhook } from "@/lib/ingest/pipeline";
import { createAstraFakeApi } from "@/lib/providers/astra/fake-api";
import * as sim from "@/lib/providers/astra/simulator";
import { fetchTransferTask } from "@/lib/providers/astra/tasks";
import { makeOrganisation, unique } from "@/lib/testing/factories";
import { taskContextFor } from "./context";
import { startWorker } from "./worker";
import { taskList } from "./tasks";

const fake = createAstraFakeApi();
let api: { url: string; close(): Promise<void> };
const connectionString = process.env.DATABASE_URL!;
const silent = new Logger(() => () => undefined);

beforeAll(async () => {
  api = await fake.listen(0);
});
afterAll(async () => {
  await api.close();
});

async function setup() {
  const org = await makeOrganisation();
  const clientId = unique("client");
  const clientSecret = `cs_${unique()}_secret`;
  const redirectUri = "https://recourse.example.test/oauth/astra";
  const { refreshToken } = fake.addClient({ clientId, clientSecret, redirectUri });
  const connection = await createConnection(
    SYSTEM_SCOPE,
    { organisationId: org.id, provider: "astra", mode: "TEST", apiBaseUrl: api.url, clientId, redirectUri, secrets: { client_secret: clientSecret, refresh_token: refreshToken } },
    { type: "system" },
  );
  return { org, connection, clientId, clientSecret };
}

async function deliver(connectionId: string, payload: unknown, clientSecret: string) {
  const body = JSON.stringify(payload);
  const signed = sim.signedRequest({ body, clientSecret });
  const response = await handleWebhook(new Request("http://localhost/x", { method: "POST", headers: signed.headers, body }), { provider: "astra", connectionId });
  return response.status;
}

const jobsFor = (chargebackId: string) =>
  db.$queryRawUnsafe<{ id: string; task_identifier: string; attempts: number; last_error: string | null }[]>(
    "SELECT id::text, task_identifier, attempts, last_error FROM graphile_worker.jobs WHERE key = $1",
    `astra-transfer:${chargebackId}`,
  );

describe("Astra thin chargeback events", () => {
  it("store a pending representment, then a job fetches the transfer and fills it in", async () => {
    const { org, connection, clientId, clientSecret } = await setup();
    const transfer = sim.transferWithChargeback({ amount: "125.40", actionStatus: "Documentation received", disputeStatus: "Open" });
    fake.putTransfer(transfer);
    const chargebackId = (transfer.chargebacks as { id: string }[])[0]!.id;
    const payload = sim.chargebackCreated({ chargebackId, transferId: String(transfer.id), userId: String(transfer.user_id) });

    expect(await deliver(connection.id, payload, clientSecret)).toBe(200);
    const pending = await db.representment.findFirstOrThrow({ where: { provider: "astra", externalId: chargebackId } });
    expect(pending).toMatchObject({ organisationId: org.id, detailsPending: true, amountMinor: null });
    expect(await jobsFor(chargebackId)).toHaveLength(1);

    await runOnce({ connectionString, taskList: taskList(), logger: silent });

    const full = await db.representment.findFirstOrThrow({ where: { provider: "astra", externalId: chargebackId } });
    expect(full).toMatchObject({ detailsPending: false, amountMinor: 12540, currency: "USD", status: "UNDER_REVIEW", providerStatus: "Documentation received", disputeStatus: "Open" });
    expect(await jobsFor(chargebackId)).toHaveLength(0);
    expect(fake.refreshCount(clientId)).toBe(1);

    // a chargeback_updated for it: the status change arrives through a new fetch
    fake.putTransfer({ ...transfer, chargebacks: [{ ...(transfer.chargebacks as object[])[0], action_status: "Closed - 2nd Chargeback - Merchant Debited", updated_at: new Date(Date.now() + 60_000).toISOString() }] });
    expect(await deliver(connection.id, sim.chargebackUpdated({ chargebackId, transferId: String(transfer.id) }), clientSecret)).toBe(200);
    expect((await db.representment.findFirstOrThrow({ where: { externalId: chargebackId } })).detailsPending).toBe(true);
    await runOnce({ connectionString, taskList: taskList(), logger: silent });
    const lost = await db.representment.findFirstOrThrow({ where: { externalId: chargebackId } });
    expect(lost).toMatchObject({ status: "LOST", detailsPending: false, amountMinor: 12540 });
    expect(fake.refreshCount(clientId)).toBe(1); // the access token was still valid
  });

  it("serialises token refreshes: two jobs at once refresh once", async () => {
    const { connection, clientId } = await setup();
    const transfers = [sim.transferWithChargeback(), sim.transferWithChargeback()];
    for (const t of transfers) fake.putTransfer(t);
    const run = async (t: Record<string, unknown>) =>
      fetchTransferTask.handler(
        { connectionId: connection.id, transferId: String(t.id), chargebackId: (t.chargebacks as { id: string }[])[0]!.id, userId: String(t.user_id) },
        await taskContextFor(connection.id),
      );
    await Promise.all(transfers.map(run));
    expect(fake.refreshCount(clientId)).toBe(1);
    expect(await db.representment.count({ where: { provider: "astra", externalId: { in: transfers.map((t) => (t.chargebacks as { id: string }[])[0]!.id) } } })).toBe(2);
  });

  it("retries when the transfer API fails and succeeds when it recovers", async () => {
    const { connection, clientSecret } = await setup();
    const transfer = sim.transferWithChargeback();
    fake.putTransfer(transfer);
    const chargebackId = (transfer.chargebacks as { id: string }[])[0]!.id;
    fake.failNext({ count: 3, status: 503, path: `/v1/transfers/${transfer.id}` });
    await deliver(connection.id, sim.chargebackCreated({ chargebackId, transferId: String(transfer.id) }), clientSecret);
    await runOnce({ connectionString, taskList: taskList(), logger: silent });
    const [failed] = await jobsFor(chargebackId);
    expect(failed).toMatchObject({ attempts: 1 });
    expect(failed!.last_error).toMatch(/503/);
    expect((await db.representment.findFirstOrThrow({ where: { externalId: chargebackId } })).detailsPending).toBe(true);
    // the queue's backoff elapsed
    await db.$executeRawUnsafe("UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = $1", `astra-transfer:${chargebackId}`);
    await runOnce({ connectionString, taskList: taskList(), logger: silent });
    expect(await jobsFor(chargebackId)).toHaveLength(0);
    expect((await db.representment.findFirstOrThrow({ where: { externalId: chargebackId } })).detailsPending).toBe(false);
  });

  it("a job locked by a worker that died is unlocked by a live worker and finishes", async () => {
    const { connection, clientSecret } = await setup();
    const transfer = sim.transferWithChargeback();
    fake.putTransfer(transfer);
    const chargebackId = (transfer.chargebacks as { id: string }[])[0]!.id;
    await deliver(connection.id, sim.chargebackCreated({ chargebackId, transferId: String(transfer.id) }), clientSecret);
    // a worker took the job and was SIGKILLed: its lock stays, its heartbeat stops
    const deadWorker = `worker-dead-${unique()}`;
    await db.$executeRawUnsafe("UPDATE graphile_worker._private_jobs SET locked_by = $1, locked_at = now(), attempts = attempts + 1 WHERE key = $2", deadWorker, `astra-transfer:${chargebackId}`);
    await db.workerHeartbeat.create({ data: { workerId: deadWorker, pid: 999999, host: "gone", concurrency: 1, lastSeenAt: new Date(Date.now() - 120_000) } });

    const runner = await startWorker({ connectionString, concurrency: 1, pollInterval: 200, staleAfterSeconds: 60, heartbeatSeconds: 1 });
    try {
      for (let i = 0; i < 100; i++) {
        if ((await jobsFor(chargebackId)).length === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await runner.stop();
    }
    expect(await jobsFor(chargebackId)).toHaveLength(0);
    expect((await db.representment.findFirstOrThrow({ where: { externalId: chargebackId } })).detailsPending).toBe(false);
    expect(await db.workerHeartbeat.count({ where: { workerId: deadWorker } })).toBe(0);
  });
});
