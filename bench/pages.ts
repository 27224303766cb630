/**
 * `npm run bench:pages`: the alert queue at a million alerts.
 * Fills a fresh database with 1,000,000 alerts (and 50,000 representments, 25,000 scheme notices,
 * 50,000 lookups) across 20 organisations, starts the production build, and times the server
 * response of /alerts for an agent of one organisation and an admin of all, for the default view,
 * a filtered view, a free-text search and a page 5,000 rows deep. Next to each: the list query
 * alone in plain SQL (node-postgres), the two timed alternately. Prints p50/p95 and the ratio.
 * Env: BENCH_ALERTS (default 1000000), BENCH_RUNS (default 30); BENCH_KEEP=1 keeps the filled
 * database and prints its URL, BENCH_DATABASE_URL=<that URL> runs against it again without refilling.
 */
import pg from "pg";
import { percentile, report, startBenchEnvironment } from "./lib.ts";

const ALERTS = Number(process.env.BENCH_ALERTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
/** the list query alone is cheap: timed more often, so its p95 is not one stray sample */
const QUERY_RUNS = RUNS * 5;
const PASSWORD = "bench-password-123";
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const reuse = process.env.BENCH_DATABASE_URL || undefined;
const env = await startBenchEnvironment({ env: { RECOURSE_WORKER: "0" }, reuseDatabaseUrl: reuse, keepDatabase: process.env.BENCH_KEEP === "1" });
const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 4 });

