/**
 * Outbound calls against local sinks only: an SMTP sink (smtp-server) and a node:http server, both
 * on port 0. How each kind of failure is classified decides whether a notification is retried.
 */
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { startMailSink, type MailSink } from "@/scripts/lib/mail-sink";
import { classifySmtpError, postWebhook, sendEmail, slackPayload, teamsPayload } from "./transports";

let sink: MailSink;
let web: { url: string; requests: { path: string; body: string; headers: http.IncomingHttpHeaders }[]; status: number; hang: boolean; close(): Promise<void> };

async function startHttpSink() {
  const state = { requests: [] as { path: string; body: string; headers: http.IncomingHttpHeaders }[], status: 200, hang: false };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      state.requests.push({ path: req.url ?? "", body, headers: req.headers });
      if (state.hang) return; // never answers
      res.writeHead(state.status, { "content-type": "text/plain" }).end(state.status < 300 ? "ok" : "no_service");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** A port nothing listens on (listened on, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  sink = await startMailSink();
  web = await startHttpSink();
  process.env.SMTP_URL = sink.url;
  process.env.SMTP_FROM = "Recourse Test <recourse@test.example>";
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.SMTP_FROM;
  resetEnvCache();
  await sink.close();
  await web.close();
});
afterEach(() => {
  web.status = 200;
  web.hang = false;
});

const message = { subject: "Deadline in 2h: Ethoca alert <b>&</b>", body: "Line one\n\nOpen it: https://r.example/alerts/1" };

describe("email", () => {
  it("reaches the SMTP sink with our From, subject and body", async () => {
    const outcome = await sendEmail("Agent@Example.test", { subject: "Grüße: deadline", body: "Ünïcode body\nsecond line" }, { "X-Recourse-Notification": "d-1" });
    expect(outcome.kind).toBe("sent");
    const mail = await sink.waitFor((m) => m.headers["x-recourse-notification"] === "d-1");
    expect(mail).toMatchObject({ from: "recourse@test.example", to: ["Agent@example.test"], subject: "Grüße: deadline", text: "Ünïcode body\nsecond line" });
    expect(mail.headers["auto-submitted"]).toBe("auto-generated");
  });

  it("a temporary refusal is retried, a permanent one is not", async () => {
    sink.rejectNext(1, 451, "Mailbox busy");
    const temporary = await sendEmail("a@example.test", message);
    expect(temporary).toMatchObject({ kind: "retry" });
    expect((temporary as { error: string }).error).toMatch(/451/);
    sink.rejectNext(1, 550, "No such user");
    expect(await sendEmail("a@example.test", message)).toMatchObject({ kind: "failed" });
  });

  it("a refused connection is retried; without SMTP_URL nothing is attempted", async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`;
    resetEnvCache();
    try {
      expect(await sendEmail("a@example.test", message)).toMatchObject({ kind: "retry" });
      delete process.env.SMTP_URL;
      resetEnvCache();
      expect(await sendEmail("a@example.test", message)).toMatchObject({ kind: "failed", error: expect.stringMatching(/SMTP_URL/) });
    } finally {
      process.env.SMTP_URL = sink.url;
      resetEnvCache();
    }
  });

  it("classifies timeouts after the greeting as unknown (never resent)", () => {
    expect(classifySmtpError(Object.assign(new Error("Timeout"), { code: "ETIMEDOUT", command: "CONN" })).kind).toBe("unknown");
    expect(classifySmtpError(Object.assign(new Error("Greeting never received"), { code: "ETIMEDOUT", command: "CONN" })).kind).toBe("retry");
    expect(classifySmtpError(Object.assign(new Error("Connection closed unexpectedly"), { code: "ECONNECTION", command: "CONN" })).kind).toBe("unknown");
    expect(classifySmtpError(Object.assign(new Error("Message failed"), { code: "EMESSAGE", responseCode: 552 })).kind).toBe("failed");
  });
});

describe("Slack and Teams webhooks", () => {
  it("Slack gets { text } with Slack's escaping", async () => {
    expect(await postWebhook(`${web.url}/slack`, slackPayload(message))).toMatchObject({ kind: "sent" });
    const request = web.requests.at(-1)!;
    expect(request.path).toBe("/slack");
    expect(request.headers["content-type"]).toMatch(/application\/json/);
    expect(JSON.parse(request.body)).toEqual({ text: "*Deadline in 2h: Ethoca alert &lt;b&gt;&amp;&lt;/b&gt;*\n\nLine one\n\nOpen it: https://r.example/alerts/1" });
  });

  it("Teams gets a message with one Adaptive Card", async () => {
    expect(await postWebhook(`${web.url}/teams`, teamsPayload(message))).toMatchObject({ kind: "sent" });
    const body = JSON.parse(web.requests.at(-1)!.body);
    expect(body.type).toBe("message");
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    const card = body.attachments[0].content;
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(card.body[0]).toMatchObject({ type: "TextBlock", text: message.subject, weight: "Bolder", wrap: true });
    expect(card.body.map((b: { text: string }) => b.text)).toContain("Open it: https://r.example/alerts/1");
  });

  it("5xx and 429 are retried, other 4xx fail for good, a refused connection is retried, silence is unknown", async () => {
    web.status = 503;
    expect(await postWebhook(`${web.url}/x`, { text: "t" })).toMatchObject({ kind: "retry", error: expect.stringMatching(/HTTP 503/) });
    web.status = 429;
    expect(await postWebhook(`${web.url}/x`, { text: "t" })).toMatchObject({ kind: "retry" });
    web.status = 404;
    const gone = await postWebhook(`${web.url}/x/secret-path-token`, { text: "t" });
    expect(gone).toMatchObject({ kind: "failed", error: expect.stringMatching(/HTTP 404 no_service/) });
    expect((gone as { error: string }).error).not.toContain("secret-path-token");
    expect(await postWebhook(`http://127.0.0.1:${await closedPort()}/x`, { text: "t" })).toMatchObject({ kind: "retry", error: expect.stringMatching(/ECONNREFUSED/) });
    web.hang = true;
    expect(await postWebhook(`${web.url}/x`, { text: "t" }, globalThis.fetch, 300)).toMatchObject({ kind: "unknown", error: expect.stringMatching(/not resent/) });
  });
});
