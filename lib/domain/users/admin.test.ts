/**
 * User administration on real Postgres: last-admin protection, no self-demotion or
 * self-deactivation, deactivation ending sessions, reset links, duplicates.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { DbClient } from "@/lib/db";
import type { AccessScope } from "@/lib/domain/scope";
import { makeUser, unique } from "@/lib/testing/factories";
import { createPasswordResetLink, createUser, setGlobalRole, setUserActive } from "./commands";
import { hashToken } from "./tokens";

const ADMIN: AccessScope = { kind: "all", includeUnassigned: true };
const system = { type: "system" as const };
const as = (user: { id: string; email: string }) => ({ type: "user" as const, id: user.id, email: user.email });

const ROLLBACK = new Error("rollback");
/**
 * Runs `fn` in a transaction that is rolled back, after making `keep` the only active admin: the
 * other admins (other tests' too) are deactivated inside it, and the User table is locked against
 * concurrent writes, so "the last admin" is deterministic and nobody else sees the change.
 */
async function withOnlyAdmin(keep: string, fn: (tx: DbClient) => Promise<void>) {
  await db
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`LOCK TABLE "User" IN SHARE ROW EXCLUSIVE MODE`);
      await tx.user.updateMany({ where: { globalRole: "ADMIN", deactivatedAt: null, id: { not: keep } }, data: { deactivatedAt: new Date() } });
      await fn(tx);
      throw ROLLBACK;
    }, { timeout: 15_000 })
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
}

describe("last active administrator", () => {
  it("cannot be demoted or deactivated, by anyone; nothing changes", async () => {
    const last = await makeUser({ globalRole: "ADMIN" });
    await withOnlyAdmin(last.id, async (tx) => {
      await expect(setGlobalRole(ADMIN, { userId: last.id, role: "OPS" }, system, tx)).rejects.toMatchObject({
        code: "CONFLICT",
        userMessage: expect.stringContaining("last active administrator"),
        fieldErrors: { role: expect.any(Array) },
      });
      await expect(setGlobalRole(ADMIN, { userId: last.id, role: "" }, system, tx)).rejects.toMatchObject({ code: "CONFLICT" });
      await expect(setUserActive(ADMIN, { userId: last.id, active: false }, system, tx)).rejects.toMatchObject({
        code: "CONFLICT",
        userMessage: expect.stringContaining("last active administrator"),
      });
      // the last admin acting on themselves hears about being the last one
      await expect(setGlobalRole(ADMIN, { userId: last.id, role: "OPS" }, as(last), tx)).rejects.toMatchObject({ userMessage: expect.stringContaining("last active administrator") });
      const row = await tx.user.findUniqueOrThrow({ where: { id: last.id } });
      expect(row).toMatchObject({ globalRole: "ADMIN", deactivatedAt: null });
      expect(await tx.auditLog.count({ where: { targetId: last.id } })).toBe(0);
    });
  });

  it("can be demoted once another admin exists; a deactivated admin does not count", async () => {
    const first = await makeUser({ globalRole: "ADMIN" });
    const second = await makeUser({ globalRole: "ADMIN" });
    await withOnlyAdmin(first.id, async (tx) => {
      await tx.user.update({ where: { id: second.id }, data: { deactivatedAt: null } });
      await setGlobalRole(ADMIN, { userId: second.id, role: "ADMIN" }, system, tx); // no change
      await setGlobalRole(ADMIN, { userId: first.id, role: "OPS" }, as(second), tx);
      expect((await tx.user.findUniqueOrThrow({ where: { id: first.id } })).globalRole).toBe("OPS");
      // now `second` is the last one
      await tx.user.update({ where: { id: first.id }, data: { globalRole: "ADMIN", deactivatedAt: new Date() } });
      await expect(setUserActive(ADMIN, { userId: second.id, active: false }, system, tx)).rejects.toMatchObject({ code: "CONFLICT" });
    });
  });
});

describe("acting on yourself", () => {
  it("you cannot demote or deactivate yourself", async () => {
    const me = await makeUser({ globalRole: "ADMIN" });
    await makeUser({ globalRole: "ADMIN" }); // so that "last admin" does not apply
    await expect(setGlobalRole(ADMIN, { userId: me.id, role: "OPS" }, as(me))).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("your own") });
    await expect(setUserActive(ADMIN, { userId: me.id, active: false }, as(me))).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringContaining("yourself") });
    expect(await db.user.findUniqueOrThrow({ where: { id: me.id } })).toMatchObject({ globalRole: "ADMIN", deactivatedAt: null });
  });
});

describe("setGlobalRole / setUserActive", () => {
  it("changes roles with one audit row (before/after) and needs a global scope", async () => {
    const user = await makeUser();
    await setGlobalRole(ADMIN, { userId: user.id, role: "OPS" }, system);
    const audit = await db.auditLog.findMany({ where: { targetId: user.id, action: "user.set_role" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ role: null });
    expect(audit[0]!.after).toMatchObject({ role: "OPS" });
    await expect(setGlobalRole({ kind: "orgs", organisationIds: [] }, { userId: user.id, role: "ADMIN" }, system)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setGlobalRole(ADMIN, { userId: user.id, role: "AGENT" }, system)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(setGlobalRole(ADMIN, { userId: "no-such-user", role: "OPS" }, system)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("deactivation moves sessionsValidFrom and closes open links; reactivation does not revive old sessions", async () => {
    const user = await makeUser();
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionsValidFrom;
    const link = await createPasswordResetLink(ADMIN, { userId: user.id }, system);
    await new Promise((r) => setTimeout(r, 5));
    await setUserActive(ADMIN, { userId: user.id, active: false }, system);
    const off = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(off.deactivatedAt).not.toBeNull();
    expect(off.sessionsValidFrom.getTime()).toBeGreaterThan(before.getTime());
    expect((await db.authToken.findUniqueOrThrow({ where: { hash: hashToken(link.token) } })).usedAt).not.toBeNull();
    await expect(createPasswordResetLink(ADMIN, { userId: user.id }, system)).rejects.toMatchObject({ code: "CONFLICT" });

    await setUserActive(ADMIN, { userId: user.id, active: true }, system);
    const on = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(on.deactivatedAt).toBeNull();
    expect(on.sessionsValidFrom.getTime()).toBe(off.sessionsValidFrom.getTime());
    expect(await db.auditLog.count({ where: { targetId: user.id, action: { in: ["user.deactivate", "user.reactivate"] } } })).toBe(2);
  });
});

describe("createUser from the admin page", () => {
  it("applies the password rules and refuses duplicate emails (any case)", async () => {
    const email = `${unique("dup")}@example.test`;
    await createUser({ email, password: "a sound passphrase", role: "OPS" }, system);
    await expect(createUser({ email: email.toUpperCase(), password: "a sound passphrase" }, system)).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { email: expect.any(Array) } });
    await expect(createUser({ email: `${unique()}@example.test`, password: "password123" }, system)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { password: ["That password is too common."] } });
  });
});
