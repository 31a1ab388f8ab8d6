// JSON config files as flat dotted entries, the same entries the YAML reader gives for the same
// text (JSON is YAML 1.2), but read by a scanner made for JSON: about ten times faster than the
// yaml library, which matters because every `.json` file is linted, package-lock.json and
// generated configs of a megabyte or two included, on the extension host's thread.
// Strict RFC 8259 only: anything else (comments, trailing commas, JSON5, nesting deeper than the
// YAML reader reads) returns undefined and the caller reads the text as YAML, as before.
// Iterative, linear in the text; never throws.
import { lastTextMemo, type ConfigEntry } from './entries';

/**
 * Nesting at which the YAML reader would skip the document (yamlConfig.ts, MAX_DEPTH 64, counts
 * the scalar too); from here on the YAML reader decides.
 */
const MAX_NESTING = 62;

interface JsonString {
  t: 'string';
  value: string;
  /** The opening quote. */
  start: number;
  /** After the closing quote. */
  end: number;
}

interface JsonLiteral {
  t: 'literal';
  /** As written: `030` and `3e1` stay what they are. */
  raw: string;
  start: number;
  end: number;
}

interface JsonMember {
  key: JsonString;
  value: JsonValue;
}

interface JsonObject {
  t: 'object';
  members: JsonMember[];
  /** The key read, waiting for its value. */
  pending?: JsonString;
}

interface JsonArray {
  t: 'array';
  items: JsonValue[];
}

type JsonValue = JsonString | JsonLiteral | JsonObject | JsonArray;

const LITERAL = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null/y;
const ESCAPE_CHARS = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** The string whose opening quote is at `start`, or undefined when it is not valid JSON. */
function readString(text: string, start: number): JsonString | undefined {
  let i = start + 1;
  let escaped = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c) || c < 0x20) return undefined;
    if (c === 0x22) break;
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!HEX4.test(text.slice(i + 2, i + 6))) return undefined;
        i += 6;
      } else if (e !== undefined && ESCAPE_CHARS.has(e)) {
        i += 2;
      } else {
        return undefined;
      }
      escaped = true;
      continue;
    }
    i++;
  }
  const end = i + 1;
  // Escapes are rare in config: JSON.parse decodes them exactly as YAML's double quotes do.
  const value = escaped ? (JSON.parse(text.slice(start, end)) as string) : text.slice(start + 1, i);
  return { t: 'string', value, start, end };
}

/** The text's one JSON value, or undefined when the text is not strict JSON or nests too deep. */
function parseJson(text: string): JsonValue | undefined {
  const stack: (JsonObject | JsonArray)[] = [];
  let i = skipSpace(text, 0);
  // After '{' or ',' in an object: a key, a colon, then the value.
  const readKey = (obj: JsonObject): boolean => {
    if (text.charCodeAt(i) !== 0x22) return false;
    const key = readString(text, i);
    if (!key) return false;
    i = skipSpace(text, key.end);
    if (text.charCodeAt(i) !== 0x3a) return false;
    i = skipSpace(text, i + 1);
    obj.pending = key;
    return true;
  };
  for (;;) {
    // A value starts at i.
    let value: JsonValue;
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_NESTING) return undefined;
      const container: JsonObject | JsonArray = c === 0x7b ? { t: 'object', members: [] } : { t: 'array', items: [] };
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) {
        i++;
        value = container;
      } else {
        stack.push(container);
        if (container.t === 'object' && !readKey(container)) return undefined;
        continue;
      }
    } else if (c === 0x22) {
      const s = readString(text, i);
      if (!s) return undefined;
      value = s;
      i = s.end;
    } else {
      LITERAL.lastIndex = i;
      const m = LITERAL.exec(text);
      if (!m) return undefined;
      value = { t: 'literal', raw: m[0], start: i, end: i + m[0].length };
      i += m[0].length;
    }
    // Hand the value to its container; close every container that ends here.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return skipSpace(text, i) === text.length ? value : undefined;
      if (top.t === 'object') {
        top.members.push({ key: top.pending as JsonString, value });
        top.pending = undefined;
      } else {
        top.items.push(value);
      }
      i = skipSpace(text, i);
      const d = text.charCodeAt(i);
      if (d === 0x2c) {
        i = skipSpace(text, i + 1);
        if (top.t === 'object' && !readKey(top)) return undefined;
        break;
      }
      if (d !== (top.t === 'object' ? 0x7d : 0x5d)) return undefined;
      i++;
      stack.pop();
      value = top;
    }
  }
}

