import { z } from "zod";

export const requestOutcomeSchema = z.object({
  alertId: z.string().min(1).max(64),
  outcome: z.string().min(1, "Choose an outcome.").max(40),
  note: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(500, "Use at most 500 characters.").optional()),
  orderId: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(120).optional()),
  /** a person's reason to send a refund the double-refund guard holds back */
  overrideReason: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(10, "Explain in at least 10 characters why this refund is right.").max(500).optional()),
  refundAmount: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().regex(/^\d{1,12}(\.\d{1,3})?$/, "Enter an amount like 12.50.").optional()),
});
export type RequestOutcomeInput = z.input<typeof requestOutcomeSchema>;
