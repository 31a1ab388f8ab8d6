// `.runbooklint.yaml`: parsed without ever throwing. Every unknown key or bad value is a problem
// with its line and column, and the rest of the file still applies.
//
//   rules:
//     duration-without-unit: off            # off | error | warning | info
//     session-timeout-too-short:
//       severity: error
//       options: { minimumMinutes: 10 }
//   sql:
//     dialect: mysql                        # postgresql | mysql (default: inferred from the text)
//   largeTableRows: 1000000                 # a table with at least this many rows is large
//   tables:                                 # row counts, keyed by (schema-qualified) name
//     orders: 500000000
//   session:
//     minimumMinutes: 5                     # shorthand for the option of session-timeout-too-short
//
// `session.minimumMinutes` is stored as `ruleOptions['session-timeout-too-short'].minimumMinutes`
// so that the rule reads one place; an explicit `options.minimumMinutes` on the rule wins.
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { isMap, isScalar, yaml } from './yamlLib';
import type { LintSeverity, ResolvedLintConfig, SqlDialect } from './types';

export const LINT_CONFIG_FILE_NAMES = ['.runbooklint.yaml', '.runbooklint.yml'] as const;
export const DEFAULT_LARGE_TABLE_ROWS = 1_000_000;
export const SESSION_RULE_ID = 'session-timeout-too-short';
const MAX_ALIAS_COUNT = 100;

export interface LintConfigProblem {
  line: number;
  column: number;
  message: string;
}

export function defaultLintConfig(): ResolvedLintConfig {
  return { rules: {}, ruleOptions: {}, largeTableRows: DEFAULT_LARGE_TABLE_ROWS, tables: {} };
}

const SEVERITIES: readonly string[] = ['off', 'error', 'warning', 'info'];
const DIALECTS: readonly string[] = ['postgresql', 'mysql'];
const TOP_KEYS = ['rules', 'sql', 'largeTableRows', 'tables', 'session'];

class Reader {
  readonly problems: LintConfigProblem[] = [];
  constructor(private readonly lines: LineCounter) {}

  problem(node: Node | Pair | null | undefined, message: string): void {
    const range = node && 'range' in node ? node.range : node && 'key' in node && isNode(node.key) ? node.key.range : undefined;
    const pos = this.lines.linePos(range?.[0] ?? 0);
    this.problems.push({ line: pos.line, column: pos.col, message });
  }

  /** The map at `node`, or a problem and undefined. Null (an empty `rules:`) is an empty map. */
  map(node: unknown, what: string, at: Node | Pair | null | undefined): YAMLMap | undefined {
    if (isMap(node)) return node;
    if (node === null || (isScalar(node) && node.value === null)) return undefined;
    this.problem(isNode(node) ? node : at, `${what} must be a mapping`);
    return undefined;
  }

  /** Entries with string keys; other keys are problems. */
  *entries(map: YAMLMap): Generator<{ key: string; pair: Pair; value: unknown }> {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string') {
        this.problem(isNode(pair.key) ? pair.key : undefined, 'keys must be plain names');
        continue;
      }
      yield { key, pair, value: pair.value };
    }
  }
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'range' in v;
}

function scalar(v: unknown): unknown {
  return isScalar(v) ? v.value : v;
}

/** Row counts: integers, or "500M" / "2.5k" / "1B" for readability. */
function parseRows(v: unknown): number | undefined {
  const value = scalar(v);
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmb])?\s*$/i.exec(value.replace(/[_,]/g, ''));
  if (!m) return undefined;
  const n = Number(m[1]) * ({ k: 1e3, m: 1e6, b: 1e9 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'b'] ?? 1);
  return Number.isFinite(n) ? Math.round(n) : undefined;
}

function closest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return options.find((o) => o.toLowerCase() === lower || o.toLowerCase().startsWith(lower.slice(0, 4)));
}

function unknownKey(r: Reader, pair: Pair, key: string, where: string, options: readonly string[]): void {
  const guess = closest(key, options);
  r.problem(isNode(pair.key) ? pair.key : undefined, `unknown key "${key}" in ${where}${guess ? ` (did you mean "${guess}"?)` : ''}; expected ${options.join(', ')}`);
}

/**
 * Parses `.runbooklint.yaml` text. `knownRuleIds`, when given, makes unknown rule ids problems
 * (they are kept all the same: a newer config may name a rule this version lacks).
 */
