"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { getActiveOrganisationId, requestActor } from "@/lib/auth/viewer";
import { alertIdsMatching, parseAlertListParams } from "@/lib/domain/alerts/list";
import { BULK_LIMIT, discardBulkRun, prepareBulkRun, startBulkRun } from "@/lib/domain/bulk/commands";
import { AppError } from "@/lib/errors";
import { providerIds } from "@/lib/providers/registry";

const ids = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().min(1).max(64)).max(BULK_LIMIT + 1));

/** Selected rows (or every alert matching the list's filter) + one outcome → a draft run to confirm. */
export const prepareBulkAction = defineAction(
  {
    permission: "outcomes.send",
    schema: z.object({
      intent: z.string().min(1, "Choose an outcome.").max(40),
      alertId: ids,
      all: z.enum(["1"]).optional(),
      filter: z.string().max(4000).optional(),
    }),
  },
  async ({ viewer, scope, input }) => {
    let alertIds = input.alertId;
    if (input.all) {
      const search = new URLSearchParams(input.filter ?? "");
      const params = Object.fromEntries([...new Set(search.keys())].map((key) => [key, search.getAll(key)]));
      const query = parseAlertListParams(params, { providers: providerIds(), defaultSize: 50 });
      const switcherOrg = await getActiveOrganisationId(viewer);
      if (switcherOrg && !query.organisationId) query.organisationId = switcherOrg;
      alertIds = await alertIdsMatching(scope, query, new Date(), BULK_LIMIT + 1);
      if (alertIds.length > BULK_LIMIT) {
        throw new AppError("VALIDATION", { userMessage: `More than ${BULK_LIMIT.toLocaleString("en")} alerts match. Narrow the filter, then try again.` });
      }
    }
    if (alertIds.length === 0) throw new AppError("VALIDATION", { userMessage: "Select at least one alert." });
    const run = await prepareBulkRun(scope, { intent: input.intent, alertIds }, await requestActor(viewer));
    redirect(`/alerts/bulk/${run.id}`);
  },
);

export const startBulkAction = defineAction(
  { permission: "outcomes.send", schema: z.object({ runId: z.string().min(1).max(64), note: z.string().trim().max(500, "Use at most 500 characters.").optional() }) },
  async ({ viewer, input }) => {
    await startBulkRun(input.runId, { note: input.note }, await requestActor(viewer));
    redirect(`/alerts/bulk/${input.runId}`);
  },
);

export const discardBulkAction = defineAction({ permission: "outcomes.send", schema: z.object({ runId: z.string().min(1).max(64) }) }, async ({ viewer, input }) => {
  await discardBulkRun(input.runId, await requestActor(viewer));
  redirect("/alerts");
});
