import { handleWebhook } from "@/lib/ingest/pipeline";
import { toHttpResponse } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Provider webhooks: everything happens in lib/ingest (read → verify → record → apply → respond). */
export async function POST(request: Request, { params }: { params: Promise<{ provider: string; connectionId: string }> }) {
  try {
    return await handleWebhook(request, await params);
  } catch (error) {
    return toHttpResponse(error);
  }
}
