import type { ParseArgsConfig } from "node:util";
import { AppError } from "@/lib/errors";
import { SYSTEM_SCOPE } from "@/lib/domain/scope";
import type { AuditActor } from "@/lib/domain/audit/commands";

type Values = Record<string, string | boolean | undefined>;
export type CliCommand = {
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run: (values: Values, positionals: string[]) => Promise<unknown>;
};

const CLI_ACTOR: AuditActor = { type: "cli", label: "operations CLI" };

export function required(values: Values, key: string): string {
  const value = values[key];
  if (typeof value !== "string" || value.trim() === "") throw new AppError("VALIDATION", { userMessage: `--${key} is required.` });
  return value;
}
const optional = (values: Values, key: string) => (typeof values[key] === "string" && values[key] !== "" ? (values[key] as string) : undefined);

export async function resolveOrganisation(ref: string) {
  const { findOrganisationByRef } = await import("@/lib/domain/organisations/queries");
  const org = await findOrganisationByRef(SYSTEM_SCOPE, ref);
  if (!org) throw new AppError("NOT_FOUND", { userMessage: `No organisation with id or slug "${ref}".` });
  return org;
}

export const commands: Record<string, CliCommand> = {
  "org:create": {
    usage: "org:create --name N [--provider-org-id ID]",
    options: { name: { type: "string" }, "provider-org-id": { type: "string" } },
    async run(values) {
      const { createOrganisation } = await import("@/lib/domain/organisations/commands");
      const org = await createOrganisation({ name: required(values, "name"), providerOrgId: optional(values, "provider-org-id") }, CLI_ACTOR);
      return { id: org.id, name: org.name, slug: org.slug, providerOrgId: org.providerOrgId };
    },
  },
  "org:list": {
    usage: "org:list",
    options: {},
    async run() {
      const { listOrganisations } = await import("@/lib/domain/organisations/queries");
      const items = await listOrganisations(SYSTEM_SCOPE);
      return {
        items: items.map((o) => ({ id: o.id, name: o.name, slug: o.slug, providerOrgId: o.providerOrgId, archived: o.archivedAt !== null })),
      };
    },
  },
  "user:create": {
    usage: "user:create --email E --password P [--name N] [--role ADMIN|OPS]",
    options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" }, role: { type: "string" } },
    async run(values) {
      const { createUser } = await import("@/lib/domain/users/commands");
      const role = optional(values, "role");
      if (role !== undefined && role !== "ADMIN" && role !== "OPS") {
        throw new AppError("VALIDATION", { userMessage: "--role must be ADMIN or OPS (organisation roles are given with membership:add)." });
      }
      const user = await createUser(
        { email: required(values, "email"), password: required(values, "password"), name: optional(values, "name"), role },
        CLI_ACTOR,
      );
      return { id: user.id, email: user.email, role: user.globalRole };
    },
  },
  "membership:add": {
    usage: "membership:add --email E --org ORG --role AGENT|VIEWER",
    options: { email: { type: "string" }, org: { type: "string" }, role: { type: "string" } },
    async run(values) {
      const { addMembership } = await import("@/lib/domain/organisations/commands");
      const { db } = await import("@/lib/db");
      const email = required(values, "email").trim().toLowerCase();
      const role = required(values, "role");
      if (role !== "AGENT" && role !== "VIEWER") throw new AppError("VALIDATION", { userMessage: "--role must be AGENT or VIEWER." });
      const org = await resolveOrganisation(required(values, "org"));
      const user = await db.user.findUnique({ where: { email }, select: { id: true } });
      if (!user) throw new AppError("NOT_FOUND", { userMessage: `No user with email "${email}".` });
      return addMembership({ userId: user.id, organisationId: org.id, role }, CLI_ACTOR);
    },
  },
  "connection:create": {
    usage:
      "connection:create --org ORG --provider chargebackstop|chargebackhit|astra [--scope org|partner] [--webhook-secret S] [--api-key K] [--public-key P] [--secret-key S] [--client-id I] [--client-secret S] [--refresh-token T] [--redirect-uri U] [--api-base-url URL] [--mode test|live] [--label L]",
    options: {
      org: { type: "string" },
      provider: { type: "string" },
      scope: { type: "string" },
      "webhook-secret": { type: "string" },
      "api-key": { type: "string" },
      "public-key": { type: "string" },
      "secret-key": { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "refresh-token": { type: "string" },
      "redirect-uri": { type: "string" },
      "api-base-url": { type: "string" },
      mode: { type: "string" },
      label: { type: "string" },
    },
    async run(values) {
      const { createConnection } = await import("@/lib/domain/connections/commands");
      const org = await resolveOrganisation(required(values, "org"));
      const scope = (optional(values, "scope") ?? "org").toUpperCase();
      const mode = (optional(values, "mode") ?? "live").toUpperCase();
      if (scope !== "ORG" && scope !== "PARTNER") throw new AppError("VALIDATION", { userMessage: "--scope must be org or partner." });
      if (mode !== "TEST" && mode !== "LIVE") throw new AppError("VALIDATION", { userMessage: "--mode must be test or live." });
      const secrets = Object.fromEntries(
        (
          [
            ["webhook_secret", "webhook-secret"],
            ["api_key", "api-key"],
            ["secret_key", "secret-key"],
            ["client_secret", "client-secret"],
            ["refresh_token", "refresh-token"],
          ] as const
        )
          .map(([name, flag]) => [name, optional(values, flag)] as const)
          .filter(([, value]) => value !== undefined),
      );
      return createConnection(
        SYSTEM_SCOPE,
        {
          organisationId: org.id,
          provider: required(values, "provider"),
          scope,
          mode,
          label: optional(values, "label"),
          apiBaseUrl: optional(values, "api-base-url"),
          publicKey: optional(values, "public-key"),
          clientId: optional(values, "client-id"),
          redirectUri: optional(values, "redirect-uri"),
          secrets,
        },
        CLI_ACTOR,
      );
    },
  },
  "connection:list": {
    usage: "connection:list [--org ORG]",
    options: { org: { type: "string" } },
    async run(values) {
      const { listConnections } = await import("@/lib/domain/connections/queries");
      const ref = optional(values, "org");
      const org = ref ? await resolveOrganisation(ref) : null;
      const items = await listConnections(SYSTEM_SCOPE, { organisationId: org?.id });
      return {
        items: items.map((c) => ({
          id: c.id,
          provider: c.provider,
          scope: c.scope === "ORG" ? "org" : "partner",
          mode: c.mode.toLowerCase(),
          status: c.status.toLowerCase(),
          organisationId: c.organisationId,
          organisation: c.organisation?.slug ?? null,
          apiBaseUrl: c.apiBaseUrl,
          webhookPath: c.webhookPath,
          webhookUrl: c.webhookUrl,
          secrets: c.secrets.map((x) => ({ name: x.name, value: x.masked, ...(x.expiresAt ? { expiresAt: x.expiresAt.toISOString() } : {}) })),
          rejectedLast24h: c.rejectedLast24h,
        })),
      };
    },
  },
  "connection:rotate-secret": {
    usage: "connection:rotate-secret ID --secret S",
    options: { secret: { type: "string" } },
    async run(values, positionals) {
      const { rotateWebhookSecret } = await import("@/lib/domain/connections/commands");
      const id = positionals[0];
      if (!id) throw new AppError("VALIDATION", { userMessage: "Give the connection id: connection:rotate-secret ID --secret S" });
      return rotateWebhookSecret(SYSTEM_SCOPE, { connectionId: id, secret: required(values, "secret") }, CLI_ACTOR);
    },
  },
  "connection:disable": {
    usage: "connection:disable ID",
    options: {},
    async run(_values, positionals) {
      const { setConnectionStatus } = await import("@/lib/domain/connections/commands");
      if (!positionals[0]) throw new AppError("VALIDATION", { userMessage: "Give the connection id." });
      return setConnectionStatus(SYSTEM_SCOPE, positionals[0], "DISABLED", CLI_ACTOR);
    },
  },
  "connection:enable": {
    usage: "connection:enable ID",
    options: {},
    async run(_values, positionals) {
      const { setConnectionStatus } = await import("@/lib/domain/connections/commands");
      if (!positionals[0]) throw new AppError("VALIDATION", { userMessage: "Give the connection id." });
      return setConnectionStatus(SYSTEM_SCOPE, positionals[0], "ACTIVE", CLI_ACTOR);
    },
  },
  sync: {
    usage: "sync --connection ID",
    options: { connection: { type: "string" } },
    async run(values) {
      const { runSync } = await import("@/lib/jobs/sync");
      return runSync(required(values, "connection"), CLI_ACTOR);
    },
  },
};
