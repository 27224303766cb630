/**
 * The operations CLI as a user runs it: a child process, one line of JSON out, errors on stderr
 * with exit code 1, against the test database (DATABASE_URL).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { unique } from "@/lib/testing/factories";

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/cli.ts", ...args], {
      cwd: root,
      env: { ...process.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("operations CLI", () => {
  it("creates and lists organisations, users and memberships", async () => {
    const name = `Cli Org ${unique()}`;
    const org = await cli("org:create", "--name", name, "--provider-org-id", unique("org"));
    expect(org.code).toBe(0);
    expect(org.stdout.trim().split("\n")).toHaveLength(1);
    const created = JSON.parse(org.stdout);
    expect(created).toEqual({ id: expect.any(String), name, slug: name.toLowerCase().replaceAll(" ", "-"), providerOrgId: expect.stringMatching(/^org-/) });

    const list = JSON.parse((await cli("org:list")).stdout);
    expect(list.items.some((o: { id: string }) => o.id === created.id)).toBe(true);

    const email = `${unique("cli")}@example.test`;
    const user = await cli("user:create", "--email", email, "--password", "a sound passphrase", "--role", "OPS");
    expect(JSON.parse(user.stdout)).toEqual({ id: expect.any(String), email, role: "OPS" });

    const member = await cli("membership:add", "--email", email, "--org", created.slug, "--role", "VIEWER");
    expect(JSON.parse(member.stdout)).toEqual({ id: expect.any(String), userId: JSON.parse(user.stdout).id, organisationId: created.id, role: "VIEWER" });
  }, 60_000);

  it("reports errors as JSON on stderr with exit code 1", async () => {
    const cases = [
      { args: ["org:create"], code: "VALIDATION" },
      { args: ["user:create", "--email", "nope", "--password", "x"], code: "VALIDATION" },
      { args: ["membership:add", "--email", "nobody@example.test", "--org", "no-such-org", "--role", "AGENT"], code: "NOT_FOUND" },
      { args: ["user:create", "--email", "a@example.test", "--password", "a sound passphrase", "--role", "GOD"], code: "VALIDATION" },
      { args: ["frobnicate"], code: "UNKNOWN_COMMAND" },
      { args: ["org:list", "--bogus"], code: "BAD_ARGUMENTS" },
    ];
    const results = await Promise.all(cases.map((c) => cli(...c.args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]!.args.join(" ")).toBe(1);
      expect(result.stdout).toBe("");
      expect(JSON.parse(result.stderr.trim())).toEqual({ error: { code: cases[i]!.code, message: expect.any(String) } });
    });
  }, 60_000);
});

describe("connection commands", () => {
  it("creates, lists (masked), rotates, disables and enables connections without printing secrets", async () => {
    const org = JSON.parse((await cli("org:create", "--name", `Conn ${unique()}`)).stdout);
    const secret = "whsec_cli_secret_0123456789";
    const created = await cli("connection:create", "--org", org.slug, "--provider", "chargebackstop", "--webhook-secret", secret, "--api-key", "cbs_key_abcdefgh1234", "--mode", "test");
    expect(created.code).toBe(0);
    const connection = JSON.parse(created.stdout);
    expect(connection).toEqual({
      id: expect.any(String),
      provider: "chargebackstop",
      scope: "org",
      organisationId: org.id,
      webhookPath: `/api/webhooks/chargebackstop/${connection.id}`,
      webhookUrl: expect.stringMatching(new RegExp(`/api/webhooks/chargebackstop/${connection.id}$`)),
    });
    expect(created.stdout).not.toContain(secret);

    const list = await cli("connection:list", "--org", org.slug);
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).not.toContain("cbs_key_abcdefgh1234");
    const [item] = JSON.parse(list.stdout).items;
    expect(item).toMatchObject({ id: connection.id, mode: "test", status: "active", apiBaseUrl: "https://api.chargebackstop.com" });
    expect(item.secrets).toEqual(expect.arrayContaining([{ name: "webhook_secret", value: "…6789" }, { name: "api_key", value: "…1234" }]));

    const rotated = JSON.parse((await cli("connection:rotate-secret", connection.id, "--secret", "whsec_rotated_secret_9999")).stdout);
    expect(rotated).toEqual({ id: connection.id, rotatedAt: expect.any(String), previousSecretValidUntil: expect.any(String) });
    const afterRotation = JSON.parse((await cli("connection:list", "--org", org.slug)).stdout).items[0];
    expect(afterRotation.secrets.filter((s: { name: string }) => s.name === "webhook_secret")).toHaveLength(2);

    expect(JSON.parse((await cli("connection:disable", connection.id)).stdout)).toEqual({ id: connection.id, status: "disabled" });
    expect(JSON.parse((await cli("connection:enable", connection.id)).stdout)).toEqual({ id: connection.id, status: "active" });
  }, 90_000);

  it("refuses secrets a provider does not use, missing required ones, and unknown providers", async () => {
    const org = JSON.parse((await cli("org:create", "--name", `Bad Conn ${unique()}`)).stdout);
    const results = await Promise.all([
      cli("connection:create", "--org", org.slug, "--provider", "chargebackstop"),
      cli("connection:create", "--org", org.slug, "--provider", "chargebackstop", "--webhook-secret", "whsec_long_enough", "--client-secret", "abcdefghijk"),
      cli("connection:create", "--org", org.slug, "--provider", "nobody", "--webhook-secret", "whsec_long_enough"),
      cli("connection:create", "--org", "no-such-org", "--provider", "chargebackstop", "--webhook-secret", "whsec_long_enough"),
      cli("connection:disable", "no-such-connection"),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1, 1, 1, 1]);
    expect(results.map((r) => JSON.parse(r.stderr).error.code)).toEqual(["VALIDATION", "VALIDATION", "VALIDATION", "NOT_FOUND", "NOT_FOUND"]);
  }, 90_000);
});
