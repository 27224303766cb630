import { describe, expect, it } from "vitest";
import { astra } from "@/lib/providers/astra";
import { createAstraFakeApi } from "@/lib/providers/astra/fake-api";
import * as sim from "@/lib/providers/astra/simulator";
import { createFetchTransferTask } from "@/lib/providers/astra/tasks";
import type { DomainInput, MapResult, RepresentmentInput, SimulatedDelivery, TaskContext } from "@/lib/providers/types";

const SECRET = "astra_cs_sim_1f2e3d";
const { webhook } = astra;

/** Runs a delivery through the real provider path: bytes → verify → parse → envelope → map. */
function deliver(d: { body: string; headers: Record<string, string> }, secret = SECRET) {
  const headers = new Headers(d.headers);
  const verified = webhook.verify({ rawBody: Buffer.from(d.body, "utf8"), headers, credentials: { secrets: { client_secret: [secret] }, publicKey: null, clientId: "cid" }, now: new Date() });
  if (!verified.ok) return { status: 401 as const, verified };
  const parsed = webhook.parse(JSON.parse(d.body));
  if (!parsed.ok) throw new Error(parsed.error);
  const mapped = webhook.map(parsed.value);
  if (!mapped.ok) throw new Error(mapped.error);
  return { status: 200 as const, envelope: webhook.envelope(parsed.value, headers), mapped: mapped.value };
}

function apply(result: ReturnType<typeof deliver>): Extract<MapResult, { kind: "apply" }> {
  if (result.status !== 200 || result.mapped.kind !== "apply") throw new Error("not applied");
  return result.mapped;
}

describe("builders", () => {
  it("shape envelopes like seed 002, with fresh ids", () => {
    const a = sim.chargebackCreated();
    const b = sim.chargebackCreated();
    expect(Object.keys(a)).toEqual(["webhook_type", "webhook_id", "user_id", "resource_id", "resource_parent_id"]);
    expect(a.webhook_type).toBe("chargeback_created");
    expect(a.webhook_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.resource_id).toMatch(/^C\d{6}V\d{10}$/);
    expect(a.resource_parent_id).toMatch(/^[0-9a-f]{40}$/);
    expect(a.user_id).toMatch(/^[A-Za-z0-9]{37}$/);
    expect(b.webhook_id).not.toBe(a.webhook_id);
    expect(sim.chargebackUpdated({ chargebackId: "C1", transferId: "T1", userId: "U1", webhookId: "W1" })).toEqual({
      webhook_type: "chargeback_updated",
      webhook_id: "W1",
      user_id: "U1",
      resource_id: "C1",
      resource_parent_id: "T1",
    });
    expect(sim.transferUpdated({ transferId: "T1" })).toMatchObject({ webhook_type: "transfer_updated", resource_id: "T1" });
    expect(sim.transferUpdated()).not.toHaveProperty("resource_parent_id");
  });

  it("signedRequest signs the body, or its Python form with pythonForm", () => {
    const body = sim.serialize(sim.chargebackCreated());
    const plain = sim.signedRequest({ body, clientSecret: SECRET });
    expect(plain.headers["content-type"]).toBe("application/json");
    expect(deliver(plain).status).toBe(200);
    const python = sim.signedRequest({ body, clientSecret: SECRET, pythonForm: true });
    expect(python.body).toBe(body);
    expect(python.headers["Astra-Verification"]).not.toBe(plain.headers["Astra-Verification"]);
    expect(deliver(python).status).toBe(200);
    expect(deliver(sim.signedRequest({ body, clientSecret: sim.forgedSecret(SECRET) })).status).toBe(401);
  });

  it("serialize has a Python form", () => {
    expect(sim.serialize({ a: 1, b: "é" }, { pythonForm: true })).toBe('{"a": 1, "b": "\\u00e9"}');
  });
});

