import { describe, expect, it } from "vitest";
import { chargebackhit } from "@/lib/providers/chargebackhit";
import { api, createChargebackhitApi, midObjects } from "@/lib/providers/chargebackhit/api";
import { enrolmentInputsFromImport, enrolmentStatusOf, serviceOfProduct } from "@/lib/providers/chargebackhit/api-map";
import { createChargebackhitFakeApi, type ChargebackhitFakeApi } from "@/lib/providers/chargebackhit/fake-api";
import { sign } from "@/lib/providers/chargebackhit/signature";
import { fraudNotification, initRefund, inquiry, resolved } from "@/lib/providers/chargebackhit/simulator";
import type { AlertInput, EnrolmentInput, EnrolmentRequestInput, ProviderApiContext } from "@/lib/providers/types";

const PK = "pk_test_api";
const SK = "sk_test_api";
const NOW = new Date("2026-03-01T12:00:00.000Z");
const DAY = 86_400_000;

function setup() {
  let clock = NOW;
  const fake = createChargebackhitFakeApi({ now: () => clock, accounts: [{ publicKey: PK, secretKey: SK }] });
  const context: ProviderApiContext = {
    connection: { id: "conn_1", provider: "chargebackhit", organisationId: "org_1", apiBaseUrl: "", mode: "TEST", publicKey: PK, clientId: null, redirectUri: null },
    secrets: { get: async (name) => (name === "secret_key" ? SK : null) },
    fetch: fake.fetch,
    now: () => clock,
    log: () => undefined,
  };
  return { fake, context, setClock: (d: Date) => (clock = d) };
}

type Merchant = EnrolmentRequestInput["merchants"][number];
const merchant = (patch: Partial<Merchant> = {}): Merchant => ({
  providerMerchantId: null,
  descriptor: "MYSTORE*PURCHASE",
  mid: "mid_QWE12345",
  caid: "123456789012",
  acquirerBin: "400552",
  mcc: "5732",
  name: "My Store",
  ...patch,
});

describe("definition", () => {
  it("is wired into the provider with the five services", () => {
    expect(chargebackhit.api).toBe(api);
    expect(chargebackhit.outcomes).toBeDefined();
    expect(api.enrolmentServices).toEqual(["ETHOCA", "RDR", "CDRN", "ORDER_INSIGHT", "CONSUMER_CLARITY"]);
  });
});

describe("midObjects", () => {
  it("maps services to products; CAID and BIN only for Visa products", () => {
    const ethoca = midObjects({ service: "ETHOCA", merchants: [merchant()] });
    expect(ethoca).toEqual({
      ok: true,
      mids: [{ descriptor: "MYSTORE*PURCHASE", required_products: ["ethoca"], merchant_internal_id: "mid_QWE12345", mcc: "5732", description: "My Store" }],
    });
    const rdr = midObjects({ service: "RDR", merchants: [merchant()] });
    expect(rdr.ok && rdr.mids[0]).toMatchObject({ required_products: ["rdr"], card_acceptor_id: "123456789012", acquirer_bin: "400552" });
    for (const [service, product] of [
      ["CDRN", "cdrn"],
      ["ORDER_INSIGHT", "oi"],
      ["CONSUMER_CLARITY", "consumer-clarity"],
    ] as const) {
      const built = midObjects({ service, merchants: [merchant()] });
      expect(built.ok && built.mids[0]!.required_products).toEqual([product]);
    }
  });

  it("refuses clearly: RDR without CAID/BIN, no descriptor, a bad BIN, OTHER, no merchants", () => {
    expect(midObjects({ service: "RDR", merchants: [merchant({ caid: null })] })).toEqual({
      ok: false,
      message: "RDR needs the card acceptor id (CAID) and the acquirer's Visa BIN of My Store.",
    });
    expect(midObjects({ service: "RDR", merchants: [merchant({ acquirerBin: " " })] }).ok).toBe(false);
    expect(midObjects({ service: "ETHOCA", merchants: [merchant({ descriptor: "" })] })).toEqual({ ok: false, message: "Chargebackhit needs the payment descriptor of My Store." });
    expect(midObjects({ service: "CDRN", merchants: [merchant({ acquirerBin: "40055" })] })).toEqual({ ok: false, message: "The acquirer BIN of My Store must be 6 digits." });
    expect(midObjects({ service: "OTHER", merchants: [merchant()] }).ok).toBe(false);
    expect(midObjects({ service: "ETHOCA", merchants: [] }).ok).toBe(false);
  });
});

