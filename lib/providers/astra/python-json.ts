/**
 * Python's `json.dumps(value)` with its defaults, in TypeScript: the form Astra's documented
 * signing sample hashes (`hmac.new(secret, json.dumps(payload).encode(), sha256)`), e.g.
 *   {"webhook_type": "routine_updated", "resource_id": "4816908952010752", ...}
 *
 * Python defaults reproduced (CPython 3.x `json.encoder`):
 * - separators `", "` between items and `": "` after keys; no newlines or indentation;
 * - keys in the dict's order (`sort_keys=False`);
 * - `ensure_ascii=True`: `"` `\` and the control characters \b \f \n \r \t get their short escapes;
 *   every other character outside printable ASCII (0x20–0x7E) becomes `\uXXXX` with lower-case
 *   hex, astral characters as a UTF-16 surrogate pair, lone surrogates as themselves;
 *   `/` is NOT escaped; U+007F (DEL) is escaped;
 * - `true`/`false`/`null`; ints printed with all their digits; floats as `float.__repr__`
 *   (shortest round-trip digits; exponent form when the decimal exponent is < -4 or >= 16, with a
 *   sign and at least two digits: `1e-05`, `1e+16`; `.0` appended to integral values: `100.0`);
 *   `NaN`, `Infinity`, `-Infinity` for non-finite floats (`allow_nan=True`).
 *
 * Two entry points:
 * - `pythonJsonRedump(text)`: `json.dumps(json.loads(text))` computed from the JSON TEXT, losslessly:
 *   key order exactly as received (JS objects would move integer-like keys such as "2" first),
 *   duplicate keys as Python's dict keeps them (first position, last value), ints of any size kept
 *   digit for digit, and a number with a fraction or exponent printed as the Python float it
 *   parses to (`1.10` → `1.1`, `1E5` → `100000.0`, `1e400` → `Infinity`). This is what the
 *   signature fallback uses.
 * - `pythonJsonDumps(value)`: for a JS value (the simulator, tests). JS cannot tell 1 from 1.0, so a
 *   safe integer (|x| <= 2^53 - 1) prints as a Python int (`1`, `-0` → `0`) and any other number as
 *   a Python float (`0.5`, `1e+20`, `1.5e+300`: beyond 2^53 a JS number is either a float or an
 *   int that already lost digits); a bigint prints as an int with all its digits. Object keys follow
 *   JS enumeration order (integer-like keys first). `undefined` object members are skipped and
 *   `undefined` array items print as `null` (as JSON.stringify); functions, symbols and Dates
 *   throw a TypeError, as Python raises for values it cannot serialise.
 */

const SHORT_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: "\\\\",
  0x08: "\\b",
  0x0c: "\\f",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
};

/** A string as Python's `json.dumps` writes it with `ensure_ascii=True` (quotes included). */
export function pythonJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
    if (i > start) out += s.slice(start, i);
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`;
    start = i + 1;
  }
  if (start < s.length) out += s.slice(start);
  return `${out}"`;
}

/** `float.__repr__` of a double, as `json.dumps` prints it. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip, like repr.
  const [mantissa = "0", exponent = "0"] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(exponent);
  const decpt = exp + 1; // digits[0..decpt) are the integer part
  if (decpt <= -4 || decpt > 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Depth cap for both entry points (beyond it: TypeError / null). */
export const PYTHON_JSON_MAX_DEPTH = 1000;

/** `json.dumps(value)` for a JS value (see the header for the int/float rule and key order). */
export function pythonJsonDumps(value: unknown): string {
  return dumpValue(value, 0);
}

function dumpValue(value: unknown, depth: number): string {
  if (depth > PYTHON_JSON_MAX_DEPTH) throw new RangeError("pythonJsonDumps: value nested too deeply");
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return pythonJsonString(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : pythonFloatRepr(value);
    case "object":
      break;
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
  if (value instanceof Date) throw new TypeError("Object of type Date is not JSON serializable");
  if (Array.isArray(value)) {
    return `[${value.map((item) => dumpValue(item, depth + 1)).join(", ")}]`;
  }
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    parts.push(`${pythonJsonString(key)}: ${dumpValue(item, depth + 1)}`);
  }
  return `{${parts.join(", ")}}`;
}

