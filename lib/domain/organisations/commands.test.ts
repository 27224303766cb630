import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/lib/domain/users/commands";
import { AppError } from "@/lib/errors";
import { makeOrganisation, makeUser, unique } from "@/lib/testing/factories";
import { addMembership, createOrganisation } from "./commands";

const actor = { type: "system" as const };

describe("createOrganisation", () => {
  it("derives a unique kebab-case slug and audits the creation", async () => {
    const name = `Acme ${unique()} Trading`;
    const org = await createOrganisation({ name, providerOrgId: unique("org") }, actor);
    expect(org.slug).toBe(name.toLowerCase().replaceAll(" ", "-"));
    const audit = await db.auditLog.findMany({ where: { targetId: org.id, action: "organisation.create" } });
    expect(audit).toHaveLength(1);
  });

  it("refuses a name whose slug exists, with a field error, changing nothing", async () => {
    const name = `Dup ${unique()}`;
    await createOrganisation({ name }, actor);
    const error = await createOrganisation({ name: name.toUpperCase() + "!" }, actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).fieldErrors?.name).toBeDefined();
    expect(await db.organisation.count({ where: { name: { equals: name, mode: "insensitive" } } })).toBe(1);
  });

  it("refuses a provider organisation id another organisation has", async () => {
    const providerOrgId = unique("org");
    await createOrganisation({ name: `P ${unique()}`, providerOrgId }, actor);
    await expect(createOrganisation({ name: `Q ${unique()}`, providerOrgId }, actor)).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { providerOrgId: expect.any(Array) } });
  });

  it("validates input", async () => {
    await expect(createOrganisation({ name: " " }, actor)).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("addMembership", () => {
  it("adds once, then reports the duplicate", async () => {
    const org = await makeOrganisation();
    const user = await makeUser();
    const m = await addMembership({ userId: user.id, organisationId: org.id, role: "AGENT" }, actor);
    expect(m).toMatchObject({ userId: user.id, organisationId: org.id, role: "AGENT" });
    await expect(addMembership({ userId: user.id, organisationId: org.id, role: "VIEWER" }, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("createUser", () => {
  it("stores a bcrypt hash, never the password, and lower-cases the email", async () => {
    const email = `${unique("Mixed")}@Example.TEST`;
    const user = await createUser({ email, password: "a sound passphrase" }, actor);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.email).toBe(email.toLowerCase());
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(row.passwordHash).not.toContain("sound");
  });
  it("rejects weak passwords and duplicates with field errors", async () => {
    await expect(createUser({ email: `${unique()}@example.test`, password: "short" }, actor)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { password: expect.any(Array) } });
    await expect(createUser({ email: `${unique()}@example.test`, password: "aaaaaaaaaaaa" }, actor)).rejects.toMatchObject({ code: "VALIDATION" });
    const email = `${unique()}@example.test`;
    await createUser({ email, password: "a sound passphrase" }, actor);
    await expect(createUser({ email, password: "another passphrase" }, actor)).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { email: expect.any(Array) } });
  });
});
