import { db as defaultDb, type Db } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";
import { AppError } from "@/lib/errors";
import { applyInput } from "@/lib/ingest/apply";
import { notifyChange } from "@/lib/live/notify";
import { getProvider } from "@/lib/providers/registry";
import type { EnrolmentService } from "@/lib/providers/types";
import { apiContextFor } from "./api-context";

/**
 * Asks a provider to enrol merchants in a service (ChargebackStop POST /v2/enrolments,
 * Chargebackhit MID batch). The resulting enrolments are stored like webhook snapshots.
 */
export async function requestEnrolment(
  scope: AccessScope,
  input: { connectionId: string; service: EnrolmentService; merchantIds: string[] },
  actor: AuditActor,
  options: { db?: Db; fetch?: typeof fetch } = {},
) {
  const db = options.db ?? (defaultDb as Db);
  const connection = await db.connection.findFirst({
    where: { id: input.connectionId, organisation: scopedOrganisationWhere(scope) },
    select: { id: true, provider: true, organisationId: true, status: true },
  });
  if (!connection) throw new AppError("NOT_FOUND", { userMessage: "Connection not found." });
  if (connection.status !== "ACTIVE") throw new AppError("CONFLICT", { userMessage: "The connection is disabled." });
  const provider = getProvider(connection.provider);
  if (!provider?.api?.requestEnrolment || !provider.api.enrolmentServices.includes(input.service)) {
    throw new AppError("VALIDATION", { userMessage: `${provider?.label ?? connection.provider} cannot enrol merchants in this service from Recourse.`, fieldErrors: { service: ["Not offered by this provider."] } });
  }
  if (input.merchantIds.length === 0) throw new AppError("VALIDATION", { userMessage: "Choose at least one merchant.", fieldErrors: { merchantIds: ["Choose at least one merchant."] } });
  const merchants = await db.merchant.findMany({
    where: { id: { in: input.merchantIds }, organisationId: connection.organisationId ?? "__none__" },
    select: { id: true, name: true, descriptor: true, mid: true, caid: true, acquirerBin: true, mcc: true, providerIds: { where: { provider: connection.provider }, select: { externalId: true } } },
  });
  if (merchants.length !== new Set(input.merchantIds).size) throw new AppError("VALIDATION", { userMessage: "Choose merchants of the connection's organisation.", fieldErrors: { merchantIds: ["Unknown merchant."] } });

  const context = await apiContextFor(connection.id, { db, fetch: options.fetch });
  const result = await provider.api.requestEnrolment(context, {
    service: input.service,
    merchants: merchants.map((m) => ({ providerMerchantId: m.providerIds[0]?.externalId ?? null, descriptor: m.descriptor, mid: m.mid, caid: m.caid, acquirerBin: m.acquirerBin, mcc: m.mcc, name: m.name })),
  });
  if (result.kind === "rejected") throw new AppError("CONFLICT", { userMessage: `${provider.label} refused the request: ${result.message}` });
  if (result.kind === "retry") throw new AppError("UNAVAILABLE", { userMessage: `${provider.label} did not answer (${result.message}). Try again in a moment.` });
  return db.$transaction(async (tx) => {
    const ids: string[] = [];
    for (const enrolmentInput of result.inputs) {
      const applied = await applyInput({ tx, models: tx, provider: connection.provider, connectionId: connection.id, organisationId: connection.organisationId, webhookEventId: null }, enrolmentInput);
      ids.push(applied.subjectId);
      await tx.enrolmentMerchant.createMany({ data: merchants.map((m) => ({ enrolmentId: applied.subjectId, merchantId: m.id })), skipDuplicates: true });
    }
    await recordAudit(
      { actor, action: "enrolment.request", targetType: "Connection", targetId: connection.id, organisationId: connection.organisationId, after: { service: input.service, merchants: merchants.map((m) => m.name), enrolments: ids } },
      tx,
    );
    await notifyChange(tx, { type: "Enrolment", organisationId: connection.organisationId });
    return { enrolmentIds: ids };
  });
}
