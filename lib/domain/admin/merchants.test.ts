import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { AccessScope } from "@/lib/domain/scope";
import { makeMerchant, makeOrganisation, unique } from "@/lib/testing/factories";
import { addMerchantProviderId, createMerchant, listOrganisationMerchants, removeMerchantProviderId, updateMerchant } from "./merchants";
import { narrowToOrganisation } from "./scope";

const ADMIN: AccessScope = { kind: "all", includeUnassigned: true };
const actor = { type: "system" as const };

describe("merchants", () => {
  it("creates with validated fields and refuses a duplicate name in the organisation", async () => {
    const org = await makeOrganisation();
    const m = await createMerchant(ADMIN, { organisationId: org.id, name: "Shop One", descriptor: "SHOP*ONE", mid: "123456789", caid: "CA-1", acquirerBin: "411111", mcc: "5999" }, actor);
    expect(m).toMatchObject({ name: "Shop One", mcc: "5999", placeholder: false });
    await expect(createMerchant(ADMIN, { organisationId: org.id, name: "shop one" }, actor)).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { name: expect.any(Array) } });
    await expect(createMerchant(ADMIN, { organisationId: org.id, name: "Shop Two", mcc: "59", acquirerBin: "12ab" }, actor)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { mcc: expect.any(Array), acquirerBin: expect.any(Array) },
    });
    expect(await db.auditLog.count({ where: { targetId: m.id, action: "merchant.create" } })).toBe(1);
  });

  it("lists placeholders first; naming one clears the flag; empty fields clear values", async () => {
    const org = await makeOrganisation();
    await createMerchant(ADMIN, { organisationId: org.id, name: "Aardvark Store", mid: "1111" }, actor);
    const placeholder = await db.merchant.create({ data: { organisationId: org.id, name: "mrch_unknown", placeholder: true } });
    const list = await listOrganisationMerchants(ADMIN, org.id);
    expect(list.map((m) => m.id)[0]).toBe(placeholder.id);

    const named = await updateMerchant(ADMIN, { organisationId: org.id, merchantId: placeholder.id, name: "Zebra Shop", mid: "", descriptor: "ZEBRA" }, actor);
    expect(named).toMatchObject({ name: "Zebra Shop", placeholder: false, mid: null, descriptor: "ZEBRA" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: placeholder.id, action: "merchant.update" } });
    expect(audit.before).toMatchObject({ name: "mrch_unknown", placeholder: true });
  });

  it("a merchant of another organisation is not found through this one (ids in forms)", async () => {
    const [a, b] = [await makeOrganisation(), await makeOrganisation()];
    const inB = await makeMerchant(b.id);
    await expect(updateMerchant(narrowToOrganisation(ADMIN, a.id), { organisationId: a.id, merchantId: inB.id, name: "Hijack" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateMerchant(ADMIN, { organisationId: a.id, merchantId: inB.id, name: "Hijack" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createMerchant({ kind: "orgs", organisationIds: [b.id] }, { organisationId: a.id, name: "Nope" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.merchant.findUniqueOrThrow({ where: { id: inB.id } })).name).toBe(inB.name);
  });

  it("provider ids are unique per provider, with a clear error naming the owner", async () => {
    const org = await makeOrganisation();
    const one = await makeMerchant(org.id, { name: `One ${unique()}` });
    const two = await makeMerchant(org.id, { name: `Two ${unique()}` });
    const externalId = unique("mrch");
    const row = await addMerchantProviderId(ADMIN, { organisationId: org.id, merchantId: one.id, provider: "chargebackstop", externalId }, actor);
    const error = await addMerchantProviderId(ADMIN, { organisationId: org.id, merchantId: two.id, provider: "chargebackstop", externalId }, actor).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", fieldErrors: { externalId: [expect.stringContaining(one.name)] } });
    // the same external id at another provider is fine
    await addMerchantProviderId(ADMIN, { organisationId: org.id, merchantId: two.id, provider: "chargebackhit", externalId }, actor);
    await expect(addMerchantProviderId(ADMIN, { organisationId: org.id, merchantId: two.id, provider: "nope", externalId: "x" }, actor)).rejects.toMatchObject({ code: "VALIDATION" });

    await expect(removeMerchantProviderId(ADMIN, { organisationId: org.id, merchantId: two.id, providerIdId: row.id }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await removeMerchantProviderId(ADMIN, { organisationId: org.id, merchantId: one.id, providerIdId: row.id }, actor);
    expect(await db.merchantProviderId.count({ where: { id: row.id } })).toBe(0);
  });
});
