import { describe, expect, it, vi } from "vitest";
import { chargebackstop } from "@/lib/providers/chargebackstop";
import { verifySignature } from "@/lib/providers/chargebackstop/signature";
import * as sim from "@/lib/providers/chargebackstop/simulator";
import type { AlertInput, DomainInput, MapResult } from "@/lib/providers/types";

const SECRET = "whsec_sim_4c1f0a9b";
const { webhook } = chargebackstop;

/** Runs a payload through the real provider path: bytes → verify → parse → map. */
function deliver(request: sim.SignedRequest, secret = SECRET, now = new Date()) {
  const headers = new Headers(request.headers);
  const verified = webhook.verify({
    rawBody: Buffer.from(request.body, "utf8"),
    headers,
    credentials: { secrets: { webhook_secret: [secret] }, publicKey: null, clientId: null },
    now,
  });
  if (!verified.ok) return { verified, mapped: null };
  const parsed = webhook.parse(JSON.parse(request.body));
  if (!parsed.ok) throw new Error(parsed.error);
  return { verified, envelope: webhook.envelope(parsed.value, headers), mapped: webhook.map(parsed.value) };
}

function mapPayload(payload: sim.SimPayload) {
  const parsed = webhook.parse(JSON.parse(sim.serialize(payload)));
  if (!parsed.ok) throw new Error(parsed.error);
  return webhook.map(parsed.value);
}

function inputOf(result: ReturnType<typeof webhook.map> | null): DomainInput {
  expect(result?.ok).toBe(true);
  const value = (result as { ok: true; value: MapResult }).value;
  if (value.kind !== "apply") throw new Error("ignored");
  return value.inputs[0]!;
}

describe("builders", () => {
  it("return fresh unique event and object ids on every call", () => {
    const payloads = [
      ...Array.from({ length: 20 }, () => sim.alertCreated()),
      sim.enrolmentCreated(),
      sim.representmentCreated(),
      sim.schemeNoticeCreated(),
      sim.lookupCreated(),
      sim.fraudNotificationCreated(),
    ];
    const eventIds = payloads.map((p) => p.id);
    const objectIds = payloads.map((p) => p.data.object.id);
    expect(new Set(eventIds).size).toBe(payloads.length);
    expect(new Set(objectIds).size).toBe(payloads.length);
    for (const id of eventIds) expect(id).toMatch(/^evt_[1-9A-HJ-NP-Za-km-z]{21}$/);
    expect(sim.alertCreated().data.object.id).toMatch(/^netalrt_/);
    expect(sim.enrolmentCreated().data.object.id).toMatch(/^enrl_/);
    expect(sim.representmentCreated().data.object.id).toMatch(/^rep_/);
    expect(sim.schemeNoticeCreated().data.object.id).toMatch(/^schntc_/);
    expect(sim.lookupCreated().data.object.id).toMatch(/^lkup_/);
  });

  it("honour options (organisation, merchant, amounts, deadline, timestamps)", () => {
    const now = new Date("2026-03-01T10:00:00Z");
    const deadline = new Date("2026-03-02T09:30:00Z");
    const payload = sim.alertCreated({ organisationId: "org_A", merchantId: "mrch_A", amountMinor: 1234, currency: "eur", deadline, now });
    const o = payload.data.object;
    expect(o).toMatchObject({
      organisation_id: "org_A",
      merchant_id: "mrch_A",
      transaction_amount_in_cents: 1234,
      transaction_currency_code: "eur",
      action_required_deadline: "2026-03-02T09:30:00.000Z",
      created_at: "2026-03-01T10:00:00.000Z",
      updated_at: "2026-03-01T10:00:02.000Z",
      status: "ACTION_REQUIRED",
    });
    expect(payload.created_at).toBe("2026-03-01T10:00:02.000+00:00");
    const input = inputOf(mapPayload(payload)) as AlertInput;
    expect(input.fields).toMatchObject({ amountMinor: 1234, currency: "EUR", deadlineAt: deadline, status: "ACTION_REQUIRED" });
    expect(input.providerOrganisationId).toBe("org_A");
  });

  it("alertUpdated keeps the object id, sets previous_attributes and a later updated_at", () => {
    const created = sim.alertCreated({ now: new Date("2026-03-01T10:00:00Z") });
    const updated = sim.alertUpdated(created, { status: "RESOLVED", transaction_refund_outcome: "REFUNDED" });
    expect(updated.type).toBe("alert.updated");
    expect(updated.id).not.toBe(created.id);
    expect(updated.data.object.id).toBe(created.data.object.id);
    expect(updated.data.previous_attributes).toEqual({ status: "ACTION_REQUIRED", transaction_refund_outcome: null });
    expect(Date.parse(String(updated.data.object.updated_at))).toBeGreaterThan(Date.parse(String(created.data.object.updated_at)));
    expect(updated.data.object.status).toBe("RESOLVED");
    // the original snapshot is not mutated
    expect(created.data.object.status).toBe("ACTION_REQUIRED");
    // the object alone works too
    expect(sim.alertUpdated(created.data.object, { note: "x" }).data.object.id).toBe(created.data.object.id);
  });

  it("every builder's payload maps through the real provider", () => {
    for (const payload of sim.scenarios.allEvents()) {
      const result = deliver(sim.signedRequest({ body: sim.serialize(payload), secret: SECRET }));
      expect(result.verified).toEqual({ ok: true });
      expect(result.envelope?.eventId).toBe(payload.id);
      expect(inputOf(result.mapped).externalId).toBe(payload.data.object.id);
    }
  });
});

