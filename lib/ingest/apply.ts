import { v7 as uuidv7 } from "uuid";
import type { DbClient, SqlClient } from "@/lib/db";
import { logger } from "@/lib/logger";
import { matchRecord } from "@/lib/matching/match";
import { MATCH_COLUMNS, matchState } from "@/lib/matching/records";
import type { AlertInput, DomainInput, EnrolmentInput, LookupInput, RepresentmentInput, SchemeNoticeInput } from "@/lib/providers/types";
import { followUpApplied } from "./follow-ups";
import { diffObjects, orderSafeUpsert, type UpsertColumn, type UpsertResult, type UpsertSpec } from "./upsert";

/** Where a delivery's rows go, decided by the pipeline (connection scope, partner routing). */
export type ApplyContext = {
  /** the delivery's transaction: raw SQL only, so it can run on node-postgres (the hot path) */
  tx: SqlClient;
  /**
   * The same transaction as a Prisma client, for the model-rich paths (enrolments and their
   * notifications); null when the delivery runs on node-postgres (lib/ingest/pipeline.ts decides
   * with `needsModels`).
   */
  models: DbClient | null;
  provider: string;
  connectionId: string;
  organisationId: string | null;
  webhookEventId: string | null;
};

export type Applied = {
  subjectType: "Alert" | "Representment" | "SchemeNotice" | "Lookup" | "Enrolment";
  subjectId: string;
  outcome: UpsertResult["outcome"];
  /** previous_attributes, or our own diff of the provider object */
  changes: Record<string, unknown> | null;
};

const lock = (tx: SqlClient, key: string) => tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext($1))", key);

/**
 * The merchant a provider id names, creating a placeholder ("needs a name") the first time. An
 * advisory lock makes concurrent first sightings create one merchant.
 */
const merchantCache = new Map<string, { id: string | null; at: number }>();
const MERCHANT_CACHE_LIMIT = 10_000;
const MERCHANT_CACHE_MS = 5 * 60_000;

export async function resolveMerchant(ctx: ApplyContext, providerMerchantId: string, providerOrganisationId: string | null): Promise<string | null> {
  const { tx, provider } = ctx;
  // Merchants that already belong to this organisation never change id: skip the lookup.
  const cacheKey = `${provider}|${providerMerchantId}|${ctx.organisationId ?? ""}`;
  const cached = ctx.organisationId ? knownMerchant(provider, providerMerchantId, ctx.organisationId) : undefined;
  if (cached !== undefined) return cached;
  await lock(tx, `merchant:${provider}:${providerMerchantId}`);
  const [known] = await tx.$queryRawUnsafe<{ id: string; organisationId: string | null }[]>(
    `SELECT m.id, m."organisationId" FROM "MerchantProviderId" p JOIN "Merchant" m ON m.id = p."merchantId" WHERE p.provider = $1 AND p."externalId" = $2`,
    provider,
    providerMerchantId,
  );
  if (known) {
    if (known.organisationId && ctx.organisationId && known.organisationId !== ctx.organisationId) {
      // the provider's id names another organisation's merchant (a misrouted connection or a
      // merchant that moved): never link a record to a merchant its readers may not see
      logger.warn("webhook.merchant_of_another_organisation", { provider, providerMerchantId, organisationId: ctx.organisationId });
      rememberMerchant(cacheKey, null);
      return null;
    }
    if (!known.organisationId && ctx.organisationId) {
      await tx.$executeRawUnsafe(`UPDATE "Merchant" SET "organisationId" = $2, "updatedAt" = now() WHERE id = $1`, known.id, ctx.organisationId);
    }
    if (ctx.organisationId) rememberMerchant(cacheKey, known.id);
    return known.id;
  }
  const id = uuidv7();
  await tx.$executeRawUnsafe(
    `WITH merchant AS (
       INSERT INTO "Merchant" (id, "organisationId", "providerOrganisationId", name, placeholder, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, true, now(), now()) RETURNING id)
     INSERT INTO "MerchantProviderId" (id, "merchantId", provider, "externalId") SELECT $5, id, $6, $7 FROM merchant`,
    id,
    ctx.organisationId,
    providerOrganisationId,
    `Unnamed merchant (${providerMerchantId})`,
    uuidv7(),
    provider,
    providerMerchantId,
  );
  // not cached yet: the transaction creating it may still roll back
  return id;
}

/**
 * The merchant id `resolveMerchant` would give without touching the database (a known merchant
 * of this organisation, seen recently; null for another organisation's), or undefined.
 */
