import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import type { EnrolmentService, EnrolmentStatus } from "@/lib/generated/prisma/enums";
import { idParam, multi, oneOf, type RawParams } from "@/lib/domain/list-params";
import type { AccessScope } from "@/lib/domain/scope";
import { scopeClause, Sql } from "@/lib/domain/sql";

export const ENROLMENT_STATUSES = ["REQUESTED", "IN_PROGRESS", "ENABLED", "FAILED", "UNENROLLED"] as const satisfies readonly EnrolmentStatus[];
export const ENROLMENT_SERVICES = ["ETHOCA", "RDR", "CDRN", "ORDER_INSIGHT", "CONSUMER_CLARITY", "OTHER"] as const satisfies readonly EnrolmentService[];
/** Statuses that are still waiting on someone (stuck when they last too long). */
export const WAITING_STATUSES: readonly EnrolmentStatus[] = ["REQUESTED", "IN_PROGRESS"];

export type BoardQuery = { services: EnrolmentService[]; providers: string[]; organisationId?: string; stuckOnly: boolean };

export function parseBoardParams(params: RawParams, providers: readonly string[]): BoardQuery {
  return {
    services: multi(params, "service", ENROLMENT_SERVICES),
    providers: multi(params, "provider", providers),
    organisationId: idParam(params, "org"),
    stuckOnly: oneOf(params, "stuck", ["1"]) === "1",
  };
}

/** The instant `days` working days (Mon–Fri, UTC) before `now`: waiting since before it is "stuck". */
export function workingDaysBefore(now: Date, days: number): Date {
  const date = new Date(now);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() - 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date;
}

export type BoardCard = {
  id: string;
  organisationId: string | null;
  organisationName: string | null;
  provider: string;
  service: EnrolmentService;
  providerType: string;
  status: EnrolmentStatus;
  statusChangedAt: Date;
  merchantNames: string[];
  stuck: boolean;
};

export type BoardColumn = { status: EnrolmentStatus; total: number; stuck: number; cards: BoardCard[] };
export type ServiceProgress = { service: EnrolmentService; requested: number; enrolled: number };

const CARDS_PER_COLUMN = 60;

function conditions(sql: Sql, scope: AccessScope, query: BoardQuery, stuckBefore: Date): string[] {
  const parts = [scopeClause(sql, scope, `e."organisationId"`)];
  if (query.organisationId) parts.push(`e."organisationId" = ${sql.param(query.organisationId)}`);
  if (query.services.length) parts.push(`e.service = ANY(${sql.param(query.services, `"EnrolmentService"[]`)})`);
  if (query.providers.length) parts.push(`e.provider = ANY(${sql.param(query.providers, "text[]")})`);
  if (query.stuckOnly) parts.push(`e.status IN ('REQUESTED','IN_PROGRESS') AND e."statusChangedAt" < ${sql.param(stuckBefore, "timestamptz")}`);
  return parts;
}

/**
 * The enrolment board: one column per status, longest-waiting first, with totals and how many are
 * stuck (waiting longer than `stuckWorkingDays` working days).
 */
export async function getEnrolmentBoard(
  scope: AccessScope,
  query: BoardQuery,
  options: { now: Date; stuckWorkingDays: number },
  tx: DbClient = defaultDb,
): Promise<{ columns: BoardColumn[]; progress: ServiceProgress[]; stuckBefore: Date }> {
  const stuckBefore = workingDaysBefore(options.now, options.stuckWorkingDays);
  const columns = await Promise.all(
    ENROLMENT_STATUSES.map(async (status): Promise<BoardColumn> => {
      const sql = new Sql();
      const where = [...conditions(sql, scope, query, stuckBefore), `e.status = ${sql.param(status, `"EnrolmentStatus"`)}`].join(" AND ");
      const stuckParam = sql.param(stuckBefore, "timestamptz");
      const [cards, totals] = await Promise.all([
        tx.$queryRawUnsafe<BoardCard[]>(
          `SELECT e.id, e."organisationId", o.name AS "organisationName", e.provider, e.service, e."providerType", e.status, e."statusChangedAt",
                  coalesce((SELECT array_agg(m.name ORDER BY m.name) FROM "EnrolmentMerchant" em JOIN "Merchant" m ON m.id = em."merchantId" WHERE em."enrolmentId" = e.id), '{}') AS "merchantNames",
                  (e.status IN ('REQUESTED','IN_PROGRESS') AND e."statusChangedAt" < ${stuckParam}) AS stuck
             FROM "Enrolment" e LEFT JOIN "Organisation" o ON o.id = e."organisationId"
            WHERE ${where}
            ORDER BY e."statusChangedAt" ASC, e.id ASC
            LIMIT ${CARDS_PER_COLUMN}`,
          ...sql.params,
        ),
        tx.$queryRawUnsafe<{ total: number; stuck: number }[]>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE e.status IN ('REQUESTED','IN_PROGRESS') AND e."statusChangedAt" < ${stuckParam})::int AS stuck
             FROM "Enrolment" e WHERE ${where}`,
          ...sql.params,
        ),
      ]);
      return { status, total: totals[0]?.total ?? 0, stuck: totals[0]?.stuck ?? 0, cards };
    }),
  );
  const sql = new Sql();
  const progress = await tx.$queryRawUnsafe<ServiceProgress[]>(
    `SELECT e.service, count(DISTINCT em."merchantId")::int AS requested,
            count(DISTINCT em."merchantId") FILTER (WHERE e.status = 'ENABLED')::int AS enrolled
       FROM "Enrolment" e JOIN "EnrolmentMerchant" em ON em."enrolmentId" = e.id
      WHERE ${conditions(sql, scope, { ...query, stuckOnly: false }, stuckBefore).join(" AND ")}
      GROUP BY e.service ORDER BY e.service`,
    ...sql.params,
  );
  return { columns, progress, stuckBefore };
}
