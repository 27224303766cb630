/**
 * Attaching unassigned rows (partner deliveries for an organisation we did not know yet) on real
 * Postgres: setting an organisation's provider id attaches every row that names it, in one
 * transaction with one audit row; bad choices change nothing; scopes without unassigned see none.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createOrganisation, setProviderOrgId } from "@/lib/domain/organisations/commands";
import type { AccessScope } from "@/lib/domain/scope";
import { AppError } from "@/lib/errors";
import { makeAlert, makeEnrolment, makeLookup, makeOrganisation, makeRepresentment, makeSchemeNotice, unique } from "@/lib/testing/factories";
import { attachUnassignedToOrganisation, countUnassignedFor, listUnassignedGroups } from "./unassigned";

const ADMIN: AccessScope = { kind: "all", includeUnassigned: true };
const OPS_MANAGE: AccessScope = { kind: "all", includeUnassigned: false };
const actor = { type: "system" as const };

/** One unassigned row of every kind naming `pid`, plus a delivery, plus a row of another id. */
async function unassignedRows(pid: string) {
  const orgOfConnection = await makeOrganisation();
  const connection = await db.connection.create({ data: { organisationId: orgOfConnection.id, provider: "chargebackstop", scope: "PARTNER", apiBaseUrl: "https://api.example.test" } });
  const merchant = await db.merchant.create({ data: { organisationId: null, name: unique("mrch"), placeholder: true, providerOrganisationId: pid } });
  const alert = await makeAlert(null, { providerOrganisationId: pid, merchantId: merchant.id });
  const alert2 = await makeAlert(null, { providerOrganisationId: pid });
  const representment = await makeRepresentment(null, { providerOrganisationId: pid });
  const notice = await makeSchemeNotice(null, { providerOrganisationId: pid });
  const lookup = await makeLookup(null, { providerOrganisationId: pid });
  const enrolment = await makeEnrolment(null, { providerOrganisationId: pid });
  const event = await db.webhookEvent.create({
    data: { connectionId: connection.id, provider: "chargebackstop", organisationId: null, providerOrganisationId: pid, externalEventId: unique("evt"), type: "alert.created", status: "PROCESSED", rawBody: Buffer.from("{}") },
  });
  const outcome = await db.outcomeSubmission.create({ data: { alertId: alert.id, organisationId: null, outcome: "refund", payload: {}, idempotencyKey: unique("idem") } });
  const bystander = await makeAlert(null, { providerOrganisationId: unique("org_other") });
  return { merchant, alert, alert2, representment, notice, lookup, enrolment, event, outcome, bystander };
}

describe("setProviderOrgId", () => {
  it("attaches every unassigned row carrying the id, with one audit row holding the counts", async () => {
    const pid = unique("org_cbs");
    const rows = await unassignedRows(pid);
    const org = await makeOrganisation();
    expect(await countUnassignedFor(ADMIN, pid)).toBe(8);

    const result = await setProviderOrgId(ADMIN, { organisationId: org.id, providerOrgId: pid }, actor);
    expect(result.attached).toEqual({ alerts: 2, representments: 1, notices: 1, lookups: 1, enrolments: 1, merchants: 1, deliveries: 1 });

    for (const [table, id] of [
      ["alert", rows.alert.id],
      ["alert", rows.alert2.id],
      ["representment", rows.representment.id],
      ["schemeNotice", rows.notice.id],
      ["lookup", rows.lookup.id],
      ["enrolment", rows.enrolment.id],
      ["merchant", rows.merchant.id],
      ["webhookEvent", rows.event.id],
      ["outcomeSubmission", rows.outcome.id],
    ] as const) {
      const row = await (db[table] as unknown as { findUniqueOrThrow: (a: unknown) => Promise<{ organisationId: string | null }> }).findUniqueOrThrow({ where: { id } });
      expect(row.organisationId, `${table} ${id}`).toBe(org.id);
    }
    expect((await db.alert.findUniqueOrThrow({ where: { id: rows.bystander.id } })).organisationId).toBeNull();
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).providerOrgId).toBe(pid);

    const audit = await db.auditLog.findMany({ where: { targetId: org.id, action: "organisation.set_provider_org_id" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ providerOrgId: null });
    expect(audit[0]!.after).toMatchObject({ providerOrgId: pid, attached: { alerts: 2, deliveries: 1 } });
    expect(await countUnassignedFor(ADMIN, pid)).toBe(0);
  });

  it("refuses an id another organisation has, with a field error, attaching nothing", async () => {
    const pid = unique("org_taken");
    await makeOrganisation({ providerOrgId: pid });
    const alert = await makeAlert(null, { providerOrganisationId: pid });
    const org = await makeOrganisation();
    await expect(setProviderOrgId(ADMIN, { organisationId: org.id, providerOrgId: pid }, actor)).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { providerOrgId: expect.any(Array) },
    });
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).organisationId).toBeNull();
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).providerOrgId).toBeNull();
    expect(await db.auditLog.count({ where: { targetId: org.id } })).toBe(0);
  });

  it("validates the id and refuses an organisation outside the scope", async () => {
    const org = await makeOrganisation();
    await expect(setProviderOrgId(ADMIN, { organisationId: org.id, providerOrgId: "has spaces" }, actor)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(setProviderOrgId({ kind: "orgs", organisationIds: [] }, { organisationId: org.id, providerOrgId: unique("org") }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("clearing the id keeps attached rows", async () => {
    const pid = unique("org_keep");
    const alert = await makeAlert(null, { providerOrganisationId: pid });
    const org = await makeOrganisation();
    await setProviderOrgId(ADMIN, { organisationId: org.id, providerOrgId: pid }, actor);
    await setProviderOrgId(ADMIN, { organisationId: org.id, providerOrgId: "" }, actor);
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).providerOrgId).toBeNull();
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).organisationId).toBe(org.id);
  });
});

