/**
 * A local SMTP sink for tests (smtp-server): accepts every message on 127.0.0.1 without TLS or
 * authentication and keeps it. With `dir`, each message is written as `<n>.eml` (the raw bytes)
 * and `<n>.json` ({ from, to, subject, text, headers, receivedAt }); the JSON is renamed into
 * place, so a reader never sees half a file. `rejectNext()` makes the next messages fail with a
 * given SMTP reply (e.g. 451, a temporary failure) to exercise retries. Never a real mail server.
 */
import fs from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  receivedAt: string;
};

export type MailSink = {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** the next `count` messages are refused with this reply (default 451: try again later) */
  rejectNext(count: number, code?: number, message?: string): void;
  /** resolves when a message matching `predicate` has arrived (or rejects after `timeoutMs`) */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
};

/** "=?UTF-8?Q?…?=" / "=?UTF-8?B?…?=" encoded words (RFC 2047), as nodemailer writes them. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, _charset: string, encoding: string, text: string) => {
    if (encoding.toUpperCase() === "B") return Buffer.from(text, "base64").toString("utf8");
    return decodeQuotedPrintable(text.replace(/_/g, " "));
  });
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Headers and the text of a single-part message (enough for what Recourse sends). */
export function parseMail(raw: string): { headers: Record<string, string>; subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split).replace(/^\r?\n\r?\n/, "") : "";
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text =
    encoding === "quoted-printable" ? decodeQuotedPrintable(body) : encoding === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : body;
  return { headers, subject: decodeWords(headers["subject"] ?? ""), text: text.replace(/\r\n/g, "\n").replace(/\n$/, "") };
}

export async function startMailSink(options: { port?: number; host?: string; dir?: string } = {}): Promise<MailSink> {
  const host = options.host ?? "127.0.0.1";
  if (options.dir) fs.mkdirSync(options.dir, { recursive: true });
  const messages: ReceivedMail[] = [];
  const waiters = new Set<{ predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }>();
  let rejections: { left: number; code: number; message: string } = { left: 0, code: 451, message: "" };
  let sequence = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    banner: "Recourse test mail sink",
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        if (rejections.left > 0) {
          rejections.left--;
          const error = new Error(rejections.message || "Try again later (test sink)") as Error & { responseCode: number };
          error.responseCode = rejections.code;
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = parseMail(raw);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject,
          text: parsed.text,
          headers: parsed.headers,
          receivedAt: new Date().toISOString(),
        };
        if (options.dir) {
          const name = `${Date.now()}-${String(++sequence).padStart(5, "0")}`;
          fs.writeFileSync(path.join(options.dir, `${name}.eml`), raw);
          fs.writeFileSync(path.join(options.dir, `.${name}.json.tmp`), JSON.stringify(mail, null, 2));
          fs.renameSync(path.join(options.dir, `.${name}.json.tmp`), path.join(options.dir, `${name}.json`));
        }
        messages.push(mail);
        for (const waiter of waiters) {
          if (waiter.predicate(mail)) {
            waiters.delete(waiter);
            waiter.resolve(mail);
          }
        }
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  server.on("error", () => undefined);
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `smtp://${host}:${port}`,
    port,
    messages,
    rejectNext(count, code = 451, message = "") {
      rejections = { left: count, code, message };
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs).unref();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
