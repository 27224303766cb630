import type { Db, DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";
import { AppError } from "@/lib/errors";
import type { MatchRule as DbMatchRule } from "@/lib/generated/prisma/enums";
import { notifyChange } from "@/lib/live/notify";
import { loadRecord, writeMatch, type RecordMatchState, type RecordRef } from "./records";

/** A new transaction on the top-level client, or the caller's when it already is one. */
export async function inTransaction<T>(client: DbClient, fn: (tx: DbClient) => Promise<T>): Promise<T> {
  const top = client as DbClient & { $transaction?: Db["$transaction"] };
  if (typeof top.$transaction === "function") return (top as Db).$transaction((tx) => fn(tx));
  return fn(client);
}

const LABEL: Record<RecordRef["type"], string> = { Alert: "Alert", Lookup: "Lookup", SchemeNotice: "Scheme notice", Representment: "Dispute" };

/** The record, if the scope reaches it (404 otherwise), locked for the change. */
async function recordInScope(tx: DbClient, scope: AccessScope, ref: RecordRef): Promise<RecordMatchState & { organisationId: string }> {
  const where = { AND: [scopedWhere(scope), { id: ref.id }] };
  const visible =
    ref.type === "Alert"
      ? await tx.alert.findFirst({ where, select: { id: true } })
      : ref.type === "Lookup"
        ? await tx.lookup.findFirst({ where, select: { id: true } })
        : ref.type === "SchemeNotice"
          ? await tx.schemeNotice.findFirst({ where, select: { id: true } })
          : await tx.representment.findFirst({ where, select: { id: true } });
  if (!visible) throw new AppError("NOT_FOUND", { userMessage: `${LABEL[ref.type]} not found.` });
  await tx.$executeRawUnsafe(`SELECT 1 FROM "${ref.type}" WHERE id = $1 FOR UPDATE`, ref.id);
  const record = await loadRecord(tx, ref);
  if (!record) throw new AppError("NOT_FOUND", { userMessage: `${LABEL[ref.type]} not found.` });
  if (!record.organisationId) throw new AppError("CONFLICT", { userMessage: "Assign this record to an organisation before matching it to a payment." });
  return record as RecordMatchState & { organisationId: string };
}

const snapshot = (r: { transactionId: string | null; matchRule: DbMatchRule | null; matchConfidence: number | null; matchConfirmed: boolean }) => ({
  transactionId: r.transactionId,
  matchRule: r.matchRule,
  matchConfidence: r.matchConfidence,
  matchConfirmed: r.matchConfirmed,
});

async function finish(tx: DbClient, ref: RecordRef, record: RecordMatchState & { organisationId: string }, after: ReturnType<typeof snapshot>, action: string, actor: AuditActor) {
  await writeMatch(tx, ref, after, { overrideConfirmed: true });
  await recordAudit({ actor, action, targetType: ref.type, targetId: ref.id, organisationId: record.organisationId, before: snapshot(record), after }, tx);
  await notifyChange(tx, { type: ref.type, id: ref.id, organisationId: record.organisationId });
  return after;
}

/** A person agrees with the automatic match: automatic matching leaves it alone from now on. */
export async function confirmMatch(scope: AccessScope, ref: RecordRef, actor: AuditActor, client: DbClient = defaultDb) {
  return inTransaction(client, async (tx) => {
    const record = await recordInScope(tx, scope, ref);
    if (!record.transactionId) throw new AppError("CONFLICT", { userMessage: "There is no payment to confirm. Choose one instead." });
    const after = { ...snapshot(record), matchRule: record.matchRule ?? "MANUAL", matchConfirmed: true };
    return finish(tx, ref, record, after, "match.confirm", actor);
  });
}

/**
 * A person links the record to another payment of its organisation, named by our id or the
 * merchant's order / transaction reference. The match is MANUAL, confidence 100, confirmed.
 */
export async function changeMatch(scope: AccessScope, ref: RecordRef, transaction: string, actor: AuditActor, client: DbClient = defaultDb) {
  const reference = transaction.trim();
  if (!reference) throw new AppError("VALIDATION", { userMessage: "Enter the order or transaction reference.", fieldErrors: { transaction: ["Enter the order or transaction reference."] } });
  return inTransaction(client, async (tx) => {
    const record = await recordInScope(tx, scope, ref);
    const found = await tx.transaction.findFirst({
      where: { organisationId: record.organisationId, OR: [{ id: reference }, { merchantReference: reference }] },
      select: { id: true },
    });
    if (!found) {
      throw new AppError("VALIDATION", {
        userMessage: "No payment of this organisation has that reference.",
        fieldErrors: { transaction: ["No payment of this organisation has that reference."] },
      });
    }
    const after = { transactionId: found.id, matchRule: "MANUAL" as const, matchConfidence: 100, matchConfirmed: true };
    return finish(tx, ref, record, after, "match.change", actor);
  });
}

/**
 * A person says the record has no payment (or not this one): the link is removed and stays
 * removed, because the empty match is confirmed and automatic matching skips confirmed records.
 */
export async function clearMatch(scope: AccessScope, ref: RecordRef, actor: AuditActor, client: DbClient = defaultDb) {
  return inTransaction(client, async (tx) => {
    const record = await recordInScope(tx, scope, ref);
    const after = { transactionId: null, matchRule: null, matchConfidence: null, matchConfirmed: true };
    return finish(tx, ref, record, after, "match.clear", actor);
  });
}
