import { Prisma } from "@/lib/db";

/**
 * The fields of a violated unique constraint (P2002), or null for any other error. With driver
 * adapters Prisma reports them under meta.driverAdapterError.cause.constraint, not meta.target.
 */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const meta = (error.meta ?? {}) as {
    target?: string[] | string;
    driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string } } };
  };
  if (meta.target) return Array.isArray(meta.target) ? meta.target : [meta.target];
  const constraint = meta.driverAdapterError?.cause?.constraint;
  if (constraint?.fields) return constraint.fields.map((f) => f.replaceAll('"', ""));
  if (constraint?.index) return [constraint.index];
  return [];
}
