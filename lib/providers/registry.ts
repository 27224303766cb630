/**
 * URL segment → provider. Adding a provider is a new folder under lib/providers plus one line here.
 */
import { astra } from "./astra";
import { chargebackhit } from "./chargebackhit";
import { chargebackstop } from "./chargebackstop";
import type { ProviderDefinition } from "./types";

const providers: ProviderDefinition<never>[] = [
  chargebackstop as ProviderDefinition<never>,
  chargebackhit as ProviderDefinition<never>,
  astra as ProviderDefinition<never>,
];

const byId = new Map(providers.map((p) => [p.id, p]));

export function getProvider(id: string): ProviderDefinition<unknown> | undefined {
  return byId.get(id) as ProviderDefinition<unknown> | undefined;
}

export function providerIds(): string[] {
  return providers.map((p) => p.id);
}

/** Display name of a stored provider id ("chargebackstop" → "ChargebackStop"). */
export function providerLabel(id: string): string {
  return byId.get(id)?.label ?? id;
}

export function listProviderDefinitions(): ProviderDefinition<unknown>[] {
  return providers as ProviderDefinition<unknown>[];
}

export function listProviders(): { id: string; label: string }[] {
  return providers.map((p) => ({ id: p.id, label: p.label }));
}

/** Every provider's stored outcome values that mean the cardholder was refunded, now or before (the overview). */
export function refundedOutcomeValues(): string[] {
  return [...new Set(listProviderDefinitions().flatMap((p) => p.outcomes?.refunded ?? p.outcomes?.refunding ?? []))];
}

/** Every provider's outcome values that refund the cardholder (the double-refund guard). */
export function refundingOutcomeValues(): string[] {
  return [...new Set(listProviderDefinitions().flatMap((p) => p.outcomes?.refunding ?? []))];
}
