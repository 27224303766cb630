/** Audit trail filters and scope (lib/domain/audit/queries.ts). */
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/domain/audit/commands";
import { listAudit, listAuditTargetTypes } from "@/lib/domain/audit/queries";
import type { AccessScope } from "@/lib/domain/scope";
import { makeOrganisation, unique } from "@/lib/testing/factories";

const ALL: AccessScope = { kind: "all", includeUnassigned: true };

describe("listAudit filters", () => {
  it("filters by action prefix, actor email, target type, organisation and date range; members see their organisations only", async () => {
    const [a, b] = [await makeOrganisation(), await makeOrganisation()];
    const tag = unique("act").replace("-", "_");
    const email = `${unique("auditor")}@example.test`;
    await recordAudit({ actor: { type: "user", id: "u1", email }, action: `${tag}.one`, targetType: "Thing", organisationId: a.id });
    await recordAudit({ actor: { type: "user", id: "u1", email }, action: `${tag}.two`, targetType: "Other", organisationId: b.id });
    await recordAudit({ actor: { type: "system" }, action: `${tag}.three`, targetType: "Thing", organisationId: null });

    expect((await listAudit(ALL, { action: tag })).total).toBe(3);
    expect((await listAudit(ALL, { action: `${tag}.t` })).rows.map((r) => r.action).sort()).toEqual([`${tag}.three`, `${tag}.two`]);
    expect((await listAudit(ALL, { action: tag, actorEmail: email.toUpperCase().slice(0, 12) })).total).toBe(2);
    expect((await listAudit(ALL, { action: tag, targetType: "Thing" })).total).toBe(2);
    expect((await listAudit(ALL, { action: tag, organisationId: b.id })).rows.map((r) => r.action)).toEqual([`${tag}.two`]);
    expect((await listAudit(ALL, { action: tag, from: new Date(Date.now() + 60_000) })).total).toBe(0);
    expect((await listAudit(ALL, { action: tag, to: new Date(Date.now() - 60_000) })).total).toBe(0);

    const agentOfA: AccessScope = { kind: "orgs", organisationIds: [a.id] };
    expect((await listAudit(agentOfA, { action: tag })).rows.map((r) => r.action)).toEqual([`${tag}.one`]);
    // the organisation filter never widens the scope
    expect((await listAudit(agentOfA, { action: tag, organisationId: b.id })).total).toBe(0);
    expect(await listAuditTargetTypes(ALL)).toEqual(expect.arrayContaining(["Thing", "Other"]));
  });
});