export function knownMerchant(provider: string, providerMerchantId: string, organisationId: string): string | null | undefined {
  const cached = merchantCache.get(`${provider}|${providerMerchantId}|${organisationId}`);
  return cached && Date.now() - cached.at < MERCHANT_CACHE_MS ? cached.id : undefined;
}

function rememberMerchant(key: string, id: string | null) {
  if (merchantCache.size >= MERCHANT_CACHE_LIMIT) merchantCache.clear();
  merchantCache.set(key, { id, at: Date.now() });
}

function common(ctx: Target, input: DomainInput, merchantId: string | null): Record<string, UpsertColumn> {
  return {
    organisationId: { value: ctx.organisationId, onUpdate: "coalesce" },
    providerOrganisationId: { value: input.providerOrganisationId, onUpdate: "coalesce" },
    ...(input.entity === "enrolment" ? {} : { merchantId: { value: merchantId, onUpdate: "coalesce" } }),
    connectionId: { value: ctx.connectionId, onUpdate: "coalesce" },
    providerCreatedAt: { value: input.providerCreatedAt, cast: "timestamptz", onUpdate: "coalesce" },
    providerUpdatedAt: { value: input.providerUpdatedAt, cast: "timestamptz" },
    providerData: { value: input.providerData, cast: "jsonb" },
  };
}

const ts = (value: Date | null): UpsertColumn => ({ value, cast: "timestamptz" });
const plain = (value: unknown): UpsertColumn => ({ value });

/** Where a record's row goes: what the upsert needs of the context. */
type Target = Pick<ApplyContext, "provider" | "connectionId" | "organisationId">;

/**
 * The upsert of an alert, representment or scheme notice: one definition for both ingest paths
 * (the transaction here and the one-statement fast path in ./fast-path.ts).
 */
export function recordUpsert(ctx: Target, input: AlertInput | RepresentmentInput | SchemeNoticeInput, merchantId: string | null): UpsertSpec & { type: "Alert" | "Representment" | "SchemeNotice" } {
  switch (input.entity) {
    case "alert":
      return alertUpsert(ctx, input, merchantId);
    case "representment":
      return representmentUpsert(ctx, input, merchantId);
    case "schemeNotice":
      return schemeNoticeUpsert(ctx, input, merchantId);
  }
}

function alertUpsert(ctx: Target, input: AlertInput, merchantId: string | null) {
  const f = input.fields;
  const decided = f.status === "RESOLVED" || f.status === "INVALID";
  return spec("Alert", ctx, input, {
    ...common(ctx, input, merchantId),
    kind: { value: f.kind, cast: '"AlertKind"' },
    providerStatus: plain(f.providerStatus),
    // Our own states win over a provider snapshot that still says "action required": an outcome
    // in flight (AWAITING_PROVIDER) or a deadline that passed (EXPIRED).
    status: {
      value: f.status,
      cast: '"AlertStatus"',
      onUpdate: { sql: (existing, incoming) => `CASE WHEN ${incoming} = 'ACTION_REQUIRED' AND ${existing} IN ('AWAITING_PROVIDER', 'EXPIRED') THEN ${existing} ELSE ${incoming} END` },
    },
    deadlineAt: ts(f.deadlineAt),
    amountMinor: plain(f.amountMinor),
    currency: plain(f.currency),
    cardScheme: plain(f.cardScheme),
    cardBin: plain(f.cardBin),
    cardLast4: plain(f.cardLast4),
    cardIssuer: plain(f.cardIssuer),
    arn: plain(f.arn),
    authCode: plain(f.authCode),
    descriptor: plain(f.descriptor),
    networkTransactionId: plain(f.networkTransactionId),
    merchantReference: plain(f.merchantReference),
    authorisedAt: ts(f.authorisedAt),
    reasonCode: plain(f.reasonCode),
    refundOutcome: plain(f.refundOutcome),
    cancelOutcome: plain(f.cancelOutcome),
    providerOutcome: { value: f.providerOutcome, onUpdate: "coalesce" },
    note: plain(f.note),
    decidedAt: { value: decided ? (input.providerUpdatedAt ?? new Date()) : null, cast: "timestamptz", onUpdate: { sql: (existing, incoming) => `COALESCE(${existing}, ${incoming})` } },
  });
}