describe("requestEnrolment", () => {
  it("creates import records and answers one REQUESTED enrolment per MID", async () => {
    const { fake, context } = setup();
    const result = await api.requestEnrolment!(context, { service: "ETHOCA", merchants: [merchant(), merchant({ mid: "mid_2", descriptor: "OTHER*SHOP", providerMerchantId: "m-uuid" })] });
    expect(result.kind).toBe("succeeded");
    if (result.kind !== "succeeded") return;
    const inputs = result.inputs as EnrolmentInput[];
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      entity: "enrolment",
      fields: { service: "ETHOCA", providerType: "ethoca", status: "REQUESTED", providerStatus: "new", note: null },
      statusChangedAt: NOW,
      providerMerchantIds: [],
    });
    expect(inputs[1]!.providerMerchantIds).toEqual(["m-uuid"]);
    expect(fake.getImport(inputs[0]!.externalId)).toMatchObject({ descriptor: "MYSTORE*PURCHASE", merchant_internal_id: "mid_QWE12345", required_products: ["ethoca"] });
    const call = fake.calls()[0]!;
    expect(call).toMatchObject({ method: "POST", path: "/api/v2/import/mids/batch-create", status: 200 });
  });

  it("RDR without CAID is refused before any call", async () => {
    const { fake, context } = setup();
    const result = await api.requestEnrolment!(context, { service: "RDR", merchants: [merchant({ caid: null })] });
    expect(result).toMatchObject({ kind: "rejected", status: 0 });
    expect(fake.calls()).toHaveLength(0);
  });

  it("a provider 4xx → rejected; a 5xx → retry (sent once)", async () => {
    const { fake, context } = setup();
    fake.failNext({ status: 400 });
    expect(await api.requestEnrolment!(context, { service: "CDRN", merchants: [merchant()] })).toMatchObject({ kind: "rejected", status: 400 });
    fake.failNext({ status: 502 });
    const tuned = createChargebackhitApi({ sleep: async () => undefined });
    expect((await tuned.requestEnrolment!(context, { service: "CDRN", merchants: [merchant()] })).kind).toBe("retry");
    expect(fake.calls()).toHaveLength(2);
  });
});

describe("fake MID batch validations", () => {
  async function post(fake: ChargebackhitFakeApi, body: unknown) {
    const raw = JSON.stringify(body);
    const response = await fake.fetch("https://x/api/v2/import/mids/batch-create", {
      method: "POST",
      headers: { "content-type": "application/json", public_key: PK, signature: sign(raw, PK, SK) },
      body: raw,
    });
    return { status: response.status, json: (await response.json()) as { error?: { code: string; constraints?: Record<string, string> }; data?: unknown[] } };
  }

  it("refuses a non-array, a missing descriptor, unknown products, RDR without CAID/BIN, a bad BIN", async () => {
    const { fake } = setup();
    expect((await post(fake, { descriptor: "D", required_products: ["ethoca"] })).status).toBe(422);
    const answer = await post(fake, [
      { required_products: ["ethoca"] },
      { descriptor: "D", required_products: ["nope"] },
      { descriptor: "D", required_products: ["rdr"] },
      { descriptor: "D", required_products: ["cdrn"], acquirer_bin: "12" },
      { descriptor: "D", required_products: ["paypal"] },
    ]);
    expect(answer.status).toBe(422);
    expect(answer.json.error?.code).toBe("validation_error");
    expect(Object.keys(answer.json.error!.constraints!).sort()).toEqual(
      ["[0].descriptor", "[1].required_products", "[2].acquirer_bin", "[2].card_acceptor_id", "[3].acquirer_bin", "[4].paypal_merchant_id"].sort(),
    );
    expect(fake.state.accounts.get(PK)!.imports.size).toBe(0);
  });

  it("accepts RDR with 3 Visa ARNs instead of CAID + BIN", async () => {
    const { fake } = setup();
    const arn = "74000000000000000000001";
    const answer = await post(fake, [{ descriptor: "D", required_products: ["rdr"], arns: [arn, arn, arn] }]);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject([{ status: "new", products: [{ product: "rdr", status: "new" }] }]);
  });
});

