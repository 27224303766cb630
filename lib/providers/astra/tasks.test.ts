import { describe, expect, it } from "vitest";
import { createAstraFakeApi, type AstraFakeApi } from "@/lib/providers/astra/fake-api";
import { FETCH_TRANSFER_JOB, mapEvent } from "@/lib/providers/astra/map";
import { chargebackCreated, transferWithChargeback } from "@/lib/providers/astra/simulator";
import { createFetchTransferTask, decodeAccessToken, encodeAccessToken, fetchTransferTask, tokenLockKey } from "@/lib/providers/astra/tasks";
import { PermanentTaskError, type DomainInput, type RepresentmentInput, type SecretName, type TaskContext } from "@/lib/providers/types";

const NOW = new Date("2025-06-01T12:00:00.000Z");
const BASE = "http://astra.fake";
const CLIENT = { clientId: "cid_live_1", clientSecret: "cs_live_1", redirectUri: "https://recourse.test/oauth/astra/callback" };
const TRANSFER_ID = "0239decedaaa5cefa4d173ee839ca37599165219";
const CHARGEBACK_ID = "C999999V1234567890";
const PAYLOAD = { transferId: TRANSFER_ID, chargebackId: CHARGEBACK_ID, userId: "WV9Zwexqw7Tqk8nox5dBSe993dEBqGulDlnNA", webhookId: "364f57aa", connectionId: "conn_1" };

/** What the database would hold, shared by every job of one connection. */
type Store = {
  secrets: Map<SecretName, string>;
  sets: { name: SecretName; value: string; expiresAt: Date | null | undefined }[];
  applied: DomainInput[][];
  logs: { event: string; fields?: Record<string, unknown> }[];
  lockTails: Map<string, Promise<void>>;
  lockKeys: string[];
};

function createStore(secrets: Partial<Record<SecretName, string>>): Store {
  return { secrets: new Map(Object.entries(secrets) as [SecretName, string][]), sets: [], applied: [], logs: [], lockTails: new Map(), lockKeys: [] };
}

/** A real in-process mutex per key (what pg advisory locks give the real TaskContext). */
async function withMutex<T>(store: Store, key: string, fn: () => Promise<T>): Promise<T> {
  store.lockKeys.push(key);
  const previous = store.lockTails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  store.lockTails.set(key, previous.then(() => mine));
  await previous;
  try {
    return await fn();
  } finally {
    release();
  }
}

function createContext(store: Store, fake: AstraFakeApi, overrides: { connection?: Partial<TaskContext["connection"]>; lock?: "mutex" | "none" } = {}): TaskContext {
  return {
    connection: {
      id: "conn_1",
      provider: "astra",
      organisationId: "org_1",
      apiBaseUrl: BASE,
      mode: "TEST",
      publicKey: null,
      clientId: CLIENT.clientId,
      redirectUri: CLIENT.redirectUri,
      ...overrides.connection,
    },
    secrets: {
      get: async (name) => {
        await Promise.resolve();
        return store.secrets.get(name) ?? null;
      },
      set: async (name, value, options) => {
        await Promise.resolve();
        store.secrets.set(name, value);
        store.sets.push({ name, value, expiresAt: options?.expiresAt });
      },
    },
    withLock: (key, fn) => (overrides.lock === "none" ? fn() : withMutex(store, key, fn)),
    apply: async (inputs) => {
      store.applied.push(structuredClone(inputs));
    },
    fetch: fake.fetch,
    now: () => NOW,
    log: (event, fields) => store.logs.push({ event, fields }),
  };
}

/** The task with no real backoff sleeps. */
const task = createFetchTransferTask({ client: { sleep: async () => {} } });

