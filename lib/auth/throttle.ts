import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import pg from "pg";
import { getEnv, requireEnv } from "@/lib/env";

/**
 * Sign-in throttling, stored in Postgres (table rate_limits, created by a migration) so every app
 * instance shares the count. Two keys: email+IP (the documented limit: after N failures the next
 * attempt is refused until the window passes) and IP alone (5×N, against spraying many emails).
 */
type Limiters = { pair: RateLimiterPostgres; ip: RateLimiterPostgres };
const globalForThrottle = globalThis as unknown as { __recourseThrottle?: Limiters; __recourseThrottlePool?: pg.Pool };

function limiters(): Limiters {
  if (!globalForThrottle.__recourseThrottle) {
    const env = getEnv();
    const pool = new pg.Pool({
      connectionString: requireEnv("DATABASE_URL"),
      max: 3,
      application_name: "recourse-throttle",
      connectionTimeoutMillis: 2_000,
    });
    pool.on("error", () => undefined);
    globalForThrottle.__recourseThrottlePool = pool;
    const common = {
      storeClient: pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      duration: env.RECOURSE_SIGNIN_WINDOW_SECONDS,
    };
    globalForThrottle.__recourseThrottle = {
      pair: new RateLimiterPostgres({ ...common, keyPrefix: "signin", points: env.RECOURSE_SIGNIN_MAX_FAILURES }),
      ip: new RateLimiterPostgres({ ...common, keyPrefix: "signin-ip", points: env.RECOURSE_SIGNIN_MAX_FAILURES * 5 }),
    };
  }
  return globalForThrottle.__recourseThrottle;
}

const pairKey = (email: string, ip: string) => `${email.trim().toLowerCase()}|${ip}`;

/** Seconds until the caller may try again, or 0 when not blocked. */
export async function signInBlockedFor(email: string, ip: string): Promise<number> {
  const { pair, ip: byIp } = limiters();
  const [a, b] = await Promise.all([pair.get(pairKey(email, ip)), byIp.get(ip)]);
  const blocked = [
    a && a.consumedPoints >= pair.points ? a : null,
    b && b.consumedPoints >= byIp.points ? b : null,
  ].filter((r): r is RateLimiterRes => r !== null);
  if (blocked.length === 0) return 0;
  return Math.max(1, Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000));
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  const { pair, ip: byIp } = limiters();
  // consume() rejects with RateLimiterRes once points run out; the count is still stored.
  await Promise.allSettled([pair.consume(pairKey(email, ip)), byIp.consume(ip)]);
}

export async function clearSignInFailures(email: string, ip: string): Promise<void> {
  await limiters().pair.delete(pairKey(email, ip));
}
