import { describe, expect, it } from "vitest";
import { oneLine, renderDigest, renderMessage, type AlertFacts } from "./messages";
import { parseNotificationPreferences } from "./preferences";

const alert: AlertFacts = {
  id: "alert-1",
  provider: "chargebackstop",
  kind: "ETHOCA",
  amountMinor: 6606,
  currency: "USD",
  cardLast4: "5455",
  descriptor: "ECOM-STUFF.COM",
  merchantName: "Stuff Ltd",
  deadlineAt: new Date("2026-11-25T14:05:00Z"),
  organisationName: "Acme Commerce",
};
const now = new Date("2026-11-25T12:00:00Z");

describe("notification messages", () => {
  it("say in plain words what happened, in the recipient's time zone, with a link when a public URL is set", () => {
    const m = renderMessage({ kind: "alert.action_required", alert }, { timeZone: "Europe/Berlin", baseUrl: "https://recourse.example.com/", now });
    expect(m.subject).toBe("Action required: Ethoca alert 66.06 USD (ECOM-STUFF.COM), due 25 Nov 2026, 15:05");
    expect(m.body).toContain("A new alert needs a decision.");
    expect(m.body).toContain("Deadline: 25 Nov 2026, 15:05 (Europe/Berlin)");
    expect(m.body).toContain("Card: ending 5455");
    expect(m.body).toContain("Open the alert: https://recourse.example.com/alerts/alert-1");
    expect(renderMessage({ kind: "alert.action_required", alert }, { baseUrl: null }).body).not.toContain("http");
  });

  it("deadline reminders say how long is left", () => {
    const m = renderMessage({ kind: "alert.deadline", alert, hours: 4 }, { now, baseUrl: null });
    expect(m.subject).toBe("Deadline in 2h 05m: Ethoca alert 66.06 USD (ECOM-STUFF.COM)");
    expect(m.body).toContain("less than 4 hours away");
  });

  it("cover rejected and failed outcomes, enrolments and rejected deliveries", () => {
    const rejected = renderMessage({ kind: "outcome.failed", outcome: { submissionId: "s1", status: "REJECTED", outcome: "REFUND", lastError: "HTTP 422: already refunded", alert } }, { baseUrl: null });
    expect(rejected.subject).toMatch(/^Outcome rejected: Refund for Ethoca alert/);
    expect(rejected.body).toContain("Reason: HTTP 422: already refunded");
    const failed = renderMessage({ kind: "outcome.failed", outcome: { submissionId: "s1", status: "FAILED", outcome: "REFUND", lastError: null, alert } }, { baseUrl: null });
    expect(failed.subject).toMatch(/^Outcome failed/);

    const enrolment = { id: "e1", provider: "chargebackstop", service: "ETHOCA", status: "IN_PROGRESS", statusChangedAt: new Date("2026-11-01T09:00:00Z"), merchantNames: ["One", "Two"], organisationName: null };
    const stuck = renderMessage({ kind: "enrolment.stuck", enrolment, workingDays: 10 }, { now, baseUrl: "https://r.example" });
    expect(stuck.subject).toBe("Enrolment waiting since 01 Nov 2026, 09:00: Ethoca at ChargebackStop for One, Two");
    expect(stuck.body).toContain("Organisation: unassigned");
    expect(stuck.body).toContain("https://r.example/enrolments/e1");
    expect(renderMessage({ kind: "enrolment.enabled", enrolment: { ...enrolment, status: "ENABLED" } }, { baseUrl: null }).subject).toBe("Enrolment enabled: Ethoca at ChargebackStop for One, Two");

    const rejections = renderMessage({ kind: "connection.rejections", rejections: { connectionId: "c-123456", provider: "chargebackhit", label: null, organisationName: "Acme", count: 31, threshold: 20 } }, { baseUrl: "https://r.example" });
    expect(rejections.subject).toBe("31 rejected deliveries in the last hour on Chargebackhit connection …123456");
    expect(rejections.body).toContain("https://r.example/events?connection=c-123456");
  });

  it("flatten provider text to one short line (no header or markdown injection through newlines)", () => {
    expect(oneLine("EVIL\r\nBcc: x@y.z\t\u0000tail", 200)).toBe("EVIL Bcc: x@y.z tail");
    expect(oneLine("x".repeat(100), 10)).toBe("xxxxxxxxx…");
    const m = renderMessage({ kind: "alert.action_required", alert: { ...alert, descriptor: "A\nSubject: spoofed" } }, { baseUrl: null });
    expect(m.subject).not.toMatch(/\n/);
  });

  it("a digest lists every notification once", () => {
    const items = [
      { kind: "alert.action_required", subject: "First", body: "Body one\n\nYou receive this because of your notification settings in Recourse.", createdAt: now },
      { kind: "enrolment.enabled", subject: "Second", body: "Body two", createdAt: now },
    ];
    const digest = renderDigest(items);
    expect(digest.subject).toBe("Recourse digest: 2 notifications");
    expect(digest.body).toContain("1. First");
    expect(digest.body).toContain("2. Second");
    expect(digest.body.match(/You receive this/g)).toHaveLength(1);
    expect(renderDigest(items.slice(0, 1)).subject).toBe("Recourse digest: First");
  });
});

describe("stored preferences", () => {
  it("are opt-in and tolerate anything malformed", () => {
    expect(parseNotificationPreferences(undefined)).toMatchObject({ email: false, mode: "immediate", deadlineHours: 4 });
    expect(parseNotificationPreferences({}).events["alert.deadline"]).toBe(false);
    const odd = parseNotificationPreferences({ email: "yes", events: { "alert.deadline": true, "bogus.kind": true, "enrolment.stuck": "true" }, mode: "weekly", deadlineHours: 500 });
    expect(odd).toMatchObject({ email: false, mode: "immediate", deadlineHours: 4 });
    expect(odd.events).toMatchObject({ "alert.deadline": true, "enrolment.stuck": false });
    expect(Object.keys(odd.events)).not.toContain("bogus.kind");
    expect(parseNotificationPreferences([1, 2])).toMatchObject({ email: false });
  });
});
