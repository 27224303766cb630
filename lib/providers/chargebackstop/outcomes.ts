/**
 * Alert outcomes sent back to ChargebackStop: PATCH /v1/alerts/{id} `{ action, note? }`
 * (digest §6.1). Only Ethoca alerts in ACTION_REQUIRED can be actioned; after a successful action
 * the alert is RESOLVED and final. Verifi RDR alerts are resolved by the network.
 *
 * `send` makes exactly one PATCH (the client never retries it): a timeout, or a connection lost
 * after the request was written, is `unknown` and the outbox must `reconcile` (GET the alert)
 * before any resend: the provider has no idempotency key (digest §7), and REFUND may refund the
 * payment through the merchant's processor integration.
 */
import { minorToDecimal } from "@/lib/money";
import {
  ChargebackStopApiError,
  clientFor,
  isAlertAction,
  type AlertAction,
  type ChargebackStopClientTuning,
} from "@/lib/providers/chargebackstop/client";
import { inputsFromApiObject } from "@/lib/providers/chargebackstop/synthetic";
import type {
  AlertForOutcome,
  DomainInput,
  OutcomeChoice,
  OutcomeField,
  OutcomeOffer,
  OutcomeRequest,
  OutcomeResult,
  ProviderOutcomes,
  ReconcileResult,
} from "@/lib/providers/types";

export const RDR_REASON = "Verifi RDR alerts are resolved by the network; there is nothing to send.";
export const NO_API_KEY_MESSAGE = "The connection has no API key";
/** Longest note we send (the outcome form allows 500 characters). */
export const MAX_NOTE_LENGTH = 500;

const NOTE_FIELD: OutcomeField = {
  name: "note",
  label: "Note",
  required: false,
  hint: "Stored with the alert in ChargebackStop.",
};

function token(value: string | null | undefined): string {
  return (value ?? "").trim().toUpperCase().replace(/[\s-]+/g, "_");
}

/** "66.06 USD", or a neutral phrase when the amount is unknown. */
export function amountText(amountMinor: number | null, currency: string | null): string {
  if (amountMinor === null || !currency) return "the transaction amount";
  const decimal = minorToDecimal(amountMinor, currency);
  return decimal === null ? "the transaction amount" : `${decimal} ${currency.trim().toUpperCase()}`;
}

export function choicesFor(alert: Pick<AlertForOutcome, "amountMinor" | "currency">): OutcomeChoice[] {
  const amount = amountText(alert.amountMinor, alert.currency);
  return [
    { intent: "refund", value: "REFUND", label: "Refund", consequence: `refund ${amount} and tell Ethoca`, refunds: true },
    { intent: "cancel", value: "CANCEL", label: "Cancel subscription", consequence: "tell Ethoca there was no refund and cancel the subscription", refunds: false },
    { intent: "refund_and_cancel", value: "REFUND_AND_CANCEL", label: "Refund and cancel", consequence: `refund ${amount}, cancel the subscription and tell Ethoca`, refunds: true },
    { intent: "no_refund", value: "ACCEPT_DISPUTE", label: "Accept the dispute", consequence: "no refund: let the dispute proceed as a chargeback", refunds: false },
  ];
}

/** Which outcomes may be sent for this alert now (pure). */
export function offer(alert: AlertForOutcome): OutcomeOffer {
  if (alert.kind === "RDR") return { ok: false, reason: RDR_REASON };
  if (alert.kind !== "ETHOCA") {
    return { ok: false, reason: `Only Ethoca alerts can be actioned through ChargebackStop; this is ${alert.kind === "CDRN" ? "a CDRN" : "another kind of"} alert.` };
  }
  switch (alert.status) {
    case "ACTION_REQUIRED":
      break;
    case "RESOLVED":
      return { ok: false, reason: "This alert is already resolved; ChargebackStop accepts one final action per alert." };
    case "INVALID":
      return { ok: false, reason: "ChargebackStop marked this alert invalid; there is nothing to send." };
    case "EXPIRED":
      return { ok: false, reason: "The deadline to act on this alert has passed; Ethoca no longer accepts an action." };
    case "AWAITING_PROVIDER":
      return { ok: false, reason: "An action was sent and ChargebackStop has not confirmed it yet." };
    default:
      return { ok: false, reason: "This alert cannot be actioned in its current status." };
  }
  if (token(alert.providerStatus) !== "ACTION_REQUIRED") {
    return { ok: false, reason: `ChargebackStop reports the status ${alert.providerStatus || "(none)"}; only ACTION_REQUIRED alerts can be actioned.` };
  }
  return { ok: true, choices: choicesFor(alert), fields: [NOTE_FIELD] };
}

function noteOf(request: OutcomeRequest): string | undefined {
  const note = request.note?.trim();
  return note ? note.slice(0, MAX_NOTE_LENGTH) : undefined;
}

function alertInputs(body: unknown, externalId: string, now: Date): DomainInput[] | undefined {
  if (body === null || typeof body !== "object" || (body as { id?: unknown }).id !== externalId) return undefined;
  const mapped = inputsFromApiObject("alert.updated", body, now);
  return mapped.ok ? mapped.value : undefined;
}