describe("scenarios through the provider", () => {
  const run = (name: sim.ScenarioName) => sim.simulatorCli.scenarios[name]!.deliveries({ secret: SECRET });

  it("lists every scenario with its expected status", () => {
    expect(Object.fromEntries(Object.entries(sim.simulatorCli.scenarios).map(([n, s]) => [n, s.expectStatus]))).toEqual({
      "chargeback-created": 200,
      "chargeback-lifecycle": 200,
      duplicates: 200,
      "ignored-type": 200,
      forged: 401,
      "python-signed": 200,
    });
  });

  it("every scenario gets its expected status", () => {
    for (const name of sim.SCENARIO_NAMES) {
      for (const d of run(name)) expect(deliver(d).status, name).toBe(sim.SCENARIOS[name].expectStatus);
    }
  });

  it("chargeback-lifecycle: created then updated for one chargeback, one job key", () => {
    const [created, updated] = run("chargeback-lifecycle").map((d) => apply(deliver(d)));
    expect(created!.inputs[0]!.externalId).toBe(updated!.inputs[0]!.externalId);
    expect(created!.jobs![0]!.jobKey).toBe(updated!.jobs![0]!.jobKey);
    expect(run("chargeback-lifecycle").map((d) => d.label.split(" ")[0])).toEqual(["chargeback_created", "chargeback_updated"]);
  });

  it("duplicates: identical bytes, signature and webhook_id", () => {
    const deliveries = run("duplicates");
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(1);
    expect(new Set(deliveries.map((d) => d.headers["Astra-Verification"])).size).toBe(1);
    expect(new Set(deliveries.map((d) => (deliver(d) as { envelope: { eventId: string } }).envelope.eventId)).size).toBe(1);
  });

  it("ignored-type: transfer_updated is ignored", () => {
    const result = deliver(run("ignored-type")[0]!);
    expect(result.status === 200 && result.mapped.kind).toBe("ignore");
  });

  it("forged: rejected with signature_mismatch", () => {
    expect(deliver(run("forged")[0]!)).toMatchObject({ status: 401, verified: { ok: false, reason: "signature_mismatch" } });
  });

  it("python-signed: passes only thanks to the Python-JSON fallback", () => {
    const d = run("python-signed")[0]!;
    expect(deliver(d).status).toBe(200);
    expect(d.headers["Astra-Verification"]).not.toBe(sim.signedRequest({ body: d.body, clientSecret: SECRET }).headers["Astra-Verification"]);
  });
});

describe("full lifecycle against the fake API", () => {
  it("webhooks → partial rows + jobs → the job reads the fake's transfer → full representment", async () => {
    const deliveries: SimulatedDelivery[] = sim.simulatorCli.scenarios["chargeback-lifecycle"]!.deliveries({ secret: SECRET });
    const fake = createAstraFakeApi();
    const { refreshToken } = fake.addClient({ clientId: "cid", clientSecret: SECRET, redirectUri: "https://r.test/cb" });
    const transfers = sim.transfersForDeliveries(deliveries);
    expect(transfers).toHaveLength(1);
    for (const t of transfers) fake.putTransfer(t);

    const secrets = new Map<string, string>([
      ["client_secret", SECRET],
      ["refresh_token", refreshToken],
    ]);
    const applied: DomainInput[] = [];
    const ctx: TaskContext = {
      connection: { id: "conn", provider: "astra", organisationId: "org", apiBaseUrl: "http://fake", mode: "TEST", publicKey: null, clientId: "cid", redirectUri: "https://r.test/cb" },
      secrets: { get: async (name) => secrets.get(name) ?? null, set: async (name, value) => void secrets.set(name, value) },
      withLock: (_key, fn) => fn(),
      apply: async (inputs) => void applied.push(...inputs),
      fetch: fake.fetch,
      now: () => new Date(),
      log: () => {},
    };
    const task = createFetchTransferTask();
    for (const d of deliveries) {
      const mapped = apply(deliver(d));
      expect((mapped.inputs[0] as RepresentmentInput).fields.detailsPending).toBe(true);
      for (const job of mapped.jobs ?? []) await task.handler({ ...job.payload, connectionId: "conn" }, ctx);
    }
    expect(applied).toHaveLength(2);
    expect((applied[1] as RepresentmentInput).fields).toMatchObject({ status: "UNDER_REVIEW", providerStatus: "Documentation received", detailsPending: false });
    expect(fake.refreshCount()).toBe(1);
  });
});
