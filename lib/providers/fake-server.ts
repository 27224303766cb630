import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What every provider's fake API shares (lib/providers/<name>/fake-api.ts): its fetch-style
 * handler as a `fetch` for in-process tests, and served over node:http on 127.0.0.1 for another
 * process (the app under end-to-end tests, `npm run simulate -- serve`).
 */
type Handle = (request: Request) => Promise<Response | null>;

/** A `fetch` backed by the handler (paths it does not know answer `notFound`). */
export function fakeFetch(handle: Handle, notFound: () => Response = () => new Response(null, { status: 404 })): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => (await handle(new Request(input, init))) ?? notFound()) as typeof fetch;
}

export type ListenOptions = {
  port?: number;
  /** the provider's own "not found" body */
  notFound: () => Response;
  /** the provider's own body for an unexpected error in the fake */
  internalError: () => Response;
  /** errors the handler throws to simulate a dropped connection: the socket is destroyed */
  dropsConnection: (error: unknown) => boolean;
  /** paths only loopback clients may call (the control endpoints have no auth) */
  loopbackOnly?: string;
};

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

async function toRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = req.method ?? "GET";
  return new Request(`http://127.0.0.1${req.url ?? "/"}`, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks),
    signal,
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Serves the handler on 127.0.0.1 (port 0: a free one); `close` ends open connections too. */
export async function listenFake(handle: Handle, options: ListenOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse) {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("client disconnected"));
    });
    try {
      if (options.loopbackOnly && (req.url ?? "").startsWith(options.loopbackOnly) && !LOOPBACK.has(req.socket.remoteAddress ?? "")) {
        res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ error: "control endpoints answer loopback only" }));
        return;
      }
      await send(res, (await handle(await toRequest(req, controller.signal))) ?? options.notFound());
    } catch (error) {
      if (options.dropsConnection(error) || controller.signal.aborted) {
        res.socket?.destroy();
        return;
      }
      if (res.headersSent) res.end();
      else await send(res, options.internalError());
    }
  }
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
