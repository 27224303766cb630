import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKey, revokeApiKey } from "@/lib/domain/api-keys/commands";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import { makeAlert, makeOrganisation, unique } from "@/lib/testing/factories";
import { handleTransactionsPost } from "./api";

const system = { type: "system" as const };

async function keyFor() {
  const org = await makeOrganisation();
  const key = await createApiKey(SYSTEM_SCOPE, { organisationId: org.id, name: "shop" }, system);
  return { org, key };
}

function post(key: string | null, body: unknown) {
  return handleTransactionsPost(
    new Request("http://localhost/api/v1/transactions", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const item = (reference: string, o: Record<string, unknown> = {}) => ({
  merchantReference: reference,
  amount: "49.99",
  currency: "usd",
  authorisedAt: "2026-01-10T08:00:00",
  networkTransactionId: "20260110-123456789012345",
  arn: "74012345678901234567890",
  cardLast4: "1234",
  customer: { customer_id: "c-1", first_name: "Jane", email: "jane@example.com", password: "dropped" },
  products: [{ name: "Mat", sku: "M-1", quantity: "2" }],
  refundStatus: "partial",
  refunds: [{ amount: "10", at: "2026-01-12T00:00:00Z" }],
  ...o,
});

describe("POST /api/v1/transactions", () => {
  it("creates, then updates the same payment on a repeat (idempotent on merchantReference)", async () => {
    const { org, key } = await keyFor();
    const ref = unique("order");
    const first = await post(key.key, { transactions: [item(ref), item(unique("order"), { amount: 12 })] });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { created: number; updated: number; items: { id: string; merchantReference: string }[] };
    expect(body).toMatchObject({ created: 2, updated: 0, items: [{ merchantReference: ref }, {}] });
    const stored = await db.transaction.findUniqueOrThrow({ where: { id: body.items[0]!.id } });
    expect(stored).toMatchObject({
      organisationId: org.id,
      amountMinor: 4999,
      currency: "USD",
      authorisedAt: new Date("2026-01-10T08:00:00Z"),
      networkTransactionId: "123456789012345",
      customer: { customer_id: "c-1", first_name: "Jane", email: "jane@example.com" },
      products: [{ name: "Mat", sku: "M-1", quantity: 2 }],
      refundStatus: "PARTIAL",
      refunds: [{ amountMinor: 1000, currency: "USD", at: "2026-01-12T00:00:00.000Z" }],
      source: "api",
    });
    const again = await post(key.key, { transactions: [item(ref, { amount: "50.00", descriptor: "SHOP" })] });
    expect(await again.json()).toEqual({ created: 0, updated: 1, items: [{ id: body.items[0]!.id, merchantReference: ref }] });
    expect(await db.transaction.findUniqueOrThrow({ where: { id: body.items[0]!.id } })).toMatchObject({ amountMinor: 5000, descriptor: "SHOP", cardLast4: "1234" });
    expect(await db.transaction.count({ where: { organisationId: org.id } })).toBe(2);
  });

  it("rejects the whole batch with per-item issues when one item is invalid", async () => {
    const { org, key } = await keyFor();
    const response = await post(key.key, { transactions: [item(unique("ok")), item("", { amount: "1,00", authorisedAt: "yesterday" })] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string }; items: { index: number; issues: { path: string }[] }[] };
    expect(body.error.code).toBe("VALIDATION");
    expect(body.items).toHaveLength(1);
    expect(body.items[0]!.index).toBe(1);
    expect(body.items[0]!.issues.map((i) => i.path).sort()).toEqual(["amount", "authorisedAt", "merchantReference"]);
    expect(await db.transaction.count({ where: { organisationId: org.id } })).toBe(0);
  });

  it("401 without, with an unknown or a revoked key; 413 beyond 100 items; 400 for bad JSON", async () => {
    const { key } = await keyFor();
    expect((await post(null, { transactions: [item("x")] })).status).toBe(401);
    expect((await post("rk_live_" + "A".repeat(32), { transactions: [item("x")] })).status).toBe(401);
    expect((await post(key.key, { transactions: Array.from({ length: 101 }, (_, i) => item(`r${i}`)) })).status).toBe(413);
    expect((await post(key.key, "{not json")).status).toBe(400);
    expect((await post(key.key, { transactions: [] })).status).toBe(400);
    await revokeApiKey(SYSTEM_SCOPE, key.id, system);
    expect((await post(key.key, { transactions: [item("x")] })).status).toBe(401);
  });

  it("a key of organisation A only ever writes into A, and matches A's alerts", async () => {
    const a = await keyFor();
    const b = await keyFor();
    const ref = unique("shared");
    await post(b.key.key, { transactions: [item(ref, { amount: "1.00" })] });
    const alert = await makeAlert(a.org.id, { arn: "74012345678901234567890", cardLast4: "1234", amountMinor: 4999, currency: "USD", authorisedAt: new Date("2026-01-10T08:00:00Z") });
    const response = await post(a.key.key, { transactions: [item(ref)] });
    expect(await response.json()).toMatchObject({ created: 1, updated: 0 });
    const [inA, inB] = await Promise.all([
      db.transaction.findUniqueOrThrow({ where: { organisationId_merchantReference: { organisationId: a.org.id, merchantReference: ref } } }),
      db.transaction.findUniqueOrThrow({ where: { organisationId_merchantReference: { organisationId: b.org.id, merchantReference: ref } } }),
    ]);
    expect(inA.amountMinor).toBe(4999);
    expect(inB.amountMinor).toBe(100);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ transactionId: inA.id, matchRule: "ARN_CARD" });
  });
});