function representmentUpsert(ctx: Target, input: RepresentmentInput, merchantId: string | null) {
  const f = input.fields;
  return spec("Representment", ctx, input, {
    ...common(ctx, input, merchantId),
    stage: { value: f.stage, cast: '"RepresentmentStage"' },
    providerStage: plain(f.providerStage),
    status: { value: f.status, cast: '"RepresentmentStatus"' },
    providerStatus: plain(f.providerStatus),
    disputeStatus: plain(f.disputeStatus),
    reason: plain(f.reason),
    reasonCode: plain(f.reasonCode),
    amountMinor: plain(f.amountMinor),
    currency: plain(f.currency),
    transactionAmountMinor: plain(f.transactionAmountMinor),
    transactionCurrency: plain(f.transactionCurrency),
    cardScheme: plain(f.cardScheme),
    arn: plain(f.arn),
    serviceType: plain(f.serviceType),
    managedBy: plain(f.managedBy),
    referenceId: plain(f.referenceId),
    transactionReferenceId: plain(f.transactionReferenceId),
    dueAt: ts(f.dueAt),
    disputedAt: ts(f.disputedAt),
    transactionAuthorisedAt: ts(f.transactionAuthorisedAt),
    detailsPending: plain(f.detailsPending),
  }, input.partial ? { update: ["detailsPending"] } : undefined);
}

function schemeNoticeUpsert(ctx: Target, input: SchemeNoticeInput, merchantId: string | null) {
  const f = input.fields;
  return spec("SchemeNotice", ctx, input, {
    ...common(ctx, input, merchantId),
    noticeType: { value: f.noticeType, cast: '"SchemeNoticeType"' },
    providerType: plain(f.providerType),
    category: plain(f.category),
    scheme: plain(f.scheme),
    fraudType: plain(f.fraudType),
    disputeEligible: plain(f.disputeEligible),
    revoked: plain(f.revoked),
    revokedAt: ts(f.revokedAt),
    reportedAt: ts(f.reportedAt),
    amountMinor: plain(f.amountMinor),
    currency: plain(f.currency),
    cardBin: plain(f.cardBin),
    cardLast4: plain(f.cardLast4),
    arn: plain(f.arn),
    authCode: plain(f.authCode),
    merchantName: plain(f.merchantName),
    purchasedAt: ts(f.purchasedAt),
  });
}

function spec<T extends "Alert" | "Representment" | "SchemeNotice">(
  type: T,
  ctx: Target,
  input: AlertInput | RepresentmentInput | SchemeNoticeInput,
  columns: Record<string, UpsertColumn>,
  partial?: { update: string[] },
) {
  return { type, table: type, key: { provider: ctx.provider, externalId: input.externalId }, columns, partial, returning: MATCH_COLUMNS[type] };
}

async function applyLookup(ctx: ApplyContext, input: LookupInput, merchantId: string | null) {
  const f = input.fields;
  const { tx, provider } = ctx;
  const [parent] = f.parentExternalId
    ? await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Lookup" WHERE provider = $1 AND "externalId" = $2`, provider, f.parentExternalId)
    : [];
  const result = await orderSafeUpsert(tx, "Lookup", { provider, externalId: input.externalId }, {
    ...common(ctx, input, merchantId),
    lookupType: plain(f.lookupType),
    lookupStatus: { value: f.lookupStatus, cast: '"LookupStatus"' },
    deflectionStatus: { value: f.deflectionStatus, cast: '"DeflectionStatus"' },
    parentExternalId: plain(f.parentExternalId),
    parentId: { value: parent?.id ?? null, onUpdate: "coalesce" },
    enrolmentExternalId: plain(f.enrolmentExternalId),
    amountMinor: plain(f.amountMinor),
    currency: plain(f.currency),
    cardBin: plain(f.cardBin),
    cardLast4: plain(f.cardLast4),
    arn: plain(f.arn),
    authCode: plain(f.authCode),
    descriptor: plain(f.descriptor),
    networkTransactionId: plain(f.networkTransactionId),
    transactionAt: ts(f.transactionAt),
  }, undefined, MATCH_COLUMNS.Lookup);
  // children that arrived before their parent
  await tx.$executeRawUnsafe(
    `UPDATE "Lookup" SET "parentId" = $3, "updatedAt" = now() WHERE provider = $1 AND "parentExternalId" = $2 AND "parentId" IS NULL`,
    provider,
    input.externalId,
    result.id,
  );
  return result;
}

