import { Badge, type Tone } from "@/components/ui/badge";
import { humanize } from "@/lib/format";

const tones: Record<string, Tone> = {
  // alerts
  ACTION_REQUIRED: "warning",
  AWAITING_PROVIDER: "info",
  RESOLVED: "success",
  INVALID: "muted",
  EXPIRED: "danger",
  // representments
  OPEN: "warning",
  UNDER_REVIEW: "info",
  WON: "success",
  LOST: "danger",
  CLOSED: "muted",
  // lookups
  PENDING: "info",
  SUCCEEDED: "success",
  FAILED: "danger",
  TIMEOUT: "warning",
  NOT_ATTEMPTED: "muted",
  // enrolments
  REQUESTED: "neutral",
  IN_PROGRESS: "info",
  ENABLED: "success",
  UNENROLLED: "muted",
  // deliveries
  PROCESSED: "success",
  IGNORED: "muted",
  // outcomes
  QUEUED: "neutral",
  SENDING: "info",
  UNKNOWN: "warning",
  REJECTED: "danger",
};

const labels: Record<string, string> = { AWAITING_PROVIDER: "Awaiting provider" };

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status] ?? "neutral"}>{labels[status] ?? humanize(status)}</Badge>;
}
