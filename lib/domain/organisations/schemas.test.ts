import { describe, expect, it } from "vitest";
import { createOrganisationSchema, slugify } from "./schemas";

describe("slugify (kebab-case of the name)", () => {
  it.each([
    ["Acme Commerce", "acme-commerce"],
    ["  Globex   Retail, Inc. ", "globex-retail-inc"],
    ["Crème Brûlée & Co", "creme-brulee-and-co"],
    ["ÜBER--Shop__2026", "uber-shop-2026"],
  ])("%s → %s", (name, slug) => expect(slugify(name)).toBe(slug));

  it("rejects names without letters or digits", () => {
    expect(createOrganisationSchema.safeParse({ name: "!!!" }).success).toBe(false);
    expect(createOrganisationSchema.safeParse({ name: "A" }).success).toBe(false);
    expect(createOrganisationSchema.safeParse({ name: "Ab" }).success).toBe(true);
  });
});
