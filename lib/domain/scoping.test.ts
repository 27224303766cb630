/**
 * Every scoped query against real Postgres: a member of one organisation never sees another's
 * rows, unassigned rows are visible only to scopes that include them, and an empty scope sees
 * nothing. Each test builds its own organisations (parallel-safe, no truncation).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { countAlertsByStatus, countAlertsDueBefore, getAlertById, listAlerts } from "@/lib/domain/alerts/queries";
import { listAudit } from "@/lib/domain/audit/queries";
import { recordAudit } from "@/lib/domain/audit/commands";
import { getEnrolmentById, listEnrolments } from "@/lib/domain/enrolments/queries";
import { getEventById, listEvents } from "@/lib/domain/events/queries";
import { getLookupById, listLookups } from "@/lib/domain/lookups/queries";
import { findOrganisationByRef, getOrganisationDetail, listOrganisations } from "@/lib/domain/organisations/queries";
import { getRepresentmentById, listRepresentments } from "@/lib/domain/representments/queries";
import { getSchemeNoticeById, listSchemeNotices } from "@/lib/domain/scheme-notices/queries";
import { NO_ACCESS, type AccessScope } from "@/lib/domain/scope";
import { getTransactionById } from "@/lib/domain/transactions/queries";
import { db } from "@/lib/db";
import {
  makeAlert,
  makeEnrolment,
  makeLookup,
  makeOrganisation,
  makeRepresentment,
  makeSchemeNotice,
  makeTransaction,
  unique,
} from "@/lib/testing/factories";

type Fixture = Awaited<ReturnType<typeof build>>;

async function build() {
  const a = await makeOrganisation();
  const b = await makeOrganisation();
  const connection = await db.connection.create({ data: { organisationId: a.id, provider: "chargebackstop", apiBaseUrl: "https://api.example.test" } });
  const rows = async (orgId: string | null) => {
    const transaction = orgId ? await makeTransaction(orgId) : null;
    const alert = await makeAlert(orgId, { transactionId: transaction?.id ?? null, descriptor: `D-${unique()}` });
    const representment = await makeRepresentment(orgId);
    const notice = await makeSchemeNotice(orgId);
    const lookup = await makeLookup(orgId);
    const enrolment = await makeEnrolment(orgId);
    const event = await db.webhookEvent.create({
      data: { connectionId: connection.id, provider: "chargebackstop", organisationId: orgId, externalEventId: unique("evt"), type: "alert.created", status: "PROCESSED", rawBody: Buffer.from("{}") },
    });
    return { transaction, alert, representment, notice, lookup, enrolment, event };
  };
  return { a, b, inA: await rows(a.id), inB: await rows(b.id), unassigned: await rows(null) };
}

let f: Fixture;
beforeAll(async () => {
  f = await build();
});

const onlyA = (): AccessScope => ({ kind: "orgs", organisationIds: [f.a.id] });
const allButUnassigned: AccessScope = { kind: "all", includeUnassigned: false };
const everything: AccessScope = { kind: "all", includeUnassigned: true };

const getters = {
  alert: (s: AccessScope, id: string) => getAlertById(s, id),
  representment: (s: AccessScope, id: string) => getRepresentmentById(s, id),
  notice: (s: AccessScope, id: string) => getSchemeNoticeById(s, id),
  lookup: (s: AccessScope, id: string) => getLookupById(s, id),
  enrolment: (s: AccessScope, id: string) => getEnrolmentById(s, id),
  event: (s: AccessScope, id: string) => getEventById(s, id),
} as const;

describe.each(Object.keys(getters) as (keyof typeof getters)[])("get %s by id", (kind) => {
  it("finds rows in scope and reports others as not found", async () => {
    const get = getters[kind];
    expect(await get(onlyA(), f.inA[kind].id)).not.toBeNull();
    expect(await get(onlyA(), f.inB[kind].id)).toBeNull();
    expect(await get(onlyA(), f.unassigned[kind].id)).toBeNull();
    expect(await get(NO_ACCESS, f.inA[kind].id)).toBeNull();
    expect(await get(allButUnassigned, f.inB[kind].id)).not.toBeNull();
    expect(await get(allButUnassigned, f.unassigned[kind].id)).toBeNull();
    expect(await get(everything, f.unassigned[kind].id)).not.toBeNull();
    expect(await get(everything, "not-an-id' OR 1=1 --")).toBeNull();
  });
});

describe("lists never leak another organisation's rows", () => {
  const lists = {
    alerts: (s: AccessScope) => listAlerts(s, { perPage: 200, status: "ACTION_REQUIRED" }),
    representments: (s: AccessScope) => listRepresentments(s, { perPage: 200 }),
    notices: (s: AccessScope) => listSchemeNotices(s, { perPage: 200 }),
    lookups: (s: AccessScope) => listLookups(s, { perPage: 200 }),
    enrolments: (s: AccessScope) => listEnrolments(s, { perPage: 200 }),
    events: (s: AccessScope) => listEvents(s, { perPage: 200 }),
  };
  it.each(Object.keys(lists) as (keyof typeof lists)[])("%s", async (name) => {
    const result = await lists[name](onlyA());
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.rows.every((r) => r.organisationId === f.a.id)).toBe(true);
    expect(result.total).toBe(result.rows.length);
    const none = await lists[name](NO_ACCESS);
    expect(none.rows).toEqual([]);
    expect(none.total).toBe(0);
    // the switcher narrows but never widens
    const narrowed = await lists[name]({ kind: "orgs", organisationIds: [f.a.id] });
    const widened = await (name === "alerts"
      ? listAlerts(onlyA(), { organisationId: f.b.id, status: "ACTION_REQUIRED" })
      : name === "events"
        ? listEvents(onlyA(), { organisationId: f.b.id })
        : lists[name](onlyA()));
    expect(narrowed.total).toBe(result.total);
    if (name === "alerts" || name === "events") expect(widened.total).toBe(0);
  });
});

describe("counts are scoped", () => {
  it("counts alerts per status within scope only", async () => {
    const counts = await countAlertsByStatus(onlyA(), { organisationId: f.a.id });
    expect(counts.ACTION_REQUIRED).toBe(1);
    expect((await countAlertsByStatus(NO_ACCESS)).ACTION_REQUIRED).toBe(0);
    expect(await countAlertsDueBefore(onlyA(), new Date(Date.now() + 48 * 3600_000), { organisationId: f.a.id })).toBe(1);
    expect(await countAlertsDueBefore(onlyA(), new Date(Date.now() + 48 * 3600_000), { organisationId: f.b.id })).toBe(0);
  });
});

describe("organisations and transactions", () => {
  it("scopes the organisation table by id", async () => {
    const mine = await listOrganisations(onlyA());
    expect(mine.map((o) => o.id)).toEqual([f.a.id]);
    expect(await findOrganisationByRef(onlyA(), f.b.slug)).toBeNull();
    expect((await findOrganisationByRef(onlyA(), f.a.slug))?.id).toBe(f.a.id);
    expect(await getOrganisationDetail(onlyA(), f.b.id)).toBeNull();
  });
  it("scopes transactions and what they link", async () => {
    const t = await getTransactionById(onlyA(), f.inA.transaction!.id);
    expect(t?.alerts.map((a) => a.id)).toEqual([f.inA.alert.id]);
    expect(await getTransactionById(onlyA(), f.inB.transaction!.id)).toBeNull();
  });
});

describe("audit trail", () => {
  it("is scoped and append-only", async () => {
    await recordAudit({ actor: { type: "system" }, action: "test.scoped", organisationId: f.b.id });
    const rows = await listAudit(onlyA(), { action: "test.scoped" });
    expect(rows.rows.filter((r) => r.organisationId === f.b.id)).toEqual([]);
    const all = await listAudit(everything, { action: "test.scoped", organisationId: f.b.id });
    expect(all.total).toBe(1);
    await expect(db.auditLog.updateMany({ where: { organisationId: f.b.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.deleteMany({ where: { organisationId: f.b.id } })).rejects.toThrow(/append-only/);
  });
});
