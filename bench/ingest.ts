/**
 * `npm run bench:ingest`: webhook ingestion throughput and latency on the production build.
 * Sends signed ChargebackStop alert.created / alert.updated deliveries from 20 concurrent
 * connections (10% repeats of earlier events) for BENCH_SECONDS (default 60), then the same
 * stream to the bare baseline route (verify + insert the raw body only), and prints accepted/s,
 * p50/p99, errors, the ratio to the baseline, and whether every accepted event is stored once,
 * with the CPU time the app server and Postgres spent per accepted delivery (from /proc; they
 * share the machine's cores, so this is where a delivery's cost goes).
 * Last, Chargebackhit's synchronous answers (init-refund and inquiry deliveries, 4 at a time for
 * half as long): their latency and whether every answer was the expected one.
 */
import autocannon from "autocannon";
import pg from "pg";
import * as sim from "../lib/providers/chargebackstop/simulator.ts";
import * as cbh from "../lib/providers/chargebackhit/simulator.ts";
import { cpuTimes, report, startBenchEnvironment } from "./lib.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const REPEAT_SHARE = 0.1;
const SECRET = "whsec_bench_secret_value";

const env = await startBenchEnvironment({ env: { RECOURSE_BENCH: "1" } });
const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });

async function setupConnection(name: string, provider: { provider: "chargebackstop" | "chargebackhit"; publicKey?: string; secrets: Record<string, string> } = { provider: "chargebackstop", secrets: { webhook_secret: SECRET } }) {
  const { rows: [org] } = await pool.query(
    `INSERT INTO "Organisation" (id, name, slug, "updatedAt") VALUES (gen_random_uuid()::text, $1, $2, now()) RETURNING id`,
    [name, name.toLowerCase()],
  );
  const { createConnection } = await import("../lib/domain/connections/commands.ts");
  const { SYSTEM_SCOPE } = await import("../lib/domain/scope.ts");
  const { createPrismaClient } = await import("../lib/db.ts");
  const db = createPrismaClient({ url: env.databaseUrl, max: 1 });
  const connection = await createConnection(SYSTEM_SCOPE, { organisationId: org.id, ...provider }, { type: "system" }, db);
  await db.$disconnect();
  return connection.id as string;
}

type Stream = { next: () => { id: string; body: string }; uniqueEvents: () => number; uniqueAlerts: () => number };
/** alert.created for new alerts, alert.updated for known ones, 10% byte-identical repeats. */
function deliveryStream(): Stream {
  const sent: { id: string; body: string }[] = [];
  const alerts: sim.SimPayload[] = [];
  const events = new Set<string>();
  return {
    next() {
      if (sent.length > 20 && Math.random() < REPEAT_SHARE) return sent[Math.floor(Math.random() * sent.length)]!;
      let payload: sim.SimPayload;
      if (alerts.length > 10 && Math.random() < 0.4) {
        const base = alerts[Math.floor(Math.random() * alerts.length)]!;
        payload = sim.alertUpdated(base, { note: `update ${sent.length}` }, { updatedAt: new Date(Date.now() + sent.length) });
      } else {
        payload = sim.alertCreated({ organisationId: "org_bench", merchantId: "mrch_bench" });
        alerts.push(payload);
      }
      const item = { id: payload.id, body: sim.serialize(payload) };
      events.add(payload.id);
      sent.push(item);
      if (sent.length > 5000) sent.splice(0, 1000);
      return item;
    },
    uniqueEvents: () => events.size,
    uniqueAlerts: () => alerts.length,
  };
}

async function run(label: string, path: string) {
  const stream = deliveryStream();
  const accepted = new Set<string>();
  const cpuBefore = cpuTimes();
  const result = await autocannon({
    url: env.baseUrl,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        path,
        // each autocannon connection sends one request at a time, so its context knows the event
        setupRequest: (request, context) => {
          const item = stream.next();
          (context as { eventId?: string }).eventId = item.id;
          const signed = sim.signedRequest({ body: item.body, secret: SECRET });
          return { ...request, body: signed.body, headers: signed.headers };
        },
        onResponse: (status, _body, context) => {
          const id = (context as { eventId?: string }).eventId;
          if (status === 200 && id) accepted.add(id);
        },
      },
    ],
  });
  const ok = result["2xx"];
  const cpuAfter = cpuTimes();
  const perDelivery = (key: "app" | "postgres") => (cpuBefore && cpuAfter && ok ? ((cpuAfter[key] - cpuBefore[key]) / ok).toFixed(2) : "n/a");
  return {
    cpu: { app: perDelivery("app"), postgres: perDelivery("postgres") },
    label,
    requests: result.requests.total,
    acceptedPerSecond: ok / SECONDS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
    uniqueEvents: stream.uniqueEvents(),
    acceptedEvents: accepted,
    uniqueAlerts: stream.uniqueAlerts(),
  };
}