interface Scalar {
  value: string;
  start: number;
  end: number;
  verbatim: boolean;
}

/** What the YAML reader makes of a scalar: strings inside their quotes, literals as written, null nothing. */
function scalar(v: JsonValue, text: string): Scalar | undefined {
  if (v.t === 'string') {
    const inner = v.value.length === v.end - v.start - 2 ? text.slice(v.start + 1, v.end - 1) : undefined;
    return { value: v.value, start: v.start + 1, end: v.end - 1, verbatim: inner === v.value };
  }
  if (v.t === 'literal' && v.raw !== 'null') return { value: v.raw, start: v.start, end: v.end, verbatim: true };
  return undefined;
}

function isScalar(v: JsonValue): v is JsonString | JsonLiteral {
  return v.t === 'string' || v.t === 'literal';
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Kubernetes `env: [{ "name": "X", "value": "30" }]`: X is also a key of its own (as in yamlConfig.ts). */
function envNameValue(obj: JsonObject, text: string, out: ConfigEntry[]): void {
  if (obj.members.length > 3) return;
  const name = obj.members.find((m) => m.key.value === 'name')?.value;
  const value = obj.members.find((m) => m.key.value === 'value')?.value;
  if (!name || !value || !isScalar(name) || !isScalar(value)) return;
  const n = scalar(name, text);
  const v = scalar(value, text);
  if (!n || !v || !ENV_NAME.test(n.value)) return;
  out.push({ key: n.value, keyStart: n.start, keyEnd: n.end, value: v.value, valueStart: v.start, valueEnd: v.end, verbatim: v.verbatim });
}

/** The entries yamlConfig.ts's flatten gives for the same document, in the same order. */
function flatten(root: JsonValue, text: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  // parentKey: the key whose value holds this node, through arrays (YAML's docker-compose check).
  const stack: { node: JsonValue; path: string; parentKey: string }[] = [{ node: root, path: '', parentKey: '' }];
  while (stack.length > 0) {
    const { node, path, parentKey } = stack.pop() as { node: JsonValue; path: string; parentKey: string };
    if (node.t === 'object') {
      envNameValue(node, text, out);
      for (let k = node.members.length - 1; k >= 0; k--) {
        const { key, value } = node.members[k];
        const full = path ? `${path}.${key.value}` : key.value;
        if (isScalar(value)) {
          const r = scalar(value, text);
          if (r) out.push({ key: full, keyStart: key.start, keyEnd: key.end, value: r.value, valueStart: r.start, valueEnd: r.end, verbatim: r.verbatim });
        } else {
          stack.push({ node: value, path: full, parentKey: key.value });
        }
      }
    } else if (node.t === 'array') {
      for (let k = node.items.length - 1; k >= 0; k--) {
        const item = node.items[k];
        if (isScalar(item)) {
          // docker-compose's `environment: [KEY=value]` items are plain scalars, never a JSON
          // string; the YAML reader reads a plain one there as KEY=value or not at all.
          const r = item.t === 'literal' && parentKey === 'environment' ? undefined : scalar(item, text);
          if (r) {
            out.push({ key: `${path}[${k}]`, keyStart: item.start, keyEnd: item.start, value: r.value, valueStart: r.start, valueEnd: r.end, verbatim: r.verbatim });
          }
        } else {
          stack.push({ node: item, path: `${path}[${k}]`, parentKey });
        }
      }
    }
  }
  out.sort((a, b) => a.valueStart - b.valueStart || a.keyStart - b.keyStart);
  return out;
}

/** The entries of a strict JSON text, or undefined: then read it as YAML. */
export function readJsonEntries(text: string): ConfigEntry[] | undefined {
  const root = parseJson(text);
  return root === undefined ? undefined : flatten(root, text);
}

/** Memoised per text like the other readers; `entries` undefined: not strict JSON. */
export const readJsonConfig = lastTextMemo((text: string) => ({ entries: readJsonEntries(text) }));
