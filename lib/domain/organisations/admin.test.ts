/**
 * Organisation administration from the browser, on real Postgres: the same validation as the CLI,
 * ids of another organisation find nothing, and each change writes one audit row.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { narrowToOrganisation } from "@/lib/domain/admin/scope";
import type { AccessScope } from "@/lib/domain/scope";
import { makeOrganisation, makeUser, unique } from "@/lib/testing/factories";
import { addMemberByEmail, changeMembershipRole, createOrganisation, removeMembership, renameOrganisation, setOrganisationArchived, setProviderOrgId } from "./commands";

const ADMIN: AccessScope = { kind: "all", includeUnassigned: true };
const actor = { type: "system" as const };

describe("renameOrganisation", () => {
  it("renames with a new slug and refuses a name another organisation has", async () => {
    const taken = await createOrganisation({ name: `Taken ${unique()}` }, actor);
    const org = await makeOrganisation();
    const newName = `Renamed ${unique()} Ltd`;
    const after = await renameOrganisation(ADMIN, { organisationId: org.id, name: newName }, actor);
    expect(after.slug).toBe(newName.toLowerCase().replaceAll(" ", "-"));
    await expect(renameOrganisation(ADMIN, { organisationId: org.id, name: taken.name.toUpperCase() }, actor)).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { name: expect.any(Array) } });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).name).toBe(newName);
    const audit = await db.auditLog.findMany({ where: { targetId: org.id, action: "organisation.rename" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ name: org.name });
    await expect(renameOrganisation({ kind: "orgs", organisationIds: [] }, { organisationId: org.id, name: "Whatever" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("setOrganisationArchived", () => {
  it("archives and unarchives, keeping data, one audit row each", async () => {
    const org = await makeOrganisation();
    await setOrganisationArchived(ADMIN, { organisationId: org.id, archived: true }, actor);
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).archivedAt).not.toBeNull();
    await setOrganisationArchived(ADMIN, { organisationId: org.id, archived: true }, actor); // no change, no row
    await setOrganisationArchived(ADMIN, { organisationId: org.id, archived: false }, actor);
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).archivedAt).toBeNull();
    expect(await db.auditLog.count({ where: { targetId: org.id, action: { in: ["organisation.archive", "organisation.unarchive"] } } })).toBe(2);
  });
});

describe("memberships", () => {
  it("adds an existing user by email, refuses unknown emails and duplicates", async () => {
    const org = await makeOrganisation();
    const user = await makeUser();
    const m = await addMemberByEmail(ADMIN, { organisationId: org.id, email: ` ${user.email.toUpperCase()} `, role: "VIEWER" }, actor);
    expect(m).toMatchObject({ userId: user.id, role: "VIEWER" });
    await expect(addMemberByEmail(ADMIN, { organisationId: org.id, email: user.email, role: "AGENT" }, actor)).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { email: expect.any(Array) } });
    await expect(addMemberByEmail(ADMIN, { organisationId: org.id, email: `${unique()}@example.test`, role: "AGENT" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND", fieldErrors: { email: expect.any(Array) } });
    await expect(addMemberByEmail(ADMIN, { organisationId: org.id, email: user.email, role: "ADMIN" as "AGENT" }, actor)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { role: expect.any(Array) } });
  });

  it("changes roles and removes members of this organisation only", async () => {
    const [a, b] = [await makeOrganisation(), await makeOrganisation()];
    const user = await makeUser({ memberships: [{ organisationId: a.id, role: "VIEWER" }, { organisationId: b.id, role: "VIEWER" }] });
    const inA = await db.membership.findFirstOrThrow({ where: { userId: user.id, organisationId: a.id } });
    const inB = await db.membership.findFirstOrThrow({ where: { userId: user.id, organisationId: b.id } });

    // b's membership id through a's page (form tampering): not found, nothing changes
    await expect(changeMembershipRole(narrowToOrganisation(ADMIN, a.id), { organisationId: a.id, membershipId: inB.id, role: "AGENT" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeMembership(ADMIN, { organisationId: a.id, membershipId: inB.id }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.membership.findUniqueOrThrow({ where: { id: inB.id } })).toMatchObject({ role: "VIEWER" });

    await changeMembershipRole(ADMIN, { organisationId: a.id, membershipId: inA.id, role: "AGENT" }, actor);
    expect((await db.membership.findUniqueOrThrow({ where: { id: inA.id } })).role).toBe("AGENT");
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: inA.id, action: "membership.change_role" } });
    expect(audit).toMatchObject({ before: { email: user.email, role: "VIEWER" }, after: { email: user.email, role: "AGENT" }, organisationId: a.id });

    await removeMembership(ADMIN, { organisationId: a.id, membershipId: inA.id }, actor);
    expect(await db.membership.count({ where: { id: inA.id } })).toBe(0);
    expect(await db.membership.count({ where: { id: inB.id } })).toBe(1);
  });
});

describe("scope", () => {
  it("a scope without the organisation cannot change it", async () => {
    const [a, b] = [await makeOrganisation(), await makeOrganisation()];
    const onlyB: AccessScope = { kind: "orgs", organisationIds: [b.id] };
    await expect(setProviderOrgId(onlyB, { organisationId: a.id, providerOrgId: unique("org") }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setOrganisationArchived(onlyB, { organisationId: a.id, archived: true }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(narrowToOrganisation(onlyB, a.id)).toEqual({ kind: "orgs", organisationIds: [] });
    expect(narrowToOrganisation(ADMIN, a.id)).toEqual({ kind: "orgs", organisationIds: [a.id] });
  });
});
