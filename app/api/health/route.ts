import { pingDatabase } from "@/lib/domain/system/queries";

export const dynamic = "force-dynamic";

/** Liveness plus a database round trip: 200 when both answer, 503 when the database does not. */
export async function GET() {
  try {
    await Promise.race([
      pingDatabase(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_500)),
    ]);
    return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "degraded", db: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "5" } });
  }
}