/**
 * Enrolments keep a status history with the time each status began. Deliveries can arrive out of
 * order: every reported (status, time) pair is recorded once, and the current status follows the
 * newest snapshot. An advisory lock serialises deliveries for one enrolment.
 */
async function applyEnrolment(ctx: ApplyContext, input: EnrolmentInput, merchantIds: string[]) {
  const f = input.fields;
  const { provider } = ctx;
  const tx = requireModels(ctx);
  await lock(tx, `enrolment:${provider}:${input.externalId}`);
  const result = await orderSafeUpsert(tx, "Enrolment", { provider, externalId: input.externalId }, {
    ...common(ctx, input, null),
    service: { value: f.service, cast: '"EnrolmentService"' },
    providerType: plain(f.providerType),
    status: { value: f.status, cast: '"EnrolmentStatus"' },
    providerStatus: plain(f.providerStatus),
    note: plain(f.note),
    statusChangedAt: {
      value: input.statusChangedAt,
      cast: "timestamptz",
      onUpdate: { sql: (existing) => `CASE WHEN EXCLUDED."status" IS DISTINCT FROM "Enrolment"."status" THEN EXCLUDED."statusChangedAt" ELSE ${existing} END` },
    },
  });
  const history = await tx.enrolmentStatusChange.findMany({
    where: { enrolmentId: result.id },
    select: { toStatus: true, changedAt: true },
    orderBy: { changedAt: "asc" },
  });
  const at = input.statusChangedAt.getTime();
  const before = history.filter((h) => h.changedAt.getTime() <= at);
  const latestBefore = before[before.length - 1];
  if (latestBefore?.toStatus !== f.status) {
    await tx.enrolmentStatusChange.create({
      data: {
        id: uuidv7(),
        enrolmentId: result.id,
        fromStatus: latestBefore?.toStatus ?? null,
        toStatus: f.status,
        providerStatus: f.providerStatus,
        changedAt: input.statusChangedAt,
        webhookEventId: ctx.webhookEventId,
      },
    });
  }
  if (merchantIds.length) {
    await tx.enrolmentMerchant.createMany({ data: merchantIds.map((merchantId) => ({ enrolmentId: result.id, merchantId })), skipDuplicates: true });
  }
  return result;
}

function requireModels(ctx: ApplyContext): DbClient {
  if (!ctx.models) throw new Error("This delivery needs the Prisma transaction (see needsModels in lib/ingest/pipeline.ts).");
  return ctx.models;
}

/** Whether applying these inputs needs the Prisma transaction: enrolments (status history, notifications) do. */
export function inputsNeedModels(inputs: readonly DomainInput[]): boolean {
  return inputs.some((input) => input.entity === "enrolment");
}

const SUBJECT = { alert: "Alert", representment: "Representment", schemeNotice: "SchemeNotice", lookup: "Lookup", enrolment: "Enrolment" } as const;

export async function applyInput(ctx: ApplyContext, input: DomainInput): Promise<Applied> {
  const merchantIds: string[] = [];
  for (const providerMerchantId of input.providerMerchantIds) {
    const merchantId = await resolveMerchant(ctx, providerMerchantId, input.providerOrganisationId);
    if (merchantId) merchantIds.push(merchantId);
  }
  const merchantId = merchantIds[0] ?? null;
  let result: UpsertResult;
  switch (input.entity) {
    case "alert":
    case "representment":
    case "schemeNotice": {
      const upsert = recordUpsert(ctx, input, merchantId);
      result = await orderSafeUpsert(ctx.tx, upsert.table, upsert.key, upsert.columns, upsert.partial, upsert.returning);
      break;
    }
    case "lookup":
      result = await applyLookup(ctx, input, merchantId);
      break;
    case "enrolment":
      result = await applyEnrolment(ctx, input, merchantIds);
      break;
  }
  // link the record to the merchant's payment (never over a confirmed match)
  if (input.entity !== "enrolment" && result.outcome !== "stale") {
    const ref = { type: SUBJECT[input.entity], id: result.id };
    await matchRecord(ctx.tx, ref, result.row ? matchState(ref, result.row) : undefined);
  }
  const changes = result.outcome === "stale" || input.partial ? null : (input.previousAttributes ?? diffObjects(result.previousData, input.providerData));
  const applied: Applied = { subjectType: SUBJECT[input.entity], subjectId: result.id, outcome: result.outcome, changes };
  // rules and notifications for what is new (same transaction)
  await followUpApplied(ctx.tx, applied, input, ctx.organisationId, ctx.models);
  return applied;
}
