/**
 * The contract every provider folder implements (lib/providers/<name>/index.ts). Providers are
 * pure: they verify, parse and map, and return domain inputs; lib/ingest persists them. Adding a
 * provider = a new folder + one line in registry.ts.
 */
import type { z } from "zod";

// ───────────────────────────── credentials ─────────────────────────────

/** Secret names a connection can hold (stored encrypted, never shown again after creation). */
export type SecretName = "webhook_secret" | "api_key" | "secret_key" | "client_secret" | "refresh_token" | "access_token";
/** Plain (non-secret) connection fields. */
export type PlainField = "publicKey" | "clientId" | "redirectUri";

export type CredentialSpec = {
  /** secrets the connection must have to receive webhooks */
  requiredSecrets: SecretName[];
  /** further secrets the connection may have (API calls) */
  optionalSecrets: SecretName[];
  requiredFields: PlainField[];
  optionalFields: PlainField[];
  /** the secret that signs webhooks (rotation keeps the previous one valid for a while) */
  webhookSecret: SecretName;
  /** how long the previous webhook secret keeps verifying after a rotation */
  rotationOverlapHours: number;
};

/** What the pipeline hands a verifier: decrypted secrets (current first) and plain fields. */
export type ConnectionCredentials = {
  secrets: Partial<Record<SecretName, string[]>>;
  publicKey: string | null;
  clientId: string | null;
};

// ───────────────────────────── webhooks ─────────────────────────────

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export type VerifyInput = {
  rawBody: Buffer;
  headers: Headers;
  credentials: ConnectionCredentials;
  /** injected clock (tests move it) */
  now: Date;
};

/** The minimal facts of a delivery, read before anything is applied. */
export type Envelope = {
  /** dedupe key, unique per connection (ChargebackStop event id, Astra webhook_id, …) */
  eventId: string;
  type: string;
  /** the provider's delivery id (e.g. X-Idempotency-Key), kept for support */
  deliveryId: string | null;
  /** the provider's organisation id named by the payload (partner routing) */
  providerOrganisationId: string | null;
};

export type MapResult =
  | { kind: "apply"; inputs: DomainInput[]; jobs?: JobRequest[] }
  /** a known envelope with an event type we do not handle: stored as ignored, answered 2xx */
  | { kind: "ignore"; reason: string };

/** A follow-up job enqueued in the same transaction as the delivery (lib/jobs). */
export type JobRequest = { task: string; payload: Record<string, unknown>; jobKey?: string; runAt?: Date; maxAttempts?: number };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Data the pipeline can read for synchronous answers (Chargebackhit): nothing else reaches a provider. */
export type ResponderContext = {
  organisationId: string | null;
  findTransaction: (criteria: TransactionCriteria) => Promise<TransactionFacts | null>;
  /**
   * The organisation's auto-response rules for the alert this delivery created, when they decide
   * within the response budget: the provider's outcome value (the decision is already recorded).
   * Absent for replays; null when no rule acts (answer "pending"; a person or the outbox follows).
   */
  decide?: () => Promise<{ outcome: string; refunds: boolean } | null>;
};

export type TransactionCriteria = {
  networkTransactionId?: string | null;
  merchantReference?: string | null;
  arn?: string | null;
  cardLast4?: string | null;
  authCode?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  at?: Date | null;
};

export type TransactionFacts = {
  merchantReference: string;
  amountMinor: number;
  currency: string;
  authorisedAt: Date;
  cardBin: string | null;
  cardLast4: string | null;
  customer: unknown;
  products: unknown;
  descriptor: string | null;
};

export type ProviderWebhook<E> = {
  /** checks the signature on the raw bytes; never throws */
  verify(input: VerifyInput): VerifyResult;
  /** parses the JSON value (already depth-checked) into the provider's event */
  parse(json: unknown): ParseResult<E>;
  /** the dedupe key and routing facts (the JSON parsed, even when the event is unknown) */
  envelope(event: E, headers: Headers): Envelope;
  /** maps a parsed event to domain inputs, or says it is ignored */
  map(event: E): ParseResult<MapResult>;
  /** synchronous answer in the HTTP response body (Chargebackhit); default {"received":true} */
  respond?(event: E, context: ResponderContext): Promise<unknown>;
};

// ───────────────────────────── background tasks ─────────────────────────────

