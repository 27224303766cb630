import { handleTransactionsPost } from "@/lib/domain/transactions/api";
import { toHttpResponse } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Merchant payments in, authenticated by an organisation API key (see lib/domain/transactions/api.ts). */
export async function POST(request: Request) {
  try {
    return await handleTransactionsPost(request);
  } catch (error) {
    return toHttpResponse(error);
  }
}
