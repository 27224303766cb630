import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";

export const DEMO_PASSWORD = "recourse-demo";
export const DEMO = {
  admin: "admin@demo.test",
  ops: "ops@demo.test",
  agent: "agent@acme.test",
  viewer: "viewer@acme.test",
  globexAgent: "agent@globex.test",
} as const;
export type DemoRole = keyof typeof DEMO;

/** Signs in through Auth.js's API (csrf, then the credentials callback), like scripts and tests do. */
export async function apiLogin(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  return response;
}

/** Signs in through the form. */
export async function formLogin(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

let pool: pg.Pool | null = null;
/** The e2e database (the same one the app under test uses). */
export function database(): pg.Pool {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the end-to-end tests (run them with npm test)");
  pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  return pool;
}

export async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await database().query(sql, params);
  if (!rows[0]) throw new Error(`No row for: ${sql}`);
  return rows[0] as T;
}

const exec = promisify(execFile);
/** Runs the operations CLI against the e2e database. */
export async function cli(...args: string[]) {
  const root = path.resolve(import.meta.dirname, "..");
  const { stdout } = await exec(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/cli.ts", ...args], {
    cwd: root,
    env: { ...process.env },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

export const uniqueSuffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Runs the provider simulator CLI; returns its JSON lines. */
export async function simulate(...args: string[]) {
  const root = path.resolve(import.meta.dirname, "..");
  try {
    const { stdout } = await exec(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/simulate.ts", ...args], { cwd: root, env: { ...process.env } });
    return { code: 0, lines: stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, lines: e.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
  }
}

export type SunkMail = { from: string; to: string[]; subject: string; text: string };

/**
 * The messages the local SMTP sink received for an address. scripts/test.ts runs the sink
 * (scripts/lib/mail-sink.ts), which writes every message as JSON into E2E_MAIL_DIR.
 */
export function mailsTo(address: string): SunkMail[] {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set: run the end-to-end tests with npm test (scripts/test.ts starts the SMTP sink)");
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as SunkMail)
    .filter((mail) => mail.to.map((t) => t.toLowerCase()).includes(address.toLowerCase()));
}