/** What a provider's background task may do; lib/jobs implements it on the database. */
export type TaskContext = {
  connection: {
    id: string;
    provider: string;
    organisationId: string | null;
    apiBaseUrl: string;
    mode: "TEST" | "LIVE";
    publicKey: string | null;
    clientId: string | null;
    redirectUri: string | null;
  };
  secrets: {
    /** the newest live value of a secret (optionally per subject, e.g. an Astra user) */
    get(name: SecretName, subject?: string): Promise<string | null>;
    /** stores a new value (encrypted) and retires the previous ones of that name and subject */
    set(name: SecretName, value: string, options?: { subject?: string; expiresAt?: Date | null }): Promise<void>;
  };
  /** runs `fn` while holding a database-wide lock named `key` (serialises work across workers) */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** applies domain inputs exactly like a webhook would, for the connection's organisation */
  apply(inputs: DomainInput[], meta?: { webhookEventId?: string | null }): Promise<void>;
  fetch: typeof fetch;
  now(): Date;
  log(event: string, fields?: Record<string, unknown>): void;
};

/** A background task; jobs name it `<provider id>.<name>` and carry `connectionId` in the payload. */
export type ProviderTask = {
  name: string;
  handler: (payload: Record<string, unknown>, context: TaskContext) => Promise<void>;
};

/** A failure a task should not retry (a 4xx from the provider, a malformed object). */
export class PermanentTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentTaskError";
  }
}

export type ProviderDefinition<E = unknown> = {
  /** URL segment and stored provider name, e.g. "chargebackstop" */
  id: string;
  label: string;
  defaultApiBaseUrl: (mode: "TEST" | "LIVE") => string;
  credentials: CredentialSpec;
  /** connection scopes this provider supports */
  scopes: ("ORG" | "PARTNER")[];
  webhook: ProviderWebhook<E>;
  /** background tasks the provider's webhooks enqueue (see JobRequest) */
  tasks?: ProviderTask[];
  /** decisions sent back to the provider (alerts) */
  outcomes?: ProviderOutcomes;
  /** enrolment requests and syncs */
  api?: ProviderApi;
};

// ───────────────────────────── domain inputs ─────────────────────────────
// Normalized values use our vocabularies (the Prisma enums, as string literals here so provider
// folders stay independent of the database layer).

export type AlertKind = "ETHOCA" | "CDRN" | "RDR" | "OTHER";
export type AlertStatus = "ACTION_REQUIRED" | "AWAITING_PROVIDER" | "RESOLVED" | "INVALID" | "EXPIRED";
export type RepresentmentStage = "INQUIRY" | "CHARGEBACK" | "PRE_ARBITRATION" | "ARBITRATION" | "OTHER";
export type RepresentmentStatus = "OPEN" | "UNDER_REVIEW" | "WON" | "LOST" | "CLOSED";
export type SchemeNoticeType = "TC40" | "TC15" | "SAFE" | "OTHER";
export type LookupStatus = "PENDING" | "SUCCEEDED" | "FAILED" | "TIMEOUT";
export type DeflectionStatus = "NOT_ATTEMPTED" | "PENDING" | "SUCCEEDED" | "FAILED";
export type EnrolmentService = "ETHOCA" | "RDR" | "CDRN" | "ORDER_INSIGHT" | "CONSUMER_CLARITY" | "OTHER";
export type EnrolmentStatus = "REQUESTED" | "IN_PROGRESS" | "ENABLED" | "FAILED" | "UNENROLLED";

type Common = {
  externalId: string;
  /** the provider's organisation id named by the object (partner routing) */
  providerOrganisationId: string | null;
  /** the provider's merchant id(s) named by the object */
  providerMerchantIds: string[];
  providerCreatedAt: Date | null;
  /** order-safety: an older snapshot never overwrites a newer one */
  providerUpdatedAt: Date | null;
  /** cleaned copy of the provider's object */
  providerData: Record<string, unknown>;
  /** what changed, per the provider (`previous_attributes`) */
  previousAttributes: Record<string, unknown> | null;
  /**
   * A thin event (Astra): create the row when it is missing, otherwise leave its fields alone and
   * only mark `detailsPending`; a follow-up job fetches the details and applies a full input.
   */
  partial?: boolean;
};

export type AlertInput = Common & {
  entity: "alert";
  fields: {
    kind: AlertKind;
    providerStatus: string;
    status: AlertStatus;
    deadlineAt: Date | null;
    amountMinor: number | null;
    currency: string | null;
    cardScheme: string | null;
    cardBin: string | null;
    cardLast4: string | null;
    cardIssuer: string | null;
    arn: string | null;
    authCode: string | null;
    descriptor: string | null;
    networkTransactionId: string | null;
    merchantReference: string | null;
    authorisedAt: Date | null;
    reasonCode: string | null;
    refundOutcome: string | null;
    cancelOutcome: string | null;
    providerOutcome: string | null;
    note: string | null;
  };
};

