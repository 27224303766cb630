"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime, formatMoney } from "@/lib/format";

type State = { ok: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined> };
type Action = (state: State, formData: FormData) => Promise<State>;

/** The record's match, as `getRecordMatch` (lib/matching/queries.ts) returns it. */
export type MatchCardMatch = {
  recordType: "Alert" | "Lookup" | "SchemeNotice" | "Representment";
  recordId: string;
  rule: "NETWORK_ID" | "ARN_CARD" | "AUTH_CODE_CARD" | "AMOUNT_DATE_DESCRIPTOR" | "MANUAL" | null;
  confidence: number | null;
  confirmed: boolean;
  transaction: {
    id: string;
    merchantReference: string;
    amountMinor: number;
    currency: string;
    authorisedAt: Date | string;
    cardLast4: string | null;
    descriptor: string | null;
    refundStatus: string | null;
  } | null;
};

const RULES: Record<NonNullable<MatchCardMatch["rule"]>, string> = {
  NETWORK_ID: "network transaction id",
  ARN_CARD: "ARN and card",
  AUTH_CODE_CARD: "auth code and card (±2 days)",
  AMOUNT_DATE_DESCRIPTOR: "amount, date and descriptor",
  MANUAL: "set by a person",
};

function Hidden({ match }: { match: MatchCardMatch }) {
  return (
    <>
      <input type="hidden" name="recordType" value={match.recordType} />
      <input type="hidden" name="recordId" value={match.recordId} />
    </>
  );
}

/**
 * The "Payment" card of a detail page: which of the merchant's payments this record belongs
 * to, how it was matched and how sure we are; with `canManage` (transactions.manage on the
 * record's organisation) buttons to confirm, change or remove the match. UI only: the match
 * and the server actions (app/(app)/transactions/match-actions.ts) come in as props.
 */
export function MatchCard({
  match,
  canManage,
  timeZone,
  actions,
}: {
  match: MatchCardMatch;
  canManage: boolean;
  timeZone: string;
  actions: { confirm: Action; change: Action; clear: Action };
}) {
  const [confirmState, confirm] = useActionState(actions.confirm, { ok: false });
  const [changeState, change] = useActionState(actions.change, { ok: false });
  const [clearState, clear] = useActionState(actions.clear, { ok: false });
  const t = match.transaction;
  const status = [confirmState, changeState, clearState].find((s) => s.message);
  return (
    <Card aria-labelledby="match-card-title" className="h-fit">
      <CardHeader
        id="match-card-title"
        title="Payment"
        description={t ? "The merchant's payment this record is about." : "No payment of the merchant is linked."}
        actions={t ? match.confirmed ? <Badge tone="success">Confirmed</Badge> : <Badge tone="info">Automatic</Badge> : match.confirmed ? <Badge tone="muted">No payment (confirmed)</Badge> : null}
      />
      <div className="flex flex-col gap-3 px-4 py-3 text-sm">
        {status ? <FormMessage state={status} /> : null}
        {t ? (
          <div>
            <Link href={`/transactions/${t.id}`} className="font-medium">
              {t.merchantReference}
            </Link>
            <p className="text-slate-700">
              {formatMoney(t.amountMinor, t.currency)} · {formatDateTime(t.authorisedAt, timeZone)}
              {t.cardLast4 ? ` · •• ${t.cardLast4}` : ""}
            </p>
            {t.descriptor ? <p className="text-xs text-slate-500">{t.descriptor}</p> : null}
            {t.refundStatus && !["NONE", "NOT_REFUNDED"].includes(t.refundStatus) ? <p className="text-xs font-medium text-amber-800">Refund status: {t.refundStatus.toLowerCase().replace(/_/g, " ")}</p> : null}
            {match.rule ? (
              <p className="mt-1 text-xs text-slate-500">
                Matched by {RULES[match.rule]}
                {match.rule !== "MANUAL" && match.confidence !== null ? `, confidence ${match.confidence}%` : ""}.
              </p>
            ) : null}
          </div>
        ) : null}
        {canManage ? (
          <div className="flex flex-col gap-2">
            {t ? (
              <div className="flex flex-wrap gap-2">
                {!match.confirmed ? (
                  <form action={confirm}>
                    <Hidden match={match} />
                    <SubmitButton variant="secondary" pendingLabel="Confirming…">
                      Confirm match
                    </SubmitButton>
                  </form>
                ) : null}
                <form action={clear}>
                  <Hidden match={match} />
                  <SubmitButton variant="secondary" pendingLabel="Unlinking…">
                    Not this payment
                  </SubmitButton>
                </form>
              </div>
            ) : null}
            <form action={change} className="flex flex-wrap items-end gap-2">
              <Hidden match={match} />
              <div className="flex flex-col gap-0.5">
                <label htmlFor={`match-${match.recordId}`} className="text-xs font-medium text-slate-600">
                  {t ? "Link another payment" : "Link a payment"}
                </label>
                <input
                  id={`match-${match.recordId}`}
                  name="transaction"
                  placeholder="Order / reference"
                  className="w-48 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                  aria-invalid={changeState.fieldErrors?.transaction ? true : undefined}
                />
              </div>
              <SubmitButton variant="secondary" pendingLabel="Linking…">
                Link
              </SubmitButton>
              {changeState.fieldErrors?.transaction ? <p className="w-full text-xs font-medium text-red-700">{changeState.fieldErrors.transaction.join(" ")}</p> : null}
            </form>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
