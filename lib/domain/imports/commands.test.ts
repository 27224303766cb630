import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeAlert, makeOrganisation, makeUser } from "@/lib/testing/factories";
import { appendImportChunk, createImportDraft, IMPORT_TASK, processImport, startImport, UPLOAD_CHUNK_BYTES } from "./commands";
import { getImportById, getImportPreview } from "./queries";

const HEADER = "Order ID,Amount,Currency,Authorised,ARN,Last 4,Auth code,Descriptor\n";
const MAPPING = { merchantReference: "Order ID", amount: "Amount", currency: "Currency", authorisedAt: "Authorised", arn: "ARN", cardLast4: "Last 4", authCode: "Auth code", descriptor: "Descriptor" };

function csvRows(prefix: string, count: number, bad: (i: number) => boolean = () => false) {
  let out = HEADER;
  for (let i = 0; i < count; i++) {
    const amount = bad(i) ? '"12,50"' : `${(i % 500) + 1}.${String(i % 100).padStart(2, "0")}`;
    out += `${prefix}-${i},${amount},USD,2026-01-${String((i % 28) + 1).padStart(2, "0")}T10:00:00,7${String(i).padStart(22, "0")},${String(i % 10000).padStart(4, "0")},A${i % 100000},SHOP\n`;
  }
  return out;
}

async function setup() {
  const org = await makeOrganisation();
  const user = await makeUser({ memberships: [{ organisationId: org.id, role: "AGENT" }] });
  return { org, scope: { kind: "orgs" as const, organisationIds: [org.id] }, actor: { type: "user" as const, id: user.id, email: user.email } };
}

/** Upload in pieces as the page does, then start. */
async function upload(ctx: Awaited<ReturnType<typeof setup>>, text: string, mapping: Record<string, string> = MAPPING) {
  const bytes = new TextEncoder().encode(text);
  const draft = await createImportDraft(ctx.scope, { organisationId: ctx.org.id, filename: "payments.csv", size: bytes.byteLength }, ctx.actor);
  for (let offset = 0; offset < bytes.byteLength; offset += UPLOAD_CHUNK_BYTES) {
    await appendImportChunk(ctx.scope, { importId: draft.id, offset, bytes: bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES) });
  }
  return { id: draft.id, start: () => startImport(ctx.scope, { importId: draft.id, mapping }, ctx.actor) };
}

