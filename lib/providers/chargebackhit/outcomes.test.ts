import { describe, expect, it } from "vitest";
import { chargebackhit } from "@/lib/providers/chargebackhit";
import { createChargebackhitFakeApi, type ChargebackhitFakeApi } from "@/lib/providers/chargebackhit/fake-api";
import { createChargebackhitOutcomes, offer, outcomeBody, outcomes } from "@/lib/providers/chargebackhit/outcomes";
import { alertPayload, initRefund, type SimPayload } from "@/lib/providers/chargebackhit/simulator";
import type { AlertForOutcome, AlertInput, OutcomeRequest, ProviderApiContext } from "@/lib/providers/types";

const PK = "pk_test_outcomes";
const SK = "sk_test_outcomes";
const NOW = new Date("2026-03-01T12:00:00.000Z");

function apiContext(fake: ChargebackhitFakeApi, overrides: { publicKey?: string | null; secret?: string | null } = {}) {
  const logs: { event: string; fields?: Record<string, unknown> }[] = [];
  const context: ProviderApiContext = {
    connection: {
      id: "conn_1",
      provider: "chargebackhit",
      organisationId: "org_1",
      apiBaseUrl: "https://api.chargebackhit.test",
      mode: "TEST",
      publicKey: overrides.publicKey === undefined ? PK : overrides.publicKey,
      clientId: null,
      redirectUri: null,
    },
    secrets: { get: async (name) => (name === "secret_key" ? (overrides.secret === undefined ? SK : overrides.secret) : null) },
    fetch: fake.fetch,
    now: () => NOW,
    log: (event, fields) => logs.push({ event, fields }),
  };
  return { context, logs };
}

/** The alert as the outcome action would load it after the webhook (answered "pending"). */
function alertFor(payload: SimPayload, patch: Partial<AlertForOutcome> = {}): AlertForOutcome {
  const parsed = chargebackhit.webhook.parse(payload);
  if (!parsed.ok) throw new Error(parsed.error);
  const mapped = chargebackhit.webhook.map(parsed.value);
  if (!mapped.ok || mapped.value.kind !== "apply") throw new Error("unmappable");
  const input = mapped.value.inputs[0] as AlertInput;
  return {
    externalId: input.externalId,
    kind: input.fields.kind,
    status: input.fields.status,
    providerStatus: input.fields.providerStatus,
    providerOutcome: "pending",
    amountMinor: input.fields.amountMinor,
    currency: input.fields.currency,
    merchantReference: input.fields.merchantReference,
    providerData: input.providerData,
    ...patch,
  };
}

function request(alert: AlertForOutcome, outcome: string, payload: Record<string, unknown> = {}): OutcomeRequest {
  return { alert, outcome, note: null, payload, idempotencyKey: "idem_1" };
}

function setup(payload: SimPayload = initRefund({ amount: "66.06", transaction: { transaction_merchant_id: "order-777" } })) {
  const fake = createChargebackhitFakeApi({ now: () => NOW, accounts: [{ publicKey: PK, secretKey: SK }] });
  fake.putAlerts(PK, [payload]);
  const { context, logs } = apiContext(fake);
  const tuned = createChargebackhitOutcomes({ timeoutMs: 50, sleep: async () => undefined });
  return { fake, context, logs, payload, alert: alertFor(payload), tuned };
}

describe("offer", () => {
  it("offers the seven final outcomes for a pending init-refund, with plain consequences", () => {
    const { alert } = setup();
    const result = offer(alert);
    if (!result.ok) throw new Error(result.reason);
    expect(result.choices.map((c) => c.value)).toEqual(["reversed", "previously-reversed", "decline", "reverse-error", "not-found", "acknowledged", "shipped"]);
    expect(result.choices.filter((c) => c.refunds).map((c) => c.value)).toEqual(["reversed"]);
    expect(result.choices[0]!.consequence).toContain("Refund 66.06 USD");
    expect(result.choices[0]!.consequence).toContain("tell Ethoca");
    expect(result.choices[1]!.consequence).toContain("No new refund");
    expect(result.fields.map((f) => [f.name, f.required])).toEqual([
      ["orderId", false],
      ["refundAmount", false],
    ]);
    expect(result.fields[0]!.hint).toContain("order-777");
    expect(result.fields.some((f) => f.name === "note")).toBe(false);
  });

  it("names Verifi for CDRN and accepts an empty answer", () => {
    const alert = alertFor(initRefund({ product: "cdrn", provider: "verifi" }), { providerOutcome: null });
    const result = offer(alert);
    expect(result.ok && result.choices[0]!.consequence).toContain("tell Verifi");
    expect(offer({ ...alert, providerOutcome: "" }).ok).toBe(true);
  });

  it("refuses an alert already answered with a final outcome", () => {
    const result = offer(alertFor(initRefund(), { providerOutcome: "reversed" }));
    expect(result).toEqual({ ok: false, reason: 'Chargebackhit accepts one final outcome; this alert was answered "reversed".' });
  });

  it("refuses resolved (RDR) and other alert types", () => {
    const resolved = offer(alertFor(alertPayload("resolved"), { providerOutcome: null }));
    expect(resolved.ok).toBe(false);
    expect(!resolved.ok && resolved.reason).toMatch(/RDR/);
    const other = offer({ ...alertFor(initRefund()), providerStatus: "dispute-notification" });
    expect(!other.ok && other.reason).toMatch(/only for refund requests/);
  });
});

