/**
 * Provider simulator.
 *   npm run -s simulate -- send <provider> --connection ID --secret S [--public-key P] [--url BASE]
 *                           --scenario NAME [--org PROVIDER_ORG_ID] [--count N] [--concurrency C]
 *                           [--api FAKE_API_URL [--api-key K] [--client-id I --redirect-uri U --refresh-token T]]
 *   npm run -s simulate -- list <provider>
 *   npm run -s simulate -- serve [--port P]   strict fake provider APIs, each under /<provider>
 * Sends realistic deliveries (fresh ids, signed exactly as the provider signs) to a running
 * Recourse and prints one JSON line per delivery, then a summary line. Exit 1 when a delivery
 * did not get the status the scenario expects.
 */
import { parseArgs } from "node:util";
import type { ProviderFakeApi, ProviderSimulatorCli } from "@/lib/providers/types";

function fail(message: string): never {
  process.stderr.write(JSON.stringify({ error: { code: "BAD_ARGUMENTS", message } }) + "\n");
  process.exit(1);
}

const [command, providerId, ...rest] = process.argv.slice(2);
if (command === "serve") {
  await serve(process.argv.slice(3));
} else if (!command || !["send", "list"].includes(command) || !providerId || !/^[a-z0-9-]+$/.test(providerId)) {
  fail("Usage: simulate send <provider> --connection ID --secret S --scenario NAME [--url BASE] [--org ID] [--count N] | simulate list <provider>");
}
let simulator: ProviderSimulatorCli;
try {
  ({ simulatorCli: simulator } = (await import(`../lib/providers/${providerId}/simulator.ts`)) as { simulatorCli: ProviderSimulatorCli });
  if (!simulator) throw new Error("no simulatorCli export");
} catch {
  fail(`No simulator for provider "${providerId}".`);
}

if (command === "list") {
  process.stdout.write(JSON.stringify({ scenarios: Object.entries(simulator.scenarios).map(([name, s]) => ({ name, description: s.description, expectStatus: s.expectStatus })) }) + "\n");
  process.exit(0);
}

const { values } = parseArgs({
  args: rest,
  options: {
    connection: { type: "string" },
    secret: { type: "string" },
    "public-key": { type: "string" },
    url: { type: "string" },
    scenario: { type: "string" },
    org: { type: "string" },
    count: { type: "string" },
    concurrency: { type: "string" },
    api: { type: "string" },
    "client-id": { type: "string" },
    "redirect-uri": { type: "string" },
    "refresh-token": { type: "string" },
    "api-key": { type: "string" },
  },
  strict: true,
});
if (!values.connection) fail("--connection is required");
if (!values.secret) fail("--secret is required");
const scenario = values.scenario ? simulator.scenarios[values.scenario] : undefined;
if (!scenario) fail(`--scenario must be one of: ${Object.keys(simulator.scenarios).join(", ")}`);

const base = (values.url ?? process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
const url = `${base}/api/webhooks/${providerId}/${values.connection}`;
const deliveries = scenario.deliveries({
  secret: values.secret,
  publicKey: values["public-key"],
  organisationId: values.org,
  count: values.count ? Number(values.count) : undefined,
});
if (values.api && simulator.prepare) {
  const api = values.api.replace(/\/+$/, "");
  for (const call of simulator.prepare(deliveries, {
    secret: values.secret,
    publicKey: values["public-key"],
    clientId: values["client-id"],
    redirectUri: values["redirect-uri"],
    refreshToken: values["refresh-token"],
    organisationId: values.org,
    apiKey: values["api-key"],
    webhookUrl: url,
  })) {
    const response = await fetch(`${api}${call.path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(call.body) });
    process.stdout.write(JSON.stringify({ prepared: call.path, status: response.status }) + "\n");
    if (!response.ok) fail(`The fake API refused ${call.path} (${response.status}).`);
  }
}

// Ordered scenarios go one by one; a burst goes out concurrently.
const concurrency = Math.max(1, Number(values.concurrency ?? (values.scenario === "burst" ? 20 : 1)));

const started = Date.now();
const statuses: number[] = new Array(deliveries.length);
let next = 0;
async function worker() {
  for (;;) {
    const index = next++;
    if (index >= deliveries.length) return;
    const d = deliveries[index]!;
    const t0 = Date.now();
    let status = 0;
    let body = "";
    try {
      const response = await fetch(url, { method: "POST", headers: d.headers, body: d.body });
      status = response.status;
      body = await response.text();
    } catch (error) {
      body = error instanceof Error ? error.message : String(error);
    }
    statuses[index] = status;
    let answer: unknown = body;
    try {
      answer = JSON.parse(body);
    } catch {
      // keep text
    }
    process.stdout.write(JSON.stringify({ n: index + 1, delivery: d.label, status, ms: Date.now() - t0, answer }) + "\n");
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
const unexpected = statuses.filter((s) => s !== scenario.expectStatus).length;
process.stdout.write(
  JSON.stringify({ summary: { provider: providerId, scenario: values.scenario, url, sent: deliveries.length, expectedStatus: scenario.expectStatus, unexpected, ms: Date.now() - started } }) + "\n",
);
process.exit(unexpected ? 1 : 0);

async function serve(args: string[]): Promise<never> {
  const { listenFake } = await import("@/lib/providers/fake-server");
  const { listProviders } = await import("@/lib/providers/registry");
  const { values: opts } = parseArgs({ args, options: { port: { type: "string" } }, strict: true });
  const fakes = new Map<string, ProviderFakeApi>();
  for (const { id } of listProviders()) {
    try {
      const mod = (await import(`../lib/providers/${id}/fake-api.ts`)) as { createFakeApi?: () => ProviderFakeApi };
      if (mod.createFakeApi) fakes.set(id, mod.createFakeApi());
    } catch {
      // this provider has no fake API yet
    }
  }
  const notFound = () => new Response(JSON.stringify({ error: "unknown provider", providers: [...fakes.keys()] }), { status: 404, headers: { "content-type": "application/json" } });
  // /<provider>/<path> → that provider's fake, with /<path>
  const route = async (request: Request): Promise<Response | null> => {
    const url = new URL(request.url);
    const [, providerId, ...restPath] = url.pathname.split("/");
    const fake = providerId ? fakes.get(providerId) : undefined;
    if (!fake) return notFound();
    return fake.handle(new Request(`http://127.0.0.1/${restPath.join("/")}${url.search}`, request));
  };
  const port = Number(opts.port ?? 4010);
  await listenFake(route, {
    port,
    notFound: () => new Response(JSON.stringify({ error: "not found" }), { status: 404, headers: { "content-type": "application/json" } }),
    internalError: () => new Response(JSON.stringify({ error: "fake API error" }), { status: 500, headers: { "content-type": "application/json" } }),
    // a fake that simulates a dropped connection throws: drop this one too
    dropsConnection: () => true,
    loopbackOnly: "/",
  });
  const base = `http://127.0.0.1:${port}`;
  process.stdout.write(JSON.stringify({ serving: base, apis: Object.fromEntries([...fakes.keys()].map((id) => [id, `${base}/${id}`])) }) + "\n");
  await new Promise(() => undefined);
  process.exit(0);
}