async function fill() {
  const { hashPassword } = await import("../lib/crypto/passwords.ts");
  const hash = await hashPassword(PASSWORD);
  await pool.query(`INSERT INTO "Organisation" (id, name, slug, "updatedAt")
    SELECT gen_random_uuid()::text, 'Bench Org ' || lpad(k::text, 2, '0'), 'bench-org-' || lpad(k::text, 2, '0'), now() FROM generate_series(0, 19) k`);
  await pool.query(`INSERT INTO "Merchant" (id, "organisationId", name, descriptor, "updatedAt")
    SELECT gen_random_uuid()::text, o.id, 'Bench Merchant ' || substr(o.name, 11) || '-' || j, 'BENCH*' || j, now()
      FROM "Organisation" o, generate_series(0, 4) j WHERE o.name LIKE 'Bench Org %'`);
  await pool.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "globalRole", "updatedAt") VALUES
       (gen_random_uuid()::text, 'bench-admin@example.test', 'Bench Admin', $1, 'ADMIN', now()),
       (gen_random_uuid()::text, 'bench-agent@example.test', 'Bench Agent', $1, NULL, now())`,
    [hash],
  );
  await pool.query(`INSERT INTO "Membership" (id, "userId", "organisationId", role, "updatedAt")
    SELECT gen_random_uuid()::text, u.id, o.id, 'AGENT', now() FROM "User" u, "Organisation" o WHERE u.email = 'bench-agent@example.test' AND o.slug = 'bench-org-00'`);
  const batch = 100_000;
  for (let start = 0; start < ALERTS; start += batch) {
    const end = Math.min(ALERTS, start + batch) - 1;
    await pool.query(
      `WITH o AS (SELECT array_agg(id ORDER BY name) ids FROM "Organisation" WHERE name LIKE 'Bench Org %'),
            m AS (SELECT array_agg(id ORDER BY name) ids FROM "Merchant" WHERE name LIKE 'Bench Merchant %'),
            s AS (SELECT i::bigint AS i, (i::bigint * 2654435761) % 100 AS h FROM generate_series($1::int, $2::int) i)
       INSERT INTO "Alert" (id, "organisationId", "merchantId", provider, "externalId", kind, "providerStatus", status, "deadlineAt",
                            "amountMinor", currency, "cardScheme", "cardLast4", arn, "authCode", descriptor, "receivedAt", "providerData", "createdAt", "updatedAt")
       SELECT gen_random_uuid()::text, o.ids[(1 + s.i % 20)::int], m.ids[(1 + (s.i % 20) * 5 + (s.i / 20) % 5)::int],
              (ARRAY['chargebackstop','chargebackhit','astra'])[(1 + s.i % 3)::int], 'bench-' || s.i,
              (ARRAY['ETHOCA','CDRN','RDR','ETHOCA']::"AlertKind"[])[(1 + (s.i / 3) % 4)::int],
              'ACTION_REQUIRED',
              (CASE WHEN s.h < 8 THEN 'ACTION_REQUIRED' WHEN s.h < 10 THEN 'AWAITING_PROVIDER' WHEN s.h < 80 THEN 'RESOLVED' WHEN s.h < 85 THEN 'INVALID' ELSE 'EXPIRED' END)::"AlertStatus",
              CASE WHEN s.h < 10 THEN now() + ((s.i * 7919) % 96 - 6) * interval '1 hour' ELSE now() - (s.i % 365) * interval '1 day' END,
              (100 + (s.i * 31) % 99000)::int, (ARRAY['USD','USD','EUR','GBP','JPY'])[(1 + s.i % 5)::int], (ARRAY['VISA','MASTERCARD'])[(1 + s.i % 2)::int],
              lpad(((s.i * 13) % 10000)::text, 4, '0'), '7' || lpad(s.i::text, 22, '0'), 'A' || (s.i % 100000),
              'MERCHANT' || (s.i % 997) || ' STORE', now() - (s.i % 365) * interval '1 day' - (s.i % 24) * interval '1 hour', '{}'::jsonb, now(), now()
         FROM s, o, m`,
      [start, end],
    );
    log(`alerts: ${end + 1}`);
  }
  const other = async (table: string, count: number, columns: string, values: string) =>
    pool.query(`WITH o AS (SELECT array_agg(id ORDER BY name) ids FROM "Organisation" WHERE name LIKE 'Bench Org %')
      INSERT INTO "${table}" (id, "organisationId", provider, "externalId", ${columns}, "providerData", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, o.ids[1 + i % 20], 'chargebackstop', '${table}-' || i, ${values}, '{}'::jsonb, now(), now()
        FROM generate_series(1, ${count}) i, o`);
  await other("Representment", ALERTS / 20, `stage, status, "providerStatus", "amountMinor", currency, "dueAt", "disputedAt"`, `'CHARGEBACK', (ARRAY['OPEN','UNDER_REVIEW','WON','LOST','CLOSED']::"RepresentmentStatus"[])[1 + i % 5], 'OPEN', 1000 + i % 50000, 'USD', now() + (i % 40) * interval '1 day', now() - (i % 200) * interval '1 day'`);
  await other("SchemeNotice", ALERTS / 40, `"noticeType", "providerType", "reportedAt", "amountMinor", currency`, `'TC40', 'TC40', now() - (i % 300) * interval '1 day', 1000 + i % 50000, 'USD'`);
  await other("Lookup", ALERTS / 20, `"lookupType", "lookupStatus", "deflectionStatus", "amountMinor", currency`, `'VERIFI_ORDER_INSIGHT', 'SUCCEEDED', 'NOT_ATTEMPTED', 1000 + i % 50000, 'USD'`);
  // a table in service has been vacuumed (visibility map set) and analysed by autovacuum
  log("VACUUM ANALYZE…");
  await pool.query("VACUUM ANALYZE");
}

async function login(email: string): Promise<string> {
  const csrf = await fetch(`${env.baseUrl}/api/auth/csrf`);
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${env.baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: "/" }),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed for ${email} (${response.status})`);
  return [...cookies, session].join("; ");
}

/** Two ways of running one query, timed alternately (so both see the same machine), QUERY_RUNS times each. */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[{ p50: number; p95: number }, { p50: number; p95: number }]> {
  for (let i = 0; i < 5; i++) await Promise.all([a(), b()]);
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < QUERY_RUNS; i++) {
    for (const [k, fn] of [a, b].entries()) {
      const t0 = performance.now();
      await fn();
      samples[k]!.push(performance.now() - t0);
    }
  }
  return [summary(samples[0]), summary(samples[1])];
}

function summary(samples: number[]): { p50: number; p95: number } {
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summary(samples);
}

