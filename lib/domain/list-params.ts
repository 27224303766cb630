import { z } from "zod";

/**
 * Tolerant URL → list query parsing shared by every list: each parameter falls back to its
 * default when malformed, so a shared or hand-edited URL never breaks a page.
 */
export type RawParams = Record<string, string | string[] | undefined>;

export const first = (params: RawParams, key: string): string | undefined => {
  const value = params[key];
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? undefined : v;
};

/** Multi-values (repeated keys or comma-separated), each checked against an allow-list. */
export function multi<T extends string>(params: RawParams, key: string, allowed: readonly T[]): T[] {
  const value = params[key];
  const raw = (Array.isArray(value) ? value : value === undefined ? [] : [value]).join(",");
  if (!raw) return [];
  const set = new Set(allowed as readonly string[]);
  return [...new Set(raw.split(",").map((v) => v.trim()).filter((v) => set.has(v)))] as T[];
}

export function oneOf<T extends string>(params: RawParams, key: string, allowed: readonly T[], fallback: T): T;
export function oneOf<T extends string>(params: RawParams, key: string, allowed: readonly T[]): T | undefined;
export function oneOf<T extends string>(params: RawParams, key: string, allowed: readonly T[], fallback?: T): T | undefined {
  const raw = first(params, key);
  return raw !== undefined && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/** An id-like value (uuid or provider id): bounded and without odd characters. */
export function idParam(params: RawParams, key: string): string | undefined {
  const raw = first(params, key);
  return raw && /^[A-Za-z0-9_.:-]{1,64}$/.test(raw) ? raw : undefined;
}

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A calendar date (YYYY-MM-DD) as the UTC instant starting that day, or one day later for `end`. */
export function dateParam(params: RawParams, key: string, end = false): { text: string; at: Date } | undefined {
  const raw = first(params, key);
  if (!raw || !dateOnly.safeParse(raw).success) return undefined;
  const at = new Date(`${raw}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return undefined;
  return { text: raw, at: end ? new Date(at.getTime() + 86_400_000) : at };
}

/** A non-negative decimal amount in major units ("12.50"), as text (compared exactly in SQL). */
export function amountParam(params: RawParams, key: string): string | undefined {
  const raw = first(params, key);
  return raw && /^\d{1,12}(\.\d{1,4})?$/.test(raw) ? raw : undefined;
}

export function searchParam(params: RawParams, key = "q"): string | undefined {
  const raw = first(params, key)?.trim();
  return raw ? raw.slice(0, 100) : undefined;
}

import { PAGE_SIZES, type PageSize } from "@/lib/url-state";
export { PAGE_SIZES, type PageSize };

export function pageSizeParam(params: RawParams, fallback: PageSize): PageSize {
  const raw = Number(first(params, "size"));
  return (PAGE_SIZES as readonly number[]).includes(raw) ? (raw as PageSize) : fallback;
}

/** Serialises a query back to URL parameters (defaults omitted), for links and the table's controls. */
export function toSearch(values: Record<string, string | number | string[] | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length) query.set(key, value.join(","));
    } else query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}
