import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses command input; a failure becomes a VALIDATION AppError with per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0];
  throw new AppError("VALIDATION", {
    message: `Invalid input: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    userMessage: first ? `${first.path.length ? first.path.join(".") + ": " : ""}${first.message}` : "Invalid input.",
    fieldErrors,
  });
}
