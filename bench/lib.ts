/** Shared set-up for benchmarks: a fresh database on the usual server and a production server. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import net from "node:net";
import { applySecretsToEnv, ensureDatabase, projectRoot } from "../scripts/lib/runtime.ts";
import { buildIfNeeded } from "../scripts/lib/build.ts";
import { createTestDatabase, dropDatabase } from "../scripts/lib/test-db.ts";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 3200));
    });
  });
}

export type BenchEnvironment = {
  databaseUrl: string;
  baseUrl: string;
  server: ChildProcess;
  stop: () => Promise<void>;
};

export async function startBenchEnvironment(
  options: { env?: Record<string, string>; keepDatabase?: boolean; reuseDatabaseUrl?: string; log?: (l: string) => void } = {},
): Promise<BenchEnvironment> {
  const log = options.log ?? ((l: string) => process.stderr.write(`[bench] ${l}\n`));
  applySecretsToEnv();
  const database = await ensureDatabase();
  const databaseUrl = options.reuseDatabaseUrl ?? (await createTestDatabase(database.url, "bench"));
  process.env.DATABASE_URL = databaseUrl;
  await buildIfNeeded(log);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools)
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(process.env.BENCH_CPU_PROF)] : [];
  const server = spawn(process.execPath, [...profile, path.join(projectRoot, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: projectRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", RECOURSE_LOG_LEVEL: "error", NEXT_TELEMETRY_DISABLED: "1", PUBLIC_BASE_URL: baseUrl, ...options.env },
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return {
    databaseUrl,
    baseUrl,
    server,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once("exit", () => resolve());
        server.kill("SIGTERM");
      });
      if (!options.keepDatabase && !options.reuseDatabaseUrl) await dropDatabase(databaseUrl).catch(() => undefined);
      await database.stop();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Prints a benchmark's report and keeps a copy in bench/results/ (git-ignored). */
export function report(name: string, text: string) {
  process.stdout.write(text);
  const dir = path.join(projectRoot, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replaceAll(":", "-").slice(0, 19)}.md`);
  fs.writeFileSync(file, text);
  process.stderr.write(`[bench] report saved to ${path.relative(projectRoot, file)}\n`);
}

/**
 * CPU time used so far by the app server and by Postgres (all its processes, background workers
 * included), in ms, read from /proc; null where there is no /proc. Take two readings around a run
 * and divide by the deliveries to see where a delivery's CPU goes.
 */
export function cpuTimes(): { app: number; postgres: number } | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  const tick = 10; // ms per clock tick (USER_HZ = 100 on Linux)
  const totals = { app: 0, postgres: 0 };
  for (const pid of fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // the process ended
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ms = (Number(fields[11]) + Number(fields[12])) * tick;
    if (name.startsWith("postgres")) totals.postgres += ms;
    else if (name.startsWith("next-server")) totals.app += ms;
  }
  return totals;
}
