import { z } from "zod";

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

export const createOrganisationSchema = z.object({
  name: organisationNameSchema,
  providerOrgId: z.string().trim().min(1).max(120).optional(),
});
export type CreateOrganisationInput = z.input<typeof createOrganisationSchema>;

export const addMembershipSchema = z.object({
  userId: z.string().min(1),
  organisationId: z.string().min(1),
  role: z.enum(["AGENT", "VIEWER"]),
});
export type AddMembershipInput = z.input<typeof addMembershipSchema>;
