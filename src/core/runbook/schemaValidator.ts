// A small interpreter for the subset of JSON Schema draft-07 that schemas/runbook.schema.json
// uses. The schema file stays the single source of truth: it is imported here, and compiling it
// throws if it ever uses a keyword this validator does not implement (so a schema edit can never
// be silently ignored).
//
// The validator works on plain JS values and reports issues by path; the YAML layer maps a path
// back to a line and column.
import runbookSchemaJson from '../../../schemas/runbook.schema.json';

export type PathSegment = string | number;

export interface SchemaIssue {
  /** Where the issue is, from the root value: ['phases', 1, 'steps', 0, 'kind']. */
  path: PathSegment[];
  /** 'key' when the offending thing is a map key (an unknown field), else the value at `path`. */
  at: 'key' | 'value';
  code: 'schema' | 'unknown-field';
  message: string;
}

type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
const JSON_TYPES: readonly JsonType[] = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];

/** A schema node after compilation: only the keywords we implement, already checked. */
interface SchemaNode {
  type?: JsonType[];
  required?: string[];
  properties?: Map<string, SchemaNode>;
  /** false: no other keys allowed. */
  additionalProperties?: boolean;
  pattern?: { source: string; regex: RegExp };
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  description?: string;
  /** Resolved lazily so definitions may refer to each other. */
  ref?: string;
}

export interface CompiledSchema {
  root: SchemaNode;
  definitions: Map<string, SchemaNode>;
}

// Keywords that carry no validation meaning for us.
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$comment', 'definitions']);
const IMPLEMENTED = new Set([
  'type', 'required', 'properties', 'additionalProperties', 'pattern', 'minLength', 'maxLength',
  'minimum', 'maximum', 'enum', 'items', 'minItems', 'maxItems', 'uniqueItems', '$ref',
]);

export class UnsupportedSchemaError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonNegativeInt(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new UnsupportedSchemaError(`${where} must be a non-negative integer`);
  }
  return v;
}

function compileNode(raw: unknown, where: string): SchemaNode {
  if (!isRecord(raw)) throw new UnsupportedSchemaError(`${where} must be an object (boolean schemas are not supported)`);
  for (const key of Object.keys(raw)) {
    if (!ANNOTATIONS.has(key) && !IMPLEMENTED.has(key)) {
      throw new UnsupportedSchemaError(`${where} uses the keyword "${key}", which the runbook schema validator does not implement`);
    }
  }
  const node: SchemaNode = {};
  if (typeof raw.description === 'string') node.description = raw.description;
  if ('$ref' in raw) {
    const others = Object.keys(raw).filter((k) => k !== '$ref' && !ANNOTATIONS.has(k));
    // draft-07 ignores siblings of $ref; refuse them rather than pretend they apply.
    if (others.length > 0) throw new UnsupportedSchemaError(`${where} mixes $ref with ${others.join(', ')}`);
    const ref = raw.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) {
      throw new UnsupportedSchemaError(`${where}: only local "#/definitions/..." references are supported`);
    }
    node.ref = ref.slice('#/definitions/'.length);
    return node;
  }
  if ('type' in raw) {
    const types = Array.isArray(raw.type) ? raw.type : [raw.type];
    for (const t of types) {
      if (!JSON_TYPES.includes(t as JsonType)) throw new UnsupportedSchemaError(`${where}: unknown type ${JSON.stringify(t)}`);
    }
    node.type = types as JsonType[];
  }
  if ('required' in raw) {
    if (!Array.isArray(raw.required) || !raw.required.every((r) => typeof r === 'string')) {
      throw new UnsupportedSchemaError(`${where}.required must be an array of strings`);
    }
    node.required = raw.required as string[];
  }
  if ('properties' in raw) {
    if (!isRecord(raw.properties)) throw new UnsupportedSchemaError(`${where}.properties must be an object`);
    node.properties = new Map(
      Object.entries(raw.properties).map(([k, v]) => [k, compileNode(v, `${where}/properties/${k}`)]),
    );
  }
  if ('additionalProperties' in raw) {
    if (typeof raw.additionalProperties !== 'boolean') {
      throw new UnsupportedSchemaError(`${where}.additionalProperties: only true/false is supported`);
    }
    node.additionalProperties = raw.additionalProperties;
  }
  if ('pattern' in raw) {
    if (typeof raw.pattern !== 'string') throw new UnsupportedSchemaError(`${where}.pattern must be a string`);
    node.pattern = { source: raw.pattern, regex: new RegExp(raw.pattern, 'u') };
  }
  for (const k of ['minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    if (k in raw) node[k] = nonNegativeInt(raw[k], `${where}.${k}`);
  }
  for (const k of ['minimum', 'maximum'] as const) {
    if (k in raw) {
      const v = raw[k];
      if (typeof v !== 'number') throw new UnsupportedSchemaError(`${where}.${k} must be a number`);
      node[k] = v;
    }
  }
  if ('enum' in raw) {
    if (!Array.isArray(raw.enum) || raw.enum.length === 0) throw new UnsupportedSchemaError(`${where}.enum must be a non-empty array`);
    node.enum = raw.enum;
  }
  if ('items' in raw) {
    if (Array.isArray(raw.items)) throw new UnsupportedSchemaError(`${where}.items: tuple form is not supported`);
    node.items = compileNode(raw.items, `${where}/items`);
  }
  if ('uniqueItems' in raw) {
    if (typeof raw.uniqueItems !== 'boolean') throw new UnsupportedSchemaError(`${where}.uniqueItems must be a boolean`);
    node.uniqueItems = raw.uniqueItems;
  }
  return node;
}

