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
};