export type OutcomesOptions = ChargebackStopClientTuning;

/** The outcomes implementation; `tuning` lets tests shorten timeouts and skip sleeps. */
export function createOutcomes(tuning: OutcomesOptions = {}): ProviderOutcomes {
  return {
    refunding: ["REFUND", "REFUND_AND_CANCEL"],
    offer,

    async send(context, request): Promise<OutcomeResult> {
      if (!isAlertAction(request.outcome)) {
        return { kind: "rejected", status: 0, message: `Unknown ChargebackStop action "${request.outcome}".` };
      }
      if (request.alert.kind !== "ETHOCA") {
        return { kind: "rejected", status: 0, message: request.alert.kind === "RDR" ? RDR_REASON : "Only Ethoca alerts can be actioned through ChargebackStop." };
      }
      const apiKey = await context.secrets.get("api_key");
      if (!apiKey) return { kind: "rejected", status: 0, message: NO_API_KEY_MESSAGE };

      const action: AlertAction = request.outcome;
      const note = noteOf(request);
      const client = clientFor(context, apiKey, tuning);
      try {
        const answer = await client.updateAlert(request.alert.externalId, note === undefined ? { action } : { action, note });
        context.log("chargebackstop.outcome_sent", { alert: request.alert.externalId, action, status: answer.status });
        const inputs = alertInputs(answer.body, request.alert.externalId, context.now());
        return inputs ? { kind: "succeeded", response: answer.body, inputs } : { kind: "succeeded", response: answer.body };
      } catch (error) {
        return resultOfFailure(error);
      }
    },

    async reconcile(context, request): Promise<ReconcileResult> {
      const apiKey = await context.secrets.get("api_key");
      if (!apiKey) return { kind: "unknown", message: NO_API_KEY_MESSAGE };
      let alert: Record<string, unknown>;
      try {
        alert = await clientFor(context, apiKey, tuning).getAlert(request.alert.externalId);
      } catch (error) {
        return { kind: "unknown", message: error instanceof Error ? error.message : "The alert could not be read from ChargebackStop." };
      }
      const status = token(typeof alert.status === "string" ? alert.status : "");
      if (status === "ACTION_REQUIRED") return { kind: "not_applied" };
      if (status !== "RESOLVED") return { kind: "unknown", message: `ChargebackStop shows the alert as ${status || "(no status)"}; check it in ChargebackStop.` };

      const inputs = alertInputs(alert, request.alert.externalId, context.now());
      if (appliedAs(alert, request.outcome, noteOf(request))) return inputs ? { kind: "applied", inputs } : { kind: "applied" };
      // Resolved, but not the way our action would have left it (e.g. a merchant resolution rule
      // acted first). A resend would be refused (the status is final); a person should look.
      return {
        kind: "unknown",
        message: `ChargebackStop shows the alert resolved, but not as ${request.outcome} implies (refund outcome: ${text(alert.transaction_refund_outcome) ?? "none"}, cancel outcome: ${text(alert.subscription_cancel_outcome) ?? "none"}).`,
      };
    },
  };
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** Does a RESOLVED alert show the effects of `outcome` (or carry the note we sent)? */
export function appliedAs(alert: Record<string, unknown>, outcome: string, note: string | undefined): boolean {
  if (note !== undefined && text(alert.note) === note) return true;
  const refunded = text(alert.transaction_refund_outcome) !== null;
  const cancelled = text(alert.subscription_cancel_outcome) !== null;
  switch (outcome) {
    case "REFUND":
      return refunded;
    case "CANCEL":
      return cancelled;
    case "REFUND_AND_CANCEL":
      return refunded && cancelled;
    case "ACCEPT_DISPUTE":
      return true;
    default:
      return false;
  }
}

/** Maps a failed PATCH to the outbox's vocabulary (digest §4, reliability rows 26 and 29). */
export function resultOfFailure(error: unknown): OutcomeResult {
  if (!(error instanceof ChargebackStopApiError)) {
    // A bug or an unexpected rejection: we cannot tell whether the request went out.
    return { kind: "unknown", message: error instanceof Error ? error.message : "unexpected failure while sending" };
  }
  if (error.kind === "http") {
    if (error.status === 429 || error.status >= 500) {
      return error.retryAfterSeconds !== null
        ? { kind: "retry", message: error.message, retryAfterSeconds: error.retryAfterSeconds }
        : { kind: "retry", message: error.message };
    }
    const response = error.json();
    return {
      kind: "rejected",
      status: error.status,
      message: error.providerMessage ?? `ChargebackStop refused the action (HTTP ${error.status}).`,
      ...(response !== null && response !== undefined ? { response } : {}),
    };
  }
  if (error.kind === "network" && !error.requestSent) return { kind: "retry", message: error.message };
  // timed out, or the connection was lost after the request was written: it may have been applied
  return { kind: "unknown", message: error.message };
}

export const outcomes: ProviderOutcomes = createOutcomes();
