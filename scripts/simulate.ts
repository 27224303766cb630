/**
 * Provider simulator.
 *   npm run -s simulate -- send <provider> --connection ID --secret S [--public-key P] [--url BASE]
 *                           --scenario NAME [--org PROVIDER_ORG_ID] [--count N] [--concurrency C]
 *   npm run -s simulate -- list <provider>
 * Sends realistic deliveries (fresh ids, signed exactly as the provider signs) to a running
 * Recourse and prints one JSON line per delivery, then a summary line. Exit 1 when a delivery
 * did not get the status the scenario expects.
 */
import { parseArgs } from "node:util";
import type { ProviderSimulatorCli } from "@/lib/providers/types";

function fail(message: string): never {
  process.stderr.write(JSON.stringify({ error: { code: "BAD_ARGUMENTS", message } }) + "\n");
  process.exit(1);
}

const [command, providerId, ...rest] = process.argv.slice(2);
if (!command || !["send", "list"].includes(command) || !providerId || !/^[a-z0-9-]+$/.test(providerId)) {
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
