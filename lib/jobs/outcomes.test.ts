/**
 * The outcome outbox against real Postgres and ChargebackStop's strict fake API: a decision is
 * applied by the provider exactly once whatever the network does.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { requestOutcome } from "@/lib/domain/outcomes/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { handleWebhook } from "@/lib/ingest/pipeline";
import { createChargebackStopFakeApi } from "@/lib/providers/chargebackstop/fake-api";
import { createOutcomes } from "@/lib/providers/chargebackstop/outcomes";
import { alertCreated, serialize, signedRequest } from "@/lib/providers/chargebackstop/simulator";
import { isAppError } from "@/lib/errors";
import { makeOrganisation, makeUser, unique } from "@/lib/testing/factories";
import { sendOutcome } from "./outcomes";

const BASE = "https://api.chargebackstop.test";
/** the provider's answers to our PATCHes time out after 100 ms here (10 s in production) */
const fastOutcomes = createOutcomes({ timeoutMs: 100, sleep: async () => undefined });

async function setup() {
  const fake = createChargebackStopFakeApi();
  const providerOrg = unique("org");
  const apiKey = `cbs_${unique("key")}`;
  const webhookSecret = `whsec_${unique("s")}`;
  fake.addKey({ apiKey, organisationId: providerOrg });
  const org = await makeOrganisation();
  const connection = await createConnection(
    SYSTEM_SCOPE,
    { organisationId: org.id, provider: "chargebackstop", mode: "TEST", apiBaseUrl: BASE, secrets: { webhook_secret: webhookSecret, api_key: apiKey } },
    { type: "system" },
  );
  const user = await makeUser({ memberships: [{ organisationId: org.id, role: "AGENT" }] });

  /** an Ethoca alert, known to the fake and delivered to us by webhook */
  async function arrivedAlert() {
    const payload = alertCreated({ organisationId: providerOrg, status: "ACTION_REQUIRED" });
    fake.putAlert(payload.data.object);
    const body = serialize(payload);
    const signed = signedRequest({ body, secret: webhookSecret });
    const response = await handleWebhook(new Request("http://localhost/x", { method: "POST", headers: signed.headers, body }), { provider: "chargebackstop", connectionId: connection.id });
    expect(response.status).toBe(200);
    const alert = await db.alert.findFirstOrThrow({ where: { connectionId: connection.id, externalId: payload.data.object.id as string } });
    return alert;
  }
  const actor = { type: "user" as const, id: user.id, email: user.email };
  const appliedPatches = (alertExternalId: string) => fake.calls().filter((c) => c.method === "PATCH" && c.path.includes(alertExternalId) && c.outcome.startsWith("ok"));
  const send = (submissionId: string, attempt = 1) => sendOutcome(submissionId, { fetch: fake.fetch, outcomes: fastOutcomes, attempt, maxAttempts: 5 });
  return { fake, org, connection, user, actor, arrivedAlert, appliedPatches, send };
}

