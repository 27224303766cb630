import { describe, expect, it } from "vitest";
import { scopedOrganisationWhere, scopedOwnedWhere, scopedSql, scopedWhere, scopeIncludes, type AccessScope } from "./scope";

describe("scopedWhere", () => {
  it("restricts members to their organisations", () => {
    expect(scopedWhere({ kind: "orgs", organisationIds: ["a", "b"] })).toEqual({ organisationId: { in: ["a", "b"] } });
  });
  it("hides unassigned rows unless the scope includes them", () => {
    expect(scopedWhere({ kind: "all", includeUnassigned: false })).toEqual({ organisationId: { not: null } });
    expect(scopedWhere({ kind: "all", includeUnassigned: true })).toEqual({});
  });
  it("fails closed on an empty or malformed scope", () => {
    expect(scopedWhere({ kind: "orgs", organisationIds: [] })).toEqual({ organisationId: { in: [] } });
    for (const bad of [undefined, null, {}, { kind: "everything" }, { kind: "orgs" }]) {
      expect(scopedWhere(bad as unknown as AccessScope)).toEqual({ organisationId: { in: [] } });
      expect(scopedOrganisationWhere(bad as unknown as AccessScope)).toEqual({ id: { in: [] } });
      expect(scopedOwnedWhere(bad as unknown as AccessScope)).toEqual({ organisationId: { in: [] } });
      expect(scopedSql(bad as unknown as AccessScope, "o", 1).clause).toBe("FALSE");
    }
  });
  it("has an SQL form with parameters", () => {
    expect(scopedSql({ kind: "orgs", organisationIds: ["a", "b"] }, '"organisationId"', 3)).toEqual({ clause: '"organisationId" = ANY($3::text[])', params: [["a", "b"]] });
    // one organisation: plain equality, so an (organisationId, …) index is walked in order
    expect(scopedSql({ kind: "orgs", organisationIds: ["a"] }, '"organisationId"', 3)).toEqual({ clause: '"organisationId" = $3::text', params: ["a"] });
    expect(scopedSql({ kind: "all", includeUnassigned: false }, "x", 1)).toEqual({ clause: "x IS NOT NULL", params: [] });
  });
  it("scopeIncludes agrees with the filters", () => {
    expect(scopeIncludes({ kind: "orgs", organisationIds: ["a"] }, "a")).toBe(true);
    expect(scopeIncludes({ kind: "orgs", organisationIds: ["a"] }, null)).toBe(false);
    expect(scopeIncludes({ kind: "all", includeUnassigned: false }, null)).toBe(false);
    expect(scopeIncludes({ kind: "all", includeUnassigned: true }, null)).toBe(true);
  });
});
