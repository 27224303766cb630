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