describe("outcomeBody", () => {
  it("reversed: order id from the alert, refund defaulting to the alert amount", () => {
    const { alert } = setup();
    expect(outcomeBody(request(alert, "reversed"))).toEqual({ ok: true, body: { outcome: "reversed", order: { order_id: "order-777", refund: { amount: "66.06", currency: "USD" } } } });
  });

  it("a given order id and a partial refund (minor units or decimal)", () => {
    const { alert } = setup();
    expect(outcomeBody(request(alert, "reversed", { orderId: " ORD-1 ", refundAmount: 1000 }))).toMatchObject({ body: { order: { order_id: "ORD-1", refund: { amount: "10.00" } } } });
    expect(outcomeBody(request(alert, "reversed", { refundAmount: "12.5" }))).toMatchObject({ body: { order: { refund: { amount: "12.50", currency: "USD" } } } });
  });

  it("no refund with other outcomes", () => {
    const { alert } = setup();
    expect(outcomeBody(request(alert, "shipped", { refundAmount: 100 }))).toEqual({ ok: true, body: { outcome: "shipped", order: { order_id: "order-777" } } });
  });

  it("refuses a refund above the alert amount, a bad amount, an unknown outcome", () => {
    const { alert } = setup();
    expect(outcomeBody(request(alert, "reversed", { refundAmount: 6607 }))).toEqual({ ok: false, message: "The refund amount is larger than the alert amount." });
    expect(outcomeBody(request(alert, "reversed", { refundAmount: -1 })).ok).toBe(false);
    expect(outcomeBody(request(alert, "reversed", { refundAmount: "1.234" })).ok).toBe(false);
    expect(outcomeBody(request(alert, "pending")).ok).toBe(false);
    expect(outcomeBody(request(alert, "duplicate")).ok).toBe(false);
  });
});

describe("send", () => {
  it("2xx → succeeded with the returned alert mapped (RESOLVED, outcome reversed)", async () => {
    const { fake, context, alert } = setup();
    const result = await outcomes.send(context, request(alert, "reversed"));
    expect(result.kind).toBe("succeeded");
    if (result.kind !== "succeeded") return;
    const input = result.inputs?.[0] as AlertInput;
    expect(input).toMatchObject({ entity: "alert", externalId: alert.externalId, fields: { status: "RESOLVED", providerOutcome: "reversed" } });
    const calls = fake.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: "POST",
      path: `/api/v2/alerts/${alert.externalId}/update-outcome`,
      status: 200,
      body: { outcome: "reversed", order: { order_id: "order-777", refund: { amount: "66.06", currency: "USD" } } },
    });
    expect(JSON.stringify(calls)).not.toContain(SK);
  });

  it("500 → retry, sent once (the client does not retry update-outcome)", async () => {
    const { fake, context, alert, tuned } = setup();
    fake.failNext({ status: 500 });
    const result = await tuned.send(context, request(alert, "reversed"));
    expect(result.kind).toBe("retry");
    expect(fake.calls()).toHaveLength(1);
    expect(fake.getAlert(PK, alert.externalId)!.alert.outcome).toBe("");
  });

  it("429 → retry with Retry-After", async () => {
    const { fake, context, alert, tuned } = setup();
    fake.failNext({ status: 429, retryAfterSeconds: 7 });
    expect(await tuned.send(context, request(alert, "acknowledged"))).toMatchObject({ kind: "retry", retryAfterSeconds: 7 });
  });

  it("connection refused → retry; connection reset after sending → unknown", async () => {
    const { fake, context, alert, tuned } = setup();
    fake.failNext({ network: "refused" });
    expect((await tuned.send(context, request(alert, "acknowledged"))).kind).toBe("retry");
    fake.failNext({ network: "reset" });
    expect((await tuned.send(context, request(alert, "acknowledged"))).kind).toBe("unknown");
  });

  it("4xx → rejected with the provider's message (another account's alert: 404)", async () => {
    const { context, alert, tuned } = setup();
    const foreign = { ...alert, externalId: "99999999-9999-4999-8999-999999999999" };
    const result = await tuned.send(context, request(foreign, "reversed"));
    expect(result).toMatchObject({ kind: "rejected", status: 404 });
    expect(result.kind === "rejected" && result.message).toContain("Alert not found");
  });

  it("a second final outcome is refused by the fake (409) → rejected", async () => {
    const { fake, context, alert, tuned } = setup();
    expect((await tuned.send(context, request(alert, "shipped"))).kind).toBe("succeeded");
    const second = await tuned.send(context, request(alert, "reversed"));
    expect(second).toMatchObject({ kind: "rejected", status: 409 });
    expect(second.kind === "rejected" && second.message).toContain("already has the final outcome");
    expect(fake.getAlert(PK, alert.externalId)!.alert.outcome).toBe("shipped");
  });

  it("a 500 AFTER processing, then the resend refused with 409 → succeeded (ours is on file)", async () => {
    const { fake, context, alert, tuned, logs } = setup();
    fake.failNext({ status: 500, phase: "after" });
    expect((await tuned.send(context, request(alert, "reversed"))).kind).toBe("retry");
    const again = await tuned.send(context, request(alert, "reversed"));
    expect(again.kind).toBe("succeeded");
    expect(again.kind === "succeeded" && (again.inputs?.[0] as AlertInput).fields.providerOutcome).toBe("reversed");
    expect(logs.map((l) => l.event)).toContain("chargebackhit.outcome.already_applied");
  });

  it("refusals decided before any call: missing keys, bad refund", async () => {
    const { fake, alert } = setup();
    const noSecret = apiContext(fake, { secret: null }).context;
    expect(await outcomes.send(noSecret, request(alert, "reversed"))).toMatchObject({ kind: "rejected", status: 0, message: expect.stringContaining("secret key") });
    const noKey = apiContext(fake, { publicKey: null }).context;
    expect(await outcomes.send(noKey, request(alert, "reversed"))).toMatchObject({ kind: "rejected", status: 0 });
    expect(await outcomes.send(apiContext(fake).context, request(alert, "reversed", { refundAmount: 999999 }))).toMatchObject({ kind: "rejected", status: 0 });
    expect(fake.calls()).toHaveLength(0);
  });

  it("a wrong secret key → 401 → rejected", async () => {
    const { fake, alert } = setup();
    const result = await outcomes.send(apiContext(fake, { secret: "sk_wrong" }).context, request(alert, "reversed"));
    expect(result).toMatchObject({ kind: "rejected", status: 401 });
  });
});

