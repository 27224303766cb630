import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createConnection } from "@/lib/domain/connections/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { runBulk } from "./bulk";
import { makeAlert, makeOrganisation, makeTransaction, makeUser, unique } from "@/lib/testing/factories";
import { discardBulkRun, prepareBulkRun, startBulkRun } from "@/lib/domain/bulk/commands";
import { getBulkRun } from "@/lib/domain/bulk/queries";

async function setup() {
  const org = await makeOrganisation();
  const other = await makeOrganisation();
  const connection = await createConnection(
    SYSTEM_SCOPE,
    { organisationId: org.id, provider: "chargebackstop", mode: "TEST", secrets: { webhook_secret: `whsec_${unique()}`, api_key: `cbs_${unique()}` } },
    { type: "system" },
  );
  const agent = await makeUser({ memberships: [{ organisationId: org.id, role: "AGENT" }] });
  const actor = { type: "user" as const, id: agent.id, email: agent.email };
  const scope = { kind: "orgs" as const, organisationIds: [org.id] };
  const alerts = [];
  for (let i = 0; i < 18; i++) alerts.push(await makeAlert(org.id, { connectionId: connection.id, amountMinor: 1000 + i }));
  const rdr = await makeAlert(org.id, { connectionId: connection.id, kind: "RDR" });
  const payment = await makeTransaction(org.id, { refundStatus: "REFUNDED" });
  const refunded = await makeAlert(org.id, { connectionId: connection.id, transactionId: payment.id });
  const foreign = await makeAlert(other.id, {});
  return { org, other, agent, actor, scope, alerts, rdr, refunded, foreign };
}

describe("bulk outcomes", () => {
  it("20 alerts, one refund: 18 sent, one refused by the provider's rules, one blocked by the guard; all audited", async () => {
    const t = await setup();
    const ids = [...t.alerts.map((a) => a.id), t.rdr.id, t.refunded.id, t.foreign.id];
    const { id, total } = await prepareBulkRun(t.scope, { intent: "refund", alertIds: ids }, t.actor);
    // another organisation's alert never enters the run
    expect(total).toBe(20);

    const draft = await getBulkRun(t.agent.id, id, t.scope);
    expect(draft?.status).toBe("draft");
    const verdicts = draft!.items.map((i) => i.plan!.verdict);
    expect(verdicts.filter((v) => v === "send")).toHaveLength(18);
    expect(draft!.items.find((i) => i.alertId === t.rdr.id)!.plan).toMatchObject({ verdict: "refused", reason: expect.stringContaining("RDR") });
    expect(draft!.items.find((i) => i.alertId === t.refunded.id)!.plan).toMatchObject({ verdict: "blocked", reason: expect.stringContaining("double-refund guard") });
    expect(draft!.items.find((i) => i.plan!.verdict === "send")!.plan).toMatchObject({ value: "REFUND", consequence: expect.stringContaining("refund") });
    // nothing is sent before the author confirms
    expect(await db.outcomeSubmission.count({ where: { alertId: { in: ids } } })).toBe(0);

    await startBulkRun(id, { note: "Batch refund of small disputes" }, t.actor);
    await expect(startBulkRun(id, {}, t.actor)).rejects.toMatchObject({ code: "CONFLICT" });
    await runBulk(id);

    const done = await getBulkRun(t.agent.id, id, t.scope);
    expect(done).toMatchObject({ status: "completed", counts: { pending: 0, sent: 18, refused: 1, blocked: 1, failed: 0 } });
    expect(done!.items.filter((i) => i.status === "sent").every((i) => i.submissionStatus === "QUEUED")).toBe(true);
    const submissions = await db.outcomeSubmission.findMany({ where: { alertId: { in: ids } } });
    expect(submissions).toHaveLength(18);
    expect(new Set(submissions.map((s) => s.outcome))).toEqual(new Set(["REFUND"]));
    expect(submissions.every((s) => s.requestedById === t.agent.id && s.note === "Batch refund of small disputes")).toBe(true);
    expect(await db.auditLog.count({ where: { action: "outcome.request", actorId: t.agent.id, targetId: { in: ids } } })).toBe(18);
    expect(await db.auditLog.count({ where: { action: "bulk.start", targetId: id } })).toBe(1);
    expect((await db.alert.findUniqueOrThrow({ where: { id: t.refunded.id } })).status).toBe("ACTION_REQUIRED");

    // running the job again sends nothing more
    await runBulk(id);
    expect(await db.outcomeSubmission.count({ where: { alertId: { in: ids } } })).toBe(18);
  });

  it("a run is its author's alone", async () => {
    const t = await setup();
    const { id } = await prepareBulkRun(t.scope, { intent: "no_refund", alertIds: [t.alerts[0]!.id] }, t.actor);
    const colleague = await makeUser({ memberships: [{ organisationId: t.org.id, role: "AGENT" }] });
    const colleagueActor = { type: "user" as const, id: colleague.id, email: colleague.email };
    expect(await getBulkRun(colleague.id, id, t.scope)).toBeNull();
    await expect(startBulkRun(id, {}, colleagueActor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(discardBulkRun(id, colleagueActor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await discardBulkRun(id, t.actor);
    expect(await db.bulkRun.count({ where: { id } })).toBe(0);
  });

  it("an author who lost access before the run sends nothing", async () => {
    const t = await setup();
    const { id } = await prepareBulkRun(t.scope, { intent: "refund", alertIds: t.alerts.slice(0, 3).map((a) => a.id) }, t.actor);
    await startBulkRun(id, {}, t.actor);
    await db.membership.deleteMany({ where: { userId: t.agent.id } });
    await runBulk(id);
    const items = await db.bulkRunItem.findMany({ where: { runId: id } });
    expect(items.map((i) => i.status)).toEqual(["refused", "refused", "refused"]);
    expect(await db.outcomeSubmission.count({ where: { alertId: { in: t.alerts.map((a) => a.id) } } })).toBe(0);
  });

  it("refuses an empty selection, an unknown outcome and more than 1,000 alerts", async () => {
    const t = await setup();
    await expect(prepareBulkRun(t.scope, { intent: "refund", alertIds: [] }, t.actor)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(prepareBulkRun(t.scope, { intent: "teleport", alertIds: [t.alerts[0]!.id] }, t.actor)).rejects.toMatchObject({ code: "VALIDATION" });
    const many = Array.from({ length: 1001 }, (_, i) => `x${i}`);
    await expect(prepareBulkRun(t.scope, { intent: "refund", alertIds: many }, t.actor)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(prepareBulkRun(t.scope, { intent: "refund", alertIds: [t.foreign.id] }, t.actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
