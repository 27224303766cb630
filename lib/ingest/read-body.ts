/** The body of a request as bytes, read once, stopping as soon as it exceeds `limit`. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Body larger than ${limit} bytes`);
    this.name = "PayloadTooLargeError";
  }
}

export const WEBHOOK_BODY_LIMIT = 1024 * 1024; // 1 MiB

export async function readBody(request: Request, limit = WEBHOOK_BODY_LIMIT): Promise<Buffer> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
