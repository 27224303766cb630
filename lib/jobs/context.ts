import { v7 as uuidv7 } from "uuid";
import { db as defaultDb, type Db } from "@/lib/db";
import { decryptSecret, encryptSecret, lastFour } from "@/lib/crypto/secrets";
import { liveSecretWhere, secretAad } from "@/lib/domain/connections/commands";
import { applyInput } from "@/lib/ingest/apply";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import type { DomainInput, SecretName, TaskContext } from "@/lib/providers/types";
import { AppError } from "@/lib/errors";

/** TaskContext on the database: what a provider's background task may read and change. */
export async function taskContextFor(connectionId: string, options: { db?: Db; fetch?: typeof fetch; now?: () => Date } = {}): Promise<TaskContext> {
  const db = options.db ?? (defaultDb as Db);
  const connection = await db.connection.findUnique({
    where: { id: connectionId },
    select: { id: true, provider: true, organisationId: true, apiBaseUrl: true, mode: true, publicKey: true, clientId: true, redirectUri: true },
  });
  if (!connection) throw new AppError("NOT_FOUND", { message: `connection ${connectionId} not found` });
  const now = options.now ?? (() => new Date());
  return {
    connection,
    secrets: {
      async get(name: SecretName, subject = "") {
        const row = await db.connectionSecret.findFirst({
          where: { connectionId, name, subject, ...liveSecretWhere(now()) },
          orderBy: { createdAt: "desc" },
          select: { ciphertext: true },
        });
        return row ? decryptSecret(row.ciphertext, secretAad(connectionId, name, subject)) : null;
      },
      async set(name: SecretName, value: string, opts = {}) {
        const subject = opts.subject ?? "";
        await db.$transaction([
          db.connectionSecret.deleteMany({ where: { connectionId, name, subject } }),
          db.connectionSecret.create({
            data: { id: uuidv7(), connectionId, name, subject, ciphertext: encryptSecret(value, secretAad(connectionId, name, subject)), last4: lastFour(value), expiresAt: opts.expiresAt ?? null },
          }),
        ]);
      },
    },
    async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
      return db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))", key);
          return fn();
        },
        { maxWait: 30_000, timeout: 60_000 },
      );
    },
    async apply(inputs: DomainInput[], meta = {}) {
      await db.$transaction(async (tx) => {
        for (const input of inputs) {
          const applied = await applyInput({ tx, models: tx, provider: connection.provider, connectionId, organisationId: connection.organisationId, webhookEventId: meta.webhookEventId ?? null }, input);
          await notifyChange(tx, { type: applied.subjectType, id: applied.subjectId, organisationId: connection.organisationId });
        }
      });
    },
    fetch: options.fetch ?? globalThis.fetch,
    now,
    log: (event, fields) => logger.info(`task.${event}`, { connectionId, ...fields }),
  };
}
