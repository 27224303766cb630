"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { requestActor } from "@/lib/auth/viewer";
import { requestEnrolment } from "@/lib/jobs/enrolments";

const schema = z.object({
  connectionId: z.string().min(1, "Choose a connection.").max(64),
  service: z.enum(["ETHOCA", "RDR", "CDRN", "ORDER_INSIGHT", "CONSUMER_CLARITY"], { message: "Choose a service." }),
  merchantIds: z.preprocess((v) => (Array.isArray(v) ? v : v ? [v] : []), z.array(z.string().max(64)).min(1, "Choose at least one merchant.")),
});

export const requestEnrolmentAction = defineAction({ permission: "enrolments.request", schema }, async ({ viewer, scope, input }) => {
  const result = await requestEnrolment(scope, input, await requestActor(viewer));
  redirect(result.enrolmentIds[0] ? `/enrolments/${result.enrolmentIds[0]}` : "/enrolments");
});
