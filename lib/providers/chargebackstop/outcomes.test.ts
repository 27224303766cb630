import { describe, expect, it } from "vitest";
import { chargebackstop } from "@/lib/providers/chargebackstop";
import { createChargebackStopFakeApi } from "@/lib/providers/chargebackstop/fake-api";
import { RDR_REASON, appliedAs, createOutcomes, offer, outcomes } from "@/lib/providers/chargebackstop/outcomes";
import { alertCreated, alertUpdated, type SimObject } from "@/lib/providers/chargebackstop/simulator";
import type { AlertForOutcome, AlertInput, AlertKind, AlertStatus, OutcomeRequest, ProviderApiContext } from "@/lib/providers/types";

const BASE = "https://api.chargebackstop.com";
const KEY = "cbs_key_org_a";
const ORG = "org_A";
const NOW = new Date("2025-06-01T12:00:00.000Z");

function forOutcome(overrides: Partial<AlertForOutcome> = {}): AlertForOutcome {
  return {
    externalId: "netalrt_1",
    kind: "ETHOCA",
    status: "ACTION_REQUIRED",
    providerStatus: "ACTION_REQUIRED",
    providerOutcome: null,
    amountMinor: 6606,
    currency: "USD",
    merchantReference: "pi_1",
    providerData: {},
    ...overrides,
  };
}

function setup({ apiKey = KEY as string | null, fields = {} as Record<string, unknown> } = {}) {
  const fake = createChargebackStopFakeApi({ now: () => NOW });
  fake.addKey({ apiKey: KEY, organisationId: ORG });
  const alert = alertCreated({ organisationId: ORG, objectId: "netalrt_1", now: new Date(NOW.getTime() - 3600_000), fields }).data.object;
  fake.putAlert(alert);
  const logs: { event: string; fields?: Record<string, unknown> }[] = [];
  const context: ProviderApiContext = {
    connection: { id: "conn_1", provider: "chargebackstop", organisationId: "o1", apiBaseUrl: BASE, mode: "TEST", publicKey: null, clientId: null, redirectUri: null },
    secrets: { get: async (name) => (name === "api_key" ? apiKey : null) },
    fetch: fake.fetch,
    now: () => NOW,
    log: (event, f) => logs.push({ event, fields: f }),
  };
  const o = createOutcomes({ timeoutMs: 50, sleep: async () => undefined });
  const request = (outcome: string, note: string | null = null): OutcomeRequest => ({
    alert: forOutcome(),
    outcome,
    note,
    payload: {},
    idempotencyKey: "outc_1",
  });
  return { fake, context, logs, o, request, alert };
}

describe("offer", () => {
  it("offers the four actions with amounts for an Ethoca alert in ACTION_REQUIRED", () => {
    const result = offer(forOutcome());
    expect(result).toEqual({
      ok: true,
      choices: [
        { intent: "refund", value: "REFUND", label: "Refund", consequence: "refund 66.06 USD and tell Ethoca", refunds: true },
        { intent: "cancel", value: "CANCEL", label: "Cancel subscription", consequence: "tell Ethoca there was no refund and cancel the subscription", refunds: false },
        { intent: "refund_and_cancel", value: "REFUND_AND_CANCEL", label: "Refund and cancel", consequence: "refund 66.06 USD, cancel the subscription and tell Ethoca", refunds: true },
        { intent: "no_refund", value: "ACCEPT_DISPUTE", label: "Accept the dispute", consequence: "no refund: let the dispute proceed as a chargeback", refunds: false },
      ],
      fields: [{ name: "note", label: "Note", required: false, hint: expect.any(String) }],
    });
    expect(outcomes.offer).toBe(offer);
    expect(chargebackstop.outcomes).toBe(outcomes);
  });

  it("uses the currency's exponent and copes with an unknown amount", () => {
    const jpy = offer(forOutcome({ amountMinor: 1200, currency: "jpy" }));
    expect(jpy.ok && jpy.choices[0]!.consequence).toBe("refund 1200 JPY and tell Ethoca");
    const unknown = offer(forOutcome({ amountMinor: null }));
    expect(unknown.ok && unknown.choices[0]!.consequence).toBe("refund the transaction amount and tell Ethoca");
  });

  const kinds: AlertKind[] = ["ETHOCA", "CDRN", "RDR", "OTHER"];
  const statuses: AlertStatus[] = ["ACTION_REQUIRED", "AWAITING_PROVIDER", "RESOLVED", "INVALID", "EXPIRED"];
  for (const kind of kinds) {
    for (const status of statuses) {
      it(`${kind} / ${status}`, () => {
        const result = offer(forOutcome({ kind, status, providerStatus: status === "EXPIRED" || status === "AWAITING_PROVIDER" ? "ACTION_REQUIRED" : status }));
        if (kind === "ETHOCA" && status === "ACTION_REQUIRED") {
          expect(result.ok).toBe(true);
          return;
        }
        expect(result.ok).toBe(false);
        const reason = (result as { reason: string }).reason;
        expect(reason.length).toBeGreaterThan(10);
        if (kind === "RDR") expect(reason).toBe(RDR_REASON);
        else if (kind !== "ETHOCA") expect(reason).toMatch(/Only Ethoca alerts/);
        else if (status === "RESOLVED") expect(reason).toMatch(/already resolved/);
        else if (status === "INVALID") expect(reason).toMatch(/invalid/);
        else if (status === "EXPIRED") expect(reason).toMatch(/deadline/);
        else expect(reason).toMatch(/not confirmed/);
      });
    }
  }

  it("refuses when the provider's own status is not ACTION_REQUIRED", () => {
    const result = offer(forOutcome({ providerStatus: "PENDING_REVIEW" }));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/PENDING_REVIEW/) });
  });
});

