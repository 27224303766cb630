import { z } from "zod";
import { emailSchema } from "@/lib/domain/users/schemas";

/** kebab-case of a name: lower-case ASCII letters and digits separated by single hyphens. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
}

export const organisationNameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(120, "Use at most 120 characters.")
  .refine((name) => slugify(name).length > 0, "Use some letters or digits.");

/** A provider's organisation id (ChargebackStop `org_…`): the same rule for the CLI and the browser. */
export const PROVIDER_ORG_ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;
const PROVIDER_ORG_ID_MESSAGE = "Use letters, digits, _ . : and - only (for example org_2fXk…).";

export const createOrganisationSchema = z.object({
  name: organisationNameSchema,
  providerOrgId: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(120, "Use at most 120 characters.").regex(PROVIDER_ORG_ID_PATTERN, PROVIDER_ORG_ID_MESSAGE).optional(),
  ),
});
export type CreateOrganisationInput = z.input<typeof createOrganisationSchema>;

export const addMembershipSchema = z.object({
  userId: z.string().min(1),
  organisationId: z.string().min(1),
  role: z.enum(["AGENT", "VIEWER"]),
});
export type AddMembershipInput = z.input<typeof addMembershipSchema>;

const optionalProviderOrgId = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  z
    .string()
    .trim()
    .max(120, "Use at most 120 characters.")
    .regex(PROVIDER_ORG_ID_PATTERN, PROVIDER_ORG_ID_MESSAGE)
    .nullable(),
);

export const renameOrganisationSchema = z.object({ organisationId: z.string().min(1), name: organisationNameSchema });
export type RenameOrganisationInput = z.input<typeof renameOrganisationSchema>;

export const setProviderOrgIdSchema = z.object({ organisationId: z.string().min(1), providerOrgId: optionalProviderOrgId });
export type SetProviderOrgIdInput = z.input<typeof setProviderOrgIdSchema>;

export const setArchivedSchema = z.object({ organisationId: z.string().min(1), archived: z.boolean() });

const orgRoleSchema = z.enum(["AGENT", "VIEWER"], { message: "Choose Agent or Viewer." });

export const addMemberByEmailSchema = z.object({
  organisationId: z.string().min(1),
  email: emailSchema,
  role: orgRoleSchema,
});
export type AddMemberByEmailInput = z.input<typeof addMemberByEmailSchema>;

export const inviteMemberSchema = addMemberByEmailSchema.extend({ name: z.string().trim().max(120, "Use at most 120 characters.").optional() });
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const changeMembershipRoleSchema = z.object({ organisationId: z.string().min(1), membershipId: z.string().min(1), role: orgRoleSchema });
export const removeMembershipSchema = z.object({ organisationId: z.string().min(1), membershipId: z.string().min(1) });
