import { describe, expect, it } from "vitest";
import { chargebackstop } from "@/lib/providers/chargebackstop";
import { api, createApi } from "@/lib/providers/chargebackstop/api";
import { createChargebackStopFakeApi } from "@/lib/providers/chargebackstop/fake-api";
import { alertCreated, alertUpdated, enrolmentCreated, enrolmentUpdated } from "@/lib/providers/chargebackstop/simulator";
import { PermanentTaskError, type AlertInput, type EnrolmentInput, type EnrolmentRequestInput, type ProviderApiContext } from "@/lib/providers/types";

const BASE = "https://api.chargebackstop.com";
const ORG = "org_A";
const OTHER = "org_B";
const PARTNER = "cbs_key_partner";
const ORG_KEY = "cbs_key_org_a";
const NOW = new Date("2025-06-01T12:00:00.000Z");
const DAY = 86_400_000;

function setup(apiKey: string | null = PARTNER) {
  const fake = createChargebackStopFakeApi({ now: () => NOW, webhookFetch: (async () => new Response("{}")) as typeof fetch });
  fake.addKey({ apiKey: PARTNER, partner: true });
  fake.addKey({ apiKey: ORG_KEY, organisationId: ORG });
  fake.putMerchant({ id: "mrch_a1", organisation_id: ORG, name: "A1" });
  fake.putMerchant({ id: "mrch_a2", organisation_id: ORG, name: "A2" });
  fake.putMerchant({ id: "mrch_b1", organisation_id: OTHER, name: "B1" });
  const logs: string[] = [];
  const context: ProviderApiContext = {
    connection: { id: "conn_1", provider: "chargebackstop", organisationId: null, apiBaseUrl: BASE, mode: "TEST", publicKey: null, clientId: null, redirectUri: null },
    secrets: { get: async (name) => (name === "api_key" ? apiKey : null) },
    fetch: fake.fetch,
    now: () => NOW,
    log: (event, fields) => logs.push(JSON.stringify({ event, fields })),
  };
  const a = createApi({ sleep: async () => undefined, timeoutMs: 50 });
  return { fake, context, logs, a };
}

const merchant = (providerMerchantId: string | null, name = "Shop") => ({ providerMerchantId, descriptor: null, mid: null, caid: null, acquirerBin: null, mcc: null, name });
const request = (service: EnrolmentRequestInput["service"], ids: (string | null)[]): EnrolmentRequestInput => ({ service, merchants: ids.map((id, i) => merchant(id, `Shop ${i + 1}`)) });

describe("wiring", () => {
  it("is registered on the provider with the three services", () => {
    expect(chargebackstop.api).toBe(api);
    expect(api.enrolmentServices).toEqual(["ETHOCA", "RDR", "ORDER_INSIGHT"]);
  });
});

describe("requestEnrolment", () => {
  for (const [service, type] of [
    ["ETHOCA", "ETHOCA_ALERT"],
    ["RDR", "VERIFI_RDR"],
    ["ORDER_INSIGHT", "VERIFI_ORDER_INSIGHT"],
  ] as const) {
    it(`${service} → POST /v2/enrolments type ${type}, mapped like enrolment.created`, async () => {
      const { fake, context, a } = setup();
      const result = await a.requestEnrolment!(context, request(service, ["mrch_a1", "mrch_a2"]));
      expect(result.kind).toBe("succeeded");
      if (result.kind !== "succeeded") return;
      const input = result.inputs[0] as EnrolmentInput;
      expect(input).toMatchObject({ entity: "enrolment", providerOrganisationId: ORG, providerMerchantIds: ["mrch_a1", "mrch_a2"], statusChangedAt: NOW });
      expect(input.fields).toMatchObject({ service, providerType: type, status: "IN_PROGRESS" });
      expect(input.externalId).toBe((result.response as { id: string }).id);
      expect(fake.calls()).toEqual([expect.objectContaining({ method: "POST", path: "/v2/enrolments", status: 201 })]);
    });
  }

  it("sends each merchant once", async () => {
    const { fake, context, a } = setup();
    const result = await a.requestEnrolment!(context, request("ETHOCA", ["mrch_a1", " mrch_a1 "]));
    expect(result.kind).toBe("succeeded");
    expect([...fake.state.enrolments.values()][0]!.merchant_ids).toEqual(["mrch_a1"]);
  });

  it("a merchant without a ChargebackStop id is rejected before any call", async () => {
    const { fake, context, a } = setup();
    const result = await a.requestEnrolment!(context, request("ETHOCA", ["mrch_a1", null]));
    expect(result).toEqual({ kind: "rejected", status: 0, message: expect.stringContaining('"Shop 2" has no ChargebackStop merchant id') });
    expect(await a.requestEnrolment!(context, { service: "ETHOCA", merchants: [] })).toMatchObject({ kind: "rejected", status: 0 });
    expect(await a.requestEnrolment!(context, request("CDRN", ["mrch_a1"]))).toMatchObject({ kind: "rejected", status: 0, message: expect.stringContaining("CDRN") });
    expect(fake.calls()).toEqual([]);
  });

  it("different organisations (422) and unknown merchants (404) are rejected", async () => {
    const { context, a } = setup();
    expect(await a.requestEnrolment!(context, request("RDR", ["mrch_a1", "mrch_b1"]))).toEqual({
      kind: "rejected",
      status: 422,
      message: "The merchants belong to different ChargebackStop organisations; request one enrolment per organisation.",
    });
    expect(await a.requestEnrolment!(context, request("RDR", ["mrch_zz"]))).toMatchObject({ kind: "rejected", status: 404, message: expect.stringContaining("mrch_zz") });
  });

  it("an organisation-level key (401) and a missing key are rejected", async () => {
    const org = setup(ORG_KEY);
    expect(await org.a.requestEnrolment!(org.context, request("ETHOCA", ["mrch_a1"]))).toMatchObject({ kind: "rejected", status: 401, message: expect.stringContaining("partner-level key") });
    const none = setup(null);
    expect(await none.a.requestEnrolment!(none.context, request("ETHOCA", ["mrch_a1"]))).toEqual({ kind: "rejected", status: 0, message: "The connection has no API key" });
  });

  it("429 is retried inside; a 5xx or a timeout is retry with a warning, and not repeated", async () => {
    const { fake, context, a } = setup();
    fake.failNext({ status: 429, path: "/v2/enrolments" });
    expect((await a.requestEnrolment!(context, request("ETHOCA", ["mrch_a1"]))).kind).toBe("succeeded");
    fake.resetCalls();
    fake.failNext({ status: 500, path: "/v2/enrolments" });
    expect(await a.requestEnrolment!(context, request("RDR", ["mrch_a1"]))).toEqual({ kind: "retry", message: expect.stringContaining("sync the enrolments") });
    fake.failNext({ delayMs: 1000, path: "/v2/enrolments" });
    expect(await a.requestEnrolment!(context, request("RDR", ["mrch_a1"]))).toEqual({ kind: "retry", message: expect.stringContaining("may have been created") });
    expect(fake.calls()).toHaveLength(2);
  });
});

