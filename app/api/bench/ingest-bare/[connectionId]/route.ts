import { handleBareIngest } from "@/lib/ingest/bare";

export const dynamic = "force-dynamic";

/** Benchmark baseline only (RECOURSE_BENCH=1); 404 otherwise. */
export async function POST(request: Request, { params }: { params: Promise<{ connectionId: string }> }) {
  return handleBareIngest(request, (await params).connectionId);
}
