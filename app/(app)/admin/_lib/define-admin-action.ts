import type { z } from "zod";
import { defineAction, type ActionState } from "@/lib/action";
import type { Permission } from "@/lib/auth/permissions";
import { AppError, isAppError } from "@/lib/errors";

type Handler<S extends z.ZodType> = Parameters<typeof defineAction<S>>[1];

/**
 * defineAction, with validation failures from the domain worded for a form: the command's own
 * "field: message" summary becomes "Check the highlighted fields." (as for the form's own schema) while every message stays
 * next to its field. Other errors pass through unchanged.
 */
export function defineAdminAction<S extends z.ZodType>(options: { permission: Permission; schema: S }, handler: Handler<S>) {
  return defineAction(options, async (ctx): Promise<ActionState | void> => {
    try {
      return await handler(ctx);
    } catch (error) {
      if (isAppError(error) && error.code === "VALIDATION" && error.fieldErrors) {
        // parseInput words its summary "path.to.field: message"
        if (/^[\w.]+: /.test(error.userMessage)) throw new AppError("VALIDATION", { message: error.message, userMessage: "Check the highlighted fields.", fieldErrors: error.fieldErrors });
      }
      throw error;
    }
  });
}
