/**
 * Astra (OAuth 2.0 money-movement API; thin chargeback webhooks). Webhooks are signed with
 * base64 HMAC-SHA256 of the body keyed by the OAuth client secret (`Astra-Verification`, with the
 * documented Python-JSON fallback); `webhook_id` is the dedupe key. A chargeback event creates a
 * "details pending" representment and enqueues `astra.fetch-transfer`, which reads the transfer
 * with the connection's user token (refresh serialised per connection) and applies the details.
 */
import { astraEventSchema, type AstraEvent } from "@/lib/providers/astra/events";
import { mapEvent } from "@/lib/providers/astra/map";
import { SIGNATURE_HEADER, verifySignature } from "@/lib/providers/astra/signature";
import { fetchTransferTask } from "@/lib/providers/astra/tasks";
import { parseWith, type ProviderDefinition } from "@/lib/providers/types";

export type { AstraEvent } from "@/lib/providers/astra/events";

export const ASTRA_API_BASE_URLS = {
  TEST: "https://api-sandbox.astra.finance",
  LIVE: "https://api.astra.finance",
} as const;

export const astra: ProviderDefinition<AstraEvent> = {
  id: "astra",
  label: "Astra",
  defaultApiBaseUrl: (mode) => ASTRA_API_BASE_URLS[mode],
  credentials: {
    requiredSecrets: ["client_secret"],
    optionalSecrets: ["refresh_token"],
    requiredFields: ["clientId"],
    optionalFields: ["redirectUri"],
    webhookSecret: "client_secret",
    rotationOverlapHours: 24,
  },
  scopes: ["ORG"],
  webhook: {
    verify: ({ rawBody, headers, credentials }) =>
      verifySignature({ rawBody, header: headers.get(SIGNATURE_HEADER), secrets: credentials.secrets.client_secret ?? [] }),
    parse: (json) => parseWith(astraEventSchema, json),
    envelope: (event) => ({
      eventId: event.webhook_id,
      type: event.webhook_type,
      deliveryId: null,
      providerOrganisationId: null,
    }),
    map: mapEvent,
  },
  tasks: [fetchTransferTask],
};
