/** The "unmatched" filter (`unmatched=1` → no linked payment) of every list. */
import { describe, expect, it } from "vitest";
import { parseAlertListParams, listAlertQueue } from "@/lib/domain/alerts/list";
import { listLookupPage, parseLookupListParams } from "@/lib/domain/lookups/list";
import { listRepresentmentPage, parseRepresentmentListParams } from "@/lib/domain/representments/list";
import { listSchemeNoticePage, parseSchemeNoticeListParams } from "@/lib/domain/scheme-notices/list";
import { makeAlert, makeLookup, makeOrganisation, makeRepresentment, makeSchemeNotice, makeTransaction } from "@/lib/testing/factories";

describe("unmatched filter", () => {
  it("keeps only records without a payment, in all four lists", async () => {
    const org = await makeOrganisation();
    const scope = { kind: "orgs" as const, organisationIds: [org.id] };
    const payment = await makeTransaction(org.id);
    const opts = { providers: ["chargebackstop"], defaultSize: 50 as const };
    const params = (unmatched: boolean) => ({ status: "ALL", ...(unmatched ? { unmatched: "1" } : {}) });
    const now = new Date();

    const alerts = [await makeAlert(org.id, { transactionId: payment.id }), await makeAlert(org.id)];
    const lookups = [await makeLookup(org.id, { transactionId: payment.id }), await makeLookup(org.id)];
    const notices = [await makeSchemeNotice(org.id, { transactionId: payment.id }), await makeSchemeNotice(org.id)];
    const reps = [await makeRepresentment(org.id, { transactionId: payment.id }), await makeRepresentment(org.id)];

    for (const unmatched of [false, true]) {
      const expected = (rows: { id: string }[]) => (unmatched ? [rows[1]!.id] : rows.map((r) => r.id).sort());
      const a = await listAlertQueue(scope, parseAlertListParams(params(unmatched), opts), now);
      expect(a.rows.map((r) => r.id).sort()).toEqual(expected(alerts));
      const l = await listLookupPage(scope, parseLookupListParams(params(unmatched), opts));
      expect(l.rows.map((r) => r.id).sort()).toEqual(expected(lookups));
      const n = await listSchemeNoticePage(scope, parseSchemeNoticeListParams(params(unmatched), opts));
      expect(n.rows.map((r) => r.id).sort()).toEqual(expected(notices));
      const r = await listRepresentmentPage(scope, parseRepresentmentListParams(params(unmatched), opts), now);
      expect(r.rows.map((x) => x.id).sort()).toEqual(expected(reps));
    }
    expect(parseAlertListParams({ unmatched: "yes" }, opts).unmatched).toBeUndefined();
  });
});
