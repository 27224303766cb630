import { NextResponse, type NextRequest } from "next/server";

/**
 * Optimistic only: redirects page requests without a session cookie to /sign-in, and passes the
 * requested path to pages (for the callback after sign-in). The real checks happen in every page,
 * action and route (lib/auth/viewer.ts); a forged cookie gets no further than this.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PATH_HEADER = "x-recourse-path";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.getAll().some((c) => c.name.startsWith(`${name}.`)));
  if (!hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = pathname === "/" ? "" : `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything except the open routes of DESIGN.md, Next's assets and public files.
  matcher: ["/((?!api/|_next/|sign-in|invite/|reset-password/|favicon\\.svg|icon\\.svg|robots\\.txt).*)"],
};