describe("sync", () => {
  it("maps import records (statuses advanced by the control call) and alerts since `since`", async () => {
    const { fake, context, setClock } = setup();
    const created = await api.requestEnrolment!(context, { service: "RDR", merchants: [merchant(), merchant({ mid: "m2" }), merchant({ mid: "m3" })] });
    if (created.kind !== "succeeded") throw new Error("not created");
    const [a, b] = created.inputs.map((i) => i.externalId);
    setClock(new Date(NOW.getTime() + 3600_000));
    fake.setImportStatus(a!, { status: "success" });
    fake.setImportStatus(b!, { status: "error", importMessage: "CAID unknown to the acquirer" });

    // an old alert (40 days ago) and recent ones of several types
    fake.putAlerts(PK, [initRefund({ alertId: "00000000-0000-4000-8000-00000000000a" })], { createdAt: new Date(NOW.getTime() - 40 * DAY) });
    fake.putAlerts(PK, [initRefund(), resolved(), inquiry(), fraudNotification()], { createdAt: new Date(NOW.getTime() - DAY) });
    fake.putAlerts(PK, [{ alert: { id: "x-unknown", type: "brand-new-type" } }]);

    const result = await api.sync!(context, { since: null });
    const enrolments = result.inputs.filter((i): i is EnrolmentInput => i.entity === "enrolment");
    expect(enrolments.map((e) => [e.externalId, e.fields.status, e.fields.providerStatus, e.fields.note])).toEqual([
      [a, "ENABLED", "success", null],
      [b, "FAILED", "error", "CAID unknown to the acquirer"],
      [created.inputs[2]!.externalId, "REQUESTED", "new", null],
    ]);
    expect(enrolments[0]!.statusChangedAt).toEqual(new Date("2026-03-01T13:00:00Z"));
    expect(enrolments[0]!.fields).toMatchObject({ service: "RDR", providerType: "rdr" });
    const entities = result.inputs.filter((i) => i.entity !== "enrolment").map((i) => i.entity);
    expect(entities.sort()).toEqual(["alert", "alert", "lookup", "schemeNotice"]);
    expect(result.inputs.some((i) => i.externalId === "00000000-0000-4000-8000-00000000000a")).toBe(false);
    expect(result.pages).toBe(2);
    expect(result.note).toBeUndefined();
    const listCall = fake.calls().find((c) => c.path === "/api/v2/alerts/list");
    expect(listCall?.status).toBe(200);

    // an explicit `since` reaches back further
    const all = await api.sync!(context, { since: new Date(NOW.getTime() - 60 * DAY) });
    expect(all.inputs.filter((i): i is AlertInput => i.entity === "alert").map((i) => i.externalId)).toContain("00000000-0000-4000-8000-00000000000a");
  });

  it("walks offset pages of imports and token pages of alerts", async () => {
    const { fake, context } = setup();
    for (let i = 0; i < 3; i++) {
      await api.requestEnrolment!(context, { service: "ETHOCA", merchants: Array.from({ length: 50 }, (_, n) => merchant({ mid: `m${i}-${n}` })) });
    }
    fake.putAlerts(PK, Array.from({ length: 150 }, () => initRefund()));
    const result = await api.sync!(context, { since: null });
    expect(result.inputs.filter((i) => i.entity === "enrolment")).toHaveLength(150);
    expect(result.inputs.filter((i) => i.entity === "alert")).toHaveLength(150);
    expect(result.pages).toBe(4);
  });

  it("throws when the API fails", async () => {
    const { fake, context } = setup();
    fake.failNext({ status: 401 });
    await expect(api.sync!(context, { since: null })).rejects.toMatchObject({ name: "ChargebackhitApiError", status: 401 });
  });
});

describe("import record mapping", () => {
  it("several products → one input each, product status first", () => {
    const inputs = enrolmentInputsFromImport(
      {
        id: "imp-1",
        status: "accepted",
        merchant_id: "m-1",
        products: [
          { product: "ethoca", status: "success" },
          { product: "rdr", status: "error", failure_reason: "no CAID" },
        ],
        required_products: ["ethoca", "rdr", "oi"],
        updated_at: "2026-02-01T00:00:00Z",
      },
      { now: NOW },
    );
    expect(inputs.map((i) => [i.externalId, i.fields.service, i.fields.status, i.fields.note, i.providerMerchantIds])).toEqual([
      ["imp-1:ethoca", "ETHOCA", "ENABLED", null, ["m-1"]],
      ["imp-1:rdr", "RDR", "FAILED", "no CAID", ["m-1"]],
      ["imp-1:oi", "ORDER_INSIGHT", "IN_PROGRESS", null, ["m-1"]],
    ]);
    expect(inputs[0]!.statusChangedAt).toEqual(new Date("2026-02-01T00:00:00Z"));
    expect(enrolmentInputsFromImport({ status: "new" }, { now: NOW })).toEqual([]);
    expect(enrolmentInputsFromImport("nope", { now: NOW })).toEqual([]);
  });

  it("vocabularies", () => {
    expect(["new", "accepted", "success", "error", "rejected", "whatever"].map(enrolmentStatusOf)).toEqual(["REQUESTED", "IN_PROGRESS", "ENABLED", "FAILED", "FAILED", "IN_PROGRESS"]);
    expect(["ethoca", "rdr", "cdrn", "oi", "consumer-clarity", "paypal"].map(serviceOfProduct)).toEqual(["ETHOCA", "RDR", "CDRN", "ORDER_INSIGHT", "CONSUMER_CLARITY", "OTHER"]);
  });
});
