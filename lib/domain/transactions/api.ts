import { authenticateApiKey } from "@/lib/domain/api-keys/commands";
import { AppError } from "@/lib/errors";
import { ingestTransactions } from "./commands";
import { API_MAX_ITEMS, apiBodySchema, issuesOf } from "./schemas";

/** 100 items with customer and product details fit well inside this. */
export const API_BODY_LIMIT = 2 * 1024 * 1024;

async function readCapped(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw new AppError("PAYLOAD_TOO_LARGE", { userMessage: `The body is larger than ${limit} bytes.` });
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("PAYLOAD_TOO_LARGE", { userMessage: `The body is larger than ${limit} bytes.` });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

const problem = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  Response.json({ error: { code, message }, ...extra }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * POST /api/v1/transactions with `Authorization: Bearer rk_live_…` (an organisation API key):
 * `{ "transactions": [ … ] }`, 1–100 items, written to the key's organisation only.
 *
 * - 401 missing, malformed, unknown or revoked key;
 * - 413 more than 100 items or a body over 2 MiB;
 * - 400 malformed JSON or body, or any invalid item: `{ error, items: [{ index, issues: [{ path, message }] }] }`
 *   and nothing is written (a batch is all or nothing);
 * - 200 `{ created, updated, items: [{ id, merchantReference }] }` in input order. Idempotent on
 *   `merchantReference`: sending the same item again updates the same payment.
 */
export async function handleTransactionsPost(request: Request): Promise<Response> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key = match ? await authenticateApiKey(match[1]!) : null;
  if (!key) {
    return new Response(JSON.stringify({ error: { code: "UNAUTHENTICATED", message: "Send a valid organisation API key as Authorization: Bearer <key>." } }), {
      status: 401,
      headers: { "Content-Type": "application/json", "WWW-Authenticate": 'Bearer realm="recourse"', "Cache-Control": "no-store" },
    });
  }
  const raw = await readCapped(request, API_BODY_LIMIT);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return problem(400, "BAD_REQUEST", "The body is not valid JSON.");
  }
  const body = apiBodySchema.safeParse(json);
  if (!body.success) return problem(400, "VALIDATION", "Send { \"transactions\": [ … ] }.", { issues: issuesOf(body.error) });
  if (body.data.transactions.length > API_MAX_ITEMS) {
    return problem(413, "PAYLOAD_TOO_LARGE", `Send at most ${API_MAX_ITEMS} transactions per request.`);
  }
  const result = await ingestTransactions(key.organisationId, body.data.transactions);
  if (!result.ok) {
    return problem(400, "VALIDATION", `${result.items.length} of ${body.data.transactions.length} transactions are invalid; nothing was written.`, { items: result.items });
  }
  return Response.json({ created: result.created, updated: result.updated, items: result.items }, { headers: { "Cache-Control": "no-store" } });
}