export type RepresentmentInput = Common & {
  entity: "representment";
  fields: {
    stage: RepresentmentStage;
    providerStage: string | null;
    status: RepresentmentStatus;
    providerStatus: string;
    disputeStatus: string | null;
    reason: string | null;
    reasonCode: string | null;
    amountMinor: number | null;
    currency: string | null;
    transactionAmountMinor: number | null;
    transactionCurrency: string | null;
    cardScheme: string | null;
    arn: string | null;
    serviceType: string | null;
    managedBy: string | null;
    referenceId: string | null;
    transactionReferenceId: string | null;
    dueAt: Date | null;
    disputedAt: Date | null;
    transactionAuthorisedAt: Date | null;
    detailsPending: boolean;
  };
};

export type SchemeNoticeInput = Common & {
  entity: "schemeNotice";
  fields: {
    noticeType: SchemeNoticeType;
    providerType: string;
    category: string | null;
    scheme: string | null;
    fraudType: string | null;
    disputeEligible: boolean | null;
    revoked: boolean;
    revokedAt: Date | null;
    reportedAt: Date | null;
    amountMinor: number | null;
    currency: string | null;
    cardBin: string | null;
    cardLast4: string | null;
    arn: string | null;
    authCode: string | null;
    merchantName: string | null;
    purchasedAt: Date | null;
  };
};

export type LookupInput = Common & {
  entity: "lookup";
  fields: {
    lookupType: string;
    lookupStatus: LookupStatus;
    deflectionStatus: DeflectionStatus;
    parentExternalId: string | null;
    enrolmentExternalId: string | null;
    amountMinor: number | null;
    currency: string | null;
    cardBin: string | null;
    cardLast4: string | null;
    arn: string | null;
    authCode: string | null;
    descriptor: string | null;
    networkTransactionId: string | null;
    transactionAt: Date | null;
  };
};

export type EnrolmentInput = Common & {
  entity: "enrolment";
  fields: {
    service: EnrolmentService;
    providerType: string;
    status: EnrolmentStatus;
    providerStatus: string;
    note: string | null;
  };
  /** when the reported status began (provider updated_at of the change) */
  statusChangedAt: Date;
};

export type DomainInput = AlertInput | RepresentmentInput | SchemeNoticeInput | LookupInput | EnrolmentInput;

/** Helper for provider folders: a zod schema's parse as a ParseResult. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid payload" };
}

// ───────────────────────────── simulator CLI ─────────────────────────────

/** Options the simulator CLI passes to a provider's scenarios. */
export type SimulatorCliOptions = {
  /** the connection's signing secret (Chargebackstop webhook secret, Chargebackhit secret key, Astra client secret) */
  secret: string;
  publicKey?: string;
  /** provider organisation id the payloads name (partner routing) */
  organisationId?: string;
  count?: number;
};

export type SimulatedDelivery = { label: string; body: string; headers: Record<string, string> };

/** What `npm run simulate -- send <provider>` needs from lib/providers/<name>/simulator.ts (`simulatorCli`). */
export type ProviderSimulatorCli = {
  scenarios: Record<string, { description: string; expectStatus: number; deliveries: (options: SimulatorCliOptions) => SimulatedDelivery[] }>;
  /**
   * Calls to make to the provider's fake API (`--api URL`) before sending, e.g. registering the
   * objects a thin webhook names, so the follow-up job finds them.
   */
  prepare?: (
    deliveries: SimulatedDelivery[],
    options: SimulatorCliOptions & { clientId?: string; redirectUri?: string; refreshToken?: string; apiKey?: string; webhookUrl?: string },
  ) => { path: string; body: unknown }[];
};

/** A strict stand-in for a provider's API (lib/providers/<name>/fake-api.ts exports `createFakeApi`). */
export type ProviderFakeApi = {
  /** answers requests for paths the fake knows (relative to its base), null for others */
  handle(request: Request): Promise<Response | null>;
};

// ───────────────────────────── outcomes (decisions sent back) ─────────────────────────────

/** What a provider needs to know about one alert to offer and send outcomes. */
export type AlertForOutcome = {
  externalId: string;
  kind: AlertKind;
  status: AlertStatus;
  providerStatus: string;
  /** our synchronous answer or the outcome last sent (Chargebackhit: "pending") */
  providerOutcome: string | null;
  amountMinor: number | null;
  currency: string | null;
  merchantReference: string | null;
  providerData: Record<string, unknown>;
};

/**
 * Provider-neutral meanings of an outcome, used where one decision covers alerts of several
 * providers (bulk actions, auto-response rules). Each provider maps them to its own values through
 * `OutcomeChoice.intent`; a provider without a matching choice refuses that intent for the alert.
 */
export const OUTCOME_INTENTS = [
  { value: "refund", label: "Refund the cardholder" },
  { value: "refund_and_cancel", label: "Refund and cancel the subscription" },
  { value: "cancel", label: "Cancel the subscription, no refund" },
  { value: "no_refund", label: "No refund: let the dispute proceed" },
  { value: "already_refunded", label: "Already refunded before the alert" },
  { value: "not_found", label: "No matching payment" },
] as const;
export type OutcomeIntent = (typeof OUTCOME_INTENTS)[number]["value"];

