import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { startMailSink, type MailSink } from "@/scripts/lib/mail-sink";
import { authLinkEmailNote, emailAuthLink } from "./auth-links";

/** Invitation and reset links by email, against a local SMTP sink. */
let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvCache();
  await sink.close();
});

const useSmtp = (url: string | undefined) => {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
};

describe("emailAuthLink", () => {
  it("emails an invitation with the link and who invited", async () => {
    useSmtp(sink.url);
    const link = "https://recourse.example/invite/abcDEF123";
    expect(await emailAuthLink("invite", "New.Person@example.test", link, { invitedBy: "Ada Admin" })).toEqual({ status: "sent" });
    const mail = await sink.waitFor((m) => m.to.includes("New.Person@example.test") && m.text.includes(link));
    expect(mail.subject).toBe("You are invited to Recourse");
    expect(mail.text).toContain("Ada Admin has invited you");
    expect(mail.text).toContain("works once, for 7 days");
  });

  it("emails a reset link valid for an hour", async () => {
    useSmtp(sink.url);
    const link = "https://recourse.example/reset-password/xyz789";
    expect(await emailAuthLink("reset", "member@example.test", link)).toEqual({ status: "sent" });
    const mail = await sink.waitFor((m) => m.text.includes(link));
    expect(mail).toMatchObject({ subject: "Reset your Recourse password", to: ["member@example.test"] });
    expect(mail.text).toContain("1 hour");
  });

  it("says so when email is not configured or the server refuses, and the note tells the admin", async () => {
    useSmtp(undefined);
    const off = await emailAuthLink("invite", "a@example.test", "https://r.example/invite/1");
    expect(off).toEqual({ status: "not-configured" });
    expect(authLinkEmailNote(off, "a@example.test")).toMatch(/send them the link below/i);

    useSmtp(sink.url);
    sink.rejectNext(1, 550, "No such user");
    const refused = await emailAuthLink("invite", "b@example.test", "https://r.example/invite/2");
    expect(refused).toMatchObject({ status: "failed" });
    expect(authLinkEmailNote(refused, "b@example.test")).toMatch(/could not be sent \(.*550.*\); send them the link below/);
    expect(authLinkEmailNote({ status: "sent" }, "c@example.test")).toBe("We emailed it to c@example.test; it is also below.");
  });

  it("gives up on a mail server that never answers within the interactive bound", async () => {
    // accepts the connection and never sends the SMTP greeting
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      useSmtp(`smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`);
      const started = Date.now();
      const result = await emailAuthLink("reset", "d@example.test", "https://r.example/reset-password/3", { timeoutMs: 500 });
      expect(result).toMatchObject({ status: "failed" });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.close();
    }
  });
});