describe("sync", () => {
  function seed(fake: ReturnType<typeof setup>["fake"]) {
    const enrolment = enrolmentCreated({ organisationId: ORG, merchantIds: ["mrch_a1"], type: "ETHOCA_ALERT", now: new Date(NOW.getTime() - 40 * DAY) });
    fake.putEnrolment(enrolmentUpdated(enrolment, { status: "ENABLED" }).data.object);
    fake.putEnrolment(enrolmentCreated({ organisationId: OTHER, merchantIds: ["mrch_b1"], type: "VERIFI_RDR", now: new Date(NOW.getTime() - 2 * DAY) }).data.object);
    const old = alertCreated({ organisationId: ORG, objectId: "netalrt_old", now: new Date(NOW.getTime() - 45 * DAY) });
    fake.putAlert(old.data.object);
    for (let i = 0; i < 150; i++) {
      fake.putAlert(alertCreated({ organisationId: i % 2 ? ORG : OTHER, objectId: `netalrt_${String(i).padStart(3, "0")}`, now: new Date(NOW.getTime() - (i + 1) * 3600_000) }).data.object);
    }
    const resolved = alertCreated({ organisationId: ORG, objectId: "netalrt_resolved", now: new Date(NOW.getTime() - 3 * DAY) });
    fake.putAlert(alertUpdated(resolved, { status: "RESOLVED", transaction_refund_outcome: "REFUNDED" }).data.object);
  }

  it("maps every enrolment and the alerts of the last 30 days, counting pages", async () => {
    const { fake, context, a } = setup();
    seed(fake);
    const result = await a.sync!(context, { since: null });
    const enrolments = result.inputs.filter((i): i is EnrolmentInput => i.entity === "enrolment");
    const alerts = result.inputs.filter((i): i is AlertInput => i.entity === "alert");
    expect(enrolments).toHaveLength(2);
    expect(enrolments.map((e) => e.fields.status).sort()).toEqual(["ENABLED", "IN_PROGRESS"]);
    expect(alerts).toHaveLength(151);
    expect(alerts.some((x) => x.externalId === "netalrt_old")).toBe(false);
    expect(alerts.find((x) => x.externalId === "netalrt_resolved")!.fields).toMatchObject({ status: "RESOLVED", refundOutcome: "REFUNDED" });
    expect(result.pages).toBe(1 + 2);
    expect(result.note).toBeUndefined();
    const alertCall = fake.calls().find((c) => c.path === "/v1/alerts")!;
    expect(new URLSearchParams(alertCall.query).get("alert_received_at_gte")).toBe(new Date(NOW.getTime() - 30 * DAY).toISOString());
    expect(new URLSearchParams(alertCall.query).get("sort")).toBe("alert_received_at");
  });

  it("narrows alerts to `since`", async () => {
    const { fake, context, a } = setup();
    seed(fake);
    const result = await a.sync!(context, { since: new Date(NOW.getTime() - 10 * 3600_000) });
    expect(result.inputs.filter((i) => i.entity === "alert")).toHaveLength(10);
    expect(result.pages).toBe(2);
  });

  it("with an organisation-level key: its alerts only, enrolments skipped with a note", async () => {
    const { fake, context, a } = setup(ORG_KEY);
    seed(fake);
    const result = await a.sync!(context, { since: null });
    expect(result.inputs.every((i) => i.entity === "alert" && i.providerOrganisationId === ORG)).toBe(true);
    expect(result.inputs).toHaveLength(76);
    expect(result.note).toMatch(/enrolments skipped.*401/);
  });

  it("skips objects that do not map, and says so", async () => {
    const { fake, context, a } = setup();
    fake.putAlert({ id: "netalrt_broken", organisation_id: ORG, created_at: NOW.toISOString() }); // no status
    const result = await a.sync!(context, { since: null });
    expect(result.inputs).toHaveLength(0);
    expect(result.note).toMatch(/1 object\(s\) skipped/);
  });

  it("a missing key is a permanent error; API failures propagate", async () => {
    const none = setup(null);
    await expect(none.a.sync!(none.context, { since: null })).rejects.toBeInstanceOf(PermanentTaskError);
    const { fake, context, a } = setup();
    fake.failNext({ status: 500, count: 3, path: "/v1/alerts" });
    await expect(a.sync!(context, { since: null })).rejects.toMatchObject({ name: "ChargebackStopApiError", status: 500 });
  });
});
