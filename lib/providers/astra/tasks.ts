/**
 * `astra.fetch-transfer`: the follow-up of a thin chargeback webhook (map.ts). Reads
 * GET /v1/transfers/{transferId} with the connection's user access token, finds the chargeback on
 * it (transfer.ts) and applies the full representment. Idempotent: a re-run fetches and applies
 * the same snapshot again (the order-safe upsert applies ties).
 *
 * Tokens (connection-level secrets, no subject):
 * - `access_token` is stored as JSON `{"token":"…","expiresAt":"<ISO>"}` (and with `expiresAt`
 *   on the secret); a bare string is accepted as a token of unknown expiry.
 * - Astra keeps only the NEWEST access token valid and rotates the refresh token on every refresh,
 *   so refreshes are serialised with `ctx.withLock("astra-token:<connection id>")`. Inside the
 *   lock the tokens are re-read: if another worker refreshed meanwhile (a fresh access token other
 *   than the one we hold), it is used instead of refreshing again. The new refresh token is saved
 *   first (it cannot be recovered), then the access token, both before the lock is released.
 *   Two jobs at once → exactly one refresh.
 * - A 401 on the transfer → one serialised refresh and one retry; a second 401 is permanent.
 *
 * Failures: bad payload, missing client id / client secret / refresh token / redirect URI, a
 * refused refresh (4xx, e.g. invalid_grant), 404 or another 4xx on the transfer, a transfer that is
 * not an object → PermanentTaskError. 5xx / 429 / network / timeout after the client's own retries,
 * and "chargeback not on the transfer yet" → a plain Error (the queue retries with backoff).
 */
import { z } from "zod";
import { AstraApiError, getTransfer, refreshAccessToken, type AstraClientOptions } from "@/lib/providers/astra/client";
import { FETCH_TRANSFER_TASK_NAME } from "@/lib/providers/astra/map";
import { readTransferChargeback } from "@/lib/providers/astra/transfer";
import { PermanentTaskError, parseWith, type ProviderTask, type TaskContext } from "@/lib/providers/types";

/** Longest Retry-After the refresh sleeps through while holding the lock. */
export const REFRESH_MAX_RETRY_AFTER_MS = 5_000;

/** An access token expiring within this margin is refreshed first. */
export const ACCESS_TOKEN_SKEW_MS = 60_000;

export function tokenLockKey(connectionId: string): string {
  return `astra-token:${connectionId}`;
}

export type StoredAccessToken = { token: string; expiresAt: Date | null };

export function encodeAccessToken(token: string, expiresAt: Date): string {
  return JSON.stringify({ token, expiresAt: expiresAt.toISOString() });
}

/** Reads the stored access-token value (JSON or a bare token). */
export function decodeAccessToken(value: string | null): StoredAccessToken | null {
  if (value === null || value.trim() === "") return null;
  if (value.trimStart().startsWith("{")) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (parsed !== null && typeof parsed === "object") {
        const { token, expiresAt } = parsed as { token?: unknown; expiresAt?: unknown };
        if (typeof token !== "string" || token === "") return null;
        const at = typeof expiresAt === "string" ? new Date(expiresAt) : null;
        return { token, expiresAt: at && !Number.isNaN(at.getTime()) ? at : null };
      }
    } catch {
      return null;
    }
    return null;
  }
  return { token: value.trim(), expiresAt: null };
}

const id = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1).max(255));

export const fetchTransferPayloadSchema = z.looseObject({
  transferId: id,
  chargebackId: id,
  userId: z.string().nullish(),
  webhookId: z.string().nullish(),
  connectionId: z.string().nullish(),
});

type Credentials = { clientId: string; clientSecret: string; redirectUri: string };

async function loadCredentials(ctx: TaskContext): Promise<Credentials> {
  const clientId = ctx.connection.clientId?.trim() || null;
  const redirectUri = ctx.connection.redirectUri?.trim() || null;
  const clientSecret = await ctx.secrets.get("client_secret");
  const refreshToken = await ctx.secrets.get("refresh_token");
  const missing = [
    clientId ? null : "client id",
    clientSecret ? null : "client secret",
    refreshToken ? null : "refresh token",
    redirectUri ? null : "redirect URI",
  ].filter((m): m is string => m !== null);
  if (missing.length > 0 || !clientId || !clientSecret || !redirectUri) {
    throw new PermanentTaskError(`Astra connection ${ctx.connection.id} is missing its ${missing.join(", ")}: complete the connection to fetch chargeback details`);
  }
  return { clientId, clientSecret, redirectUri };
}

/** `error` of an OAuth error body (`{"error":"invalid_grant"}`), if any. */
function oauthError(body: string | null): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as unknown;
    const error = parsed !== null && typeof parsed === "object" ? (parsed as { error?: unknown }).error : null;
    return typeof error === "string" ? error.slice(0, 80) : null;
  } catch {
    return null;
  }
}

function retryLater(error: AstraApiError, what: string): Error {
  return new Error(`${what}: ${error.message}; will retry`, { cause: error });
}

class TokenManager {
  constructor(
    private readonly ctx: TaskContext,
    private readonly credentials: Credentials,
    private readonly client: AstraClientOptions,
  ) {}

  /** The stored token when it is still usable, else null. */
  private fresh(stored: StoredAccessToken | null): StoredAccessToken | null {
    if (!stored) return null;
    const usable = stored.expiresAt === null || stored.expiresAt.getTime() - ACCESS_TOKEN_SKEW_MS > this.ctx.now().getTime();
    return usable ? stored : null;
  }

  private async stored(): Promise<StoredAccessToken | null> {
    return decodeAccessToken(await this.ctx.secrets.get("access_token"));
  }

