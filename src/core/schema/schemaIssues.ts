// Turns the errors of a validator compiled by ajv (see compiledSchemas.d.ts) into issues worded
// for the person who wrote the file: the path of the value in their terms (phases[1].steps[0].kind),
// what it must be, what it is, and a "did you mean" for unknown fields and enum values. The YAML
// layers map an issue's path back to a line and column.
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../didYouMean';

export type PathSegment = string | number;

export interface SchemaIssue {
  /** Where the issue is, from the root value: ['phases', 1, 'steps', 0, 'kind']. */
  path: PathSegment[];
  /** 'key' when the offending thing is a map key (an unknown field), else the value at `path`. */
  at: 'key' | 'value';
  code: 'schema' | 'unknown-field';
  message: string;
}

/** The keywords worded below; a schema using any other fails a unit test (schemaIssues.test.ts). */
export const WORDED_KEYWORDS: readonly string[] = [
  'type', 'enum', 'required', 'additionalProperties', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems', 'anyOf',
];

const ARTICLE: Record<string, string> = {
  object: 'an object (a map of fields)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `phases[1].steps[0].kind`; `root` for the empty path. */
export function formatPath(path: readonly PathSegment[], root = 'runbook'): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? root : out;
}

/** Short rendering of a value for messages: strings quoted (control characters escaped) and cut, containers by kind. */
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The instance path as segments, list indexes as numbers, with the value found there. */
function walk(data: unknown, instancePath: string): { path: PathSegment[]; value: unknown } {
  const path: PathSegment[] = [];
  let value = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path.push(Number(key));
      value = value[Number(key)];
    } else {
      path.push(key);
      value = isRecord(value) ? value[key] : undefined;
    }
  }
  return { path, value };
}

function typesOf(node: unknown): string[] {
  if (!isRecord(node)) return [];
  return Array.isArray(node.type) ? node.type.map(String) : typeof node.type === 'string' ? [node.type] : [];
}

/** What an anyOf branch accepts, for "must be A, or B". */
function describeBranch(node: unknown): string {
  if (isRecord(node) && Array.isArray(node.enum)) return `one of ${node.enum.map(String).join(', ')}`;
  const types = typesOf(node);
  return types.length > 0 ? types.map((t) => ARTICLE[t] ?? t).join(' or ') : 'valid';
}

/**
 * Whether `e` comes from inside the schema at `schemaPrefix` applied at `instancePath`. ajv's schema
 * paths restart at each $ref'd definition, so the instance path must match too (and an anyOf
 * branch should not be a bare $ref: its errors would not be told apart).
 */
function within(e: ErrorObject, instancePath: string, schemaPrefix: string): boolean {
  return e.schemaPath.startsWith(schemaPrefix) && (e.instancePath === instancePath || e.instancePath.startsWith(`${instancePath}/`));
}

class IssueWriter {
  readonly issues: SchemaIssue[] = [];
  /** Issues past the limit: counted, not worded (a hostile file can have 100,000). */
  unworded = 0;
  constructor(
    private readonly data: unknown,
    private readonly root: string,
    private readonly limit: number,
  ) {}

  /** Words `errors`, resolving each anyOf to the branch the value was meant for. */
  write(errors: readonly ErrorObject[]): void {
    // ajv appends a failed anyOf's branch errors just before the anyOf's own error, so an outer
    // anyOf comes after the ones nested in it: from the end, each anyOf met is the outermost.
    const branchErrors = new Map<ErrorObject, ErrorObject[]>();
    const inBranch = new Set<ErrorObject>();
    for (let k = errors.length - 1; k >= 0; k--) {
      const anyOf = errors[k];
      if (anyOf.keyword !== 'anyOf' || inBranch.has(anyOf)) continue;
      let start = k;
      while (start > 0 && within(errors[start - 1], anyOf.instancePath, `${anyOf.schemaPath}/`)) start--;
      const inner = errors.slice(start, k);
      inner.forEach((e) => inBranch.add(e));
      branchErrors.set(anyOf, inner);
    }
    // In file order, so the issues past the limit are the last ones.
    for (const e of errors) {
      const inner = branchErrors.get(e);
      if (inner) this.anyOf(e, inner);
      else if (!inBranch.has(e)) this.one(e);
    }
  }

  private anyOf(anyOf: ErrorObject, inner: readonly ErrorObject[]): void {
    if (this.issues.length >= this.limit) {
      this.unworded++;
      return;
    }
    const branches = anyOf.schema;
    if (!Array.isArray(branches)) return this.one(anyOf);
    // A branch is the one meant when the value has its type: then its own errors say what is wrong.
    const fitting = branches
      .map((_, i) => i)
      .filter((i) => !inner.some((e) => e.keyword === 'type' && e.instancePath === anyOf.instancePath && e.schemaPath === `${anyOf.schemaPath}/${i}/type`));
    if (fitting.length === 1) {
      this.write(inner.filter((e) => within(e, anyOf.instancePath, `${anyOf.schemaPath}/${fitting[0]}/`)));
      return;
    }
    const { path, value } = walk(this.data, anyOf.instancePath);
    const alternatives = branches.map(describeBranch).join(', or ');
    this.add(path, `${formatPath(path, this.root)} must be ${alternatives} (got ${describeValue(value)})`);
  }