export function parseLintConfig(
  text: string,
  file: string,
  knownRuleIds?: readonly string[],
): { config: ResolvedLintConfig; problems: LintConfigProblem[] } {
  const config = defaultLintConfig();
  config.configFile = file;
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const r = new Reader(lines);
  let doc;
  try {
    doc = parseDocument(text, { schema: 'core', uniqueKeys: true, lineCounter: lines, prettyErrors: false });
  } catch (e) {
    return { config, problems: [{ line: 1, column: 1, message: `cannot parse: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    r.problems.push({ line: pos.line, column: pos.col, message: e.message.split('\n')[0] });
  }
  if (doc.errors.length > 0) return { config, problems: r.problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, problems: r.problems };
  const top = r.map(root, 'the configuration', root);
  if (!top) return { config, problems: r.problems };
  let sessionMinutes: { value: number } | undefined;

  for (const { key, pair, value } of r.entries(top)) {
    switch (key) {
      case 'rules': {
        const rules = r.map(value, '"rules"', pair);
        if (rules) readRules(r, rules, config, knownRuleIds, doc);
        break;
      }
      case 'sql': {
        const sql = r.map(value, '"sql"', pair);
        if (!sql) break;
        for (const e of r.entries(sql)) {
          if (e.key !== 'dialect') {
            unknownKey(r, e.pair, e.key, '"sql"', ['dialect']);
            continue;
          }
          const d = scalar(e.value);
          if (typeof d === 'string' && DIALECTS.includes(d.toLowerCase())) config.sqlDialect = d.toLowerCase() as SqlDialect;
          else r.problem(isNode(e.value) ? e.value : e.pair, `sql.dialect must be postgresql or mysql (got ${JSON.stringify(d)})`);
        }
        break;
      }
      case 'largeTableRows': {
        const n = parseRows(value);
        if (n !== undefined && n > 0) config.largeTableRows = n;
        else r.problem(isNode(value) ? value : pair, `largeTableRows must be a positive number of rows (got ${JSON.stringify(scalar(value))})`);
        break;
      }
      case 'tables': {
        const tables = r.map(value, '"tables"', pair);
        if (!tables) break;
        for (const e of r.entries(tables)) {
          const n = parseRows(e.value);
          if (n === undefined) r.problem(isNode(e.value) ? e.value : e.pair, `tables.${e.key} must be a number of rows, such as 500000000 or "500M" (got ${JSON.stringify(scalar(e.value))})`);
          else config.tables[e.key.toLowerCase()] = n;
        }
        break;
      }
      case 'session': {
        const session = r.map(value, '"session"', pair);
        if (!session) break;
        for (const e of r.entries(session)) {
          if (e.key !== 'minimumMinutes') {
            unknownKey(r, e.pair, e.key, '"session"', ['minimumMinutes']);
            continue;
          }
          const n = scalar(e.value);
          if (typeof n === 'number' && Number.isFinite(n) && n > 0) sessionMinutes = { value: n };
          else r.problem(isNode(e.value) ? e.value : e.pair, `session.minimumMinutes must be a positive number of minutes (got ${JSON.stringify(n)})`);
        }
        break;
      }
      default:
        unknownKey(r, pair, key, 'the configuration', TOP_KEYS);
    }
  }
  if (sessionMinutes) {
    const opts = (config.ruleOptions[SESSION_RULE_ID] ??= {});
    if (opts.minimumMinutes === undefined) opts.minimumMinutes = sessionMinutes.value;
  }
  return { config, problems: r.problems };
}

function readRules(r: Reader, rules: YAMLMap, config: ResolvedLintConfig, known: readonly string[] | undefined, doc: Document): void {
  for (const { key: id, pair, value } of r.entries(rules)) {
    if (known && !known.includes(id)) {
      const guess = known.find((k) => k.startsWith(id.slice(0, 6)) || id.startsWith(k.slice(0, 6)));
      r.problem(isNode(pair.key) ? pair.key : undefined, `unknown rule "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
    if (isMap(value)) {
      for (const e of r.entries(value)) {
        if (e.key === 'severity') {
          const sev = readSeverity(r, e.value, id, e.pair);
          if (sev) config.rules[id] = sev;
        } else if (e.key === 'options') {
          if (!isMap(e.value)) {
            r.problem(isNode(e.value) ? e.value : e.pair, `rules.${id}.options must be a mapping`);
            continue;
          }
          let js: unknown;
          try {
            // Alias expansion is capped: a "billion laughs" config is a problem, not a hang.
            js = e.value.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
          } catch (err) {
            r.problem(e.value, `rules.${id}.options: ${err instanceof Error ? err.message : String(err)}`);
            continue;
          }
          if (typeof js === 'object' && js !== null) config.ruleOptions[id] = { ...(config.ruleOptions[id] ?? {}), ...(js as Record<string, unknown>) };
        } else {
          unknownKey(r, e.pair, e.key, `rules.${id}`, ['severity', 'options']);
        }
      }
      continue;
    }
    const sev = readSeverity(r, value, id, pair);
    if (sev) config.rules[id] = sev;
  }
}

function readSeverity(r: Reader, node: unknown, id: string, pair: Pair): 'off' | LintSeverity | undefined {
  const v = scalar(node);
  // `false` is the obvious way to say off; `true` keeps the rule's default severity.
  if (v === false) return 'off';
  if (v === true) return undefined;
  if (typeof v === 'string' && SEVERITIES.includes(v.toLowerCase())) return v.toLowerCase() as 'off' | LintSeverity;
  r.problem(isNode(node) ? node : pair, `rules.${id} must be off, error, warning or info, or { severity, options } (got ${JSON.stringify(v)})`);
  return undefined;
}