  /** A usable access token: the stored one while fresh, else a (serialised) refresh. */
  async current(): Promise<string> {
    const stored = await this.stored();
    const usable = this.fresh(stored);
    if (usable) return usable.token;
    return this.refresh(stored?.token ?? null);
  }

  /** Refreshes unless another worker already replaced `stale` with a fresh token. */
  refresh(stale: string | null): Promise<string> {
    const { ctx, credentials } = this;
    return ctx.withLock(tokenLockKey(ctx.connection.id), async () => {
      const usable = this.fresh(await this.stored());
      if (usable && usable.token !== stale) {
        ctx.log("astra.token.reused", { connectionId: ctx.connection.id });
        return usable.token;
      }
      const refreshToken = await ctx.secrets.get("refresh_token");
      if (!refreshToken) throw new PermanentTaskError(`Astra connection ${ctx.connection.id} has no refresh token: re-authorise the connection`);
      let tokens;
      try {
        // Inside the lock (a database transaction with a time limit): keep the worst case short,
        // 3 attempts × 10 s + at most 2 × 5 s of Retry-After.
        const maxRetryAfterMs = Math.min(this.client.maxRetryAfterMs ?? REFRESH_MAX_RETRY_AFTER_MS, REFRESH_MAX_RETRY_AFTER_MS);
        tokens = await refreshAccessToken({ ...this.client, maxRetryAfterMs, baseUrl: ctx.connection.apiBaseUrl, ...credentials, refreshToken });
      } catch (error) {
        if (!(error instanceof AstraApiError)) throw error;
        if (error.retryable) throw retryLater(error, "Astra token refresh failed");
        const code = oauthError(error.body);
        throw new PermanentTaskError(
          `Astra refused the token refresh (HTTP ${error.status}${code ? ` ${code}` : ""}${error.requestId ? `, Request-Id ${error.requestId}` : ""}): ` +
            "the refresh token or client credentials are no longer valid; re-authorise the connection",
        );
      }
      // The new refresh token first: the old one is spent and this one cannot be fetched again.
      await ctx.secrets.set("refresh_token", tokens.refreshToken);
      await ctx.secrets.set("access_token", encodeAccessToken(tokens.accessToken, tokens.expiresAt), { expiresAt: tokens.expiresAt });
      ctx.log("astra.token.refreshed", { connectionId: ctx.connection.id, requestId: tokens.requestId, expiresAt: tokens.expiresAt.toISOString() });
      return tokens.accessToken;
    });
  }
}

function transferFailure(error: unknown, transferId: string): Error {
  if (!(error instanceof AstraApiError)) return error instanceof Error ? error : new Error(String(error));
  if (error.retryable) return retryLater(error, `Astra GET transfer ${transferId} failed`);
  const ref = error.requestId ? ` (Request-Id ${error.requestId})` : "";
  if (error.status === 404) return new PermanentTaskError(`Astra transfer ${transferId} not found${ref}`);
  if (error.status === 401) return new PermanentTaskError(`Astra refused a freshly refreshed access token for transfer ${transferId}${ref}: re-authorise the connection`);
  if (error.kind === "malformed") return new PermanentTaskError(`Astra transfer ${transferId}: the answer is not JSON${ref}`);
  return new PermanentTaskError(`Astra GET transfer ${transferId} failed: HTTP ${error.status}${ref}`);
}

export type FetchTransferTaskOptions = {
  /** client knobs for tests (sleep, timeouts, attempts); fetch and logging come from the context */
  client?: Omit<Partial<AstraClientOptions>, "fetch" | "onResponse" | "now">;
};

export function createFetchTransferTask(options: FetchTransferTaskOptions = {}): ProviderTask {
  return {
    name: FETCH_TRANSFER_TASK_NAME,
    async handler(payload, ctx) {
      const parsed = parseWith(fetchTransferPayloadSchema, payload);
      if (!parsed.ok) throw new PermanentTaskError(`astra.fetch-transfer: bad payload: ${parsed.error}`);
      const { transferId, chargebackId } = parsed.value;

      const credentials = await loadCredentials(ctx);
      const client: AstraClientOptions = {
        ...options.client,
        fetch: ctx.fetch,
        now: () => ctx.now(),
        onResponse: (info) => ctx.log("astra.api.response", { ...info }),
      };
      const tokens = new TokenManager(ctx, credentials, client);
      const baseUrl = ctx.connection.apiBaseUrl;

      let accessToken = await tokens.current();
      let fetched: Awaited<ReturnType<typeof getTransfer>>;
      try {
        fetched = await getTransfer({ ...client, baseUrl, accessToken, transferId });
      } catch (error) {
        if (!(error instanceof AstraApiError) || error.status !== 401) throw transferFailure(error, transferId);
        // Expired or superseded token: one serialised refresh, one retry.
        accessToken = await tokens.refresh(accessToken);
        try {
          fetched = await getTransfer({ ...client, baseUrl, accessToken, transferId });
        } catch (again) {
          throw transferFailure(again, transferId);
        }
      }

      const result = readTransferChargeback(fetched.transfer, chargebackId, ctx.now());
      if (!result.ok) {
        if (result.reason === "chargeback_not_found") throw new Error(`astra.fetch-transfer: ${result.error}; will retry`);
        throw new PermanentTaskError(`astra.fetch-transfer: transfer ${transferId}: ${result.error}`);
      }
      await ctx.apply([result.value]);
      ctx.log("astra.chargeback.fetched", {
        transferId,
        chargebackId,
        requestId: fetched.requestId,
        providerStatus: result.value.fields.providerStatus,
        status: result.value.fields.status,
      });
    },
  };
}

/** The task as the provider registers it (the job layer runs it as "astra.fetch-transfer"). */
export const fetchTransferTask: ProviderTask = createFetchTransferTask();
