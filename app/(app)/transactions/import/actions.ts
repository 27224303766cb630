"use server";

import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { defineAction, type ActionState } from "@/lib/action";
import { authorize, requestActor } from "@/lib/auth/viewer";
import { appendImportChunk, createImportDraft, createImportSchema, startImport } from "@/lib/domain/imports/commands";
import { isAppError } from "@/lib/errors";
import { errorFields, logger } from "@/lib/logger";

/** Step 1: a draft import for the chosen organisation; the file follows in pieces. */
export const createImportDraftAction = defineAction({ permission: "transactions.manage", schema: createImportSchema }, async ({ viewer, scope, input }) => {
  const draft = await createImportDraft(scope, input, await requestActor(viewer));
  return { ok: true, data: { importId: draft.id } };
});

/**
 * One piece of the file (≤ 1 MiB, in order). Not through defineAction: the piece is a Blob,
 * which the wrapper's FormData parsing leaves out.
 */
export async function uploadImportChunkAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  try {
    const { scope } = await authorize("transactions.manage");
    const importId = formData.get("importId");
    const offset = Number(formData.get("offset"));
    const chunk = formData.get("chunk");
    if (typeof importId !== "string" || !(chunk instanceof Blob)) return { ok: false, message: "Invalid upload." };
    const { size } = await appendImportChunk(scope, { importId, offset, bytes: new Uint8Array(await chunk.arrayBuffer()) });
    return { ok: true, data: { size: String(size) } };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) return { ok: false, message: error.userMessage };
    logger.error("action.failed", errorFields(error));
    return { ok: false, message: "Something went wrong. The error was logged; try again." };
  }
}

const startSchema = z.object({
  importId: z.string().min(1).max(64),
  mapping: z.string().max(20_000).transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === "object" && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "Invalid mapping." });
    return z.NEVER;
  }),
});

/** Step 3: "Import": stores the mapping and starts the background job. */
export const startImportAction = defineAction({ permission: "transactions.manage", schema: startSchema }, async ({ viewer, scope, input }) => {
  const started = await startImport(scope, input, await requestActor(viewer));
  revalidatePath(`/transactions/import/${started.id}`);
  return { ok: true, message: `Importing ${started.totalRows.toLocaleString("en")} rows.` };
});
