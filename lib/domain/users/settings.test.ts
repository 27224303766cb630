/** Personal settings: password change and profile name (notification choices live in lib/notifications). */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/crypto/passwords";
import { makeUser } from "@/lib/testing/factories";
import { changeOwnPassword, updateProfileName } from "./commands";

const me = (u: { id: string; email: string }) => ({ type: "user" as const, id: u.id, email: u.email });

describe("changeOwnPassword", () => {
  it("needs the current password, applies the rules, and ends older sessions", async () => {
    const user = await makeUser();
    await expect(changeOwnPassword(user.id, { currentPassword: "wrong one!!", newPassword: "a new passphrase", confirmPassword: "a new passphrase" }, me(user))).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { currentPassword: expect.any(Array) },
    });
    await expect(changeOwnPassword(user.id, { currentPassword: user.password, newPassword: "short", confirmPassword: "short" }, me(user))).rejects.toMatchObject({
      fieldErrors: { newPassword: expect.any(Array) },
    });
    await expect(changeOwnPassword(user.id, { currentPassword: user.password, newPassword: "a new passphrase", confirmPassword: "a typo passphrase" }, me(user))).rejects.toMatchObject({
      fieldErrors: { confirmPassword: expect.any(Array) },
    });
    const unchanged = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(user.password, unchanged.passwordHash)).toBe(true);

    const at = new Date(Date.now() + 2000);
    await changeOwnPassword(user.id, { currentPassword: user.password, newPassword: "a new passphrase", confirmPassword: "a new passphrase" }, me(user), undefined, at);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("a new passphrase", row.passwordHash)).toBe(true);
    expect(row.sessionsValidFrom.getTime()).toBe(at.getTime());
    expect(await db.auditLog.count({ where: { targetId: user.id, action: "user.change_password" } })).toBe(1);
  });
});

describe("updateProfileName", () => {
  it("sets and clears the name with an audit row", async () => {
    const user = await makeUser({ name: "Old Name" });
    await updateProfileName(user.id, { name: "  New Name " }, me(user));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("New Name");
    await updateProfileName(user.id, { name: "" }, me(user));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBeNull();
    await expect(updateProfileName(user.id, { name: "x".repeat(121) }, me(user))).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
