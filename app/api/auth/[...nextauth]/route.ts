import { handlers } from "@/lib/auth";
import { clientIp } from "@/lib/auth/request-info";
import { signInBlockedFor } from "@/lib/auth/throttle";

export const { GET } = handlers;

/**
 * Auth.js, with one addition: a credentials sign-in while throttled answers 429 with Retry-After
 * (the counting itself happens in the Credentials provider, so the form and this API share it).
 */
export async function POST(request: Request) {
  const url = new URL(request.url);
  if (url.pathname.endsWith("/callback/credentials")) {
    const form = await request.clone().formData().catch(() => null);
    const email = form?.get("email");
    if (typeof email === "string" && email) {
      const wait = await signInBlockedFor(email, clientIp(request.headers));
      if (wait > 0) {
        return Response.json(
          { error: { code: "RATE_LIMITED", message: "Too many failed sign-ins. Try again later." } },
          { status: 429, headers: { "Retry-After": String(wait) } },
        );
      }
    }
  }
  return handlers.POST(request as Parameters<typeof handlers.POST>[0]);
}
