import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import { PAGE_SIZES, type PageSize } from "@/lib/domain/list-params";

/** A user's choices for one table: hidden columns and page size. */
export const tablePreferenceSchema = z.object({
  columns: z.record(z.string().max(40), z.boolean()).default({}),
  pageSize: z.union(PAGE_SIZES.map((n) => z.literal(n)) as unknown as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]).optional(),
});
export type TablePreference = { columns: Record<string, boolean>; pageSize?: PageSize };

export const TABLE_IDS = ["alerts", "representments", "scheme-notices", "lookups", "events", "enrolments"] as const;
export type TableId = (typeof TABLE_IDS)[number];

export async function getTablePreference(userId: string, table: TableId, tx: DbClient = defaultDb): Promise<TablePreference> {
  const row = await tx.userPreference.findUnique({ where: { userId }, select: { tables: true } });
  const parsed = tablePreferenceSchema.safeParse((row?.tables as Record<string, unknown> | undefined)?.[table] ?? {});
  return parsed.success ? parsed.data : { columns: {} };
}

export async function saveTablePreference(userId: string, table: TableId, preference: TablePreference, tx: DbClient = defaultDb): Promise<void> {
  const value = tablePreferenceSchema.parse(preference);
  const row = await tx.userPreference.findUnique({ where: { userId }, select: { tables: true } });
  const tables = { ...((row?.tables as Record<string, unknown> | undefined) ?? {}), [table]: value } as Prisma.InputJsonValue;
  await tx.userPreference.upsert({ where: { userId }, create: { userId, tables }, update: { tables } });
}
