/**
 * One-time links on real Postgres: only the hash is stored; a link works once, before it expires,
 * for an active user, and only as the kind it was made for; setting a password ends older sessions.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/crypto/passwords";
import { inviteMember } from "@/lib/domain/organisations/commands";
import type { AccessScope } from "@/lib/domain/scope";
import { makeOrganisation, makeUser, unique } from "@/lib/testing/factories";
import { createPasswordResetLink } from "./commands";
import { findSignInCandidate } from "./queries";
import { getAuthTokenState, hashToken, redeemAuthToken } from "./tokens";

const ADMIN: AccessScope = { kind: "all", includeUnassigned: true };
const system = { type: "system" as const };
const PASSWORD = "a brand new passphrase";

async function invite() {
  const org = await makeOrganisation();
  const email = `${unique("invitee")}@example.test`;
  const result = await inviteMember(ADMIN, { organisationId: org.id, email, role: "AGENT", name: "In Vitee" }, system);
  return { org, ...result };
}

describe("invitations", () => {
  it("create a user who cannot sign in yet, a membership, and a 7-day link stored only as a hash", async () => {
    const { org, email, token, path, expiresAt, userId } = await invite();
    expect(path).toBe(`/invite/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    const stored = await db.authToken.findMany({ where: { userId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "INVITE", hash: hashToken(token), usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    const user = await findSignInCandidate(email);
    expect(await verifyPassword("", user!.passwordHash)).toBe(false);
    expect(await db.membership.findFirst({ where: { userId, organisationId: org.id } })).toMatchObject({ role: "AGENT" });
    expect(await db.auditLog.count({ where: { organisationId: org.id, action: "membership.invite" } })).toBe(1);
    expect(await getAuthTokenState(token, "INVITE")).toMatchObject({ valid: true, email });
  });

  it("a link works once: the password is set, sessions before now end, and the second use is refused", async () => {
    const { email, token, userId } = await invite();
    const before = (await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionsValidFrom;
    await new Promise((r) => setTimeout(r, 5));
    await redeemAuthToken("INVITE", { token, password: PASSWORD, confirmPassword: PASSWORD, name: "Ivy" }, { ip: "203.0.113.9" });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);
    expect(user.name).toBe("Ivy");
    expect(user.sessionsValidFrom.getTime()).toBeGreaterThan(before.getTime());
    expect(await getAuthTokenState(token, "INVITE")).toEqual({ valid: false });
    await expect(redeemAuthToken("INVITE", { token, password: "another passphrase", confirmPassword: "another passphrase" })).rejects.toMatchObject({ code: "GONE" });
    expect(await verifyPassword(PASSWORD, (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash)).toBe(true);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: userId, action: "user.invite_accepted" } });
    expect(audit).toMatchObject({ actorEmail: email, ip: "203.0.113.9" });
  });

  it("two submissions at once: exactly one sets the password", async () => {
    const { token, userId } = await invite();
    const results = await Promise.allSettled([
      redeemAuthToken("INVITE", { token, password: "first passphrase!", confirmPassword: "first passphrase!" }),
      redeemAuthToken("INVITE", { token, password: "second passphrase", confirmPassword: "second passphrase" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "GONE" });
    expect(await db.auditLog.count({ where: { targetId: userId, action: "user.invite_accepted" } })).toBe(1);
  });

  it("expired links, wrong kinds, unknown and malformed tokens all look invalid", async () => {
    const { token, userId } = await invite();
    expect(await getAuthTokenState(token, "RESET")).toEqual({ valid: false });
    await expect(redeemAuthToken("RESET", { token, password: PASSWORD, confirmPassword: PASSWORD })).rejects.toMatchObject({ code: "GONE" });
    await db.authToken.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getAuthTokenState(token, "INVITE")).toEqual({ valid: false });
    await expect(redeemAuthToken("INVITE", { token, password: PASSWORD, confirmPassword: PASSWORD })).rejects.toMatchObject({ code: "GONE" });
    expect(await getAuthTokenState("x".repeat(43), "INVITE")).toEqual({ valid: false });
    expect(await getAuthTokenState("../../etc/passwd", "INVITE")).toEqual({ valid: false });
    // the expiry is checked against the clock passed in as well
    const fresh = await invite();
    expect(await getAuthTokenState(fresh.token, "INVITE", db, new Date(Date.now() + 8 * 24 * 3600_000))).toEqual({ valid: false });
  });

  it("weak or mismatched passwords are field errors and leave the link usable", async () => {
    const { email, token } = await invite();
    await expect(redeemAuthToken("INVITE", { token, password: "short", confirmPassword: "short" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { password: expect.any(Array) } });
    const local = email.split("@")[0]!;
    await expect(redeemAuthToken("INVITE", { token, password: `${local}12345`, confirmPassword: `${local}12345` })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(redeemAuthToken("INVITE", { token, password: PASSWORD, confirmPassword: "something else" })).rejects.toMatchObject({ fieldErrors: { confirmPassword: expect.any(Array) } });
    expect(await getAuthTokenState(token, "INVITE")).toMatchObject({ valid: true });
  });

  it("refuses an email that already has a user, and changes nothing", async () => {
    const org = await makeOrganisation();
    const existing = await makeUser();
    await expect(inviteMember(ADMIN, { organisationId: org.id, email: existing.email.toUpperCase(), role: "VIEWER" }, system)).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: expect.any(Array) },
    });
    expect(await db.membership.count({ where: { organisationId: org.id } })).toBe(0);
    expect(await db.authToken.count({ where: { userId: existing.id } })).toBe(0);
  });
});

describe("password reset links", () => {
  it("last an hour, replace earlier ones, and a deactivated user cannot use one", async () => {
    const user = await makeUser();
    const first = await createPasswordResetLink(ADMIN, { userId: user.id }, system);
    expect(first.path).toBe(`/reset-password/${first.token}`);
    expect(first.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(first.expiresAt.getTime() - Date.now()).toBeGreaterThan(3500_000);
    const second = await createPasswordResetLink(ADMIN, { userId: user.id }, system);
    expect(await getAuthTokenState(first.token, "RESET")).toEqual({ valid: false });
    expect(await getAuthTokenState(second.token, "RESET")).toMatchObject({ valid: true, email: user.email });
    expect(await getAuthTokenState(second.token, "RESET", db, new Date(Date.now() + 3601_000))).toEqual({ valid: false });

    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    await expect(redeemAuthToken("RESET", { token: second.token, password: PASSWORD, confirmPassword: PASSWORD })).rejects.toMatchObject({ code: "GONE" });
  });

  it("reset sets the password and sessionsValidFrom", async () => {
    const user = await makeUser();
    const link = await createPasswordResetLink(ADMIN, { userId: user.id }, system);
    const at = new Date(Date.now() + 1000);
    await redeemAuthToken("RESET", { token: link.token, password: PASSWORD, confirmPassword: PASSWORD }, {}, db, at);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.sessionsValidFrom.getTime()).toBe(at.getTime());
    expect(await verifyPassword(PASSWORD, row.passwordHash)).toBe(true);
    expect(await verifyPassword(user.password, row.passwordHash)).toBe(false);
  });
});