describe("createOrganisation with a provider organisation id", () => {
  it("attaches the rows that already carry it, counted in the one creation audit row", async () => {
    const pid = unique("org_new");
    const rows = await unassignedRows(pid);
    const org = await createOrganisation({ name: `Fresh ${unique()}`, providerOrgId: pid }, actor);
    expect(org.attached).toMatchObject({ alerts: 2, deliveries: 1 });
    expect((await db.representment.findUniqueOrThrow({ where: { id: rows.representment.id } })).organisationId).toBe(org.id);
    const audit = await db.auditLog.findMany({ where: { targetId: org.id } });
    expect(audit.map((a) => a.action)).toEqual(["organisation.create"]);
    expect(audit[0]!.after).toMatchObject({ providerOrgId: pid, attached: { alerts: 2 } });
  });
});

describe("listUnassignedGroups", () => {
  it("groups unassigned rows by provider organisation id with counts per kind; only unassigned scopes see them", async () => {
    const pid = unique("org_group");
    await unassignedRows(pid);
    const groups = await listUnassignedGroups(ADMIN);
    const group = groups.find((g) => g.providerOrgId === pid);
    expect(group).toMatchObject({ total: 8, counts: { alerts: 2, merchants: 1, deliveries: 1, enrolments: 1 }, organisation: null });
    expect(await listUnassignedGroups(OPS_MANAGE)).toEqual([]);
    expect(await listUnassignedGroups({ kind: "orgs", organisationIds: [] })).toEqual([]);
  });
});

describe("attachUnassignedToOrganisation", () => {
  it("sets the id on an organisation without one and attaches, in one step", async () => {
    const pid = unique("org_step");
    const rows = await unassignedRows(pid);
    const org = await makeOrganisation();
    const result = await attachUnassignedToOrganisation(ADMIN, { providerOrgId: pid, organisationId: org.id }, actor);
    expect(result).toMatchObject({ providerOrgIdSet: true, attached: { alerts: 2, merchants: 1 } });
    expect((await db.lookup.findUniqueOrThrow({ where: { id: rows.lookup.id } })).organisationId).toBe(org.id);
    const audit = await db.auditLog.findMany({ where: { targetId: org.id, action: "unassigned.attach" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ providerOrgId: pid, attached: { alerts: 2 } });
  });

  it("attaches late rows to the organisation that already has the id", async () => {
    const pid = unique("org_late");
    const org = await makeOrganisation({ providerOrgId: pid });
    const late = await makeAlert(null, { providerOrganisationId: pid });
    const groups = await listUnassignedGroups(ADMIN);
    expect(groups.find((g) => g.providerOrgId === pid)?.organisation).toEqual({ id: org.id, name: org.name });
    const result = await attachUnassignedToOrganisation(ADMIN, { providerOrgId: pid, organisationId: org.id }, actor);
    expect(result.providerOrgIdSet).toBe(false);
    expect((await db.alert.findUniqueOrThrow({ where: { id: late.id } })).organisationId).toBe(org.id);
  });

  it("refuses an organisation with another id, or an id held by another organisation; nothing changes", async () => {
    const pid = unique("org_refuse");
    const alert = await makeAlert(null, { providerOrganisationId: pid });
    const withOther = await makeOrganisation({ providerOrgId: unique("org_mine") });
    const error = await attachUnassignedToOrganisation(ADMIN, { providerOrgId: pid, organisationId: withOther.id }, actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "CONFLICT", fieldErrors: { organisationId: [expect.stringContaining(withOther.name)] } });

    const owner = await makeOrganisation({ providerOrgId: unique("org_owner") });
    const free = await makeOrganisation();
    await makeAlert(null, { providerOrganisationId: owner.providerOrgId });
    await expect(attachUnassignedToOrganisation(ADMIN, { providerOrgId: owner.providerOrgId!, organisationId: free.id }, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: free.id } })).providerOrgId).toBeNull();
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).organisationId).toBeNull();
    expect(await db.auditLog.count({ where: { targetId: { in: [withOther.id, free.id] } } })).toBe(0);
  });

  it("needs a scope that manages unassigned rows", async () => {
    const org = await makeOrganisation();
    await expect(attachUnassignedToOrganisation(OPS_MANAGE, { providerOrgId: unique("org"), organisationId: org.id }, actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(attachUnassignedToOrganisation({ kind: "orgs", organisationIds: [org.id] }, { providerOrgId: unique("org"), organisationId: org.id }, actor)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("two organisations racing for one id: one gets it, the other a clear conflict", async () => {
    const pid = unique("org_race");
    await makeAlert(null, { providerOrganisationId: pid });
    const [a, b] = [await makeOrganisation(), await makeOrganisation()];
    const results = await Promise.allSettled([
      attachUnassignedToOrganisation(ADMIN, { providerOrgId: pid, organisationId: a.id }, actor),
      attachUnassignedToOrganisation(ADMIN, { providerOrgId: pid, organisationId: b.id }, actor),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.organisation.count({ where: { providerOrgId: pid } })).toBe(1);
  });
});