describe("send", () => {
  it("PATCHes the action and note and returns the mapped, resolved alert", async () => {
    const { fake, context, o, request, logs } = setup();
    const result = await o.send(context, request("REFUND", "  refunded in Stripe  "));
    expect(result.kind).toBe("succeeded");
    if (result.kind !== "succeeded") return;
    const input = result.inputs![0] as AlertInput;
    expect(input).toMatchObject({ entity: "alert", externalId: "netalrt_1", providerOrganisationId: ORG });
    expect(input.fields).toMatchObject({ status: "RESOLVED", refundOutcome: "REFUNDED", cancelOutcome: null, note: "refunded in Stripe" });
    expect(input.providerUpdatedAt).toEqual(NOW);
    expect(fake.calls()).toEqual([expect.objectContaining({ method: "PATCH", path: "/v1/alerts/netalrt_1", status: 200, body: { action: "REFUND", note: "refunded in Stripe" } })]);
    expect(JSON.stringify(logs)).not.toContain(KEY);
  });

  it("sends no note when none is given", async () => {
    const { fake, context, o, request } = setup();
    expect((await o.send(context, request("ACCEPT_DISPUTE"))).kind).toBe("succeeded");
    expect(fake.calls()[0]!.body).toEqual({ action: "ACCEPT_DISPUTE" });
  });

  it("a 2xx without an alert body still succeeds, without inputs", async () => {
    const { context, o, request } = setup();
    const ok = (async () => new Response(null, { status: 204 })) as typeof fetch;
    expect(await o.send({ ...context, fetch: ok }, request("CANCEL"))).toEqual({ kind: "succeeded", response: null });
  });

  it("a missing API key is rejected before any call", async () => {
    const { fake, context, o, request } = setup({ apiKey: null });
    expect(await o.send(context, request("REFUND"))).toEqual({ kind: "rejected", status: 0, message: "The connection has no API key" });
    expect(fake.calls()).toEqual([]);
  });

  it("an unknown outcome or a non-Ethoca alert is rejected before any call", async () => {
    const { fake, context, o, request } = setup();
    expect(await o.send(context, request("REFUND_TWICE"))).toMatchObject({ kind: "rejected", status: 0 });
    expect(await o.send(context, { ...request("REFUND"), alert: forOutcome({ kind: "RDR" }) })).toEqual({ kind: "rejected", status: 0, message: RDR_REASON });
    expect(fake.calls()).toEqual([]);
  });

  it("409 (second final action) → rejected with the provider's message", async () => {
    const { context, o, request } = setup();
    expect((await o.send(context, request("REFUND"))).kind).toBe("succeeded");
    expect(await o.send(context, request("REFUND"))).toEqual({ kind: "rejected", status: 409, message: "Alert is not actionable", response: { message: "Alert is not actionable" } });
  });

  it("404 and 422 → rejected", async () => {
    const { context, o, request } = setup();
    expect(await o.send(context, { ...request("REFUND"), alert: forOutcome({ externalId: "netalrt_nope" }) })).toMatchObject({ kind: "rejected", status: 404, message: "Alert not found" });
    const unprocessable = (async () => new Response(JSON.stringify({ detail: [{ msg: "bad action" }] }), { status: 422 })) as typeof fetch;
    expect(await o.send({ ...context, fetch: unprocessable }, request("REFUND"))).toMatchObject({ kind: "rejected", status: 422, message: "bad action" });
  });

  it("429 → retry with Retry-After; 500 → retry; one call each (no retry inside)", async () => {
    const { fake, context, o, request } = setup();
    fake.failNext({ status: 429, retryAfterSeconds: 30 });
    expect(await o.send(context, request("REFUND"))).toMatchObject({ kind: "retry", retryAfterSeconds: 30 });
    fake.failNext({ status: 500 });
    const five = await o.send(context, request("REFUND"));
    expect(five.kind).toBe("retry");
    expect(five).not.toHaveProperty("retryAfterSeconds");
    expect(fake.calls()).toHaveLength(2);
    expect(fake.state.alerts.get("netalrt_1")!.status).toBe("ACTION_REQUIRED");
  });

  it("a refused connection → retry; a dropped connection → unknown", async () => {
    const { fake, context, o, request } = setup();
    fake.failNext({ network: "refused" });
    expect((await o.send(context, request("REFUND"))).kind).toBe("retry");
    fake.failNext({ network: true });
    expect((await o.send(context, request("REFUND"))).kind).toBe("unknown");
  });

  it("a timeout → unknown", async () => {
    const { fake, context, o, request } = setup();
    fake.failNext({ delayMs: 1000, status: 504 });
    expect(await o.send(context, request("REFUND"))).toEqual({ kind: "unknown", message: expect.stringMatching(/timed out/) });
  });
});

