/**
 * The access table of DESIGN.md ("Roles and permissions") as HTTP expectations, one entry per
 * route found under app/. The access test fails when a route on disk has no entry here, so a new
 * page or API cannot ship without saying who may use it.
 *
 * For routes with a record id, `own` is a record of Acme Commerce (the organisation of the demo
 * agent and viewer) and `other` one of Globex Retail: members get 404 for the other one.
 */
export type Role = "signedOut" | "admin" | "ops" | "agent" | "viewer";
/** 200, 401, 403, 404, "sign-in" (a redirect to /sign-in) or "home" (a redirect to /) */
export type Outcome = 200 | 204 | 401 | 403 | 404 | "sign-in" | "home";

export type RecordKind = "alert" | "representment" | "notice" | "lookup" | "enrolment" | "event" | "transaction" | "organisation";

export type RouteRule =
  | { kind: "page" | "api"; method?: "GET" | "POST"; path?: string; expect: Record<Role, Outcome> }
  | { kind: "page" | "api"; method?: "GET"; record: RecordKind; expect: Record<Role, [own: Outcome, other: Outcome]> };

const signIn = "sign-in" as const;
const everyone = (o: Outcome): Record<Role, Outcome> => ({ signedOut: o, admin: o, ops: o, agent: o, viewer: o });

/** read pages every role may open (records.read) */
const readPage: Record<Role, Outcome> = { signedOut: signIn, admin: 200, ops: 200, agent: 200, viewer: 200 };
/** record detail pages under records.read */
const readRecord: Record<Role, [Outcome, Outcome]> = { signedOut: [signIn, signIn], admin: [200, 200], ops: [200, 200], agent: [200, 404], viewer: [200, 404] };

export const ACCESS: Record<string, RouteRule> = {
  // signed-in users are sent on to the overview
  "/sign-in": { kind: "page", expect: { signedOut: 200, admin: "home", ops: "home", agent: "home", viewer: "home" } },
  "/": { kind: "page", expect: readPage },
  "/alerts": { kind: "page", expect: readPage },
  "/alerts/[alertId]": { kind: "page", record: "alert", expect: readRecord },
  // a bulk run is its author's alone: anyone else gets 404 (tested with a real run in bulk.spec.ts)
  "/alerts/bulk/[runId]": {
    kind: "page",
    path: "/alerts/bulk/0190aaaa-0000-7000-8000-000000000000",
    expect: { signedOut: signIn, admin: 404, ops: 403, agent: 404, viewer: 403 },
  },
  "/representments": { kind: "page", expect: readPage },
  "/representments/[representmentId]": { kind: "page", record: "representment", expect: readRecord },
  "/scheme-notices": { kind: "page", expect: readPage },
  "/scheme-notices/[noticeId]": { kind: "page", record: "notice", expect: readRecord },
  "/lookups": { kind: "page", expect: readPage },
  "/lookups/[lookupId]": { kind: "page", record: "lookup", expect: readRecord },
  "/enrolments": { kind: "page", expect: readPage },
  "/enrolments/new": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 200, agent: 403, viewer: 403 } },
  "/enrolments/[enrolmentId]": { kind: "page", record: "enrolment", expect: readRecord },
  "/transactions/[transactionId]": { kind: "page", record: "transaction", expect: readRecord },
  // delivery log: ADMIN, OPS all; AGENT own organisations; VIEWER none
  "/events": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 200, agent: 200, viewer: 403 } },
  "/events/[eventId]": {
    kind: "page",
    record: "event",
    expect: { signedOut: [signIn, signIn], admin: [200, 200], ops: [200, 200], agent: [200, 404], viewer: [403, 403] },
  },
  "/admin/organisations": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 403, agent: 403, viewer: 403 } },
  "/admin/organisations/[organisationId]": {
    kind: "page",
    record: "organisation",
    expect: { signedOut: [signIn, signIn], admin: [200, 200], ops: [403, 403], agent: [403, 403], viewer: [403, 403] },
  },
  "/admin/organisations/[organisationId]/rules": {
    kind: "page",
    record: "organisation",
    expect: { signedOut: [signIn, signIn], admin: [200, 200], ops: [403, 403], agent: [403, 403], viewer: [403, 403] },
  },
  "/admin/users": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 403, agent: 403, viewer: 403 } },
  "/admin/audit": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 200, agent: 200, viewer: 403 } },
  "/admin/system": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 200, agent: 403, viewer: 403 } },
  "/settings": { kind: "page", expect: readPage },
  "/settings/notifications": { kind: "page", expect: readPage },
  // an organisation's notification channels (admin.manage)
  "/admin/organisations/[organisationId]/notifications": {
    kind: "page",
    record: "organisation",
    expect: { signedOut: [signIn, signIn], admin: [200, 200], ops: [403, 403], agent: [403, 403], viewer: [403, 403] },
  },
  "/api/health": { kind: "api", expect: everyone(200) },
  // CSV exports: every reader, scoped rows (the rows themselves are checked in e2e/export.spec.ts)
  "/api/export/[entity]": { kind: "api", path: "/api/export/alerts", expect: { signedOut: 401, admin: 200, ops: 200, agent: 200, viewer: 200 } },
  // live updates (server-sent events); the probe checks access without opening a stream
  "/api/stream": { kind: "api", path: "/api/stream?probe=1", expect: { signedOut: 401, admin: 204, ops: 204, agent: 204, viewer: 204 } },
  // benchmark baseline: disabled unless RECOURSE_BENCH=1
  "/api/bench/ingest-bare/[connectionId]": { kind: "api", method: "POST", path: "/api/bench/ingest-bare/any", expect: everyone(404) },
  // webhooks authenticate by signature, not session: an unknown connection is 404 for everyone
  "/api/webhooks/[provider]/[connectionId]": { kind: "api", method: "POST", path: "/api/webhooks/chargebackstop/no-such-connection", expect: everyone(404) },
  "/api/auth/[...nextauth]": { kind: "api", path: "/api/auth/session", expect: everyone(200) },
  // unassigned partner rows: ADMIN reads and attaches, OPS reads (unassigned.read)
  "/admin/unassigned": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 200, agent: 403, viewer: 403 } },
  // one-time links are open pages: an unknown, used or expired token answers 200 with an
  // "expired or invalid link" message (same page for everyone, signed in or not)
  "/invite/[token]": { kind: "page", path: "/invite/unknown-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", expect: everyone(200) },
  "/reset-password/[token]": { kind: "page", path: "/reset-password/unknown-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", expect: everyone(200) },
  // transaction imports: transactions.manage (ADMIN all organisations, AGENT own); an unknown
  // import answers 404 to those who may import, 403 to the others
  "/transactions/import": { kind: "page", expect: { signedOut: signIn, admin: 200, ops: 403, agent: 200, viewer: 403 } },
  "/transactions/import/[importId]": {
    kind: "page",
    path: "/transactions/import/00000000-0000-0000-0000-000000000000",
    expect: { signedOut: signIn, admin: 404, ops: 403, agent: 404, viewer: 403 },
  },
  // organisation API keys, not sessions: without a Bearer key it is 401 for everyone
  "/api/v1/transactions": { kind: "api", method: "POST", expect: everyone(401) },
};