function setup(options: { secrets?: Partial<Record<SecretName, string>>; transfer?: Record<string, unknown> } = {}) {
  const fake = createAstraFakeApi({ now: () => NOW });
  const { refreshToken } = fake.addClient(CLIENT);
  fake.putTransfer(
    options.transfer ??
      transferWithChargeback({ transferId: TRANSFER_ID, chargebackId: CHARGEBACK_ID, amount: "125.40", actionStatus: "Documentation received", disputeStatus: "Open", updatedAt: new Date("2025-05-30T10:00:00Z") }),
  );
  const store = createStore({ client_secret: CLIENT.clientSecret, refresh_token: refreshToken, ...options.secrets });
  const run = (payload: Record<string, unknown> = PAYLOAD, overrides?: Parameters<typeof createContext>[2]) => task.handler(payload, createContext(store, fake, overrides));
  return { fake, store, run, initialRefreshToken: refreshToken };
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

const transferCalls = (fake: AstraFakeApi) => fake.calls().filter((c) => c.path.startsWith("/v1/transfers"));

describe("astra.fetch-transfer: happy path", () => {
  it("is the provider task named fetch-transfer (job astra.fetch-transfer)", () => {
    expect(fetchTransferTask.name).toBe("fetch-transfer");
    expect(FETCH_TRANSFER_JOB).toBe(`astra.${fetchTransferTask.name}`);
  });

  it("refreshes (no access token yet), saves BOTH new tokens, fetches and applies the full representment", async () => {
    const { fake, store, run, initialRefreshToken } = setup();
    await run();
    expect(fake.refreshCount()).toBe(1);
    const client = fake.state.clients.get(CLIENT.clientId)!;
    expect(store.secrets.get("refresh_token")).toBe(client.refreshToken);
    expect(store.secrets.get("refresh_token")).not.toBe(initialRefreshToken);
    expect(decodeAccessToken(store.secrets.get("access_token")!)).toEqual({ token: client.accessToken, expiresAt: new Date(NOW.getTime() + 3600_000) });
    expect(store.sets.map((s) => s.name)).toEqual(["refresh_token", "access_token"]);
    expect(store.sets[1]!.expiresAt).toEqual(new Date(NOW.getTime() + 3600_000));
    expect(store.lockKeys).toEqual([tokenLockKey("conn_1")]);

    expect(store.applied).toHaveLength(1);
    const input = store.applied[0]![0] as RepresentmentInput;
    expect(input).toMatchObject({
      entity: "representment",
      externalId: CHARGEBACK_ID,
      providerUpdatedAt: new Date("2025-05-30T10:00:00Z"),
      fields: { status: "UNDER_REVIEW", providerStatus: "Documentation received", disputeStatus: "Open", amountMinor: 12540, currency: "USD", detailsPending: false },
    });
    expect(input.partial).toBeUndefined();
  });

  it("reuses a stored, fresh access token (no refresh, no lock)", async () => {
    const { fake, store, run } = setup();
    await run();
    store.lockKeys.length = 0;
    await run();
    expect(fake.refreshCount()).toBe(1);
    expect(store.lockKeys).toEqual([]);
    expect(store.applied).toHaveLength(2);
  });

  it("is idempotent: two runs apply the same input", async () => {
    const { store, run } = setup();
    await run();
    await run();
    expect(store.applied[1]).toEqual(store.applied[0]);
  });

  it("refreshes a stored token that is expired (or about to)", async () => {
    const { fake, store, run } = setup();
    await run();
    store.secrets.set("access_token", encodeAccessToken(fake.state.clients.get(CLIENT.clientId)!.accessToken!, new Date(NOW.getTime() + 30_000)));
    await run();
    expect(fake.refreshCount()).toBe(2);
  });

  it("accepts a bare stored access token (unknown expiry)", async () => {
    const { fake, store, run } = setup();
    await run();
    store.secrets.set("access_token", fake.state.clients.get(CLIENT.clientId)!.accessToken!);
    await run();
    expect(fake.refreshCount()).toBe(1);
  });

  it("logs Request-Ids and never a secret", async () => {
    const { fake, store, run, initialRefreshToken } = setup();
    await run();
    const responses = store.logs.filter((l) => l.event === "astra.api.response");
    expect(responses.map((l) => l.fields?.path)).toEqual(["/v1/oauth/token", `/v1/transfers/${TRANSFER_ID}`]);
    expect(responses.every((l) => typeof l.fields?.requestId === "string")).toBe(true);
    const text = JSON.stringify(store.logs);
    const client = fake.state.clients.get(CLIENT.clientId)!;
    for (const secret of [CLIENT.clientSecret, initialRefreshToken, client.refreshToken, client.accessToken!]) expect(text).not.toContain(secret);
  });

  it("works end to end from a mapped webhook's job payload (+ connectionId from the job layer)", async () => {
    const webhook = chargebackCreated({ chargebackId: CHARGEBACK_ID, transferId: TRANSFER_ID });
    const mapped = mapEvent({ ...webhook, metadata: null, resource_parent_id: webhook.resource_parent_id ?? null });
    if (!mapped.ok || mapped.value.kind !== "apply") throw new Error("not applied");
    const { store, run } = setup();
    await run({ ...mapped.value.jobs![0]!.payload, connectionId: "conn_1" });
    expect((store.applied[0]![0] as RepresentmentInput).externalId).toBe(CHARGEBACK_ID);
  });
});

describe("astra.fetch-transfer: token refresh rotation", () => {
  it("two runs at once → exactly one refresh; both succeed with the newest token", async () => {
    const { fake, store, run } = setup();
    fake.failNext({ delayMs: 30, path: "/v1/oauth/token" }); // keep the first refresh in flight
    await Promise.all([run(), run()]);
    expect(fake.refreshCount()).toBe(1);
    expect(store.applied).toHaveLength(2);
    expect(store.logs.filter((l) => l.event === "astra.token.reused")).toHaveLength(1);
  });

  it("five runs at once after a 401 on a superseded token → still exactly one refresh", async () => {
    const { fake, run } = setup();
    await run();
    fake.expireAccessTokens(); // the stored token looks fresh to us but Astra refuses it
    fake.failNext({ delayMs: 30, path: "/v1/oauth/token" });
    await Promise.all([run(), run(), run(), run(), run()]);
    expect(fake.refreshCount()).toBe(2);
  });

  it("(harness check) without the lock, the second refresh presents a spent token and fails", async () => {
    const { fake, run } = setup();
    fake.failNext({ delayMs: 30, path: "/v1/oauth/token" });
    const results = await Promise.allSettled([run(PAYLOAD, { lock: "none" }), run(PAYLOAD, { lock: "none" })]);
    expect(fake.refreshCount()).toBe(1);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(fake.calls().some((c) => c.outcome === "invalid_grant:spent")).toBe(true);
  });

  it("a used (spent) refresh token is refused by the fake → PermanentTaskError asking to re-authorise", async () => {
    const { store, run, initialRefreshToken } = setup();
    await run();
    store.secrets.set("refresh_token", initialRefreshToken); // e.g. a restored backup
    store.secrets.delete("access_token");
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(PermanentTaskError);
    expect(error.message).toMatch(/HTTP 400 invalid_grant/);
    expect(error.message).toMatch(/re-authorise/);
  });

  it("a 401 on the transfer → one refresh, then success", async () => {
    const { fake, store, run } = setup();
    await run();
    fake.expireAccessTokens();
    await run();
    expect(fake.refreshCount()).toBe(2);
    expect(transferCalls(fake).map((c) => c.status)).toEqual([200, 401, 200]);
    expect(store.applied).toHaveLength(2);
  });

  it("a 401 again right after the refresh → PermanentTaskError", async () => {
    const { fake, run } = setup();
    fake.failNext({ status: 401, count: 2, path: "/v1/transfers" });
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(PermanentTaskError);
    expect(fake.refreshCount()).toBe(2);
  });

  it("a refresh failing with 5xx is retried later (plain Error), and the refresh token is kept", async () => {
    const { fake, store, run, initialRefreshToken } = setup();
    fake.failNext({ status: 503, count: 3, path: "/v1/oauth/token" });
    const error = await rejectionOf(run());
    expect(error).not.toBeInstanceOf(PermanentTaskError);
    expect(store.secrets.get("refresh_token")).toBe(initialRefreshToken);
    await run();
    expect(store.applied).toHaveLength(1);
  });
});

describe("astra.fetch-transfer: refresh inside the lock stays short", () => {
  it("a long Retry-After on the token endpoint is not slept through while holding the lock", async () => {
    const sleeps: number[] = [];
    const fake = createAstraFakeApi({ now: () => NOW });
    const { refreshToken } = fake.addClient(CLIENT);
    const store = createStore({ client_secret: CLIENT.clientSecret, refresh_token: refreshToken });
    const slowTask = createFetchTransferTask({ client: { sleep: async (ms) => void sleeps.push(ms) } });
    fake.failNext({ status: 429, retryAfterSeconds: 10, path: "/v1/oauth/token" });
    const error = await rejectionOf(slowTask.handler(PAYLOAD, createContext(store, fake)));
    expect(error).not.toBeInstanceOf(PermanentTaskError);
    expect(sleeps).toEqual([]);
    expect(fake.calls().filter((c) => c.path === "/v1/oauth/token")).toHaveLength(1);
  });
});

describe("astra.fetch-transfer: failures", () => {
  it("the transfer API failing (500 ×2) then recovering → the task succeeds", async () => {
    const { fake, store, run } = setup();
    fake.failNext({ status: 500, count: 2, path: "/v1/transfers" });
    await run();
    expect(transferCalls(fake).map((c) => c.status)).toEqual([500, 500, 200]);
    expect(store.applied).toHaveLength(1);
  });

  it("5xx after the client's retries → plain Error (the queue retries), then a later run succeeds", async () => {
    const { fake, store, run } = setup();
    fake.failNext({ status: 500, count: 3, path: "/v1/transfers" });
    const error = await rejectionOf(run());
    expect(error).not.toBeInstanceOf(PermanentTaskError);
    expect(error.message).toMatch(/HTTP 500.*will retry/);
    await run();
    expect(store.applied).toHaveLength(1);
  });

  it("429 and network errors after retries → plain Error", async () => {
    const { fake, run } = setup();
    fake.failNext({ status: 429, count: 3, retryAfterSeconds: 1, path: "/v1/transfers" });
    expect(await rejectionOf(run())).not.toBeInstanceOf(PermanentTaskError);
    fake.failNext({ network: true, count: 3, path: "/v1/transfers" });
    expect(await rejectionOf(run())).not.toBeInstanceOf(PermanentTaskError);
  });

  it("404 → PermanentTaskError (no retry)", async () => {
    const { fake, run } = setup();
    const error = await rejectionOf(run({ ...PAYLOAD, transferId: "unknown_transfer" }));
    expect(error).toBeInstanceOf(PermanentTaskError);
    expect(error.message).toMatch(/not found/);
    expect(transferCalls(fake)).toHaveLength(1);
  });

  it("another 4xx → PermanentTaskError", async () => {
    const { fake, run } = setup();
    fake.failNext({ status: 403, path: "/v1/transfers" });
    expect(await rejectionOf(run())).toBeInstanceOf(PermanentTaskError);
    expect(transferCalls(fake)).toHaveLength(1);
  });

  it("a chargeback not (yet) on the transfer → plain Error (retry later)", async () => {
    const { run } = setup();
    const error = await rejectionOf(run({ ...PAYLOAD, chargebackId: "C000000V0000000000" }));
    expect(error).not.toBeInstanceOf(PermanentTaskError);
    expect(error.message).toMatch(/not found on transfer/);
  });

  it("a transfer that is not an object → PermanentTaskError", async () => {
    const { fake, run } = setup();
    fake.state.transfers.set(TRANSFER_ID, [] as unknown as Record<string, unknown>);
    expect(await rejectionOf(run())).toBeInstanceOf(PermanentTaskError);
  });

  it.each([
    ["client id", { connection: { clientId: null } }, {}],
    ["redirect URI", { connection: { redirectUri: "  " } }, {}],
    ["client secret", {}, { client_secret: "" }],
    ["refresh token", {}, { refresh_token: "" }],
  ] as const)("missing %s → PermanentTaskError naming it", async (what, overrides, secrets) => {
    const { fake, run } = setup({ secrets });
    const error = await rejectionOf(run(PAYLOAD, overrides));
    expect(error).toBeInstanceOf(PermanentTaskError);
    expect(error.message).toContain(what);
    expect(fake.calls()).toEqual([]);
  });

  it("a bad payload → PermanentTaskError", async () => {
    const { run } = setup();
    expect(await rejectionOf(run({ chargebackId: CHARGEBACK_ID }))).toBeInstanceOf(PermanentTaskError);
    expect(await rejectionOf(run({ ...PAYLOAD, transferId: "  " }))).toBeInstanceOf(PermanentTaskError);
  });
});

describe("access token encoding", () => {
  it("round-trips and tolerates junk", () => {
    const at = new Date("2025-06-01T13:00:00.000Z");
    expect(decodeAccessToken(encodeAccessToken("tok", at))).toEqual({ token: "tok", expiresAt: at });
    expect(decodeAccessToken("bare")).toEqual({ token: "bare", expiresAt: null });
    expect(decodeAccessToken('{"token":""}')).toBeNull();
    expect(decodeAccessToken("{broken")).toBeNull();
    expect(decodeAccessToken(null)).toBeNull();
    expect(decodeAccessToken('{"token":"t","expiresAt":"garbage"}')).toEqual({ token: "t", expiresAt: null });
  });
});
