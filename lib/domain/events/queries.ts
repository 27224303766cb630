import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { WebhookEventStatus } from "@/lib/generated/prisma/enums";
import { pageWindow, scopeAndOrganisation, type ListOptions, type ListResult } from "@/lib/domain/list";
import { scopedWhere, type AccessScope } from "@/lib/domain/scope";

export const eventListSelect = {
  id: true,
  organisationId: true,
  connectionId: true,
  provider: true,
  externalEventId: true,
  type: true,
  status: true,
  attempts: true,
  error: true,
  receivedAt: true,
  lastReceivedAt: true,
  subjectType: true,
  subjectId: true,
  organisation: { select: { id: true, name: true } },
  connection: { select: { id: true, label: true, provider: true } },
} satisfies Prisma.WebhookEventSelect;

export type EventListRow = Prisma.WebhookEventGetPayload<{ select: typeof eventListSelect }>;

export type EventFilters = {
  status?: WebhookEventStatus;
  /** exact type, or a prefix ending in "." / "*" (e.g. "alert.") */
  type?: string;
  provider?: string;
  connectionId?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
};

export async function listEvents(
  scope: AccessScope,
  options: ListOptions & EventFilters = {},
  tx: DbClient = defaultDb,
): Promise<ListResult<EventListRow>> {
  const { skip, take, page, perPage } = pageWindow(options);
  const type = options.type?.replace(/\*$/, "");
  const where: Prisma.WebhookEventWhereInput = {
    AND: [
      scopeAndOrganisation(scope, options.organisationId),
      options.status ? { status: options.status } : {},
      type ? (type.endsWith(".") ? { type: { startsWith: type } } : { type }) : {},
      options.provider ? { provider: options.provider } : {},
      options.connectionId ? { connectionId: options.connectionId } : {},
      options.receivedFrom || options.receivedTo ? { receivedAt: { gte: options.receivedFrom, lt: options.receivedTo } } : {},
    ],
  };
  const [rows, total] = await Promise.all([
    tx.webhookEvent.findMany({ where, select: eventListSelect, orderBy: [{ receivedAt: "desc" }, { id: "desc" }], skip, take }),
    tx.webhookEvent.count({ where }),
  ]);
  return { rows, total, page, perPage };
}

export const eventDetailSelect = {
  ...eventListSelect,
  deliveryId: true,
  rawBody: true,
  headers: true,
  responseBody: true,
  changes: true,
  processedAt: true,
} satisfies Prisma.WebhookEventSelect;

export type EventDetail = Omit<Prisma.WebhookEventGetPayload<{ select: typeof eventDetailSelect }>, "rawBody"> & {
  /** the body as text (invalid UTF-8 replaced), pretty-printed when it is JSON */
  body: string;
  bodyBytes: number;
};

export async function getEventById(scope: AccessScope, id: string, tx: DbClient = defaultDb): Promise<EventDetail | null> {
  const event = await tx.webhookEvent.findFirst({ where: { AND: [scopedWhere(scope), { id }] }, select: eventDetailSelect });
  if (!event) return null;
  const { rawBody, ...rest } = event;
  return { ...rest, body: prettyBody(Buffer.from(rawBody)), bodyBytes: rawBody.length };
}

/** Pretty-prints JSON of reasonable depth; anything else is shown as decoded text. */
export function prettyBody(raw: Buffer): string {
  const text = raw.toString("utf8");
  if (raw.length > 512 * 1024) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Distinct event types seen within scope (filter options). */
export async function listEventTypes(scope: AccessScope, tx: DbClient = defaultDb): Promise<string[]> {
  const rows = await tx.webhookEvent.findMany({ where: scopeAndOrganisation(scope), distinct: ["type"], select: { type: true }, orderBy: { type: "asc" }, take: 200 });
  return rows.map((r) => r.type);
}
