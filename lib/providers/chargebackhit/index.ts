/**
 * Chargebackhit (alert webhooks answered in the HTTP response; API v2). Webhooks carry
 * `signature` (base64 of the hex HMAC-SHA512 of public_key + body + public_key, keyed by the
 * secret key) and `public_key`; there is no event id, so the dedupe key is `alert.id:alert.type`.
 * One host for sandbox and live: the key pair decides (digest §6).
 */
import { api } from "@/lib/providers/chargebackhit/api";
import { CHARGEBACKHIT_DEFAULT_BASE_URL } from "@/lib/providers/chargebackhit/client";
import { chargebackhitEventSchema, type ChargebackhitEvent } from "@/lib/providers/chargebackhit/events";
import { cleanString, mapEvent } from "@/lib/providers/chargebackhit/map";
import { outcomes } from "@/lib/providers/chargebackhit/outcomes";
import { respond } from "@/lib/providers/chargebackhit/respond";
import { PUBLIC_KEY_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/providers/chargebackhit/signature";
import { parseWith, type ProviderDefinition } from "@/lib/providers/types";

export type { ChargebackhitEvent } from "@/lib/providers/chargebackhit/events";

export const CHARGEBACKHIT_API_BASE_URL = CHARGEBACKHIT_DEFAULT_BASE_URL;

/** The dedupe key: an alert id may come back with another type (e.g. init-refund, then more). */
export function eventIdOf(event: ChargebackhitEvent): string {
  return `${cleanString(event.alert.id)}:${cleanString(event.alert.type)}`;
}

export const chargebackhit: ProviderDefinition<ChargebackhitEvent> = {
  id: "chargebackhit",
  label: "Chargebackhit",
  defaultApiBaseUrl: () => CHARGEBACKHIT_API_BASE_URL,
  credentials: {
    requiredSecrets: ["secret_key"],
    optionalSecrets: [],
    requiredFields: ["publicKey"],
    optionalFields: [],
    webhookSecret: "secret_key",
    rotationOverlapHours: 24,
  },
  scopes: ["ORG"],
  webhook: {
    verify: ({ rawBody, headers, credentials }) =>
      verifySignature({
        rawBody,
        signatureHeader: headers.get(SIGNATURE_HEADER),
        publicKeyHeader: headers.get(PUBLIC_KEY_HEADER),
        publicKey: credentials.publicKey,
        secretKeys: credentials.secrets.secret_key ?? [],
      }),
    parse: (json) => parseWith(chargebackhitEventSchema, json),
    envelope: (event) => ({
      eventId: eventIdOf(event),
      type: cleanString(event.alert.type),
      deliveryId: null,
      providerOrganisationId: null,
    }),
    map: mapEvent,
    respond,
  },
  /** update-outcome for init-refund alerts (outcomes.ts) */
  outcomes,
  /** MID enrolment and the pull of import statuses and alerts (api.ts) */
  api,
};
