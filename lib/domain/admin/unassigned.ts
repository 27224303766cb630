import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { PROVIDER_ORG_ID_PATTERN } from "@/lib/domain/organisations/schemas";
import { uniqueViolationFields } from "@/lib/domain/prisma-errors";
import type { AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import { assertGlobalScope } from "./scope";
import { withTransaction } from "./transaction";

/**
 * Rows a partner connection could not route ("unassigned": organisationId IS NULL) carry the
 * provider organisation id their payload named. Setting that id on an organisation attaches them.
 */
export const UNASSIGNED_KINDS = [
  { key: "alerts", table: "Alert", label: "Alerts", one: "alert", at: "createdAt" },
  { key: "representments", table: "Representment", label: "Representments", one: "representment", at: "createdAt" },
  { key: "notices", table: "SchemeNotice", label: "Scheme notices", one: "scheme notice", at: "createdAt" },
  { key: "lookups", table: "Lookup", label: "Lookups", one: "lookup", at: "createdAt" },
  { key: "enrolments", table: "Enrolment", label: "Enrolments", one: "enrolment", at: "createdAt" },
  { key: "merchants", table: "Merchant", label: "Merchants", one: "merchant", at: "createdAt" },
  { key: "deliveries", table: "WebhookEvent", label: "Deliveries", one: "delivery", at: "receivedAt" },
] as const;

export type UnassignedKind = (typeof UNASSIGNED_KINDS)[number]["key"];
export type UnassignedCounts = Record<UnassignedKind, number>;

const emptyCounts = (): UnassignedCounts => ({ alerts: 0, representments: 0, notices: 0, lookups: 0, enrolments: 0, merchants: 0, deliveries: 0 });

export const providerOrgIdSchema = z
  .string()
  .trim()
  .min(1, "Enter the provider organisation id.")
  .max(120, "Use at most 120 characters.")
  .regex(PROVIDER_ORG_ID_PATTERN, "Use letters, digits, _ . : and - only (for example org_2fXk…).");

/**
 * Gives every unassigned row that names `providerOrgId` to the organisation. Runs in the caller's
 * transaction (one statement per table); returns how many rows of each kind were attached.
 */
export async function attachUnassignedRows(tx: DbClient, organisationId: string, providerOrgId: string): Promise<UnassignedCounts> {
  const counts = emptyCounts();
  for (const kind of UNASSIGNED_KINDS) {
    const touch = kind.table === "WebhookEvent" ? "" : `, "updatedAt" = now()`;
    counts[kind.key] = await tx.$executeRawUnsafe(
      `UPDATE "${kind.table}" SET "organisationId" = $1${touch} WHERE "organisationId" IS NULL AND "providerOrganisationId" = $2`,
      organisationId,
      providerOrgId,
    );
  }
  // outcomes an admin sent for an alert while it was unassigned follow their alert
  await tx.$executeRawUnsafe(
    `UPDATE "OutcomeSubmission" s SET "organisationId" = $1 FROM "Alert" a
      WHERE s."alertId" = a.id AND s."organisationId" IS NULL AND a."organisationId" = $1 AND a."providerOrganisationId" = $2`,
    organisationId,
    providerOrgId,
  );
  return counts;
}

export type UnassignedGroup = {
  providerOrgId: string;
  counts: UnassignedCounts;
  total: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** the organisation that already has this id (rows that arrived while it was being set) */
  organisation: { id: string; name: string } | null;
};

/** Unassigned rows grouped by provider organisation id, newest activity first. Needs an unassigned scope. */
export async function listUnassignedGroups(scope: AccessScope, tx: DbClient = defaultDb): Promise<UnassignedGroup[]> {
  if (scope?.kind !== "all" || !scope.includeUnassigned) return [];
  const union = UNASSIGNED_KINDS.map(
    (k) => `SELECT '${k.key}' AS kind, "providerOrganisationId" AS pid, "${k.at}" AS at FROM "${k.table}" WHERE "organisationId" IS NULL AND "providerOrganisationId" IS NOT NULL`,
  ).join("\nUNION ALL\n");
  const rows = await tx.$queryRawUnsafe<{ pid: string; kind: UnassignedKind; n: number; first: Date; last: Date }[]>(
    `SELECT pid, kind, count(*)::int AS n, min(at) AS first, max(at) AS last FROM (${union}) AS u GROUP BY pid, kind`,
  );
  const groups = new Map<string, UnassignedGroup>();
  for (const row of rows) {
    const group = groups.get(row.pid) ?? { providerOrgId: row.pid, counts: emptyCounts(), total: 0, firstSeenAt: row.first, lastSeenAt: row.last, organisation: null };
    group.counts[row.kind] = row.n;
    group.total += row.n;
    if (row.first < group.firstSeenAt) group.firstSeenAt = row.first;
    if (row.last > group.lastSeenAt) group.lastSeenAt = row.last;
    groups.set(row.pid, group);
  }
  if (groups.size) {
    const owners = await tx.organisation.findMany({ where: { providerOrgId: { in: [...groups.keys()] } }, select: { id: true, name: true, providerOrgId: true } });
    for (const owner of owners) groups.get(owner.providerOrgId!)!.organisation = { id: owner.id, name: owner.name };
  }
  return [...groups.values()].sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime() || a.providerOrgId.localeCompare(b.providerOrgId));
}