describe("signedRequest", () => {
  it("signs with the right secret and fails with a wrong one", () => {
    const body = sim.serialize(sim.alertCreated());
    const request = sim.signedRequest({ body, secret: SECRET });
    expect(request.body).toBe(body);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["x-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{128}$/);
    expect(request.headers["x-idempotency-key"]).toMatch(/^whdl_/);
    const now = new Date();
    expect(verifySignature({ rawBody: Buffer.from(body), header: request.headers["x-signature"], secrets: [SECRET], now })).toEqual({ ok: true });
    expect(verifySignature({ rawBody: Buffer.from(body), header: request.headers["x-signature"], secrets: [sim.forgedSecret(SECRET)], now }).ok).toBe(false);
    expect(deliver(request, "whsec_other").verified.ok).toBe(false);
  });

  it("uses a given timestamp and idempotency key, and a fresh key per delivery otherwise", () => {
    const body = "{}";
    const fixed = sim.signedRequest({ body, secret: SECRET, timestamp: 1_700_000_000, idempotencyKey: "whdl_fixed" });
    expect(fixed.headers["x-signature"]).toMatch(/^t=1700000000,v1=/);
    expect(fixed.headers["x-idempotency-key"]).toBe("whdl_fixed");
    const keys = new Set(Array.from({ length: 10 }, () => sim.signedRequest({ body, secret: SECRET }).headers["x-idempotency-key"]));
    expect(keys.size).toBe(10);
  });
});

describe("send", () => {
  it("POSTs one signed delivery through the given fetch", async () => {
    const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      const ok = verifySignature({ rawBody: Buffer.from(String(init?.body)), header: headers.get("x-signature"), secrets: [SECRET], now: new Date() }).ok;
      return new Response(JSON.stringify({ received: ok }), { status: ok ? 200 : 401 });
    });
    const payload = sim.alertCreated();
    const answer = await sim.send({ url: "http://localhost/api/webhooks/chargebackstop/conn_1", payload, secret: SECRET, fetchImpl: fetchImpl as typeof fetch });
    expect(answer).toEqual({ status: 200, body: '{"received":true}' });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe("http://localhost/api/webhooks/chargebackstop/conn_1");
    expect(init?.method).toBe("POST");
    expect(init?.body).toBe(sim.serialize(payload));

    const forged = await sim.send({ url: "http://x", body: sim.serialize(payload), secret: sim.forgedSecret(SECRET), fetchImpl: fetchImpl as typeof fetch });
    expect(forged.status).toBe(401);
  });
});

