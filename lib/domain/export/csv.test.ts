import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isoInZone } from "@/lib/format";
import { makeOrganisation } from "@/lib/testing/factories";
import { csvCell, csvLine, csvStream } from "./csv";
import { EXPORTERS } from "./registry";

describe("CSV cells", () => {
  it("quotes, escapes and defuses formulas", () => {
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("-12")).toBe("'-12");
    expect(csvCell(null)).toBe("");
    expect(csvLine(["a", 1, "b\nc"])).toBe('a,1,"b\nc"\r\n');
  });
  it("writes instants in the caller's zone with the offset", () => {
    expect(isoInZone(new Date("2026-01-15T12:00:00Z"), "Europe/Berlin")).toBe("2026-01-15T13:00:00+01:00");
    expect(isoInZone(new Date("2026-07-15T12:00:00Z"), "Europe/Berlin")).toBe("2026-07-15T14:00:00+02:00");
    expect(isoInZone(new Date("2026-07-15T12:00:00Z"), "America/New_York")).toBe("2026-07-15T08:00:00-04:00");
    expect(isoInZone(new Date("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe("2026-07-15T17:30:00+05:30");
  });
});

/** Reads a stream keeping only its first 2 MB of text, its size and its line count. */
async function collect(stream: ReadableStream<Uint8Array>, onChunk?: () => void): Promise<{ text: string; bytes: number; lines: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let bytes = 0;
  let lines = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (const byte of value) if (byte === 0x0a) lines++;
    if (text.length < 2_000_000) text += decoder.decode(value, { stream: true });
    onChunk?.();
  }
  return { text, bytes, lines };
}

describe("alert export", () => {
  let org: { id: string };
  let other: { id: string };
  beforeAll(async () => {
    org = await makeOrganisation();
    other = await makeOrganisation();
    // 100,000 alerts with long descriptors (~50 MB of CSV), inserted by Postgres itself (beyond the
    // app's 15 s statement timeout when the other test files load the same server)
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SELECT set_config('statement_timeout', '110000', true)");
      await tx.$executeRawUnsafe(
        `INSERT INTO "Alert" (id, "organisationId", provider, "externalId", kind, "providerStatus", status, "deadlineAt", "amountMinor", currency, descriptor, "receivedAt", "providerData", "createdAt", "updatedAt")
         SELECT gen_random_uuid()::text, $1, 'chargebackstop', 'exp-' || $1 || '-' || i, 'ETHOCA', 'RESOLVED', 'RESOLVED', now() + i * interval '1 second', 100 + i, CASE WHEN i % 2 = 0 THEN 'USD' ELSE 'JPY' END,
                repeat('DESCRIPTOR ', 40) || i, now(), '{}'::jsonb, now(), now()
           FROM generate_series(1, 100000) i`,
        org.id,
      );
    }, { timeout: 115_000 });
    await db.alert.create({ data: { organisationId: other.id, provider: "chargebackstop", externalId: `exp-other-${other.id}`, kind: "ETHOCA", providerStatus: "RESOLVED", status: "RESOLVED", descriptor: "OTHER ORG", providerData: {} } });
  }, 120_000);

  it("streams 100,000 rows within a memory bound, in scope and filtered", async () => {
    const exporter = EXPORTERS.alerts!;
    const query = exporter.build({ kind: "orgs", organisationIds: [org.id] }, { status: "ALL", sort: "deadline" }, { providers: ["chargebackstop"], now: new Date() });
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, "run with --expose-gc (vitest.config.ts)").toBeDefined();
    gc!();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let chunks = 0;
    const { text, bytes } = await collect(csvStream({ ...query, columns: exporter.columns, timeZone: "Europe/Berlin" }), () => {
      // live memory after a collection, every 25 chunks (the first 2 MB of text are kept on purpose)
      if (++chunks % 25 === 0) {
        gc!();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    });
    const lines = text.split("\r\n");
    expect(lines[0]).toMatch(/^\uFEFFid,provider,provider_id,organisation,merchant,kind,status/);
    expect(bytes).toBeGreaterThan(45_000_000);
    // the whole export never sits in memory: growth stays far below its size
    expect(peak - baseline).toBeLessThan(bytes / 5);
    expect(text).not.toContain("OTHER ORG");
    // deadline order: i = 1 (101 JPY: no minor unit), then i = 2 (102 USD cents → 1.02)
    const [first, second] = [lines[1]!.split(","), lines[2]!.split(",")];
    expect([first[9], first[10]]).toEqual(["101", "JPY"]);
    expect([second[9], second[10]]).toEqual(["1.02", "USD"]);
    expect(first[8]).toMatch(/\+0[12]:00$/);
  }, 120_000);

  it("counts exactly the filtered rows", async () => {
    const exporter = EXPORTERS.alerts!;
    const query = exporter.build({ kind: "orgs", organisationIds: [org.id] }, { status: "ALL", min: "1000" }, { providers: ["chargebackstop"], now: new Date() });
    const { lines } = await collect(csvStream({ ...query, columns: exporter.columns, timeZone: "UTC" }));
    const rows = lines - 1; // minus the header
    // USD rows with amountMinor >= 100000 (i >= 99900, even i) and JPY rows >= 1000 (i >= 900, odd i)
    const expected = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Alert" WHERE "organisationId" = $1 AND "amountMinor" >= 1000 * power(10, currency_exponent(currency))`,
      org.id,
    );
    expect(rows).toBe(expected[0]!.n);
  }, 60_000);
});
