import { MatchCard } from "@/components/disputes/match-card";
import { can, type Viewer } from "@/lib/auth/access";
import type { AccessScope } from "@/lib/domain/scope";
import { getRecordMatch } from "@/lib/matching/queries";
import type { RecordRef } from "@/lib/matching/records";
import { changeMatchAction, clearMatchAction, confirmMatchAction } from "./match-actions";

/** The "Payment" card of a record's detail page: the matched payment and, for those allowed, the controls. */
export async function PaymentCard({ viewer, scope, record }: { viewer: Viewer; scope: AccessScope; record: RecordRef }) {
  const match = await getRecordMatch(scope, record);
  if (!match) return null;
  return (
    <MatchCard
      match={match}
      canManage={can(viewer, "transactions.manage", match.organisationId)}
      timeZone={viewer.timeZone}
      actions={{ confirm: confirmMatchAction, change: changeMatchAction, clear: clearMatchAction }}
    />
  );
}