describe("transaction imports", () => {
  it("previews the first 10 rows with suggestions and per-row errors, then imports, counts and keeps errors", async () => {
    const ctx = await setup();
    const prefix = `p${Date.now()}`;
    const { id, start } = await upload(ctx, csvRows(prefix, 25, (i) => i === 3 || i === 20));
    const preview = await getImportPreview(ctx.scope, id, null);
    expect(preview?.mapping).toEqual(MAPPING);
    expect(preview?.rows).toHaveLength(10);
    expect(preview?.rows[3]).toMatchObject({ row: 5, ok: false, errors: [{ row: 5, field: "amount" }] });
    expect(await getImportPreview({ kind: "orgs", organisationIds: [] }, id, null)).toBeNull();

    expect(await start()).toEqual({ id, totalRows: 25 });
    const jobs = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = $1 AND key = $2`, IMPORT_TASK, `import:${id}`);
    expect(jobs[0]!.n).toBe(1);
    await expect(start()).rejects.toMatchObject({ code: "CONFLICT" });

    expect(await processImport(id, { chunkRows: 10 })).toMatchObject({ status: "done", processedRows: 25 });
    const done = await getImportById(ctx.scope, id);
    expect(done).toMatchObject({ status: "DONE", totalRows: 25, processedRows: 25, createdCount: 23, updatedCount: 0, errorCount: 2, size: null });
    expect(done?.errors).toEqual([
      { row: 5, field: "amount", message: expect.any(String) },
      { row: 22, field: "amount", message: expect.any(String) },
    ]);
    expect(await db.transaction.count({ where: { organisationId: ctx.org.id } })).toBe(23);
    expect(await db.transaction.findUnique({ where: { organisationId_merchantReference: { organisationId: ctx.org.id, merchantReference: `${prefix}-1` } } })).toMatchObject({
      amountMinor: 201,
      currency: "USD",
      cardLast4: "0001",
      authorisedAt: new Date("2026-01-02T10:00:00Z"),
      source: "import",
    });
  });

  it("is idempotent: the same file again updates the same payments", async () => {
    const ctx = await setup();
    const text = csvRows(`i${Date.now()}`, 30);
    for (const expected of [{ createdCount: 30, updatedCount: 0 }, { createdCount: 0, updatedCount: 30 }]) {
      const { id, start } = await upload(ctx, text);
      await start();
      await processImport(id, { chunkRows: 7 });
      expect(await getImportById(ctx.scope, id)).toMatchObject({ status: "DONE", ...expected });
    }
    expect(await db.transaction.count({ where: { organisationId: ctx.org.id } })).toBe(30);
  });

  it("resumes after a crash: one chunk, stop, run again (twice): no duplicates, exact counts", async () => {
    const ctx = await setup();
    const { id, start } = await upload(ctx, csvRows(`r${Date.now()}`, 2_500, (i) => i % 1000 === 0));
    await start();
    expect(await processImport(id, { maxChunks: 1 })).toMatchObject({ status: "stopped", processedRows: 1_000 });
    expect(await getImportById(ctx.scope, id)).toMatchObject({ status: "RUNNING", processedRows: 1_000, createdCount: 999, errorCount: 1 });
    const [a, b] = await Promise.all([processImport(id), processImport(id)]);
    expect([a.status, b.status].sort()).toEqual(expect.arrayContaining(["done"]));
    expect(await processImport(id)).toMatchObject({ status: "skipped" });
    expect(await getImportById(ctx.scope, id)).toMatchObject({ status: "DONE", processedRows: 2_500, createdCount: 2_497, updatedCount: 0, errorCount: 3 });
    expect(await db.transaction.count({ where: { organisationId: ctx.org.id } })).toBe(2_497);
  });

  it("keeps only the first 100 errors and matches unmatched alerts to imported payments", async () => {
    const ctx = await setup();
    const prefix = `m${Date.now()}`;
    const alert = await makeAlert(ctx.org.id, { arn: "7" + "5".padStart(22, "0"), cardLast4: "0005", amountMinor: 606, currency: "USD", authorisedAt: new Date("2026-01-06T10:00:00Z") });
    const { id, start } = await upload(ctx, csvRows(prefix, 300, (i) => i >= 100 && i < 250));
    await start();
    await processImport(id);
    const done = await getImportById(ctx.scope, id);
    expect(done).toMatchObject({ errorCount: 150, createdCount: 150 });
    expect(done?.errors).toHaveLength(100);
    const payment = await db.transaction.findUniqueOrThrow({ where: { organisationId_merchantReference: { organisationId: ctx.org.id, merchantReference: `${prefix}-5` } } });
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ transactionId: payment.id, matchRule: "ARN_CARD" });
  });

  it("refuses other organisations, oversized and malformed files, and a mapping without required fields", async () => {
    const ctx = await setup();
    const other = await makeOrganisation();
    await expect(createImportDraft(ctx.scope, { organisationId: other.id, filename: "x.csv", size: 10 }, ctx.actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createImportDraft(ctx.scope, { organisationId: ctx.org.id, filename: "x.csv", size: 21 * 1024 * 1024 }, ctx.actor)).rejects.toMatchObject({ code: "VALIDATION" });
    const broken = await upload(ctx, 'Order ID,Amount\n"open,1\n');
    await expect(broken.start()).rejects.toMatchObject({ code: "VALIDATION", userMessage: expect.stringContaining("not valid CSV") });
    const partial = await upload(ctx, csvRows("x", 2), { merchantReference: "Order ID" });
    await expect(partial.start()).rejects.toMatchObject({ userMessage: "Choose a column for: Amount, Currency, Authorised at." });
    await expect(appendImportChunk({ kind: "orgs", organisationIds: [other.id] }, { importId: partial.id, offset: 0, bytes: new Uint8Array([1]) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(appendImportChunk(ctx.scope, { importId: partial.id, offset: 3, bytes: new Uint8Array([1]) })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("handles 100,000 rows", { timeout: 240_000 }, async () => {
    const ctx = await setup();
    const text = csvRows(`big${Date.now()}`, 100_000);
    const { id, start } = await upload(ctx, text);
    expect((await start()).totalRows).toBe(100_000);
    const started = Date.now();
    expect(await processImport(id)).toMatchObject({ status: "done", processedRows: 100_000 });
    const elapsed = Date.now() - started;
    expect(await getImportById(ctx.scope, id)).toMatchObject({ status: "DONE", createdCount: 100_000, errorCount: 0 });
    expect(await db.transaction.count({ where: { organisationId: ctx.org.id } })).toBe(100_000);
    expect(elapsed).toBeLessThan(200_000);
  });
});