describe("reconcile", () => {
  it("after a timeout where the fake DID apply the action → applied, no second PATCH needed", async () => {
    const { fake, context, o, request } = setup();
    fake.failNext({ delayMs: 1000, path: "/v1/alerts/netalrt_1" }); // processed, answer late
    const sent = await o.send(context, request("REFUND_AND_CANCEL"));
    expect(sent.kind).toBe("unknown");
    expect(fake.state.alerts.get("netalrt_1")).toMatchObject({ status: "RESOLVED", transaction_refund_outcome: "REFUNDED", subscription_cancel_outcome: "CANCELLED" });

    const reconciled = await o.reconcile(context, request("REFUND_AND_CANCEL"));
    expect(reconciled.kind).toBe("applied");
    if (reconciled.kind !== "applied") return;
    expect((reconciled.inputs![0] as AlertInput).fields).toMatchObject({ status: "RESOLVED", refundOutcome: "REFUNDED", cancelOutcome: "CANCELLED" });
    expect(fake.calls().map((c) => `${c.method} ${c.outcome}`)).toEqual(["PATCH ok:REFUND_AND_CANCEL", "GET ok"]);
  });

  it("after a timeout where nothing was applied → not_applied, and the resend succeeds", async () => {
    const { fake, context, o, request } = setup();
    fake.failNext({ delayMs: 1000, status: 504 });
    expect((await o.send(context, request("CANCEL"))).kind).toBe("unknown");
    expect(await o.reconcile(context, request("CANCEL"))).toEqual({ kind: "not_applied" });
    expect((await o.send(context, request("CANCEL"))).kind).toBe("succeeded");
    expect(fake.calls().filter((c) => c.method === "PATCH" && c.status === 200)).toHaveLength(1);
  });

  it("resolved by another action → unknown (a person should look)", async () => {
    const { fake, context, o, request } = setup();
    const before = fake.state.alerts.get("netalrt_1")!;
    fake.putAlert(alertUpdated(before, { status: "RESOLVED", subscription_cancel_outcome: "CANCELLED" }).data.object);
    expect(await o.reconcile(context, request("REFUND"))).toMatchObject({ kind: "unknown", message: expect.stringMatching(/not as REFUND implies/) });
    expect((await o.reconcile(context, request("CANCEL"))).kind).toBe("applied");
    expect((await o.reconcile(context, request("ACCEPT_DISPUTE"))).kind).toBe("applied");
  });

  it("the note we sent counts as proof", async () => {
    const { fake, context, o, request } = setup();
    const before = fake.state.alerts.get("netalrt_1")!;
    fake.putAlert(alertUpdated(before, { status: "RESOLVED", note: "our note" }).data.object);
    expect((await o.reconcile(context, request("REFUND", "our note"))).kind).toBe("applied");
    expect((await o.reconcile(context, request("REFUND", "other"))).kind).toBe("unknown");
  });

  it("failures and odd states → unknown", async () => {
    const { fake, context, o, request } = setup();
    fake.failNext({ status: 500, count: 3 });
    expect((await o.reconcile(context, request("REFUND"))).kind).toBe("unknown");
    expect((await o.reconcile(context, { ...request("REFUND"), alert: forOutcome({ externalId: "netalrt_gone" }) })).kind).toBe("unknown");
    fake.putAlert({ ...(fake.state.alerts.get("netalrt_1") as SimObject), status: "INVALID" });
    expect(await o.reconcile(context, request("REFUND"))).toMatchObject({ kind: "unknown", message: expect.stringMatching(/INVALID/) });
    const noKey = setup({ apiKey: null });
    expect((await noKey.o.reconcile(noKey.context, noKey.request("REFUND"))).kind).toBe("unknown");
  });

  it("appliedAs follows the action's effects", () => {
    const resolved = { status: "RESOLVED", transaction_refund_outcome: "REFUNDED", subscription_cancel_outcome: null };
    expect(appliedAs(resolved, "REFUND", undefined)).toBe(true);
    expect(appliedAs(resolved, "CANCEL", undefined)).toBe(false);
    expect(appliedAs(resolved, "REFUND_AND_CANCEL", undefined)).toBe(false);
    expect(appliedAs({ ...resolved, subscription_cancel_outcome: "CANCELLED" }, "REFUND_AND_CANCEL", undefined)).toBe(true);
    expect(appliedAs(resolved, "ACCEPT_DISPUTE", undefined)).toBe(true);
    expect(appliedAs(resolved, "SOMETHING", undefined)).toBe(false);
  });
});