describe("timeout and reconcile", () => {
  it("timeout → unknown; the fake applied it → reconcile says applied (with inputs)", async () => {
    const { fake, context, alert, tuned } = setup();
    fake.failNext({ delayMs: 1000, phase: "after", path: "/api/v2/alerts" });
    const sent = await tuned.send(context, request(alert, "reversed"));
    expect(sent.kind).toBe("unknown");
    expect(fake.getAlert(PK, alert.externalId)!.alert.outcome).toBe("reversed");
    const reconciled = await tuned.reconcile(context, request(alert, "reversed"));
    expect(reconciled.kind).toBe("applied");
    expect(reconciled.kind === "applied" && (reconciled.inputs?.[0] as AlertInput).fields.providerOutcome).toBe("reversed");
  });

  it("timeout before processing → reconcile says not_applied", async () => {
    const { fake, context, alert, tuned } = setup();
    fake.failNext({ delayMs: 1000 });
    expect((await tuned.send(context, request(alert, "reversed"))).kind).toBe("unknown");
    expect(fake.getAlert(PK, alert.externalId)!.alert.outcome).toBe("");
    expect(await tuned.reconcile(context, request(alert, "reversed"))).toEqual({ kind: "not_applied" });
  });

  it("pending on file → not_applied", async () => {
    const payload = initRefund({ outcome: "pending" });
    const { context, alert, tuned } = setup(payload);
    expect(await tuned.reconcile(context, request(alert, "reversed"))).toEqual({ kind: "not_applied" });
  });

  it("another final outcome on file → applied (answered elsewhere), logged", async () => {
    const payload = initRefund({ outcome: "previously-reversed" });
    const { context, alert, tuned, logs } = setup(payload);
    const result = await tuned.reconcile(context, request(alert, "reversed"));
    expect(result.kind).toBe("applied");
    expect(result.kind === "applied" && (result.inputs?.[0] as AlertInput).fields.providerOutcome).toBe("previously-reversed");
    expect(logs.find((l) => l.event === "chargebackhit.outcome.answered_elsewhere")?.fields).toMatchObject({ ours: "reversed", theirs: "previously-reversed" });
  });

  it("the GET failing (after its own retries) → unknown", async () => {
    const { fake, context, alert, tuned } = setup();
    fake.failNext({ status: 503, count: 3 });
    expect((await tuned.reconcile(context, request(alert, "reversed"))).kind).toBe("unknown");
    expect(fake.calls()).toHaveLength(3);
  });
});
