import secureJson from "secure-json-parse";

export const MAX_JSON_DEPTH = 64;

/**
 * Deepest nesting of arrays/objects in a JSON text, counted on the bytes without parsing (so a
 * body nested 10⁵ deep is refused before anything recursive touches it). Brackets inside strings
 * do not count.
 */
export function jsonDepth(raw: Buffer, stopAbove = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses JSON refusing too-deep nesting; `__proto__` / `constructor.prototype` keys are removed. */
export function parseJsonBody(raw: Buffer): JsonParseResult {
  const depth = jsonDepth(raw);
  if (depth > MAX_JSON_DEPTH) return { ok: false, error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  const text = raw.toString("utf8");
  try {
    return { ok: true, value: secureJson.parse(text, undefined, { protoAction: "remove", constructorAction: "remove" }) };
  } catch (error) {
    return { ok: false, error: `Malformed JSON: ${error instanceof Error ? error.message.slice(0, 200) : "parse error"}` };
  }
}
