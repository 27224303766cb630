import { db as defaultDb, type Db } from "@/lib/db";
import { applyRulesToAlert } from "@/lib/domain/rules/automatic";
import { notifyAlertActionRequired } from "@/lib/notifications/notify";

/**
 * A new alert waiting for a decision (job `alerts.arrived`): the organisation's auto-response
 * rules first; whatever still waits afterwards is announced to the people who follow it.
 */
export async function alertArrived(alertId: string, db: Db = defaultDb as Db): Promise<void> {
  await applyRulesToAlert(alertId, db);
  // nothing is sent about an alert a rule has answered (notifyAlertActionRequired checks the state)
  await db.$transaction((tx) => notifyAlertActionRequired(tx, alertId));
}
