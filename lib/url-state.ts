/**
 * Tolerant parsers for list-page URL parameters: a bad value falls back to the default, so a
 * shared or hand-edited URL never breaks a page.
 */
export type SearchParams = Record<string, string | string[] | undefined>;

export function firstParam(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

export function parsePositiveInt(value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!value || !/^\d{1,9}$/.test(value)) return fallback;
  const n = Number(value);
  return n >= 1 ? Math.min(n, max) : fallback;
}

export function parseEnum<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T;
export function parseEnum<T extends string>(value: string | undefined, allowed: readonly T[], fallback?: undefined): T | undefined;
export function parseEnum<T extends string>(value: string | undefined, allowed: readonly T[], fallback?: T): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** `base?…` with `changes` applied to the current parameters (undefined/"" removes a key). */
export function hrefWith(base: string, current: SearchParams, changes: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(current)) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v !== undefined && v !== "") query.set(key, v);
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") query.delete(key);
    else query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

/** Page sizes every list offers. */
export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