describe("scenarios", () => {
  it("alertLifecycle: created ACTION_REQUIRED → updated RESOLVED", () => {
    const [created, updated, ...rest] = sim.scenarios.alertLifecycle({ organisationId: "org_L" });
    expect(rest).toHaveLength(0);
    expect(created).toMatchObject({ type: "alert.created", data: { object: { status: "ACTION_REQUIRED", organisation_id: "org_L" } } });
    expect(updated).toMatchObject({ type: "alert.updated", data: { object: { id: created!.data.object.id, status: "RESOLVED" }, previous_attributes: { status: "ACTION_REQUIRED" } } });
  });

  it("enrolmentProgress: created IN_PROGRESS → updated ENABLED", () => {
    const list = sim.scenarios.enrolmentProgress();
    expect(list.map((p) => [p.type, p.data.object.status])).toEqual([
      ["enrolment.created", "IN_PROGRESS"],
      ["enrolment.updated", "ENABLED"],
    ]);
    expect(list[1]!.data.previous_attributes).toEqual({ status: "IN_PROGRESS" });
    expect(list.every((p) => p.api_version === "v2")).toBe(true);
  });

  it("allEvents: one of each of the 11 types, each create before its update, one organisation", () => {
    const list = sim.scenarios.allEvents({ organisationId: "org_all" });
    expect(list.map((p) => p.type)).toEqual([
      "alert.created",
      "alert.updated",
      "enrolment.created",
      "enrolment.updated",
      "representment.created",
      "representment.updated",
      "scheme_notice.created",
      "scheme_notice.updated",
      "lookup.created",
      "lookup.updated",
      "fraud_notification.created",
    ]);
    expect(new Set(list.map((p) => p.id)).size).toBe(11);
    expect(list.every((p) => p.data.object.organisation_id === "org_all")).toBe(true);
    const notice = list[7]!;
    expect(notice.data.object).toMatchObject({ is_revoked: true, notice_revoked_at: notice.data.object.updated_at });
    expect(notice.data.previous_attributes).toEqual({ is_revoked: false, notice_revoked_at: null });
  });

  it("duplicates: the same event three times, byte-identical", () => {
    const list = sim.scenarios.duplicates();
    expect(list).toHaveLength(3);
    expect(new Set(list.map(sim.serialize)).size).toBe(1);
  });

  it("outOfOrder: newest update, then created, then an older update", () => {
    const [newest, created, older] = sim.scenarios.outOfOrder();
    expect([newest!.type, created!.type, older!.type]).toEqual(["alert.updated", "alert.created", "alert.updated"]);
    const id = created!.data.object.id;
    expect(newest!.data.object.id).toBe(id);
    expect(older!.data.object.id).toBe(id);
    const at = (p: sim.SimPayload) => Date.parse(String(p.data.object.updated_at));
    expect(at(created!)).toBeLessThan(at(older!));
    expect(at(older!)).toBeLessThan(at(newest!));
    expect(newest!.data.object).toMatchObject({ status: "RESOLVED", note: "Customer contacted" });
    expect(older!.data.object).toMatchObject({ status: "ACTION_REQUIRED", note: "Customer contacted" });
  });

  it("burst(n): n distinct alert.created for one organisation", () => {
    const list = sim.scenarios.burst(25, { organisationId: "org_B" });
    expect(list).toHaveLength(25);
    expect(list.every((p) => p.type === "alert.created" && p.data.object.organisation_id === "org_B")).toBe(true);
    expect(new Set(list.map((p) => p.id)).size).toBe(25);
    expect(new Set(list.map((p) => p.data.object.id)).size).toBe(25);
    expect(sim.scenarios.burst(0)).toEqual([]);
  });

  it("forged: valid payloads rejected when signed with the wrong secret", () => {
    const list = sim.scenarios.forged();
    expect(list.length).toBeGreaterThan(0);
    for (const payload of list) {
      const body = sim.serialize(payload);
      expect(deliver(sim.signedRequest({ body, secret: sim.forgedSecret(SECRET) })).verified).toEqual({ ok: false, reason: "signature_mismatch" });
      // the same payload with the right secret is fine: only the signature is forged
      expect(deliver(sim.signedRequest({ body, secret: SECRET })).verified).toEqual({ ok: true });
    }
  });

  it("SCENARIOS dispatches every CLI name", () => {
    expect(sim.SCENARIO_NAMES.sort()).toEqual(["action-required", "alert-lifecycle", "all-events", "burst", "duplicates", "enrolment-progress", "forged", "out-of-order"]);
    expect(sim.SCENARIOS["alert-lifecycle"]()).toHaveLength(2);
    expect(sim.SCENARIOS["all-events"]()).toHaveLength(11);
    expect(sim.SCENARIOS.burst({ count: 7 })).toHaveLength(7);
    expect(sim.SCENARIOS.burst()).toHaveLength(50);
    expect(sim.SCENARIO_INFO.forged).toMatchObject({ wrongSecret: true, expectStatus: 401 });
    expect(sim.isScenarioName("burst")).toBe(true);
    expect(sim.isScenarioName("toString")).toBe(false);
  });
});
