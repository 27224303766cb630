import { unstable_rethrow } from "next/navigation";
import { type z } from "zod";
import { isAppError } from "@/lib/errors";
import { logger, errorFields } from "@/lib/logger";
import { authorize, type Viewer } from "@/lib/auth/viewer";
import type { Permission } from "@/lib/auth/permissions";
import type { AccessScope } from "@/lib/domain/scope";

/** The one result shape of every server action. */
export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** echo of submitted values so forms can keep them after an error */
  values?: Record<string, string>;
  /** an id or value a form wants back (e.g. a secret shown once) */
  data?: Record<string, string>;
};

/** FormData as a plain object; repeated keys (checkbox groups) become arrays. Files are dropped. */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    if (values.length) out[key] = values.length > 1 ? values : values[0]!;
  }
  return out;
}

type Context<S extends z.ZodType> = { viewer: Viewer; scope: AccessScope; input: z.output<S> };

/**
 * Wraps a server action: session → permission → zod parse of the FormData → command. Expected
 * failures (AppError) become messages and field errors; anything else is logged and reported
 * generically, never with a stack trace. Redirects must happen in the caller after this returns.
 */
export function defineAction<S extends z.ZodType>(
  options: { permission: Permission; schema: S },
  handler: (ctx: Context<S>) => Promise<ActionState | void>,
) {
  return async function action(_prev: ActionState, formData: FormData): Promise<ActionState> {
    const values: Record<string, string> = {};
    for (const [key, value] of formData.entries()) {
      // repeated fields (checkbox groups) come back comma-joined
      if (typeof value === "string" && !/password|secret|token|key/i.test(key)) values[key] = key in values ? `${values[key]},${value}` : value;
    }
    try {
      const { viewer, scope } = await authorize(options.permission);
      const parsed = options.schema.safeParse(formDataToObject(formData));
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_form"] ??= []).push(issue.message);
        return { ok: false, message: "Check the highlighted fields.", fieldErrors, values };
      }
      const result = await handler({ viewer, scope, input: parsed.data });
      return result ?? { ok: true };
    } catch (error) {
      unstable_rethrow(error);
      if (isAppError(error)) {
        // field messages sit next to their fields; the top says where to look
        const onFields = error.code === "VALIDATION" && Object.keys(error.fieldErrors ?? {}).some((k) => k !== "_form");
        return { ok: false, message: onFields ? "Check the highlighted fields." : error.userMessage, fieldErrors: error.fieldErrors, values };
      }
      logger.error("action.failed", errorFields(error));
      return { ok: false, message: "Something went wrong. The error was logged; try again.", values };
    }
  };
}