export type OutcomeChoice = {
  /** the provider-neutral meaning (bulk actions and rules pick choices by it) */
  intent?: OutcomeIntent;
  value: string;
  label: string;
  /** plain words for the confirmation, e.g. "refund 66.06 USD and tell Ethoca" */
  consequence: string;
  /** does this choice refund the cardholder (the double-refund guard cares) */
  refunds: boolean;
};

/** Extra inputs a provider accepts with an outcome. */
export type OutcomeField = { name: "note" | "orderId" | "refundAmount"; label: string; required: boolean; hint?: string };

export type OutcomeOffer = { ok: true; choices: OutcomeChoice[]; fields: OutcomeField[] } | { ok: false; reason: string };

export type OutcomeRequest = {
  alert: AlertForOutcome;
  outcome: string;
  note: string | null;
  /** validated extra inputs (orderId, refund amount in minor units) */
  payload: Record<string, unknown>;
  /** stable across retries of this submission; sent where the provider accepts one */
  idempotencyKey: string;
};

export type OutcomeResult =
  /** the provider accepted it; `inputs` (the updated alert it returned) are applied like a webhook */
  | { kind: "succeeded"; response: unknown; inputs?: DomainInput[] }
  /** the provider refused it (4xx other than 429): never retried */
  | { kind: "rejected"; message: string; status: number; response?: unknown }
  /** not delivered for sure (network refused, 5xx, 429): retry later with the same key */
  | { kind: "retry"; message: string; retryAfterSeconds?: number }
  /** the call timed out after being sent: reconcile before any resend */
  | { kind: "unknown"; message: string };

/** After an unknown result: did the provider apply our outcome? */
export type ReconcileResult = { kind: "applied"; inputs?: DomainInput[] } | { kind: "not_applied" } | { kind: "unknown"; message: string };

/** The API context outcome and sync calls get (credentials, base URL, fetch); no database. */
export type ProviderApiContext = {
  connection: TaskContext["connection"];
  secrets: Pick<TaskContext["secrets"], "get">;
  fetch: typeof fetch;
  now(): Date;
  log(event: string, fields?: Record<string, unknown>): void;
};

export type ProviderOutcomes = {
  /** the outcome values that refund the cardholder (the double-refund guard reads past submissions by them) */
  refunding: readonly string[];
  /**
   * The stored outcome values (`providerOutcome`) that mean the cardholder has their money back,
   * by this answer or an earlier refund (the overview counts those alerts as refunded). Default:
   * `refunding`.
   */
  refunded?: readonly string[];
  /** which outcomes may be sent for this alert now, and the extra fields */
  offer(alert: AlertForOutcome): OutcomeOffer;
  send(context: ProviderApiContext, request: OutcomeRequest): Promise<OutcomeResult>;
  reconcile(context: ProviderApiContext, request: OutcomeRequest): Promise<ReconcileResult>;
};

// ───────────────────────────── enrolment requests and syncs ─────────────────────────────

export type EnrolmentRequestInput = {
  service: EnrolmentService;
  /** the provider's merchant ids to enrol (ChargebackStop mrch_…), or MID details (Chargebackhit) */
  merchants: { providerMerchantId: string | null; descriptor: string | null; mid: string | null; caid: string | null; acquirerBin: string | null; mcc: string | null; name: string }[];
};

export type EnrolmentRequestResult =
  | { kind: "succeeded"; inputs: DomainInput[]; response: unknown }
  | { kind: "rejected"; message: string; status: number }
  | { kind: "retry"; message: string };

/** Pulls the provider's current state (enrolments, alerts possibly missed) as domain inputs. */
export type SyncResult = { inputs: DomainInput[]; pages: number; note?: string };

export type ProviderApi = {
  /**
   * Secrets a connection must hold before a sync can run (ChargebackStop: the partner API key,
   * optional on its connections). Connections without them are not synced: nothing to pull.
   */
  syncNeeds?: SecretName[];
  /** enrolment services this provider can request */
  enrolmentServices: EnrolmentService[];
  requestEnrolment?(context: ProviderApiContext, input: EnrolmentRequestInput): Promise<EnrolmentRequestResult>;
  /** a full pull of what the provider knows (bounded: `since` narrows alerts) */
  sync?(context: ProviderApiContext, options: { since: Date | null }): Promise<SyncResult>;
};

/** A strict stand-in of the provider API for tests and `simulate serve` (fake-api.ts). */
export type FakeApiOptions = {
  /** where the fake sends follow-up webhooks (e.g. alert.updated after an outcome) */
  webhookUrl?: (connectionHint: string) => string | null;
  now?: () => Date;
};