const CBH_PUBLIC_KEY = "pk_bench_public";
const CBH_SECRET_KEY = "sk_bench_secret_value";

/** Chargebackhit deliveries whose HTTP answer is the merchant's: latency and correctness. */
async function runAnswers(path: string) {
  let wrong = 0;
  const result = await autocannon({
    url: env.baseUrl,
    connections: 4,
    duration: Math.max(5, Math.round(SECONDS / 2)),
    requests: [
      {
        method: "POST",
        path,
        setupRequest: (request, context) => {
          const type = Math.random() < 0.5 ? "init-refund" : "inquiry";
          (context as { type?: string }).type = type;
          const signed = cbh.signedRequest({ body: cbh.serialize(cbh.alertPayload(type)), publicKey: CBH_PUBLIC_KEY, secretKey: CBH_SECRET_KEY });
          return { ...request, body: signed.body, headers: signed.headers };
        },
        onResponse: (status, body, context) => {
          const expected = (context as { type?: string }).type === "init-refund" ? "pending" : "acknowledged";
          let outcome: unknown = null;
          try {
            outcome = (JSON.parse(body) as { outcome?: unknown }).outcome;
          } catch {
            // counted as wrong below
          }
          if (status !== 200 || outcome !== expected) wrong++;
        },
      },
    ],
  });
  return { requests: result.requests.total, perSecond: result["2xx"] / Math.max(5, Math.round(SECONDS / 2)), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, wrong };
}

try {
  const connectionId = await setupConnection("Bench Full");
  const full = await run("pipeline", `/api/webhooks/chargebackstop/${connectionId}`);
  const stored = await pool.query(`SELECT count(*)::int AS events, coalesce(sum(attempts), 0)::int AS attempts FROM "WebhookEvent" WHERE "connectionId" = $1`, [connectionId]);
  const storedIds = new Set((await pool.query<{ id: string }>(`SELECT "externalEventId" AS id FROM "WebhookEvent" WHERE "connectionId" = $1`, [connectionId])).rows.map((r) => r.id));
  const lost = [...full.acceptedEvents].filter((id) => !storedIds.has(id)).length;
  const alertRows = await pool.query(`SELECT count(*)::int AS n, count(DISTINCT "externalId")::int AS distinct_ids FROM "Alert" WHERE "connectionId" = $1`, [connectionId]);
  const bareConnectionId = await setupConnection("Bench Bare");
  const bare = await run("bare", `/api/bench/ingest-bare/${bareConnectionId}`);
  const cbhConnectionId = await setupConnection("Bench Answers", { provider: "chargebackhit", publicKey: CBH_PUBLIC_KEY, secrets: { secret_key: CBH_SECRET_KEY } });
  const answers = await runAnswers(`/api/webhooks/chargebackhit/${cbhConnectionId}`);

  const lines = [
    `Webhook ingestion, ${SECONDS} s, ${CONNECTIONS} concurrent connections, ${REPEAT_SHARE * 100}% repeats`,
    ``,
    `| route | requests | accepted/s | p50 ms | p99 ms | errors | CPU ms per delivery: app | Postgres |`,
    `|---|---|---|---|---|---|---|---|`,
    ...[full, bare].map((r) => `| ${r.label} | ${r.requests} | ${r.acceptedPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.cpu.app} | ${r.cpu.postgres} |`),
    ``,
    `ratio pipeline / bare: ${(full.acceptedPerSecond / bare.acceptedPerSecond).toFixed(2)} (target ≥ 0.80)`,
    `unique events sent: ${full.uniqueEvents}; answered 200: ${full.acceptedEvents.size}; stored: ${stored.rows[0].events}; accepted but not stored (lost): ${lost}; deliveries counted: ${stored.rows[0].attempts}`,
    `alerts created: ${full.uniqueAlerts}; alert rows: ${alertRows.rows[0].n} (duplicated: ${alertRows.rows[0].n - alertRows.rows[0].distinct_ids})`,
    ``,
    `Chargebackhit answers in the HTTP response (init-refund → pending, inquiry → acknowledged), 4 at a time:`,
    `${answers.requests} deliveries, ${answers.perSecond.toFixed(0)}/s, p50 ${answers.p50} ms, p99 ${answers.p99} ms (target p99 < 300 ms), errors ${answers.errors}, wrong answers ${answers.wrong}`,
  ];
  report("ingest", lines.join("\n") + "\n");
} finally {
  await pool.end();
  await env.stop();
}
process.exit(0);
