import { z } from "zod";
import type { SecretName } from "@/lib/providers/types";

export const SECRET_NAMES = ["webhook_secret", "api_key", "secret_key", "client_secret", "refresh_token", "access_token"] as const satisfies readonly SecretName[];

const secretValue = z.string().trim().min(8, "Secrets are at least 8 characters.").max(4096);
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

export const createConnectionSchema = z.object({
  organisationId: z.string().min(1),
  provider: z.string().min(1),
  scope: z.enum(["ORG", "PARTNER"]).default("ORG"),
  mode: z.enum(["TEST", "LIVE"]).default("LIVE"),
  label: optionalText(120),
  apiBaseUrl: z.url({ protocol: /^https?$/, message: "Use an http(s) URL." }).optional(),
  publicKey: optionalText(512),
  clientId: optionalText(512),
  redirectUri: z.url({ message: "Use a URL." }).optional(),
  secrets: z.partialRecord(z.enum(SECRET_NAMES), secretValue).default({}),
});
export type CreateConnectionInput = z.input<typeof createConnectionSchema>;

export const rotateSecretSchema = z.object({ connectionId: z.string().min(1), secret: secretValue });
