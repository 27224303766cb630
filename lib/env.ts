import { z } from "zod";

/**
 * The one place that reads process.env (lint forbids it elsewhere in app/, components/, lib/).
 * Empty strings count as unset. Parsed lazily so `next build` can import modules without a
 * configured runtime; `npm start` and the test runner always provide DATABASE_URL and secrets.
 */
const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "production", "test"]).default("development")),
  DATABASE_URL: optionalString,
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  RECOURSE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  AUTH_SECRET: optionalString,
  /** comma-separated `kid:base64key` pairs; the first one encrypts, all decrypt */
  RECOURSE_ENCRYPTION_KEYS: optionalString,
  PUBLIC_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  RECOURSE_SEED: z.preprocess(emptyAsUndefined, z.enum(["auto", "never"]).default("auto")),
  /** pool size of the app's database client */
  RECOURSE_DB_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(10)),
  /** enables benchmark-only routes (bench/) */
  RECOURSE_BENCH: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  /** test-only fault hooks, e.g. crash-after-commit; ignored in production unless set explicitly */
  RECOURSE_FAULT: optionalString,
  /** sign-in throttling: failures allowed per email+IP in the window */
  RECOURSE_SIGNIN_MAX_FAILURES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(10)),
  RECOURSE_SIGNIN_WINDOW_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(900)),
  /** enrolments waiting longer than this many working days (Mon–Fri) are flagged as stuck */
  RECOURSE_STUCK_WORKING_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(10)),
  RECOURSE_LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
  /** outgoing mail server for notifications, e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465; unset: email notifications are skipped */
  SMTP_URL: z.preprocess(emptyAsUndefined, z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL").optional()),
  /** the From of notification emails, e.g. "Recourse <recourse@example.com>" */
  SMTP_FROM: optionalString,
  /** rejected (401) deliveries on one connection within the last hour that trigger a notification */
  RECOURSE_REJECTION_ALERT_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(20)),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${issues}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Values that must exist at run time (not at build time). */
export function requireEnv<K extends keyof Env>(key: K): NonNullable<Env[K]> {
  const value = getEnv()[key];
  if (value === undefined || value === null) {
    throw new Error(`${String(key)} is not configured (npm start generates it; see README, Configuration)`);
  }
  return value as NonNullable<Env[K]>;
}

/** Test hook: re-read process.env (tests that change configuration). */
export function resetEnvCache() {
  cached = undefined;
}
