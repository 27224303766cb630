/**
 * Demo data: two organisations with merchants, ~300 alerts over providers, statuses and deadlines
 * (some overdue, some due within hours, most later), representments in several stages, scheme
 * notices, lookups, enrolments in every status with history, and transactions linked to some of
 * them. Deterministic apart from "now". Used by `npm start` (empty database) and by e2e tests.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { AlertKind, AlertStatus, EnrolmentStatus, Prisma, RepresentmentStage, RepresentmentStatus } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/crypto/passwords";
import { seededRandom } from "@/lib/testing/random";

export const DEMO_PASSWORD = "recourse-demo";

export const DEMO_USERS = [
  { email: "admin@demo.test", name: "Ada Admin", globalRole: "ADMIN", org: null, role: null, description: "ADMIN: every organisation, administration" },
  { email: "ops@demo.test", name: "Otto Ops", globalRole: "OPS", org: null, role: null, description: "OPS: every organisation, read-only, enrolment board" },
  { email: "agent@acme.test", name: "Alice Agent", globalRole: null, org: "acme", role: "AGENT", description: "AGENT of Acme Commerce" },
  { email: "viewer@acme.test", name: "Victor Viewer", globalRole: null, org: "acme", role: "VIEWER", description: "VIEWER of Acme Commerce" },
  { email: "agent@globex.test", name: "Greta Agent", globalRole: null, org: "globex", role: "AGENT", description: "AGENT of Globex Retail" },
] as const;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** `databaseUrl`: the seeded database's URL, for the webhook pipeline's own pool (default DATABASE_URL). */
export async function seedDemoData(db: PrismaClient, options: { now?: Date; databaseUrl?: string } = {}) {
  const now = options.now?.getTime() ?? Date.now();
  const rnd = seededRandom(20261125);
  const iso = (ms: number) => new Date(ms).toISOString();

  const acme = await db.organisation.create({ data: { name: "Acme Commerce", slug: "acme-commerce", providerOrgId: "org_AcmeDemo0000000000001" } });
  const globex = await db.organisation.create({ data: { name: "Globex Retail", slug: "globex-retail", providerOrgId: "org_GlobexDemo00000000002" } });
  const orgs = { acme, globex };

  const merchantSpecs = [
    { org: acme, name: "Acme Store US", descriptor: "ACME*STORE", mid: "274953873887879", caid: "ACME0001", cbs: "mrch_AcmeStoreUS000000001", cbh: "4f3c2b1a-0000-4000-8000-acme00000001" },
    { org: acme, name: "Acme Subscriptions", descriptor: "ACME*SUBS", mid: "274953873887880", caid: "ACME0002", cbs: "mrch_AcmeSubs00000000002", cbh: "4f3c2b1a-0000-4000-8000-acme00000002" },
    { org: globex, name: "Globex Online", descriptor: "GLOBEX.COM", mid: "381120004455001", caid: "GLBX0001", cbs: "mrch_GlobexOnline0000003", cbh: "4f3c2b1a-0000-4000-8000-glbx00000003" },
    { org: globex, name: "Globex Outlet", descriptor: "GLOBEX OUTLET", mid: "381120004455002", caid: "GLBX0002", cbs: "mrch_GlobexOutlet0000004", cbh: "4f3c2b1a-0000-4000-8000-glbx00000004" },
  ];
  const merchants = [];
  for (const m of merchantSpecs) {
    merchants.push({
      spec: m,
      row: await db.merchant.create({
        data: {
          organisationId: m.org.id,
          name: m.name,
          descriptor: m.descriptor,
          mid: m.mid,
          caid: m.caid,
          providerIds: { create: [{ provider: "chargebackstop", externalId: m.cbs }, { provider: "chargebackhit", externalId: m.cbh }] },
        },
      }),
    });
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await db.user.create({
      data: {
        email: u.email,
        name: u.name,
        passwordHash,
        globalRole: u.globalRole,
        memberships: u.org && u.role ? { create: { organisationId: orgs[u.org].id, role: u.role } } : undefined,
        preference: { create: { timeZone: u.org === "globex" ? "Europe/Berlin" : "UTC" } },
      },
    });
  }

  // Enrolments in every status, with history.
  const services = [
    { service: "ETHOCA", type: "ETHOCA_ALERT" },
    { service: "RDR", type: "VERIFI_RDR" },
    { service: "ORDER_INSIGHT", type: "VERIFI_ORDER_INSIGHT" },
    { service: "CONSUMER_CLARITY", type: "ETHOCA_CONSUMER_CLARITY" },
  ] as const;
  const flows: EnrolmentStatus[][] = [
    ["REQUESTED"],
    ["REQUESTED", "IN_PROGRESS"],
    ["REQUESTED", "IN_PROGRESS", "ENABLED"],
    ["REQUESTED", "IN_PROGRESS", "FAILED"],
    ["REQUESTED", "IN_PROGRESS", "ENABLED", "UNENROLLED"],
  ];
  const enrolmentIds: string[] = [];
  let e = 0;
  for (const { row: merchant, spec } of merchants) {
    for (const svc of services) {
      const flow = flows[e % flows.length]!;
      e++;
      const start = now - rnd.int(3, 40) * DAY;
      const times = flow.map((_, i) => start + i * rnd.int(1, 9) * DAY + rnd.int(0, 20) * HOUR);
      const last = flow[flow.length - 1]!;
      const lastAt = Math.min(times[times.length - 1]!, now - HOUR);
      const externalId = rnd.id("enrl_");
      const enrolment = await db.enrolment.create({
        data: {
          organisationId: spec.org.id,
          provider: "chargebackstop",
          externalId,
          service: svc.service,
          providerType: svc.type,
          status: last,
          providerStatus: last,
          statusChangedAt: new Date(lastAt),
          providerCreatedAt: new Date(start),
          providerUpdatedAt: new Date(lastAt),
          note: "",
          providerData: { id: externalId, organisation_id: spec.org.providerOrgId, merchant_ids: [spec.cbs], type: svc.type, status: last, created_at: iso(start), updated_at: iso(lastAt), note: "" },
          merchants: { create: { merchantId: merchant.id } },
          history: {
            create: flow.map((status, i) => ({
              fromStatus: i === 0 ? null : flow[i - 1]!,
              toStatus: status,
              providerStatus: status,
              changedAt: new Date(Math.min(times[i]!, now - HOUR)),
            })),
          },
        },
      });
      enrolmentIds.push(enrolment.id);
    }
  }

  // Transactions (payments) that some records link to.
  const transactions: { id: string; org: string; merchantId: string; amountMinor: number; currency: string; last4: string; bin: string; arn: string; authCode: string; authorisedAt: number; descriptor: string }[] = [];
  const txRows: Prisma.TransactionCreateManyInput[] = [];
  for (let i = 0; i < 60; i++) {
    const { row: merchant, spec } = merchants[i % merchants.length]!;
    const currency = i % 7 === 0 ? "EUR" : i % 11 === 0 ? "GBP" : "USD";
    const t = {
      id: randomUUID(),
      org: spec.org.id,
      merchantId: merchant.id,
      amountMinor: rnd.int(999, 49_999),
      currency,
      last4: rnd.digits(4),
      bin: rnd.pick(["411111", "424242", "545454", "411798", "510510"]),
      arn: "7" + rnd.digits(22),
      authCode: rnd.id("", 6).toUpperCase(),
      authorisedAt: now - rnd.int(3, 60) * DAY,
      descriptor: spec.descriptor,
    };
    transactions.push(t);
    txRows.push({
      id: t.id,
      organisationId: t.org,
      merchantId: t.merchantId,
      merchantReference: `ORD-${100000 + i}`,
      networkTransactionId: rnd.digits(15),
      arn: t.arn,
      authCode: t.authCode,
      cardBin: t.bin,
      cardLast4: t.last4,
      amountMinor: t.amountMinor,
      currency,
      authorisedAt: new Date(t.authorisedAt),
      settledAt: new Date(t.authorisedAt + DAY),
      descriptor: t.descriptor,
      customer: { customer_id: `cust-${i}`, first_name: rnd.pick(["Jane", "John", "Ana", "Li", "Sam"]), last_name: rnd.pick(["Doe", "Smith", "Garcia", "Chen"]), email: `customer${i}@example.com` },
      products: [{ name: rnd.pick(["Wireless Headphones", "Yoga Mat", "Coffee Grinder", "Annual Plan"]), sku: `SKU-${i}`, quantity: "1" }],
      refundStatus: i % 9 === 0 ? "REFUNDED" : "NONE",
      source: "demo",
    });
  }
  await db.transaction.createMany({ data: txRows });

  // ~300 alerts.
  const alertRows: Prisma.AlertCreateManyInput[] = [];
  for (let i = 0; i < 300; i++) {
    const { row: merchant, spec } = merchants[i % 3 === 2 ? 2 + (i % 2) : i % 2]!;
    const provider = rnd.chance(0.6) ? "chargebackstop" : "chargebackhit";
    const kind: AlertKind = provider === "chargebackstop" ? (rnd.chance(0.8) ? "ETHOCA" : "RDR") : rnd.pick(["ETHOCA", "CDRN", "RDR"] as const);
    let status: AlertStatus;
    const roll = rnd.next();
    if (kind === "RDR") status = roll < 0.85 ? "RESOLVED" : "INVALID";
    else status = roll < 0.38 ? "ACTION_REQUIRED" : roll < 0.48 ? "AWAITING_PROVIDER" : roll < 0.85 ? "RESOLVED" : roll < 0.9 ? "INVALID" : "EXPIRED";
    const window = kind === "CDRN" ? 72 * HOUR : 24 * HOUR;
    let deadline: number;
    if (status === "ACTION_REQUIRED") {
      const bucket = rnd.next();
      deadline = bucket < 0.12 ? now - rnd.int(1, 20) * HOUR : bucket < 0.3 ? now + rnd.int(10, 230) * 60_000 : bucket < 0.5 ? now + rnd.int(4, 23) * HOUR : now + rnd.int(24, 70) * HOUR;
    } else if (status === "AWAITING_PROVIDER") deadline = now + rnd.int(2, 40) * HOUR;
    else if (status === "EXPIRED") deadline = now - rnd.int(1, 20) * DAY;
    else deadline = now - rnd.int(0, 28) * DAY + rnd.int(-10, 10) * HOUR;
    const receivedAt = Math.min(deadline - window + rnd.int(0, 30) * 60_000, now - 5 * 60_000);
    const linked = i % 6 === 0 ? transactions[(i / 6) % transactions.length]! : null;
    const currency = linked?.currency ?? (i % 13 === 0 ? "EUR" : "USD");
    const amountMinor = linked?.amountMinor ?? rnd.int(499, 39_999);
    const last4 = linked?.last4 ?? rnd.digits(4);
    const scheme = kind === "ETHOCA" ? rnd.pick(["MASTERCARD", "VISA"]) : "VISA";
    const externalId = provider === "chargebackstop" ? rnd.id("netalrt_") : randomUUID();
    const arn = linked?.arn ?? (rnd.chance(0.7) ? "0125" + rnd.digits(19) : null);
    const authCode = linked?.authCode ?? rnd.id("", 6).toUpperCase();
    const descriptor = spec.descriptor;
    const decided = status === "RESOLVED" || status === "INVALID" || status === "EXPIRED";
    const refund = status === "RESOLVED" ? (kind === "RDR" ? "REFUNDED" : rnd.pick(["REFUNDED", "REFUNDED", "NOT_REFUNDED"])) : null;
    const providerStatus =
      provider === "chargebackstop"
        ? status === "EXPIRED" || status === "AWAITING_PROVIDER"
          ? "ACTION_REQUIRED"
          : status
        : kind === "RDR"
          ? "resolved"
          : "init-refund";
    const providerData =
      provider === "chargebackstop"
        ? {
            id: externalId,
            note: null,
            status: providerStatus,
            created_at: iso(receivedAt),
            updated_at: iso(receivedAt + 60_000),
            merchant_id: spec.cbs,
            enrolment_type: kind === "RDR" ? "VERIFI_RDR" : "ETHOCA_ALERT",
            organisation_id: spec.org.providerOrgId,
            transaction_card_bin: linked?.bin ?? null,
            transaction_card_last4: last4,
            transaction_card_scheme: scheme,
            action_required_deadline: iso(deadline),
            transaction_currency_code: currency,
            transaction_refund_outcome: refund,
            transaction_amount_in_cents: amountMinor,
            transaction_authorisation_code: authCode,
            transaction_statement_descriptor: descriptor,
            transaction_acquirer_reference_number: arn,
          }
        : {
            alert: { id: externalId, date: iso(receivedAt), provider: kind === "ETHOCA" ? "ethoca" : "verifi", product: kind.toLowerCase(), type: providerStatus, outcome: decided ? "reversed" : "", amount: (amountMinor / 100).toFixed(2), currency, descriptor },
            transaction: { arn, auth_code: authCode, last_four: last4, card_brand: scheme.toLowerCase() },
            merchant: { id: spec.cbh, internal_id: spec.mid, descriptor, name: spec.name },
          };
    alertRows.push({
      organisationId: spec.org.id,
      merchantId: merchant.id,
      enrolmentId: provider === "chargebackstop" && kind === "ETHOCA" ? enrolmentIds[merchants.findIndex((m) => m.row.id === merchant.id) * services.length] : null,
      transactionId: linked?.id ?? null,
      matchRule: linked ? "ARN_CARD" : null,
      matchConfidence: linked ? 95 : null,
      provider,
      externalId,
      kind,
      providerStatus,
      status,
      deadlineAt: new Date(deadline),
      amountMinor,
      currency,
      cardScheme: scheme,
      cardBin: linked?.bin ?? null,
      cardLast4: last4,
      cardIssuer: rnd.pick(["BofA", "Chase", "Barclays", "ING", null]),
      arn,
      authCode,
      descriptor,
      authorisedAt: new Date(linked?.authorisedAt ?? receivedAt - rnd.int(2, 20) * DAY),
      refundOutcome: refund,
      providerOutcome: provider === "chargebackhit" && status === "AWAITING_PROVIDER" ? "pending" : null,
      receivedAt: new Date(receivedAt),
      decidedAt: decided ? new Date(Math.min(deadline, now)) : null,
      providerCreatedAt: new Date(receivedAt),
      providerUpdatedAt: new Date(receivedAt + 60_000),
      providerData,
    });
  }
  await db.alert.createMany({ data: alertRows });

  // Representments in several stages.
  const repRows: Prisma.RepresentmentCreateManyInput[] = [];
  const stages: RepresentmentStage[] = ["INQUIRY", "CHARGEBACK", "CHARGEBACK", "PRE_ARBITRATION", "ARBITRATION"];
  const repStatuses: RepresentmentStatus[] = ["OPEN", "OPEN", "UNDER_REVIEW", "WON", "LOST", "CLOSED"];
  for (let i = 0; i < 42; i++) {
    const { row: merchant, spec } = merchants[i % merchants.length]!;
    const astra = i % 7 === 3;
    const status = rnd.pick(repStatuses);
    const stage = astra ? "CHARGEBACK" : rnd.pick(stages);
    const disputed = now - rnd.int(1, 50) * DAY;
    const linked = i % 5 === 0 ? transactions[(i * 3) % transactions.length]! : null;
    const amountMinor = linked?.amountMinor ?? rnd.int(1500, 60_000);
    const currency = linked?.currency ?? "USD";
    const externalId = astra ? `C${rnd.digits(6)}V${rnd.digits(10)}` : rnd.id("rep_");
    const astraStatus = { OPEN: "Open - Merchant debited", UNDER_REVIEW: "Documentation received", WON: "Representment - Merchant Paid", LOST: "Closed - 2nd Chargeback - Merchant Debited", CLOSED: "Closed" }[status];
    repRows.push({
      organisationId: spec.org.id,
      merchantId: merchant.id,
      transactionId: linked?.id ?? null,
      matchRule: linked ? "ARN_CARD" : null,
      provider: astra ? "astra" : "chargebackstop",
      externalId,
      stage,
      providerStage: astra ? null : stage,
      status,
      providerStatus: astra ? astraStatus : status,
      disputeStatus: astra ? rnd.pick(["Not Disputed", "Open", "Won", "Lost"]) : null,
      reason: astra ? null : rnd.pick(["SUBSCRIPTION_CANCELED", "FRAUDULENT", "PRODUCT_NOT_RECEIVED", "DUPLICATE", "CREDIT_NOT_PROCESSED"]),
      reasonCode: astra ? null : rnd.pick(["10.4", "13.1", "13.2", "4853", "4837"]),
      amountMinor,
      currency,
      transactionAmountMinor: amountMinor,
      transactionCurrency: currency,
      cardScheme: rnd.pick(["VISA", "MASTERCARD"]),
      arn: linked?.arn ?? null,
      serviceType: astra ? null : rnd.pick(["ONLINE_SERVICES", "PHYSICAL_GOODS"]),
      managedBy: astra ? null : "PARTNER",
      dueAt: status === "OPEN" || status === "UNDER_REVIEW" ? new Date(disputed + rnd.int(7, 45) * DAY) : new Date(disputed + 14 * DAY),
      disputedAt: new Date(disputed),
      transactionAuthorisedAt: new Date(linked?.authorisedAt ?? disputed - rnd.int(5, 30) * DAY),
      receivedAt: new Date(disputed + HOUR),
      providerCreatedAt: new Date(disputed + HOUR),
      providerUpdatedAt: new Date(disputed + 2 * HOUR),
      providerData: astra
        ? { id: rnd.id("", 40).toLowerCase(), amount: (amountMinor / 100).toFixed(2), status: "processed", action_status: astraStatus, chargeback_id: externalId }
        : { id: externalId, dispute_stage: stage, dispute_status: status, dispute_amount_in_cents: amountMinor, dispute_currency_code: currency, organisation_id: spec.org.providerOrgId, merchant_id: spec.cbs },
    });
  }
  await db.representment.createMany({ data: repRows });

  // Scheme notices.
  const noticeRows: Prisma.SchemeNoticeCreateManyInput[] = [];
  for (let i = 0; i < 30; i++) {
    const { row: merchant, spec } = merchants[i % merchants.length]!;
    const type = rnd.pick(["TC40", "TC40", "SAFE", "TC15"] as const);
    const reported = now - rnd.int(1, 80) * DAY;
    const linked = i % 4 === 0 ? transactions[(i * 7) % transactions.length]! : null;
    const externalId = rnd.id("schntc_");
    noticeRows.push({
      organisationId: spec.org.id,
      merchantId: merchant.id,
      transactionId: linked?.id ?? null,
      matchRule: linked ? "ARN_CARD" : null,
      provider: i % 5 === 4 ? "chargebackhit" : "chargebackstop",
      externalId,
      noticeType: type,
      providerType: type,
      category: "FRAUD_NOTICE",
      scheme: type === "SAFE" ? "MASTERCARD" : "VISA",
      fraudType: rnd.pick(["CARD_NOT_PRESENT", "STOLEN", "COUNTERFEIT", "ACCOUNT_TAKEOVER"]),
      disputeEligible: rnd.chance(0.4),
      revoked: i % 9 === 0,
      revokedAt: i % 9 === 0 ? new Date(reported + 3 * DAY) : null,
      reportedAt: new Date(reported),
      amountMinor: linked?.amountMinor ?? rnd.int(1000, 30_000),
      currency: linked?.currency ?? "USD",
      cardBin: linked?.bin ?? "411798",
      cardLast4: linked?.last4 ?? rnd.digits(4),
      arn: linked?.arn ?? null,
      merchantName: spec.name,
      purchasedAt: new Date(reported - rnd.int(2, 20) * DAY),
      receivedAt: new Date(reported + HOUR),
      providerData: { id: externalId, scheme_notice_type: type, notice_type: "FRAUD_NOTICE" },
    });
  }
  await db.schemeNotice.createMany({ data: noticeRows });

  // Lookups, a few with children.
  const lookupTypes = ["VERIFI_ORDER_INSIGHT", "ETHOCA_CONSUMER_CLARITY", "ETHOCA_FIRST_PARTY_TRUST", "VERIFI_COMPELLING_EVIDENCE_3"];
  for (let i = 0; i < 40; i++) {
    const { row: merchant, spec } = merchants[i % merchants.length]!;
    const created = now - rnd.int(0, 30) * DAY - rnd.int(0, 23) * HOUR;
    const linked = i % 3 === 0 ? transactions[(i * 5) % transactions.length]! : null;
    const externalId = rnd.id("lkup_");
    const parent = await db.lookup.create({
      data: {
        organisationId: spec.org.id,
        merchantId: merchant.id,
        transactionId: linked?.id ?? null,
        matchRule: linked ? "AUTH_CODE_CARD" : null,
        provider: i % 4 === 3 ? "chargebackhit" : "chargebackstop",
        externalId,
        lookupType: i % 4 === 3 ? "inquiry" : rnd.pick(lookupTypes),
        lookupStatus: rnd.pick(["SUCCEEDED", "SUCCEEDED", "PENDING", "FAILED", "TIMEOUT"] as const),
        deflectionStatus: rnd.pick(["NOT_ATTEMPTED", "PENDING", "SUCCEEDED", "FAILED"] as const),
        amountMinor: linked?.amountMinor ?? rnd.int(500, 25_000),
        currency: linked?.currency ?? "USD",
        cardBin: linked?.bin ?? "411798",
        cardLast4: linked?.last4 ?? rnd.digits(4),
        arn: linked?.arn ?? null,
        authCode: linked?.authCode ?? null,
        descriptor: spec.descriptor,
        transactionAt: new Date(linked?.authorisedAt ?? created - 2 * DAY),
        receivedAt: new Date(created),
        providerCreatedAt: new Date(created),
        providerUpdatedAt: new Date(created),
        providerData: { id: externalId, type: "VERIFI_ORDER_INSIGHT" },
      },
    });
    if (i % 8 === 0) {
      for (let c = 0; c < 2; c++) {
        const childId = rnd.id("lkup_");
        await db.lookup.create({
          data: {
            organisationId: spec.org.id,
            merchantId: merchant.id,
            parentId: parent.id,
            parentExternalId: externalId,
            provider: "chargebackstop",
            externalId: childId,
            lookupType: "VERIFI_ORDER_INSIGHT",
            lookupStatus: "SUCCEEDED",
            deflectionStatus: "NOT_ATTEMPTED",
            descriptor: spec.descriptor,
            receivedAt: new Date(created + (c + 1) * 60_000),
            providerData: { id: childId, parent_lookup_id: externalId },
          },
        });
      }
    }
  }

  await seedDemoDeliveries(db, { acme, globex }, options.databaseUrl);

  return { organisations: [acme, globex], users: DEMO_USERS.map((u) => u.email) };
}