describe("the outcome outbox", () => {
  it("a 500 is retried with the same submission; the provider applies the refund once and the alert resolves", async () => {
    const t = await setup();
    const alert = await t.arrivedAlert();
    const { id } = await requestOutcome({ kind: "orgs", organisationIds: [t.org.id] }, { alertId: alert.id, outcome: "REFUND" }, t.actor);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("AWAITING_PROVIDER");

    t.fake.failNext({ status: 500 });
    await expect(t.send(id, 1)).rejects.toThrow(/500|server/i);
    expect((await db.outcomeSubmission.findUniqueOrThrow({ where: { id } })).status).toBe("QUEUED");
    expect(await t.send(id, 2)).toBe("succeeded");
    expect(t.appliedPatches(alert.externalId)).toHaveLength(1);
    const submission = await db.outcomeSubmission.findUniqueOrThrow({ where: { id } });
    expect(submission).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    const after = await db.alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect(after.status).toBe("RESOLVED");
    expect(after.refundOutcome).toBe("REFUNDED");
    // a further run of the job changes nothing
    expect(await t.send(id, 3)).toBe("noop");
    expect(t.appliedPatches(alert.externalId)).toHaveLength(1);
  });

  it("a 4xx is final: rejected, not retried, and the alert waits for a decision again", async () => {
    const t = await setup();
    const alert = await t.arrivedAlert();
    const { id } = await requestOutcome(SYSTEM_SCOPE, { alertId: alert.id, outcome: "REFUND" }, t.actor);
    t.fake.failNext({ status: 422 });
    expect(await t.send(id)).toBe("rejected");
    expect(await t.send(id, 2)).toBe("noop");
    expect(t.fake.calls().filter((c) => c.method === "PATCH")).toHaveLength(1);
    const submission = await db.outcomeSubmission.findUniqueOrThrow({ where: { id } });
    expect(submission).toMatchObject({ status: "REJECTED", liveAlertId: null });
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("ACTION_REQUIRED");
    // and a new decision can be made
    await expect(requestOutcome(SYSTEM_SCOPE, { alertId: alert.id, outcome: "ACCEPT_DISPUTE" }, t.actor)).resolves.toMatchObject({ outcome: "ACCEPT_DISPUTE" });
  });

  it("a timeout after the provider applied it is reconciled, never refunded twice", async () => {
    const t = await setup();
    const alert = await t.arrivedAlert();
    const { id } = await requestOutcome(SYSTEM_SCOPE, { alertId: alert.id, outcome: "REFUND" }, t.actor);
    // processed by the provider, answer later than our timeout
    t.fake.failNext({ delayMs: 400 });
    await expect(t.send(id, 1)).rejects.toThrow(/unknown/i);
    expect((await db.outcomeSubmission.findUniqueOrThrow({ where: { id } })).status).toBe("UNKNOWN");
    expect(await t.send(id, 2)).toBe("succeeded");
    expect(t.appliedPatches(alert.externalId)).toHaveLength(1);
    expect(t.fake.calls().filter((c) => c.method === "PATCH")).toHaveLength(1);
    const audit = await db.auditLog.findMany({ where: { targetId: alert.id, action: { startsWith: "outcome." } }, orderBy: { at: "asc" }, select: { action: true, after: true } });
    expect(audit.map((a) => a.action)).toEqual(["outcome.request", "outcome.unknown", "outcome.reconcile", "outcome.succeeded"]);
  });

  it("a dropped connection before the provider processed it: reconcile finds nothing, the one resend applies", async () => {
    const t = await setup();
    const alert = await t.arrivedAlert();
    const { id } = await requestOutcome(SYSTEM_SCOPE, { alertId: alert.id, outcome: "CANCEL" }, t.actor);
    t.fake.failNext({ network: true });
    await expect(t.send(id, 1)).rejects.toThrow();
    expect(await t.send(id, 2)).toBe("succeeded");
    expect(t.appliedPatches(alert.externalId)).toHaveLength(1);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).cancelOutcome).toBe("CANCELLED");
  });

  it("50 people deciding at once make one submission and one call", async () => {
    const t = await setup();
    const alert = await t.arrivedAlert();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => requestOutcome(SYSTEM_SCOPE, { alertId: alert.id, outcome: i % 2 ? "REFUND" : "ACCEPT_DISPUTE" }, t.actor)),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) expect(isAppError(r.reason) && r.reason.code === "CONFLICT").toBe(true);
    const submissions = await db.outcomeSubmission.findMany({ where: { alertId: alert.id } });
    expect(submissions).toHaveLength(1);
    // two workers picking the same job at once: still one call
    const outcomes = await Promise.all([t.send(submissions[0]!.id), t.send(submissions[0]!.id)]);
    expect(outcomes.filter((o) => o === "succeeded")).toHaveLength(1);
    expect(t.fake.calls().filter((c) => c.method === "PATCH")).toHaveLength(1);
  });

  it("an outcome for another organisation's alert is not found", async () => {
    const t = await setup();
    const alert = await t.arrivedAlert();
    const other = await makeOrganisation();
    await expect(requestOutcome({ kind: "orgs", organisationIds: [other.id] }, { alertId: alert.id, outcome: "REFUND" }, t.actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.outcomeSubmission.count({ where: { alertId: alert.id } })).toBe(0);
  });
});