try {
  if (reuse) log(`reusing the filled database ${reuse}`);
  else {
    log(`filling ${ALERTS.toLocaleString("en")} alerts…`);
    const t0 = Date.now();
    await fill();
    log(`filled in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (process.env.BENCH_KEEP === "1") log(`kept: BENCH_DATABASE_URL=${env.databaseUrl}`);
  }

  process.env.DATABASE_URL = env.databaseUrl;
  const { listAlertQueue, parseAlertListParams, alertListSearch } = await import("../lib/domain/alerts/list.ts");
  const { toSearch } = await import("../lib/domain/list-params.ts");
  const { createPrismaClient } = await import("../lib/db.ts");
  const db = createPrismaClient({ url: env.databaseUrl, max: 2 });
  const agentOrg = (await pool.query(`SELECT id FROM "Organisation" WHERE slug = 'bench-org-00'`)).rows[0].id as string;
  const viewers = {
    agent: { cookie: await login("bench-agent@example.test"), scope: { kind: "orgs" as const, organisationIds: [agentOrg] } },
    admin: { cookie: await login("bench-admin@example.test"), scope: { kind: "all" as const, includeUnassigned: true } },
  };
  const providers = ["chargebackstop", "chargebackhit", "astra"];

  // the cursor 5,000 rows deep in each viewer's default view
  async function deepCursor(scope: (typeof viewers)["agent"]["scope"] | (typeof viewers)["admin"]["scope"]): Promise<string> {
    let query = parseAlertListParams({ size: "100" }, { providers, defaultSize: 50 });
    for (let i = 0; i < 50; i++) {
      const page = await listAlertQueue(scope, query, new Date(), db);
      query = { ...query, after: page.next! };
    }
    return query.after!;
  }

  const results: string[] = [];
  for (const [name, viewer] of Object.entries(viewers)) {
    const deep = await deepCursor(viewer.scope);
    const views: Record<string, Record<string, string>> = {
      default: {},
      filtered: { provider: "chargebackhit", kind: "ETHOCA", due: "72h", min: "10" },
      search: { status: "ALL", q: "MERCHANT123 " },
      "5,000 deep": { after: deep, size: "100" },
    };
    for (const [view, params] of Object.entries(views)) {
      const query = parseAlertListParams(params, { providers, defaultSize: 50 });
      const url = `${env.baseUrl}/alerts${toSearch(alertListSearch(query, { after: query.after, size: params.size }))}`;
      const page = await time(async () => {
        const response = await fetch(url, { headers: { cookie: viewer.cookie } });
        if (response.status !== 200) throw new Error(`${url} → ${response.status}`);
        await response.text();
      });
      // the same list query, captured and replayed in plain SQL
      let captured: { text: string; params: unknown[] } | null = null;
      await listAlertQueue(viewer.scope, query, new Date(), {
        $queryRawUnsafe: async (text: string, ...params: unknown[]) => {
          captured = { text, params };
          return [];
        },
      } as never);
      const { text, params: sqlParams } = captured!;
      const [domain, sql] = await timePair(
        () => listAlertQueue(viewer.scope, query, new Date(), db),
        () => pool.query(text, sqlParams),
      );
      results.push(
        `| ${name} | ${view} | ${page.p50.toFixed(0)} | ${page.p95.toFixed(0)} | ${domain.p50.toFixed(1)} | ${domain.p95.toFixed(1)} | ${sql.p50.toFixed(1)} | ${sql.p95.toFixed(1)} | ${(domain.p95 / Math.max(sql.p95, 0.1)).toFixed(1)}× |`,
      );
      if (view === "search" || view === "5,000 deep") {
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, sqlParams);
        log(`plan (${name}, ${view}):\n  ${plan.rows.map((r) => r["QUERY PLAN"]).slice(0, 14).join("\n  ")}`);
      }
    }
  }
  await db.$disconnect();
  report(
    "pages",
    [
      `/alerts at ${ALERTS.toLocaleString("en")} alerts, 20 organisations; ${RUNS} page runs and ${QUERY_RUNS} query runs each (ms)`,
      "",
      "| viewer | view | page p50 | page p95 | query p50 | query p95 | plain SQL p50 | plain SQL p95 | query / SQL (p95) |",
      "|---|---|---|---|---|---|---|---|---|",
      ...results,
      "",
      "Targets: page p95 < 150 ms (agent), < 300 ms (admin); the list query through our stack (Prisma,",
      "lib/domain) within 3× the same SQL run with node-postgres. The page figure includes the session and",
      "viewer checks, the layout, the five capped tab counts and the filter options.",
    ].join("\n") + "\n",
  );
} finally {
  await pool.end();
  await env.stop();
}
process.exit(0);
