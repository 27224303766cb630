import Cursor from "pg-cursor";
import pg from "pg";
import { getEnv, requireEnv } from "@/lib/env";
import { isoInZone } from "@/lib/format";
import { minorToDecimal } from "@/lib/money";

/**
 * CSV exports streamed from a Postgres cursor: rows are read in batches as the client consumes
 * them (back-pressure), so 100,000 rows never sit in memory. Times are in the caller's time zone
 * with their offset; amounts in major units beside their currency. Cells that a spreadsheet would
 * run as a formula are prefixed with an apostrophe.
 */
export type ExportColumn<Row> = { header: string; value: (row: Row, context: { timeZone: string }) => unknown };

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

export const exportValue = {
  time: (value: Date | string | null, timeZone: string) => isoInZone(value, timeZone),
  amount: (minor: number | null, currency: string | null) => (minor === null || minor === undefined || !currency ? "" : (minorToDecimal(Number(minor), currency) ?? "")),
};

const BATCH = 500;

/**
 * A stream of CSV bytes for the query (`text`, `params`). Opens its own connection (a cursor
 * lives in a transaction), released when the stream ends, fails or is cancelled.
 */
export function csvStream<Row>(options: { text: string; params: unknown[]; columns: ExportColumn<Row>[]; timeZone: string; connectionString?: string }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let client: pg.Client | null = null;
  let cursor: Cursor<Row> | null = null;
  let done = false;
  const close = async () => {
    done = true;
    await cursor?.close().catch(() => undefined);
    await client?.query("COMMIT").catch(() => undefined);
    await client?.end().catch(() => undefined);
    cursor = null;
    client = null;
  };
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        client = new pg.Client({
          connectionString: options.connectionString ?? requireEnv("DATABASE_URL"),
          application_name: "recourse-export",
          statement_timeout: 60_000,
          connectionTimeoutMillis: 3_000,
        });
        await client.connect();
        await client.query("BEGIN READ ONLY");
        cursor = client.query(new Cursor<Row>(options.text, options.params));
        controller.enqueue(encoder.encode("\uFEFF" + csvLine(options.columns.map((c) => c.header))));
      },
      async pull(controller) {
        if (done || !cursor) return;
        try {
          const rows = await cursor.read(BATCH);
          if (rows.length === 0) {
            await close();
            controller.close();
            return;
          }
          let chunk = "";
          for (const row of rows) chunk += csvLine(options.columns.map((c) => c.value(row, { timeZone: options.timeZone })));
          controller.enqueue(encoder.encode(chunk));
        } catch (error) {
          await close();
          controller.error(error);
        }
      },
      async cancel() {
        await close();
      },
    },
    { highWaterMark: 2 },
  );
}

/** Safety cap on one export (a CSV beyond this is refused to be read by most tools anyway). */
export function exportRowLimit(): number {
  return getEnv().NODE_ENV === "test" ? 200_000 : 1_000_000;
}
