import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";

export const userAdminSelect = {
  id: true,
  email: true,
  name: true,
  globalRole: true,
  deactivatedAt: true,
  lastSignInAt: true,
  createdAt: true,
  memberships: { select: { role: true, organisation: { select: { id: true, name: true } } } },
} satisfies Prisma.UserSelect;

export type UserAdminRow = Prisma.UserGetPayload<{ select: typeof userAdminSelect }>;

/** Every user (admin pages only: the caller must hold admin.manage). */
export async function listUsers(tx: DbClient = defaultDb): Promise<UserAdminRow[]> {
  return tx.user.findMany({ select: userAdminSelect, orderBy: { email: "asc" } });
}
