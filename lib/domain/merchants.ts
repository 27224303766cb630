import type { DbClient } from "@/lib/db";
import { db as defaultDb } from "@/lib/db";
import { scopeAndOrganisation } from "@/lib/domain/list";
import type { AccessScope } from "@/lib/domain/scope";

/** Merchants within scope (filter options), by name. */
export async function listMerchantOptions(scope: AccessScope, organisationId?: string | null, tx: DbClient = defaultDb) {
  return tx.merchant.findMany({
    where: scopeAndOrganisation(scope, organisationId),
    select: { id: true, name: true, organisationId: true },
    orderBy: { name: "asc" },
    take: 500,
  });
}
