/**
 * Access over HTTP for every page and API route found on disk, for each role: the expected status
 * (200, 403 forbidden action, 404 outside scope) or a redirect to sign-in when signed out.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ACCESS, type Outcome, type RecordKind, type Role } from "./access-table";
import { apiLogin, database, DEMO, one } from "./support";

function discoverRoutes(): string[] {
  const appDir = path.resolve(import.meta.dirname, "..", "app");
  const routes: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue; // private folders
        const segment = entry.name.startsWith("(") && entry.name.endsWith(")") ? null : entry.name;
        walk(path.join(dir, entry.name), segment ? [...segments, segment] : segments);
      } else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) {
        routes.push("/" + segments.join("/"));
      }
    }
  };
  walk(appDir, []);
  return routes.sort();
}

test("every route on disk has an access entry", () => {
  const routes = discoverRoutes();
  const missing = routes.filter((r) => !(r in ACCESS));
  expect(missing, "routes without an entry in e2e/access-table.ts").toEqual([]);
  const stale = Object.keys(ACCESS).filter((r) => !routes.includes(r));
  expect(stale, "entries in e2e/access-table.ts for routes that no longer exist").toEqual([]);
});

type Ids = Record<RecordKind, { own: string; other: string }>;
async function recordIds(): Promise<Ids> {
  const orgs = await database().query<{ id: string; slug: string }>("SELECT id, slug FROM \"Organisation\" WHERE slug IN ('acme-commerce','globex-retail')");
  const acme = orgs.rows.find((o) => o.slug === "acme-commerce")!.id;
  const globex = orgs.rows.find((o) => o.slug === "globex-retail")!.id;
  const pick = async (table: string, org: string) => (await one<{ id: string }>(`SELECT id FROM "${table}" WHERE "organisationId" = $1 ORDER BY id LIMIT 1`, [org])).id;
  // Deliveries: one per organisation on a connection of its own.
  const event = async (org: string) => {
    const connection = await one<{ id: string }>(
      `INSERT INTO "Connection" (id, "organisationId", provider, "apiBaseUrl", "updatedAt") VALUES (gen_random_uuid()::text, $1, 'chargebackstop', 'https://api.example.test', now()) RETURNING id`,
      [org],
    );
    return (
      await one<{ id: string }>(
        `INSERT INTO "WebhookEvent" (id, "connectionId", provider, "organisationId", "externalEventId", type, status, "rawBody") VALUES (gen_random_uuid()::text, $1, 'chargebackstop', $2, gen_random_uuid()::text, 'alert.created', 'PROCESSED', '\\x7b7d') RETURNING id`,
        [connection.id, org],
      )
    ).id;
  };
  const both = async (table: string) => ({ own: await pick(table, acme), other: await pick(table, globex) });
  return {
    alert: await both("Alert"),
    representment: await both("Representment"),
    notice: await both("SchemeNotice"),
    lookup: await both("Lookup"),
    enrolment: await both("Enrolment"),
    transaction: await both("Transaction"),
    event: { own: await event(acme), other: await event(globex) },
    organisation: { own: acme, other: globex },
  };
}

async function observe(request: APIRequestContext, url: string, method: "GET" | "POST" = "GET"): Promise<Outcome | number> {
  const response = method === "POST" ? await request.post(url, { maxRedirects: 0, data: "{}" }) : await request.get(url, { maxRedirects: 0 });
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = new URL(response.headers()["location"] ?? "", "http://x").pathname;
    return location === "/sign-in" ? "sign-in" : location === "/" ? "home" : status;
  }
  return status;
}

const roles: Role[] = ["signedOut", "admin", "ops", "agent", "viewer"];
const emails: Record<Exclude<Role, "signedOut">, string> = { admin: DEMO.admin, ops: DEMO.ops, agent: DEMO.agent, viewer: DEMO.viewer };

test.describe("access by role", () => {
  let ids: Ids;
  test.beforeAll(async () => {
    ids = await recordIds();
  });

  for (const role of roles) {
    test(`${role}: every route answers as DESIGN.md says`, async ({ playwright, baseURL }) => {
      const request = await playwright.request.newContext({ baseURL });
      if (role !== "signedOut") expect((await apiLogin(request, emails[role])).status()).toBe(302);
      const failures: string[] = [];
      for (const [route, rule] of Object.entries(ACCESS)) {
        if ("record" in rule) {
          const [ownExpected, otherExpected] = rule.expect[role];
          const fill = (id: string) => route.replace(/\[[^\]]+\]/, id);
          for (const [which, expected, id] of [["own", ownExpected, ids[rule.record].own], ["other", otherExpected, ids[rule.record].other]] as const) {
            const got = await observe(request, fill(id));
            if (got !== expected) failures.push(`${route} (${which}) → ${got}, expected ${expected}`);
          }
          const missing = await observe(request, route.replace(/\[[^\]]+\]/, "00000000-0000-0000-0000-000000000000"));
          const expectedMissing = ownExpected === 200 ? 404 : ownExpected;
          if (missing !== expectedMissing) failures.push(`${route} (no such id) → ${missing}, expected ${expectedMissing}`);
        } else {
          const got = await observe(request, rule.path ?? route, rule.method);
          if (got !== rule.expect[role]) failures.push(`${route} → ${got}, expected ${rule.expect[role]}`);
        }
      }
      expect(failures).toEqual([]);
      await request.dispose();
    });
  }
});
