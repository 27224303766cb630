import { authorize } from "@/lib/auth/viewer";
import { csvStream } from "@/lib/domain/export/csv";
import { EXPORTERS } from "@/lib/domain/export/registry";
import { AppError } from "@/lib/errors";
import { toHttpResponse } from "@/lib/http";
import { listProviders } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

/**
 * CSV of any filtered list: the same query parameters as the page, the caller's scope, streamed
 * from a database cursor. Times in the caller's time zone (with offset), amounts in major units.
 */
export async function GET(request: Request, { params }: { params: Promise<{ entity: string }> }) {
  try {
    const { viewer, scope } = await authorize("records.read");
    const { entity } = await params;
    const exporter = EXPORTERS[entity];
    if (!exporter) throw new AppError("NOT_FOUND", { userMessage: "Unknown export." });
    const url = new URL(request.url);
    const raw: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      raw[key] = values.length > 1 ? values : values[0]!;
    }
    const query = exporter.build(scope, raw, { providers: listProviders().map((p) => p.id), now: new Date() });
    const stream = csvStream({ text: query.text, params: query.params, columns: exporter.columns, timeZone: viewer.timeZone });
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${exporter.filename}-${stamp}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
