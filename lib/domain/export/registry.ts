import { alertExportQuery, parseAlertListParams } from "@/lib/domain/alerts/list";
import { lookupExportQuery, parseLookupListParams } from "@/lib/domain/lookups/list";
import { parseRepresentmentListParams, representmentExportQuery } from "@/lib/domain/representments/list";
import { parseSchemeNoticeListParams, schemeNoticeExportQuery } from "@/lib/domain/scheme-notices/list";
import type { RawParams } from "@/lib/domain/list-params";
import type { AccessScope } from "@/lib/domain/scope";
import { exportRowLimit, exportValue, type ExportColumn } from "./csv";

/** Each exportable list: the page's query parser, its SQL without paging, and the CSV columns. */
export type Exporter = {
  filename: string;
  build: (scope: AccessScope, params: RawParams, options: { providers: string[]; now: Date }) => { text: string; params: unknown[] };
  columns: ExportColumn<Record<string, unknown>>[];
};

type Row = Record<string, unknown>;
const s = (key: string) => (row: Row) => row[key];
const time = (key: string) => (row: Row, c: { timeZone: string }) => exportValue.time(row[key] as Date | null, c.timeZone);
const amount = (minorKey: string, currencyKey: string) => (row: Row) => exportValue.amount(row[minorKey] as number | null, row[currencyKey] as string | null);

export const EXPORTERS: Record<string, Exporter> = {
  alerts: {
    filename: "alerts",
    build: (scope, params, { providers, now }) => alertExportQuery(scope, parseAlertListParams(params, { providers, defaultSize: 50 }), now, exportRowLimit()),
    columns: [
      { header: "id", value: s("id") },
      { header: "provider", value: s("provider") },
      { header: "provider_id", value: s("externalId") },
      { header: "organisation", value: s("organisationName") },
      { header: "merchant", value: s("merchantName") },
      { header: "kind", value: s("kind") },
      { header: "status", value: s("status") },
      { header: "provider_status", value: s("providerStatus") },
      { header: "deadline", value: time("deadlineAt") },
      { header: "amount", value: amount("amountMinor", "currency") },
      { header: "currency", value: s("currency") },
      { header: "card_scheme", value: s("cardScheme") },
      { header: "card_last4", value: s("cardLast4") },
      { header: "arn", value: s("arn") },
      { header: "auth_code", value: s("authCode") },
      { header: "descriptor", value: s("descriptor") },
      { header: "received", value: time("receivedAt") },
    ],
  },
  representments: {
    filename: "representments",
    build: (scope, params, { providers, now }) =>
      representmentExportQuery(scope, parseRepresentmentListParams(params, { providers, defaultSize: 50 }), now, exportRowLimit()),
    columns: [
      { header: "id", value: s("id") },
      { header: "provider", value: s("provider") },
      { header: "provider_id", value: s("externalId") },
      { header: "organisation", value: s("organisationName") },
      { header: "merchant", value: s("merchantName") },
      { header: "stage", value: s("stage") },
      { header: "status", value: s("status") },
      { header: "provider_status", value: s("providerStatus") },
      { header: "reason", value: s("reason") },
      { header: "reason_code", value: s("reasonCode") },
      { header: "amount", value: amount("amountMinor", "currency") },
      { header: "currency", value: s("currency") },
      { header: "arn", value: s("arn") },
      { header: "due", value: time("dueAt") },
      { header: "disputed", value: time("disputedAt") },
      { header: "received", value: time("receivedAt") },
    ],
  },
  "scheme-notices": {
    filename: "scheme-notices",
    build: (scope, params, { providers, now }) =>
      schemeNoticeExportQuery(scope, parseSchemeNoticeListParams(params, { providers, defaultSize: 50 }), now, exportRowLimit()),
    columns: [
      { header: "id", value: s("id") },
      { header: "provider", value: s("provider") },
      { header: "provider_id", value: s("externalId") },
      { header: "organisation", value: s("organisationName") },
      { header: "merchant", value: s("merchantName") },
      { header: "type", value: s("noticeType") },
      { header: "scheme", value: s("scheme") },
      { header: "fraud_type", value: s("fraudType") },
      { header: "revoked", value: s("revoked") },
      { header: "dispute_eligible", value: s("disputeEligible") },
      { header: "amount", value: amount("amountMinor", "currency") },
      { header: "currency", value: s("currency") },
      { header: "card_last4", value: s("cardLast4") },
      { header: "reported", value: time("reportedAt") },
      { header: "received", value: time("receivedAt") },
    ],
  },
  lookups: {
    filename: "lookups",
    build: (scope, params, { providers, now }) => lookupExportQuery(scope, parseLookupListParams(params, { providers, defaultSize: 50 }), now, exportRowLimit()),
    columns: [
      { header: "id", value: s("id") },
      { header: "provider", value: s("provider") },
      { header: "provider_id", value: s("externalId") },
      { header: "organisation", value: s("organisationName") },
      { header: "merchant", value: s("merchantName") },
      { header: "type", value: s("lookupType") },
      { header: "lookup_status", value: s("lookupStatus") },
      { header: "deflection_status", value: s("deflectionStatus") },
      { header: "amount", value: amount("amountMinor", "currency") },
      { header: "currency", value: s("currency") },
      { header: "card_last4", value: s("cardLast4") },
      { header: "arn", value: s("arn") },
      { header: "descriptor", value: s("descriptor") },
      { header: "received", value: time("receivedAt") },
    ],
  },
};
