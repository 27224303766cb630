import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { chargebackhit } from "@/lib/providers/chargebackhit";
import { respond } from "@/lib/providers/chargebackhit/respond";
import { verifySignature } from "@/lib/providers/chargebackhit/signature";
import * as sim from "@/lib/providers/chargebackhit/simulator";
import type { DomainInput, MapResult, ResponderContext } from "@/lib/providers/types";

const PK = "pk_sim_5e2a90c1";
const SK = "sk_sim_c3b7d4e8a1";
const { webhook } = chargebackhit;

/** Runs a request through the real provider path: bytes → verify → parse → envelope → map. */
function deliver(request: sim.SignedRequest, secretKey = SK, publicKey = PK) {
  const headers = new Headers(request.headers);
  const verified = webhook.verify({
    rawBody: Buffer.from(request.body, "utf8"),
    headers,
    credentials: { secrets: { secret_key: [secretKey] }, publicKey, clientId: null },
    now: new Date(),
  });
  if (!verified.ok) return { verified, envelope: null, mapped: null, event: null };
  const parsed = webhook.parse(JSON.parse(request.body));
  if (!parsed.ok) throw new Error(parsed.error);
  return { verified, envelope: webhook.envelope(parsed.value, headers), mapped: webhook.map(parsed.value), event: parsed.value };
}

function inputOf(result: ReturnType<typeof webhook.map> | null): DomainInput {
  expect(result?.ok).toBe(true);
  const value = (result as { ok: true; value: MapResult }).value;
  if (value.kind !== "apply") throw new Error("ignored");
  return value.inputs[0]!;
}

const noLookup: ResponderContext = { organisationId: "org_1", findTransaction: async () => null };

