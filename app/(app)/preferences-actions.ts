"use server";

import { z } from "zod";
import { authorize } from "@/lib/auth/viewer";
import { saveTablePreference, TABLE_IDS } from "@/lib/domain/preferences/tables";
import { PAGE_SIZES } from "@/lib/domain/list-params";
import { isAppError } from "@/lib/errors";

const inputSchema = z.object({
  table: z.enum(TABLE_IDS),
  columns: z.record(z.string().max(40), z.boolean()).refine((c) => Object.keys(c).length <= 40),
  pageSize: z.union([z.literal(PAGE_SIZES[0]), z.literal(PAGE_SIZES[1]), z.literal(PAGE_SIZES[2])]).optional(),
});

/** Remembers a user's column choices and page size for one table (UserPreference). */
export async function saveTablePreferenceAction(input: z.input<typeof inputSchema>): Promise<{ ok: boolean }> {
  try {
    const { viewer } = await authorize("records.read");
    const data = inputSchema.parse(input);
    await saveTablePreference(viewer.id, data.table, { columns: data.columns, pageSize: data.pageSize });
    return { ok: true };
  } catch (error) {
    if (isAppError(error) || error instanceof z.ZodError) return { ok: false };
    throw error;
  }
}
