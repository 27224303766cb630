import { z } from "zod";
import { passwordProblem } from "@/lib/crypto/passwords";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }).max(254));

export const createUserSchema = z
  .object({
    email: emailSchema,
    password: z.string(),
    name: z.string().trim().max(120).optional(),
    role: z.enum(["ADMIN", "OPS"]).optional(),
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, value.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type CreateUserInput = z.input<typeof createUserSchema>;

export const globalRoleSchema = z.preprocess((v) => (v === "" || v === "NONE" ? null : v), z.enum(["ADMIN", "OPS"]).nullable());

export const setGlobalRoleSchema = z.object({ userId: z.string().min(1), role: globalRoleSchema });
export type SetGlobalRoleInput = z.input<typeof setGlobalRoleSchema>;

export const setUserActiveSchema = z.object({ userId: z.string().min(1), active: z.boolean() });
export type SetUserActiveInput = z.input<typeof setUserActiveSchema>;

export const profileSchema = z.object({ name: z.string().trim().max(120, "Use at most 120 characters.") });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(200),
    newPassword: z.string().max(200, "Use at most 200 characters."),
    confirmPassword: z.string(),
  })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords differ." });
    if (value.newPassword === value.currentPassword) ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a password you have not been using." });
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
