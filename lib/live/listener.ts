import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { requireEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { CHANGES_CHANNEL, type ChangeEvent } from "./notify";

/**
 * One LISTEN connection per app process, fanned out to every open stream of that process. Each
 * instance listens on its own, so live updates work across several instances. Reconnects with
 * backoff when the connection drops (database restart).
 */
class ChangeListener extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryMs = 500;

  ensure(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: requireEnv("DATABASE_URL"), application_name: "recourse-live", connectionTimeoutMillis: 3_000 });
    client.on("notification", (message) => {
      if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
      try {
        this.emit("change", JSON.parse(message.payload) as ChangeEvent);
      } catch {
        // ignore malformed payloads
      }
    });
    client.on("error", (error) => {
      logger.warn("live.listener_error", { message: error.message });
      this.drop(client);
    });
    client.on("end", () => this.drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.client = client;
      this.retryMs = 500;
    } catch (error) {
      logger.warn("live.listener_connect_failed", { message: error instanceof Error ? error.message : String(error) });
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private drop(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.emit("reset");
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.listenerCount("change") === 0) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => void this.ensure(), delay).unref();
  }
}

const globalForLive = globalThis as unknown as { __recourseLive?: ChangeListener };

export function changeListener(): ChangeListener {
  globalForLive.__recourseLive ??= new ChangeListener();
  globalForLive.__recourseLive.setMaxListeners(10_000);
  return globalForLive.__recourseLive;
}