export const DEMO_WEBHOOK_SECRETS = { acme: "whsec_demo_acme_commerce", globex: "whsec_demo_globex_retail" } as const;

/**
 * A ChargebackStop connection per organisation and a few deliveries sent through the real
 * pipeline (signed by the simulator), so the delivery log has processed, repeated, ignored and
 * failed entries to show.
 */
async function seedDemoDeliveries(
  db: PrismaClient,
  orgs: { acme: { id: string; providerOrgId: string | null }; globex: { id: string; providerOrgId: string | null } },
  databaseUrl: string | undefined,
) {
  const { handleWebhook } = await import("@/lib/ingest/pipeline");
  const { createIngestDatabase } = await import("@/lib/db");
  const { createConnection } = await import("@/lib/domain/connections/commands");
  const { SYSTEM_SCOPE } = await import("@/lib/domain/scope");
  const sim = await import("@/lib/providers/chargebackstop/simulator");
  const actor = { type: "system" as const, label: "demo data" };
  // the pipeline's own pool, on the database being seeded
  const ingest = createIngestDatabase({ url: databaseUrl, max: 2 });
  try {
    for (const key of ["acme", "globex"] as const) {
      const org = orgs[key];
      const secret = DEMO_WEBHOOK_SECRETS[key];
      const connection = await createConnection(
        SYSTEM_SCOPE,
        { organisationId: org.id, provider: "chargebackstop", label: "ChargebackStop (demo)", mode: "TEST", secrets: { webhook_secret: secret } },
        actor,
        db,
      );
      const merchant = await db.merchantProviderId.findFirst({ where: { provider: "chargebackstop", merchant: { organisationId: org.id } }, select: { externalId: true } });
      const common = { organisationId: org.providerOrgId ?? undefined, merchantId: merchant?.externalId };
      const created = sim.alertCreated({ ...common, descriptor: key === "acme" ? "ACME*STORE" : "GLOBEX.COM" });
      const deliveries: string[] = [
        sim.serialize(created),
        sim.serialize(created), // a provider retry: applied once
        sim.serialize(sim.alertUpdated(created, { note: "Customer contacted" })),
        ...sim.scenarios.enrolmentProgress(common).map(sim.serialize),
        sim.serialize({ ...sim.alertCreated(common), type: "dispute.evidence_requested" }), // unknown type: ignored
        '{"id":"evt_truncated","type":"alert.created","data":{"object":{"id":', // truncated body: failed
      ];
      for (const body of deliveries) {
        const signed = sim.signedRequest({ body, secret });
        const request = new Request(`http://localhost${connection.webhookPath}`, { method: "POST", headers: signed.headers, body });
        await handleWebhook(request, { provider: "chargebackstop", connectionId: connection.id }, { database: ingest });
      }
    }
  } finally {
    await ingest.pool.end();
    await ingest.prisma.$disconnect();
  }
}
