import { describe, expect, it } from "vitest";
import { can, scopeFor, type Viewer } from "./access";
import { permissions, ROLE_PERMISSIONS } from "./permissions";

const viewer = (overrides: Partial<Viewer> = {}): Viewer => ({
  id: "u1",
  email: "u@example.test",
  name: null,
  globalRole: null,
  timeZone: "UTC",
  memberships: [],
  ...overrides,
});
const member = (organisationId: string, role: "AGENT" | "VIEWER") => ({ organisationId, role, organisationName: organisationId, organisationSlug: organisationId });

describe("permission table (DESIGN.md, Roles and permissions)", () => {
  it("matches the documented matrix", () => {
    const table = Object.fromEntries(permissions.map((p) => [p, (["ADMIN", "OPS", "AGENT", "VIEWER"] as const).filter((r) => ROLE_PERMISSIONS[r].includes(p))]));
    expect(table).toEqual({
      "records.read": ["ADMIN", "OPS", "AGENT", "VIEWER"],
      "outcomes.send": ["ADMIN", "AGENT"],
      "events.read": ["ADMIN", "OPS", "AGENT"],
      "events.replay": ["ADMIN", "OPS"],
      "syncs.run": ["ADMIN", "OPS"],
      "enrolments.request": ["ADMIN", "OPS"],
      "audit.read": ["ADMIN", "OPS", "AGENT"],
      "transactions.manage": ["ADMIN", "AGENT"],
      "admin.manage": ["ADMIN"],
      "unassigned.read": ["ADMIN", "OPS"],
      "unassigned.manage": ["ADMIN"],
      "system.read": ["ADMIN", "OPS"],
    });
  });
});

describe("scopeFor", () => {
  it("gives global roles every organisation, with unassigned rows per the table", () => {
    expect(scopeFor(viewer({ globalRole: "ADMIN" }), "records.read")).toEqual({ kind: "all", includeUnassigned: true });
    expect(scopeFor(viewer({ globalRole: "ADMIN" }), "outcomes.send")).toEqual({ kind: "all", includeUnassigned: true });
    expect(scopeFor(viewer({ globalRole: "OPS" }), "records.read")).toEqual({ kind: "all", includeUnassigned: true });
    // OPS reads unassigned rows but cannot act on anything
    expect(scopeFor(viewer({ globalRole: "OPS" }), "outcomes.send")).toEqual({ kind: "orgs", organisationIds: [] });
  });

  it("limits members to organisations whose role grants the permission", () => {
    const v = viewer({ memberships: [member("a", "AGENT"), member("b", "VIEWER")] });
    expect(scopeFor(v, "records.read")).toEqual({ kind: "orgs", organisationIds: ["a", "b"] });
    expect(scopeFor(v, "outcomes.send")).toEqual({ kind: "orgs", organisationIds: ["a"] });
    expect(scopeFor(v, "events.read")).toEqual({ kind: "orgs", organisationIds: ["a"] });
  });

  it("never lets a membership grant a global-only permission", () => {
    const v = viewer({ memberships: [member("a", "AGENT")] });
    for (const p of ["events.replay", "admin.manage", "unassigned.read", "system.read"] as const) {
      expect(scopeFor(v, p)).toEqual({ kind: "orgs", organisationIds: [] });
    }
  });

  it("gives a user without role or membership nothing", () => {
    for (const p of permissions) expect(scopeFor(viewer(), p)).toEqual({ kind: "orgs", organisationIds: [] });
  });
});

describe("can", () => {
  const agent = viewer({ memberships: [member("a", "AGENT"), member("b", "VIEWER")] });
  it("answers per organisation", () => {
    expect(can(agent, "outcomes.send", "a")).toBe(true);
    expect(can(agent, "outcomes.send", "b")).toBe(false);
    expect(can(agent, "outcomes.send", "c")).toBe(false);
    expect(can(agent, "records.read", "b")).toBe(true);
  });
  it("answers 'anywhere' without an organisation", () => {
    expect(can(agent, "outcomes.send")).toBe(true);
    expect(can(viewer({ memberships: [member("b", "VIEWER")] }), "outcomes.send")).toBe(false);
  });
  it("treats unassigned rows (null organisation) per the table", () => {
    expect(can(viewer({ globalRole: "ADMIN" }), "records.read", null)).toBe(true);
    expect(can(viewer({ globalRole: "OPS" }), "records.read", null)).toBe(true);
    expect(can(viewer({ globalRole: "OPS" }), "outcomes.send", null)).toBe(false);
    expect(can(agent, "records.read", null)).toBe(false);
  });
});