function checkRefs(node: SchemaNode, defs: Map<string, SchemaNode>, seen: Set<SchemaNode>): void {
  if (seen.has(node)) return;
  seen.add(node);
  if (node.ref !== undefined && !defs.has(node.ref)) {
    throw new UnsupportedSchemaError(`$ref "#/definitions/${node.ref}" points at nothing`);
  }
  for (const child of node.properties?.values() ?? []) checkRefs(child, defs, seen);
  if (node.items) checkRefs(node.items, defs, seen);
}

/** Compiles a schema object; throws UnsupportedSchemaError for anything outside the subset. */
export function compileSchema(raw: unknown): CompiledSchema {
  if (!isRecord(raw)) throw new UnsupportedSchemaError('schema must be an object');
  const definitions = new Map<string, SchemaNode>();
  if ('definitions' in raw) {
    if (!isRecord(raw.definitions)) throw new UnsupportedSchemaError('definitions must be an object');
    for (const [name, def] of Object.entries(raw.definitions)) {
      definitions.set(name, compileNode(def, `#/definitions/${name}`));
    }
  }
  const root = compileNode(raw, '#');
  const seen = new Set<SchemaNode>();
  checkRefs(root, definitions, seen);
  for (const d of definitions.values()) checkRefs(d, definitions, seen);
  return { root, definitions };
}

// Compiled at module load: a schema using an unimplemented keyword fails every import of this file.
export const runbookSchema: CompiledSchema = compileSchema(runbookSchemaJson);

/** Property names the runbook schema allows at the top level, in schema order. */
export const RUNBOOK_FIELDS: readonly string[] = [...(runbookSchema.root.properties?.keys() ?? [])];

// ---------------------------------------------------------------------------------------------

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? 'runbook' : out;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate within `maxDistance` edits (case-insensitive), if any. */
export function nearest(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function jsonTypeOf(v: unknown): JsonType | 'undefined' | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      // .inf / .nan from YAML are not JSON numbers.
      if (!Number.isFinite(v)) return 'other';
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}

