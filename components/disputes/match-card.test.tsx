import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MatchCard, type MatchCardMatch } from "./match-card";

const noop = async () => ({ ok: true });
const actions = { confirm: noop, change: noop, clear: noop };
const base: MatchCardMatch = {
  recordType: "Alert",
  recordId: "a1",
  rule: "ARN_CARD",
  confidence: 95,
  confirmed: false,
  transaction: { id: "t1", merchantReference: "ORD-1", amountMinor: 4999, currency: "USD", authorisedAt: "2026-01-10T08:00:00Z", cardLast4: "1234", descriptor: "SHOP", refundStatus: "REFUNDED" },
};

describe("MatchCard", () => {
  it("shows the payment, how it was matched and the controls for managers", () => {
    const html = renderToStaticMarkup(<MatchCard match={base} canManage timeZone="UTC" actions={actions} />);
    expect(html).toContain('href="/transactions/t1"');
    expect(html).toContain("49.99 USD");
    expect(html).toContain("Matched by ARN and card, confidence 95%.");
    expect(html).toContain("Refund status: refunded");
    expect(html).toContain("Confirm match");
    expect(html).toContain("Not this payment");
    expect(html).toContain('name="recordType" value="Alert"');
  });

  it("read-only without the permission; a confirmed empty match says so", () => {
    const html = renderToStaticMarkup(<MatchCard match={{ ...base, transaction: null, rule: null, confidence: null, confirmed: true }} canManage={false} timeZone="UTC" actions={actions} />);
    expect(html).toContain("No payment (confirmed)");
    expect(html).not.toContain("<form");
  });
});