describe("builders", () => {
  it("build every type with fresh UUIDs", () => {
    const payloads = [sim.initRefund(), sim.resolved(), sim.inquiry(), sim.prevented(), sim.fraudNotification(), sim.disputeNotification()];
    expect(payloads.map((p) => p.alert.type)).toEqual(["init-refund", "resolved", "inquiry", "prevented", "fraud-notification", "dispute-notification"]);
    const ids = [...payloads, ...Array.from({ length: 20 }, () => sim.initRefund())].map((p) => p.alert.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("honour options (amount, currency, product, date, transaction fields, merchant)", () => {
    const payload = sim.initRefund({
      amount: "1200",
      currency: "JPY",
      product: "cdrn",
      provider: "verifi",
      date: "2026-03-01T10:00:00Z",
      merchantId: "m-1",
      transaction: { transaction_merchant_id: "order-9", arn: "74000000000000000000001", last_four: "4242", auth_code: "ZZ9", date: "2026-02-20T00:00:00Z" },
    });
    expect(payload.alert).toMatchObject({ amount: "1200", currency: "JPY", product: "cdrn", provider: "verifi", date: "2026-03-01T10:00:00Z", outcome: "" });
    expect(payload.transaction).toMatchObject({ transaction_merchant_id: "order-9", last_four: "4242", auth_code: "ZZ9", currency: "JPY" });
    const input = inputOf(deliver(sim.signedRequest({ body: sim.serialize(payload), publicKey: PK, secretKey: SK })).mapped);
    expect(input).toMatchObject({
      entity: "alert",
      providerMerchantIds: ["m-1"],
      fields: {
        kind: "CDRN",
        amountMinor: 1200,
        currency: "JPY",
        deadlineAt: new Date("2026-03-04T10:00:00Z"),
        merchantReference: "order-9",
        arn: "74000000000000000000001",
        cardLast4: "4242",
        authCode: "ZZ9",
        authorisedAt: new Date("2026-02-20T00:00:00Z"),
      },
    });
    expect(sim.inquiry({ transaction: null, merchant: null })).not.toHaveProperty("transaction");
  });
});

describe("signedRequest", () => {
  it("signs like the official formula and sends the public key", () => {
    const body = sim.serialize(sim.initRefund());
    const request = sim.signedRequest({ body, publicKey: PK, secretKey: SK });
    const hex = createHmac("sha512", SK).update(PK + body + PK).digest("hex");
    expect(request).toEqual({ body, headers: { "content-type": "application/json", signature: Buffer.from(hex).toString("base64"), public_key: PK } });
    expect(verifySignature({ rawBody: body, signatureHeader: request.headers.signature, publicKeyHeader: PK, publicKey: PK, secretKeys: [SK] })).toEqual({ ok: true });
    expect(deliver(request, "sk_other").verified).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(deliver(request, SK, "pk_other").verified).toEqual({ ok: false, reason: "public_key_mismatch" });
  });
});

describe("send", () => {
  it("POSTs one signed delivery through the given fetch", async () => {
    const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      const ok = verifySignature({
        rawBody: String(init?.body),
        signatureHeader: headers.get("signature"),
        publicKeyHeader: headers.get("public_key"),
        publicKey: PK,
        secretKeys: [SK],
      }).ok;
      return new Response(ok ? '{"outcome":"pending"}' : "", { status: ok ? 200 : 401 });
    });
    const payload = sim.initRefund();
    const answer = await sim.send({ url: "http://localhost/api/webhooks/chargebackhit/conn_1", payload, publicKey: PK, secretKey: SK, fetchImpl: fetchImpl as typeof fetch });
    expect(answer).toEqual({ status: 200, body: '{"outcome":"pending"}' });
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe("http://localhost/api/webhooks/chargebackhit/conn_1");
    expect(init?.method).toBe("POST");
    expect(init?.body).toBe(sim.serialize(payload));
    const forged = await sim.send({ url: "http://x", body: sim.serialize(payload), publicKey: PK, secretKey: sim.forgedSecret(SK), fetchImpl: fetchImpl as typeof fetch });
    expect(forged.status).toBe(401);
  });
});

describe("scenarios", () => {
  it("every-type: one of each of the six types, all verified and mapped", async () => {
    const list = sim.SCENARIOS["every-type"]();
    expect(list.map((p) => p.alert.type)).toEqual(["init-refund", "resolved", "inquiry", "prevented", "fraud-notification", "dispute-notification"]);
    const entities: string[] = [];
    for (const payload of list) {
      const result = deliver(sim.signedRequest({ body: sim.serialize(payload), publicKey: PK, secretKey: SK }));
      expect(result.verified).toEqual({ ok: true });
      expect(result.envelope).toEqual({ eventId: `${payload.alert.id}:${payload.alert.type}`, type: payload.alert.type, deliveryId: null, providerOrganisationId: null });
      const input = inputOf(result.mapped);
      expect(input.externalId).toBe(payload.alert.id);
      entities.push(input.entity);
      const answer = await respond(result.event!, noLookup);
      expect(answer).toEqual({ outcome: payload.alert.type === "init-refund" ? "pending" : "acknowledged" });
    }
    expect(entities).toEqual(["alert", "alert", "lookup", "lookup", "schemeNotice", "representment"]);
    expect(new Set(list.map((p) => p.merchant?.id)).size).toBe(1);
  });

  it("init-refund and inquiry: one delivery each", () => {
    expect(sim.SCENARIOS["init-refund"]().map((p) => p.alert.type)).toEqual(["init-refund"]);
    expect(sim.SCENARIOS.inquiry().map((p) => p.alert.type)).toEqual(["inquiry"]);
  });

  it("duplicates: the same init-refund twice, same bytes, same dedupe key, same answer", async () => {
    const list = sim.SCENARIOS.duplicates();
    expect(list).toHaveLength(2);
    expect(new Set(list.map(sim.serialize)).size).toBe(1);
    const results = list.map((p) => deliver(sim.signedRequest({ body: sim.serialize(p), publicKey: PK, secretKey: SK })));
    expect(results[0]!.envelope!.eventId).toBe(results[1]!.envelope!.eventId);
    const answers = await Promise.all(results.map((r) => respond(r.event!, noLookup)));
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]).toEqual({ outcome: "pending" });
  });

  it("burst: n distinct init-refunds", () => {
    expect(sim.SCENARIOS.burst({ count: 7 })).toHaveLength(7);
    expect(sim.SCENARIOS.burst()).toHaveLength(50);
    expect(new Set(sim.SCENARIOS.burst({ count: 10 }).map((p) => p.alert.id)).size).toBe(10);
  });

  it("forged: payloads fine in themselves, rejected when signed with a wrong secret key", () => {
    for (const payload of sim.SCENARIOS.forged()) {
      const body = sim.serialize(payload);
      expect(deliver(sim.signedRequest({ body, publicKey: PK, secretKey: sim.forgedSecret(SK) })).verified).toEqual({ ok: false, reason: "signature_mismatch" });
      expect(deliver(sim.signedRequest({ body, publicKey: PK, secretKey: SK })).verified).toEqual({ ok: true });
    }
  });
});

describe("simulatorCli", () => {
  const cli = sim.simulatorCli;

  it("lists the scenarios with their expected status", () => {
    expect(Object.keys(cli.scenarios).sort()).toEqual(["burst", "duplicates", "every-type", "forged", "init-refund", "inquiry"]);
    expect(cli.scenarios.forged!.expectStatus).toBe(401);
    expect(cli.scenarios["every-type"]!.expectStatus).toBe(200);
    expect(sim.isScenarioName("toString")).toBe(false);
  });

  it("signs deliveries with the secret key and public key, and the forged one with a wrong key", () => {
    for (const [name, scenario] of Object.entries(cli.scenarios)) {
      const deliveries = scenario.deliveries({ secret: SK, publicKey: PK, count: 3 });
      expect(deliveries.length).toBeGreaterThan(0);
      for (const delivery of deliveries) {
        expect(delivery.headers.public_key).toBe(PK);
        const result = deliver({ body: delivery.body, headers: delivery.headers });
        expect(result.verified.ok).toBe(name !== "forged");
        expect(delivery.label).toMatch(/^[a-z-]+ [0-9a-f-]{36}$/);
      }
    }
    const dup = cli.scenarios.duplicates!.deliveries({ secret: SK, publicKey: PK });
    expect(dup[0]).toEqual(dup[1]);
  });

  it("throws a clear error without a public key", () => {
    expect(() => cli.scenarios["init-refund"]!.deliveries({ secret: SK })).toThrow(/public key/);
    expect(() => cli.scenarios["init-refund"]!.deliveries({ secret: SK, publicKey: "  " })).toThrow(/--public-key/);
  });
});
