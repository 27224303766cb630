import { getEnv } from "@/lib/env";
import { formatDateTime, formatDuration, formatMoney, humanize } from "@/lib/format";
import { providerLabel } from "@/lib/providers/registry";

/**
 * Plain-words subject and body of each notification. Pure: the caller loads the record, these
 * only format it (in the recipient's time zone) and add a link when PUBLIC_BASE_URL is set.
 * Provider-supplied text is flattened to one line and shortened; nothing secret is ever included.
 */
export type AlertFacts = {
  id: string;
  provider: string;
  kind: string;
  amountMinor: number | null;
  currency: string | null;
  cardLast4: string | null;
  descriptor: string | null;
  merchantName: string | null;
  deadlineAt: Date | null;
  organisationName: string | null;
};

export type OutcomeFacts = { submissionId: string; status: "REJECTED" | "FAILED"; outcome: string; lastError: string | null; alert: AlertFacts };

export type EnrolmentFacts = {
  id: string;
  provider: string;
  service: string;
  status: string;
  statusChangedAt: Date;
  merchantNames: string[];
  organisationName: string | null;
};

export type RejectionFacts = { connectionId: string; provider: string; label: string | null; organisationName: string | null; count: number; threshold: number };

export type EventFacts =
  | { kind: "alert.action_required"; alert: AlertFacts }
  | { kind: "alert.deadline"; alert: AlertFacts; hours: number }
  | { kind: "outcome.failed"; outcome: OutcomeFacts }
  | { kind: "enrolment.stuck"; enrolment: EnrolmentFacts; workingDays: number }
  | { kind: "enrolment.enabled"; enrolment: EnrolmentFacts }
  | { kind: "connection.rejections"; rejections: RejectionFacts };

export type Message = { subject: string; body: string };
export type RenderOptions = { timeZone?: string; now?: Date; baseUrl?: string | null };

const MAX_SUBJECT = 160;

