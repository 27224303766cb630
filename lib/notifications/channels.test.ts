import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { makeOrganisation } from "@/lib/testing/factories";
import { channelTarget, createChannel, deleteChannel, listOrganisationChannels, maskWebhookUrl, webhookUrlProblem, type CreateChannelInput } from "./channels";

const all = { kind: "all" as const, includeUnassigned: true };
const actor = { type: "user" as const, id: "u-test", email: "admin@example.test" };
const hook = (tail: string) => `https://hooks.slack.example/services/T000/B000/${tail}`;

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("webhook URL rules", () => {
  it("https only; plain http only to this machine; no credentials in the URL", () => {
    expect(webhookUrlProblem("https://hooks.slack.com/services/T/B/x")).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:4010/slack")).toBeNull();
    expect(webhookUrlProblem("http://localhost/teams")).toBeNull();
    expect(webhookUrlProblem("http://hooks.slack.com/services/x")).toMatch(/https/);
    expect(webhookUrlProblem("http://10.0.0.5/hook")).toMatch(/https/);
    expect(webhookUrlProblem("ftp://example.com/x")).toMatch(/https/);
    expect(webhookUrlProblem("https://user:pw@example.com/x")).toMatch(/user name or password/);
    expect(webhookUrlProblem("hooks.slack.com/x")).toMatch(/full webhook URL/);
    expect(maskWebhookUrl("https://hooks.slack.com/services/T/B/abcdWXYZ")).toBe("https://hooks.slack.com/…WXYZ");
  });
});

describe("organisation channels", () => {
  it("store webhook URLs encrypted, show them masked, and audit create and delete", async () => {
    const org = await makeOrganisation();
    const url = hook("secretTokenQ9z1");
    const created = await createChannel(all, { organisationId: org.id, kind: "SLACK", target: url, label: "#disputes", events: ["alert.action_required", "alert.deadline"], mode: "IMMEDIATE" }, actor);
    expect(created).toMatchObject({ kind: "SLACK", label: "#disputes", target: "https://hooks.slack.example/…Q9z1", mode: "IMMEDIATE", events: ["alert.action_required", "alert.deadline"] });

    const row = await db.notificationChannel.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.target).toMatch(/^v1:/);
    expect(row.target).not.toContain("secretToken");
    expect(channelTarget(row)).toBe(url);
    // bound to its row: the ciphertext copied to another channel does not decrypt
    expect(() => channelTarget({ ...row, id: "another" })).toThrow();

    const listed = await listOrganisationChannels(all, org.id);
    expect(listed?.channels.map((c) => c.target)).toEqual(["https://hooks.slack.example/…Q9z1"]);
    expect(JSON.stringify(listed)).not.toContain("secretToken");

    const email = await createChannel(all, { organisationId: org.id, kind: "EMAIL", target: "Disputes@Example.test", events: ["outcome.failed"], mode: "DIGEST" }, actor);
    expect(email.target).toBe("disputes@example.test");

    await deleteChannel(all, { organisationId: org.id, channelId: created.id }, actor);
    expect((await listOrganisationChannels(all, org.id))?.channels.map((c) => c.id)).toEqual([email.id]);
    const audit = await db.auditLog.findMany({ where: { targetId: created.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["notification_channel.create", "notification_channel.delete"]);
    expect(JSON.stringify(audit)).not.toContain("secretToken");
    expect(audit[0]).toMatchObject({ actorId: "u-test", organisationId: org.id });
  });

  it("refuse bad input with field errors", async () => {
    const org = await makeOrganisation();
    const base: CreateChannelInput = { organisationId: org.id, kind: "SLACK", target: hook("x1"), events: ["alert.deadline"], mode: "IMMEDIATE" };
    expect((await failure(createChannel(all, { ...base, target: "http://hooks.slack.example/x" }, actor))).fieldErrors?.target?.[0]).toMatch(/https/);
    expect((await failure(createChannel(all, { ...base, kind: "EMAIL", target: "not-an-address" }, actor))).fieldErrors?.target).toEqual(["Enter a valid email address."]);
    expect((await failure(createChannel(all, { ...base, events: [] }, actor))).fieldErrors?.events).toEqual(["Choose at least one event."]);
    expect((await failure(createChannel(all, { ...base, events: ["alert.deadline", "bogus"] }, actor))).fieldErrors?.["events.1"]).toBeDefined();
    expect(await db.notificationChannel.count({ where: { organisationId: org.id } })).toBe(0);
  });

  it("are scoped: another organisation's channels can be neither read, added nor removed", async () => {
    const a = await makeOrganisation();
    const b = await makeOrganisation();
    const inB = await createChannel(all, { organisationId: b.id, kind: "TEAMS", target: "https://teams.example/hook/abcd", events: ["alert.deadline"], mode: "IMMEDIATE" }, actor);
    const onlyA = { kind: "orgs" as const, organisationIds: [a.id] };
    expect(await listOrganisationChannels(onlyA, b.id)).toBeNull();
    expect((await failure(createChannel(onlyA, { organisationId: b.id, kind: "EMAIL", target: "x@example.test", events: ["alert.deadline"], mode: "IMMEDIATE" }, actor))).code).toBe("NOT_FOUND");
    expect((await failure(deleteChannel(onlyA, { organisationId: b.id, channelId: inB.id }, actor))).code).toBe("NOT_FOUND");
    // the right organisation id is required too
    expect((await failure(deleteChannel(all, { organisationId: a.id, channelId: inB.id }, actor))).code).toBe("NOT_FOUND");
    expect(await db.notificationChannel.count({ where: { id: inB.id } })).toBe(1);

    await db.organisation.update({ where: { id: a.id }, data: { archivedAt: new Date() } });
    expect((await failure(createChannel(all, { organisationId: a.id, kind: "EMAIL", target: "x@example.test", events: ["alert.deadline"], mode: "IMMEDIATE" }, actor))).code).toBe("CONFLICT");
  });
});
