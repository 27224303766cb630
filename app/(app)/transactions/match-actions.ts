"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { requestActor } from "@/lib/auth/viewer";
import { changeMatch, clearMatch, confirmMatch } from "@/lib/matching/commands";
import { MATCHABLE_TYPES, type RecordRef } from "@/lib/matching/records";

/**
 * Server actions of the "Payment" card (components/disputes/match-card.tsx), for the detail
 * pages of alerts, lookups, scheme notices and representments. Each form posts `recordType`
 * (Alert | Lookup | SchemeNotice | Representment) and `recordId`; "change" also `transaction`
 * (an order reference or our payment id). Permission: transactions.manage on the record's
 * organisation (others get "not found"); every change is audited with before and after.
 */
const refSchema = z.object({ recordType: z.enum(MATCHABLE_TYPES), recordId: z.string().min(1).max(64) });
const changeSchema = refSchema.extend({ transaction: z.string().trim().min(1, "Enter the order or transaction reference.").max(200) });

const DETAIL: Record<RecordRef["type"], string> = { Alert: "/alerts", Lookup: "/lookups", SchemeNotice: "/scheme-notices", Representment: "/representments" };

function refresh(ref: { recordType: RecordRef["type"]; recordId: string }, transactionIds: (string | null | undefined)[]) {
  revalidatePath(`${DETAIL[ref.recordType]}/${ref.recordId}`);
  for (const id of transactionIds) if (id) revalidatePath(`/transactions/${id}`);
}

export const confirmMatchAction = defineAction({ permission: "transactions.manage", schema: refSchema }, async ({ viewer, scope, input }) => {
  const after = await confirmMatch(scope, { type: input.recordType, id: input.recordId }, await requestActor(viewer));
  refresh(input, [after.transactionId]);
  return { ok: true, message: "Match confirmed. Automatic matching will leave it alone." };
});

export const changeMatchAction = defineAction({ permission: "transactions.manage", schema: changeSchema }, async ({ viewer, scope, input }) => {
  const after = await changeMatch(scope, { type: input.recordType, id: input.recordId }, input.transaction, await requestActor(viewer));
  refresh(input, [after.transactionId]);
  return { ok: true, message: "Linked to the payment." };
});

export const clearMatchAction = defineAction({ permission: "transactions.manage", schema: refSchema }, async ({ viewer, scope, input }) => {
  await clearMatch(scope, { type: input.recordType, id: input.recordId }, await requestActor(viewer));
  refresh(input, []);
  return { ok: true, message: "Unlinked. Automatic matching will not link it again." };
});