/** One line, no control characters, at most `max` characters. */
export function oneLine(text: string | null | undefined, max = 80): string {
  const flat = (text ?? "").replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function link(baseUrl: string | null | undefined, path: string): string | null {
  return baseUrl ? `${baseUrl.replace(/\/+$/, "")}${path}` : null;
}

export function defaultBaseUrl(): string | null {
  return getEnv().PUBLIC_BASE_URL ?? null;
}

function alertSummary(alert: AlertFacts): string {
  const amount = formatMoney(alert.amountMinor, alert.currency);
  const who = oneLine(alert.descriptor ?? alert.merchantName, 60);
  return [`${humanize(alert.kind)} alert`, amount, who ? `(${who})` : ""].filter(Boolean).join(" ");
}

function alertLines(alert: AlertFacts, tz: string): string[] {
  return [
    `Provider: ${providerLabel(alert.provider)}`,
    alert.organisationName ? `Organisation: ${oneLine(alert.organisationName)}` : "Organisation: unassigned",
    alert.merchantName ? `Merchant: ${oneLine(alert.merchantName)}` : null,
    alert.descriptor ? `Descriptor: ${oneLine(alert.descriptor)}` : null,
    alert.amountMinor !== null ? `Amount: ${formatMoney(alert.amountMinor, alert.currency)}` : null,
    alert.cardLast4 ? `Card: ending ${oneLine(alert.cardLast4, 4)}` : null,
    alert.deadlineAt ? `Deadline: ${formatDateTime(alert.deadlineAt, tz)} (${tz})` : null,
  ].filter((l): l is string => l !== null);
}

function enrolmentTitle(e: EnrolmentFacts): string {
  const merchants = e.merchantNames.length ? ` for ${oneLine(e.merchantNames.slice(0, 3).join(", "), 60)}${e.merchantNames.length > 3 ? ` and ${e.merchantNames.length - 3} more` : ""}` : "";
  return `${humanize(e.service)} at ${providerLabel(e.provider)}${merchants}`;
}

function compose(subject: string, paragraphs: (string | null)[], url: string | null, linkLabel: string): Message {
  const body = [...paragraphs.filter((p): p is string => p !== null), url ? `${linkLabel}: ${url}` : null, "You receive this because of your notification settings in Recourse."]
    .filter((p): p is string => p !== null)
    .join("\n\n");
  return { subject: oneLine(subject, MAX_SUBJECT), body };
}

export function renderMessage(facts: EventFacts, options: RenderOptions = {}): Message {
  const tz = options.timeZone ?? "UTC";
  const now = options.now ?? new Date();
  const baseUrl = options.baseUrl === undefined ? defaultBaseUrl() : options.baseUrl;
  switch (facts.kind) {
    case "alert.action_required": {
      const a = facts.alert;
      const due = a.deadlineAt ? `, due ${formatDateTime(a.deadlineAt, tz)}` : "";
      return compose(`Action required: ${alertSummary(a)}${due}`, ["A new alert needs a decision.", alertLines(a, tz).join("\n")], link(baseUrl, `/alerts/${a.id}`), "Open the alert");
    }
    case "alert.deadline": {
      const a = facts.alert;
      const left = a.deadlineAt ? formatDuration(a.deadlineAt.getTime() - now.getTime()) : `${facts.hours}h`;
      return compose(
        `Deadline in ${left}: ${alertSummary(a)}`,
        [`This alert still needs a decision and its deadline is less than ${facts.hours} ${facts.hours === 1 ? "hour" : "hours"} away.`, alertLines(a, tz).join("\n")],
        link(baseUrl, `/alerts/${a.id}`),
        "Decide now",
      );
    }
    case "outcome.failed": {
      const o = facts.outcome;
      const verb = o.status === "REJECTED" ? "rejected" : "failed";
      return compose(
        `Outcome ${verb}: ${humanize(o.outcome)} for ${alertSummary(o.alert)}`,
        [
          o.status === "REJECTED"
            ? `${providerLabel(o.alert.provider)} refused the decision "${humanize(o.outcome)}". The alert is open again and needs another look.`
            : `The decision "${humanize(o.outcome)}" could not be delivered to ${providerLabel(o.alert.provider)} after several attempts. The alert is open again.`,
          o.lastError ? `Reason: ${oneLine(o.lastError, 300)}` : null,
          alertLines(o.alert, tz).join("\n"),
        ],
        link(baseUrl, `/alerts/${o.alert.id}`),
        "Open the alert",
      );
    }
    case "enrolment.stuck": {
      const e = facts.enrolment;
      return compose(
        `Enrolment waiting since ${formatDateTime(e.statusChangedAt, tz)}: ${enrolmentTitle(e)}`,
        [
          `This enrolment has been "${humanize(e.status)}" for more than ${facts.workingDays} working days (${formatDuration(now.getTime() - e.statusChangedAt.getTime())}). It may need a nudge with the provider.`,
          [`Provider: ${providerLabel(e.provider)}`, `Service: ${humanize(e.service)}`, e.organisationName ? `Organisation: ${oneLine(e.organisationName)}` : "Organisation: unassigned", `Status since: ${formatDateTime(e.statusChangedAt, tz)} (${tz})`].join("\n"),
        ],
        link(baseUrl, `/enrolments/${e.id}`),
        "Open the enrolment",
      );
    }
    case "enrolment.enabled": {
      const e = facts.enrolment;
      return compose(
        `Enrolment enabled: ${enrolmentTitle(e)}`,
        [
          `${providerLabel(e.provider)} enabled ${humanize(e.service)}${e.merchantNames.length ? ` for ${oneLine(e.merchantNames.join(", "), 200)}` : ""}.`,
          [e.organisationName ? `Organisation: ${oneLine(e.organisationName)}` : "Organisation: unassigned", `Enabled at: ${formatDateTime(e.statusChangedAt, tz)} (${tz})`].join("\n"),
        ],
        link(baseUrl, `/enrolments/${e.id}`),
        "Open the enrolment",
      );
    }
    case "connection.rejections": {
      const r = facts.rejections;
      const name = r.label ? `${providerLabel(r.provider)} connection "${oneLine(r.label, 60)}"` : `${providerLabel(r.provider)} connection …${r.connectionId.slice(-6)}`;
      return compose(
        `${r.count} rejected deliveries in the last hour on ${name}`,
        [
          `${r.count} deliveries to this connection were rejected with 401 (bad, missing or stale signature) in the last hour; the threshold is ${r.threshold}.`,
          "This usually means the webhook secret at the provider and in Recourse differ (after a rotation), or someone is sending forged requests. Real deliveries may be getting lost.",
          r.organisationName ? `Organisation: ${oneLine(r.organisationName)}` : "Organisation: none (partner connection)",
        ],
        link(baseUrl, `/events?connection=${encodeURIComponent(r.connectionId)}`),
        "Open the delivery log",
      );
    }
  }
}

/** One message for several notifications (a digest). */
export function renderDigest(items: { kind: string; subject: string; body: string; createdAt: Date }[], options: { timeZone?: string } = {}): Message {
  const tz = options.timeZone ?? "UTC";
  const count = items.length;
  const subject = count === 1 ? `Recourse digest: ${items[0]!.subject}` : `Recourse digest: ${count} notifications`;
  const sections = items.map((item, i) => {
    const body = item.body.replace(/\n\nYou receive this because of your notification settings in Recourse\.$/, "");
    return `${i + 1}. ${item.subject}\n(${formatDateTime(item.createdAt, tz)} ${tz})\n\n${body}`;
  });
  return {
    subject: oneLine(subject, MAX_SUBJECT),
    body: [`${count} ${count === 1 ? "notification" : "notifications"} since the last digest.`, ...sections, "You receive this digest because of your notification settings in Recourse."].join("\n\n---\n\n"),
  };
}

