import { scopeFor } from "@/lib/auth/access";
import { authorize } from "@/lib/auth/viewer";
import { getViewerRecord } from "@/lib/domain/users/queries";
import { scopeIncludes } from "@/lib/domain/scope";
import { toHttpResponse } from "@/lib/http";
import { changeListener } from "@/lib/live/listener";
import type { ChangeEvent } from "@/lib/live/notify";

export const dynamic = "force-dynamic";

const encoder = new TextEncoder();

/**
 * Server-sent events: record changes the signed-in user may read, as they commit. Scoped by the
 * viewer's organisations (re-checked every minute, so a removed membership stops the stream).
 * The browser's EventSource reconnects by itself after a network loss.
 */
export async function GET(request: Request) {
  let access: Awaited<ReturnType<typeof authorize>>;
  try {
    access = await authorize("records.read");
  } catch (error) {
    return toHttpResponse(error);
  }
  // `?probe=1`: only check access (monitoring and the access test), no stream
  if (new URL(request.url).searchParams.get("probe") === "1") return new Response(null, { status: 204 });
  let scope = access.scope;
  const listener = changeListener();
  await listener.ensure().catch(() => undefined);

  let cleanup = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const visible = (event: ChangeEvent) =>
        event.organisationIds?.length ? event.organisationIds.some((id) => scopeIncludes(scope, id)) : scopeIncludes(scope, event.organisationId);
      const onChange = (event: ChangeEvent) => {
        if (!visible(event)) return;
        send(`event: change\ndata: ${JSON.stringify({ type: event.type, id: event.id ?? null })}\n\n`);
      };
      // after a lost LISTEN connection, pages re-read everything once
      const onReset = () => send(`event: change\ndata: ${JSON.stringify({ type: "*", id: null })}\n\n`);
      listener.on("change", onChange);
      listener.on("reset", onReset);
      send(`retry: 2000\n: connected\n\n`);
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), 15_000);
      const recheck = setInterval(async () => {
        try {
          const record = await getViewerRecord(access.viewer.id);
          if (!record?.active) return cleanup();
          scope = scopeFor(record, "records.read");
        } catch {
          // database unavailable: keep the last known scope and try again later
        }
      }, 60_000);
      cleanup = () => {
        clearInterval(heartbeat);
        clearInterval(recheck);
        listener.off("change", onChange);
        listener.off("reset", onReset);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
