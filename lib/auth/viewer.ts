import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import { getViewerRecord } from "@/lib/domain/users/queries";
import type { AccessScope } from "@/lib/domain/scope";
import { AppError } from "@/lib/errors";
import { can, scopeFor, type Viewer } from "./access";
import { auth } from "./index";
import type { Permission } from "./permissions";
import { clientIp, userAgent } from "./request-info";

export type { Viewer } from "./access";

/**
 * The signed-in user, re-read from the database on every request (deactivation, removed
 * memberships and password changes take effect immediately), or null.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  if (!session?.userId) return null;
  const record = await getViewerRecord(session.userId);
  if (!record || !record.active) return null;
  if (session.issuedAt < Math.floor(record.sessionsValidFrom.getTime() / 1000)) return null;
  const { active: _active, sessionsValidFrom: _from, ...viewer } = record;
  return viewer;
});

/** Header set by proxy.ts with the requested path, so sign-in can send the user back. */
export const PATH_HEADER = "x-recourse-path";

export function safeCallbackPath(path: string | null | undefined): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  if (path.startsWith("/sign-in") || path.startsWith("/api/")) return "/";
  return path.slice(0, 1000);
}

/**
 * For pages: redirects to /sign-in when signed out, renders 403 when the permission is missing,
 * and returns the viewer with the scope of that permission.
 */
export async function requireViewer(permission: Permission = "records.read"): Promise<{ viewer: Viewer; scope: AccessScope }> {
  const viewer = await getViewer();
  if (!viewer) {
    const from = safeCallbackPath((await headers()).get(PATH_HEADER));
    redirect(from === "/" ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(from)}`);
  }
  if (!can(viewer, permission)) forbidden();
  return { viewer, scope: scopeFor(viewer, permission) };
}

/** For server actions and route handlers: throws AppError instead of redirecting. */
export async function authorize(permission: Permission): Promise<{ viewer: Viewer; scope: AccessScope }> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("UNAUTHENTICATED");
  if (!can(viewer, permission)) throw new AppError("FORBIDDEN");
  return { viewer, scope: scopeFor(viewer, permission) };
}

/** The audit actor of the current request. */
export async function requestActor(viewer: Viewer) {
  const h = await headers();
  return { type: "user" as const, id: viewer.id, email: viewer.email, ip: clientIp(h), userAgent: userAgent(h) };
}

export const ORG_COOKIE = "recourse-org";

/** The organisation picked in the switcher, when the viewer may see it; null means "all mine". */
export async function getActiveOrganisationId(viewer: Viewer): Promise<string | null> {
  const { cookies } = await import("next/headers");
  const value = (await cookies()).get(ORG_COOKIE)?.value;
  if (!value || value === "all") return null;
  return can(viewer, "records.read", value) ? value : null;
}