function matchesType(v: unknown, t: JsonType): boolean {
  const actual = jsonTypeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const ARTICLE: Record<JsonType, string> = {
  object: 'an object (a map of fields)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

/** Short rendering of a value for messages: strings quoted and cut, containers by kind. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') {
    const cut = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    return JSON.stringify(cut);
  }
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a map';
  return String(v);
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** JSON with object keys sorted, so equal values (in the JSON Schema sense) give equal strings. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isRecord(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

class Validator {
  readonly issues: SchemaIssue[] = [];
  constructor(private readonly schema: CompiledSchema) {}

  private add(path: PathSegment[], message: string, at: 'key' | 'value' = 'value', code: SchemaIssue['code'] = 'schema'): void {
    this.issues.push({ path, at, code, message });
  }

  visit(value: unknown, node: SchemaNode, path: PathSegment[]): void {
    if (node.ref !== undefined) {
      // checkRefs guarantees the definition exists.
      this.visit(value, this.schema.definitions.get(node.ref) as SchemaNode, path);
      return;
    }
    // Formatting the path costs more than checking a valid value: only do it for messages.
    const where = (): string => formatPath(path);
    if (node.type && !node.type.some((t) => matchesType(value, t))) {
      const expected = node.type.map((t) => ARTICLE[t]).join(' or ');
      this.add(path, `${where()} must be ${expected} (got ${describeValue(value)})`);
      return; // every other keyword assumes the right type
    }
    if (node.enum && !node.enum.some((e) => deepEqual(e, value))) {
      this.add(path, `${where()} must be one of ${node.enum.map((e) => String(e)).join(', ')} (got ${describeValue(value)})`);
    }
    if (typeof value === 'string') this.visitString(value, node, path, where);
    else if (typeof value === 'number') this.visitNumber(value, node, path, where);
    else if (Array.isArray(value)) this.visitArray(value, node, path, where);
    else if (isRecord(value)) this.visitObject(value, node, path, where);
  }

  private visitString(value: string, node: SchemaNode, path: PathSegment[], where: () => string): void {
    // Characters (code points) lie between length / 2 and length UTF-16 units: count them only
    // when that range straddles a limit.
    const { minLength, maxLength } = node;
    if (minLength !== undefined && value.length / 2 < minLength) {
      const length = codePointLength(value);
      if (length < minLength) {
        this.add(path, minLength === 1 ? `${where()} must not be empty` : `${where()} must be at least ${plural(minLength, 'character')} long (got ${length})`);
      }
    }
    if (maxLength !== undefined && value.length > maxLength) {
      const length = codePointLength(value);
      if (length > maxLength) this.add(path, `${where()} must be at most ${plural(maxLength, 'character')} long (got ${length})`);
    }
    if (node.pattern && !node.pattern.regex.test(value)) {
      const hint = node.description ? ` ${node.description}` : '';
      this.add(path, `${where()} must match ${node.pattern.source} (got ${describeValue(value)}).${hint}`);
    }
  }

  private visitNumber(value: number, node: SchemaNode, path: PathSegment[], where: () => string): void {
    if (node.minimum !== undefined && value < node.minimum) this.add(path, `${where()} must be at least ${node.minimum} (got ${value})`);
    if (node.maximum !== undefined && value > node.maximum) this.add(path, `${where()} must be at most ${node.maximum} (got ${value})`);
  }

  private visitArray(value: unknown[], node: SchemaNode, path: PathSegment[], where: () => string): void {
    if (node.minItems !== undefined && value.length < node.minItems) {
      this.add(path, `${where()} must have at least ${plural(node.minItems, 'item')} (got ${value.length})`);
    }
    if (node.maxItems !== undefined && value.length > node.maxItems) {
      this.add(path, `${where()} must have at most ${plural(node.maxItems, 'item')} (got ${value.length})`);
    }
    if (node.uniqueItems) {
      // Keyed by canonical JSON, not pairwise comparison: a hostile list must not cost n².
      const firstIndex = new Map<string, number>();
      value.forEach((item, i) => {
        const key = canonicalJson(item);
        const first = firstIndex.get(key);
        if (first === undefined) firstIndex.set(key, i);
        else this.add([...path, i], `${formatPath([...path, i])} repeats ${formatPath([...path, first])} (${describeValue(item)}); items must be unique`);
      });
    }
    if (node.items) {
      const items = node.items;
      value.forEach((item, i) => this.visit(item, items, [...path, i]));
    }
  }

  private visitObject(value: Record<string, unknown>, node: SchemaNode, path: PathSegment[], where: () => string): void {
    for (const name of node.required ?? []) {
      if (!(name in value)) this.add(path, `${where()} is missing the required field "${name}"`);
    }
    for (const [key, child] of Object.entries(value)) {
      const prop = node.properties?.get(key);
      if (prop) {
        this.visit(child, prop, [...path, key]);
      } else if (node.additionalProperties === false) {
        const allowed = [...(node.properties?.keys() ?? [])];
        const guess = nearest(key, allowed.filter((k) => !(k in value)));
        const hint = guess ? ` (did you mean "${guess}"?)` : ` (allowed: ${allowed.join(', ')})`;
        this.add([...path, key], `Unknown field "${key}" in ${where()}${hint}`, 'key', 'unknown-field');
      }
    }
  }
}

/** Validates a plain JS value (as produced by YAML/JSON parsing) against a compiled schema. */
export function validateValue(value: unknown, schema: CompiledSchema = runbookSchema): SchemaIssue[] {
  const v = new Validator(schema);
  v.visit(value, schema.root, []);
  return v.issues;
}
