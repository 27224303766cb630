import { ZodError } from "zod";
import { isAppError } from "@/lib/errors";
import { errorFields, logger } from "@/lib/logger";

/** The single mapping from errors to HTTP responses for route handlers. */
export function toHttpResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    return Response.json(
      { error: { code: "VALIDATION", message: "Invalid request.", issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) } },
      { status: 400 },
    );
  }
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
    return Response.json({ error: { code: error.code, message: error.userMessage } }, { status: error.status, headers });
  }
  logger.error("http.unhandled", errorFields(error));
  return Response.json({ error: { code: "INTERNAL", message: "Internal error." } }, { status: 500 });
}