// ───────────────────────────── from JSON text ─────────────────────────────

/** Python 3.11+ refuses to parse ints longer than this (`sys.int_info.default_max_str_digits`). */
const PYTHON_MAX_INT_DIGITS = 4300;

class RedumpError extends Error {}

/**
 * `json.dumps(json.loads(text))` computed from the text (lossless; see the header). Strict JSON
 * (RFC 8259) only: returns null for anything `JSON.parse` would reject, for Python's NaN/Infinity
 * literals, for ints Python would refuse (> 4300 digits) and for nesting deeper than `maxDepth`
 * (default 64, the pipeline's own cap). With `objectOnly`, a top level that is not an object
 * also gives null. Never throws.
 */
export function pythonJsonRedump(text: string, options: { maxDepth?: number; objectOnly?: boolean } = {}): string | null {
  try {
    const parser = new Redumper(text, Math.min(options.maxDepth ?? 64, PYTHON_JSON_MAX_DEPTH));
    parser.skipWhitespace();
    if (options.objectOnly && text.charCodeAt(parser.pos) !== 0x7b) return null;
    const out = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos !== text.length) return null;
    return out;
  } catch {
    // RedumpError for invalid JSON; anything else (e.g. a RangeError) is a failure too.
    return null;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

class Redumper {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else return;
    }
  }

  private fail(): never {
    throw new RedumpError(`invalid JSON at ${this.pos}`);
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.pos)) this.fail();
    this.pos += literal.length;
  }

  value(depth: number): string {
    if (depth > this.maxDepth) this.fail();
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return pythonJsonString(this.string());
      case 0x74: // t
        this.expect("true");
        return "true";
      case 0x66: // f
        this.expect("false");
        return "false";
      case 0x6e: // n
        this.expect("null");
        return "null";
      default:
        return this.number();
    }
  }

  private object(depth: number): string {
    this.pos++; // {
    // Python's dict: a repeated key keeps its first position and takes the last value.
    const members = new Map<string, string>();
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return "{}";
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail();
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail();
      this.pos++;
      members.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x2c) continue;
      if (c === 0x7d) break;
      this.fail();
    }
    const parts: string[] = [];
    for (const [key, value] of members) parts.push(`${pythonJsonString(key)}: ${value}`);
    return `{${parts.join(", ")}}`;
  }

  private array(depth: number): string {
    this.pos++; // [
    const items: string[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return "[]";
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x2c) continue;
      if (c === 0x5d) break;
      this.fail();
    }
    return `[${items.join(", ")}]`;
  }

  /** A JSON string at `pos` (opening quote), decoded to a JS string. */
  private string(): string {
    this.pos++; // "
    let out = "";
    let start = this.pos;
    const text = this.text;
    for (;;) {
      if (this.pos >= text.length) this.fail();
      const c = text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += text.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail(); // raw control characters are not allowed (Python's strict=True)
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += text.slice(start, this.pos);
      const e = text.charCodeAt(this.pos + 1);
      this.pos += 2;
      switch (e) {
        case 0x22:
          out += '"';
          break;
        case 0x5c:
          out += "\\";
          break;
        case 0x2f:
          out += "/";
          break;
        case 0x62:
          out += "\b";
          break;
        case 0x66:
          out += "\f";
          break;
        case 0x6e:
          out += "\n";
          break;
        case 0x72:
          out += "\r";
          break;
        case 0x74:
          out += "\t";
          break;
        case 0x75: {
          const hex = text.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail();
      }
      start = this.pos;
    }
  }

  private number(): string {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail();
    const lexeme = m[0];
    this.pos += lexeme.length;
    if (m[1] === undefined && m[2] === undefined) {
      // A Python int: all its digits, without a sign for zero ("-0" → 0).
      const digits = lexeme.startsWith("-") ? lexeme.slice(1) : lexeme;
      if (digits.length > PYTHON_MAX_INT_DIGITS) this.fail();
      return digits === "0" ? "0" : lexeme;
    }
    return pythonFloatRepr(Number(lexeme));
  }
}
