import type { TestProject } from "vitest/node";
import { applySecretsToEnv, ensureDatabase } from "./scripts/lib/runtime.ts";
import { assertLocalDatabase, createTestDatabase, dropDatabase } from "./scripts/lib/test-db.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * A fresh database from the migrations for this run: the one `npm test` created
 * (RECOURSE_TEST_DATABASE_URL), or a new one on the DATABASE_URL server / embedded PostgreSQL.
 */
export default async function setup(project: TestProject) {
  applySecretsToEnv();
  const given = process.env.RECOURSE_TEST_DATABASE_URL;
  if (given) {
    assertLocalDatabase(given);
    project.provide("databaseUrl", given);
    return;
  }
  const server = await ensureDatabase();
  const url = await createTestDatabase(server.url, "test");
  project.provide("databaseUrl", url);
  return async () => {
    await dropDatabase(url).catch(() => undefined);
    await server.stop();
  };
}