/** How many unassigned rows name `providerOrgId` (the organisation page shows it before attaching). */
export async function countUnassignedFor(scope: AccessScope, providerOrgId: string, tx: DbClient = defaultDb): Promise<number> {
  if (scope?.kind !== "all" || !scope.includeUnassigned) return 0;
  const union = UNASSIGNED_KINDS.map((k) => `SELECT count(*)::int AS n FROM "${k.table}" WHERE "organisationId" IS NULL AND "providerOrganisationId" = $1`).join(" UNION ALL ");
  const rows = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT coalesce(sum(n), 0)::int AS n FROM (${union}) AS c`, providerOrgId);
  return rows[0]?.n ?? 0;
}

export const attachUnassignedSchema = z.object({
  providerOrgId: providerOrgIdSchema,
  organisationId: z.string().trim().min(1, "Choose an organisation."),
});
export type AttachUnassignedInput = z.input<typeof attachUnassignedSchema>;

/**
 * One step from /admin/unassigned: the chosen organisation takes the provider organisation id when
 * it has none (or already has this one), and every unassigned row naming it is attached, in one
 * transaction with one audit row carrying the counts. An organisation with a different id, or an
 * id another organisation holds, is refused and nothing changes.
 */
export async function attachUnassignedToOrganisation(scope: AccessScope, input: AttachUnassignedInput, actor: AuditActor, db: DbClient = defaultDb) {
  assertGlobalScope(scope, { unassigned: true });
  const data = parseInput(attachUnassignedSchema, input);
  try {
    return await withTransaction(db, async (tx) => {
      const [org] = await tx.$queryRawUnsafe<{ id: string; name: string; providerOrgId: string | null }[]>(
        `SELECT id, name, "providerOrgId" FROM "Organisation" WHERE id = $1 FOR UPDATE`,
        data.organisationId,
      );
      if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found.", fieldErrors: { organisationId: ["Organisation not found."] } });
      if (org.providerOrgId && org.providerOrgId !== data.providerOrgId) {
        const message = `${org.name} already has the provider organisation id ${org.providerOrgId}. Choose another organisation, or change its id on the organisation page.`;
        throw new AppError("CONFLICT", { userMessage: message, fieldErrors: { organisationId: [message] } });
      }
      const owner = await tx.organisation.findFirst({ where: { providerOrgId: data.providerOrgId, id: { not: org.id } }, select: { name: true } });
      if (owner) {
        const message = `${data.providerOrgId} belongs to ${owner.name}: attach the rows to that organisation.`;
        throw new AppError("CONFLICT", { userMessage: message, fieldErrors: { organisationId: [message] } });
      }
      if (!org.providerOrgId) await tx.organisation.update({ where: { id: org.id }, data: { providerOrgId: data.providerOrgId } });
      const attached = await attachUnassignedRows(tx, org.id, data.providerOrgId);
      await recordAudit(
        {
          actor,
          action: "unassigned.attach",
          targetType: "Organisation",
          targetId: org.id,
          organisationId: org.id,
          before: { providerOrgId: org.providerOrgId },
          after: { providerOrgId: data.providerOrgId, attached },
        },
        tx,
      );
      return { organisationId: org.id, organisationName: org.name, providerOrgIdSet: !org.providerOrgId, attached };
    });
  } catch (error) {
    if (uniqueViolationFields(error)) {
      const message = "Another organisation took that provider organisation id meanwhile. Reload and try again.";
      throw new AppError("CONFLICT", { userMessage: message, fieldErrors: { organisationId: [message] } });
    }
    throw error;
  }
}

export function totalAttached(counts: UnassignedCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function describeAttached(counts: UnassignedCounts): string {
  const parts = UNASSIGNED_KINDS.filter((k) => counts[k.key] > 0).map((k) => `${counts[k.key].toLocaleString("en")} ${counts[k.key] === 1 ? k.one : k.label.toLowerCase()}`);
  return parts.length ? parts.join(", ") : "no rows";
}
