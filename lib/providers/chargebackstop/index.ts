/**
 * ChargebackStop (partner API + webhooks). Webhooks are signed with HMAC-SHA512 in X-Signature;
 * the event id is the dedupe key, X-Idempotency-Key the delivery id; partner-level endpoints name
 * the organisation in `data.object.organisation_id`. Outcomes PATCH Ethoca alerts (outcomes.ts);
 * enrolment requests and syncs use the partner API (api.ts, client.ts).
 */
import { api } from "@/lib/providers/chargebackstop/api";
import { chargebackStopEventSchema, type ChargebackStopEvent } from "@/lib/providers/chargebackstop/events";
import { mapEvent } from "@/lib/providers/chargebackstop/map";
import { outcomes } from "@/lib/providers/chargebackstop/outcomes";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/providers/chargebackstop/signature";
import { parseWith, type ProviderDefinition } from "@/lib/providers/types";

export type { ChargebackStopEvent } from "@/lib/providers/chargebackstop/events";

export const CHARGEBACKSTOP_API_BASE_URL = "https://api.chargebackstop.com";

function headerValue(headers: Headers, name: string, max = 255): string | null {
  const value = headers.get(name)?.trim();
  return value ? value.slice(0, max) : null;
}

export const chargebackstop: ProviderDefinition<ChargebackStopEvent> = {
  id: "chargebackstop",
  label: "ChargebackStop",
  // No sandbox host: TEST is a property of the organisation, same host.
  defaultApiBaseUrl: () => CHARGEBACKSTOP_API_BASE_URL,
  credentials: {
    requiredSecrets: ["webhook_secret"],
    optionalSecrets: ["api_key"],
    requiredFields: [],
    optionalFields: [],
    webhookSecret: "webhook_secret",
    rotationOverlapHours: 24,
  },
  scopes: ["ORG", "PARTNER"],
  webhook: {
    verify: ({ rawBody, headers, credentials, now }) =>
      verifySignature({ rawBody, header: headers.get(SIGNATURE_HEADER), secrets: credentials.secrets.webhook_secret ?? [], now }),
    parse: (json) => parseWith(chargebackStopEventSchema, json),
    envelope: (event, headers) => {
      const organisationId = event.data.object.organisation_id;
      return {
        eventId: event.id,
        type: event.type,
        deliveryId: headerValue(headers, IDEMPOTENCY_HEADER),
        providerOrganisationId: typeof organisationId === "string" && organisationId.trim() !== "" ? organisationId.replace(/\u0000/g, "").trim() : null,
      };
    },
    map: mapEvent,
  },
  outcomes,
  api,
};