  private add(path: PathSegment[], message: string, at: SchemaIssue['at'] = 'value', code: SchemaIssue['code'] = 'schema'): void {
    this.issues.push({ path, at, code, message });
  }

  private one(e: ErrorObject): void {
    if (this.issues.length >= this.limit) {
      this.unworded++;
      return;
    }
    const { path, value } = walk(this.data, e.instancePath);
    const where = formatPath(path, this.root);
    const node = e.parentSchema;
    const limit = Number(e.params.limit);
    const got = describeValue(value);
    switch (e.keyword) {
      case 'type':
        return this.add(path, `${where} must be ${typesOf(node).map((t) => ARTICLE[t] ?? t).join(' or ')} (got ${got})`);
      case 'enum': {
        const allowed = (e.params.allowedValues as unknown[]).map(String);
        const guess = typeof value === 'string' ? didYouMean(value, allowed).replace(/^ \((.*)\)$/, '; $1') : '';
        return this.add(path, `${where} must be one of ${allowed.join(', ')} (got ${got}${guess})`);
      }
      case 'required':
        return this.add(path, `${where} is missing the required field "${String(e.params.missingProperty)}"`);
      case 'additionalProperties':
        return this.unknownField(path, value, String(e.params.additionalProperty), node);
      case 'pattern': {
        // A title says in words what the pattern means; else the pattern, and the description as a hint.
        if (isRecord(node) && typeof node.title === 'string') return this.add(path, `${where} must be ${node.title} (got ${got})`);
        const hint = isRecord(node) && typeof node.description === 'string' ? ` ${node.description}` : '';
        return this.add(path, `${where} must match ${String(e.params.pattern)} (got ${got}).${hint}`);
      }
      case 'minLength':
        return this.add(path, limit === 1 ? `${where} must not be empty` : `${where} must be at least ${plural(limit, 'character')} long (got ${codePointLength(String(value))})`);
      case 'maxLength':
        return this.add(path, `${where} must be at most ${plural(limit, 'character')} long (got ${codePointLength(String(value))})`);
      case 'minimum':
      case 'exclusiveMinimum':
      case 'maximum':
      case 'exclusiveMaximum': {
        const bound = { minimum: 'at least', exclusiveMinimum: 'greater than', maximum: 'at most', exclusiveMaximum: 'less than' }[e.keyword];
        return this.add(path, `${where} must be ${bound} ${limit} (got ${got})`);
      }
      case 'minItems':
      case 'maxItems': {
        const bound = e.keyword === 'minItems' ? 'at least' : 'at most';
        return this.add(path, `${where} must have ${bound} ${plural(limit, 'item')} (got ${Array.isArray(value) ? value.length : got})`);
      }
      case 'uniqueItems': {
        // ajv names the two equal items: j is the later one, which is the repeat.
        const [first, repeat] = [Number(e.params.i), Number(e.params.j)].sort((a, b) => a - b);
        const item = Array.isArray(value) ? value[repeat] : undefined;
        return this.add(
          [...path, repeat],
          `${formatPath([...path, repeat], this.root)} repeats ${formatPath([...path, first], this.root)} (${describeValue(item)}); items must be unique`,
        );
      }
      default:
        return this.add(path, `${where} does not satisfy the schema's "${e.keyword}"`);
    }
  }

  private unknownField(path: PathSegment[], value: unknown, key: string, node: unknown): void {
    const properties = isRecord(node) && isRecord(node.properties) ? Object.keys(node.properties) : [];
    const present = isRecord(value) ? value : {};
    let hint = didYouMean(key, properties.filter((k) => !(k in present)));
    if (hint === '') hint = properties.length > 0 ? ` (allowed: ${properties.join(', ')})` : ' (nothing is allowed here)';
    this.add([...path, key], `Unknown field ${describeValue(key)} in ${formatPath(path, this.root)}${hint}`, 'key', 'unknown-field');
  }
}

export interface SchemaIssues {
  /** At most `limit` issues, worded. */
  issues: SchemaIssue[];
  /** How many more there are. */
  more: number;
}

/**
 * Issues for the errors a compiled validator left on `data` (compiled with ajv's `verbose`, so each
 * error carries its schema node); `root` names the whole value in messages.
 */
export function schemaIssues(errors: readonly ErrorObject[] | null | undefined, data: unknown, root: string, limit = Infinity): SchemaIssues {
  const writer = new IssueWriter(data, root, limit);
  writer.write(errors ?? []);
  return { issues: writer.issues, more: writer.unworded };
}
