import type { DbClient } from "@/lib/db";
import type { AlertForOutcome } from "@/lib/providers/types";

export const alertForOutcomeSelect = {
  id: true,
  organisationId: true,
  connectionId: true,
  provider: true,
  externalId: true,
  kind: true,
  status: true,
  providerStatus: true,
  providerOutcome: true,
  amountMinor: true,
  currency: true,
  merchantReference: true,
  providerData: true,
  deadlineAt: true,
} as const;

export type AlertOutcomeRow = {
  id: string;
  organisationId: string | null;
  connectionId: string | null;
  provider: string;
  externalId: string;
  kind: AlertForOutcome["kind"];
  status: AlertForOutcome["status"];
  providerStatus: string;
  providerOutcome: string | null;
  amountMinor: number | null;
  currency: string | null;
  merchantReference: string | null;
  providerData: unknown;
  deadlineAt: Date | null;
};

export function toAlertForOutcome(row: AlertOutcomeRow): AlertForOutcome {
  return {
    externalId: row.externalId,
    kind: row.kind,
    status: row.status,
    providerStatus: row.providerStatus,
    providerOutcome: row.providerOutcome,
    amountMinor: row.amountMinor,
    currency: row.currency,
    merchantReference: row.merchantReference,
    providerData: (row.providerData ?? {}) as Record<string, unknown>,
  };
}

export async function loadAlertForOutcome(tx: DbClient, where: object): Promise<AlertOutcomeRow | null> {
  return (await tx.alert.findFirst({ where, select: alertForOutcomeSelect })) as AlertOutcomeRow | null;
}
