import type { DbClient } from "@/lib/db";

/** The Postgres channel every app instance listens on for record changes. */
export const CHANGES_CHANNEL = "recourse_changes";

export type ChangeEvent = {
  /** Alert | Representment | SchemeNotice | Lookup | Enrolment | WebhookEvent | OutcomeSubmission */
  type: string;
  id?: string;
  /** null: an unassigned row (visible to ADMIN and OPS only) */
  organisationId: string | null;
  /** several organisations at once (bulk changes such as the expiry sweep) */
  organisationIds?: string[];
};

/**
 * Announces a change. Call it inside the transaction that makes the change: Postgres delivers
 * NOTIFY on commit only, so listeners never see changes that rolled back.
 */
export async function notifyChange(tx: DbClient, event: ChangeEvent): Promise<void> {
  await tx.$executeRawUnsafe("SELECT pg_notify($1, $2)", CHANGES_CHANNEL, changePayload(event));
}

/** The NOTIFY payload of a change (Postgres caps payloads at 8,000 bytes). */
export function changePayload(event: ChangeEvent): string {
  return JSON.stringify(event).slice(0, 7_900);
}
