/**
 * Fresh, migrated databases for test runs, on the server `ensureDatabase` finds (embedded when
 * DATABASE_URL is unset). Refuses non-local servers unless RECOURSE_TEST_ALLOW_REMOTE=1, so a
 * production DATABASE_URL can never be used by tests.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabaseIfMissing, migrateDeploy, withDatabase } from "./runtime.ts";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function assertLocalDatabase(url: string) {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host) && process.env.RECOURSE_TEST_ALLOW_REMOTE !== "1") {
    throw new Error(`Refusing to run tests against the non-local database host "${host}" (set RECOURSE_TEST_ALLOW_REMOTE=1 to override).`);
  }
}

/** Creates `recourse_<kind>_<time>_<random>`, applies migrations and returns its URL. */
export async function createTestDatabase(serverUrl: string, kind: "test" | "e2e" | "bench"): Promise<string> {
  assertLocalDatabase(serverUrl);
  const name = `recourse_${kind}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = withDatabase(serverUrl, "postgres");
  await dropStaleTestDatabases(admin);
  await createDatabaseIfMissing(admin, name);
  const url = withDatabase(serverUrl, name);
  await migrateDeploy(url);
  return url;
}

export async function dropDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', "")}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Leftovers of killed runs (older than six hours) are removed. */
async function dropStaleTestDatabases(adminUrl: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname ~ '^recourse_(test|e2e|bench)_[0-9]+_'");
    const cutoff = Date.now() - 6 * 3600_000;
    for (const { datname } of rows) {
      const started = Number(datname.split("_")[2]);
      if (started && started < cutoff) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
