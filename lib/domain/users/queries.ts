import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Prisma } from "@/lib/db";
import type { GlobalRole, OrgRole } from "@/lib/generated/prisma/enums";

/** What a request needs to know about its signed-in user; read from the database every request. */
export type ViewerRecord = {
  id: string;
  email: string;
  name: string | null;
  globalRole: GlobalRole | null;
  active: boolean;
  sessionsValidFrom: Date;
  timeZone: string;
  memberships: { organisationId: string; role: OrgRole; organisationName: string; organisationSlug: string }[];
};

const viewerSelect = {
  id: true,
  email: true,
  name: true,
  globalRole: true,
  deactivatedAt: true,
  sessionsValidFrom: true,
  preference: { select: { timeZone: true } },
  memberships: {
    select: { organisationId: true, role: true, organisation: { select: { name: true, slug: true } } },
    orderBy: { organisation: { name: "asc" } },
  },
} satisfies Prisma.UserSelect;

export async function getViewerRecord(userId: string, tx: DbClient = defaultDb): Promise<ViewerRecord | null> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: viewerSelect });
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    globalRole: user.globalRole,
    active: user.deactivatedAt === null,
    sessionsValidFrom: user.sessionsValidFrom,
    timeZone: user.preference?.timeZone ?? "UTC",
    memberships: user.memberships.map((m) => ({
      organisationId: m.organisationId,
      role: m.role,
      organisationName: m.organisation.name,
      organisationSlug: m.organisation.slug,
    })),
  };
}

export type SignInCandidate = { id: string; email: string; name: string | null; passwordHash: string; active: boolean };

export async function findSignInCandidate(email: string, tx: DbClient = defaultDb): Promise<SignInCandidate | null> {
  const user = await tx.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: { id: true, email: true, name: true, passwordHash: true, deactivatedAt: true },
  });
  return user ? { id: user.id, email: user.email, name: user.name, passwordHash: user.passwordHash, active: !user.deactivatedAt } : null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Where a user lands after signing in without a target: OPS on the enrolment board. */
export async function homePathForEmail(email: string, tx: DbClient = defaultDb): Promise<string> {
  const user = await tx.user.findUnique({ where: { email: normaliseEmail(email) }, select: { globalRole: true } });
  return user?.globalRole === "OPS" ? "/enrolments" : "/";
}
