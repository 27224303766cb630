/**
 * CSV reading for transaction imports: the ONE module that parses CSV (with `csv-parse`, the `csv`
 * project's parser), so the parser can be swapped without touching anything else.
 *
 * Accepted: a UTF-8 BOM, CRLF / LF / CR line ends, fields in double quotes with `""` for a quote
 * and line breaks inside, `,` `;` or tab as the delimiter (detected from the header line), blank
 * lines skipped, rows of uneven length (the mapping step reports missing columns). A quote opening
 * inside an unquoted field is kept literally; a quoted field left open at the end is an error.
 */
import { CsvError as ParserError, parse } from "csv-parse/sync";

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

export type CsvRecord = { fields: string[]; /** 1-based line of the file where the record starts */ line: number };

/** The delimiter the header line uses most (outside quotes): comma, semicolon or tab. */
export function detectDelimiter(text: string): string {
  const end = text.search(/\r|\n/);
  const header = end === -1 ? text : text.slice(0, end);
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t"]) {
    let inQuotes = false;
    let count = 0;
    for (const ch of header) {
      if (ch === '"') inQuotes = !inQuotes;
      else if (!inQuotes && ch === candidate) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Every record of the text, in order. */
export function* readCsv(input: string, delimiter = detectDelimiter(input)): Generator<CsvRecord> {
  let rows: { record: string[]; info: { lines: number; raw?: string } }[];
  try {
    rows = parse(input, {
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      info: true,
      raw: true,
    }) as unknown as typeof rows;
  } catch (error) {
    if (error instanceof ParserError) {
      const line = Number((error as ParserError & { lines?: number }).lines ?? 0) || 1;
      const message = error.code === "CSV_QUOTE_NOT_CLOSED" ? `A quoted field is never closed (the file ends inside it, from around line ${line}).` : `The file is not valid CSV near line ${line}: ${error.message}`;
      throw new CsvError(message, line);
    }
    throw error;
  }
  for (const { record, info } of rows) {
    // info.lines is the line the record ends on; count back the line breaks inside it
    const breaks = (info.raw ?? "").replace(/(\r\n|\r|\n)$/, "").match(/\r\n|\r|\n/g)?.length ?? 0;
    yield { fields: record, line: info.lines - breaks };
  }
}

/** The header line's names (trimmed) and the records after it. */
export function readCsvWithHeader(input: string): { headers: string[]; records: Generator<CsvRecord> } {
  const records = readCsv(input);
  const first = records.next();
  if (first.done) return { headers: [], records };
  return { headers: first.value.fields.map((h) => h.trim()), records };
}
