// `.runbooklint.yaml`: parsed without ever throwing. The file is checked against
// schemas/runbooklint.schema.json (generated from the rules, see lintConfigSchema.ts): every
// unknown key, rule or rule option and every bad value is a problem with its line and column and,
// for a likely typo, a "did you mean"; the rest of the file still applies.
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
import type { ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import type CompiledValidator from 'compiled-schema:runbooklint.schema.json';
import { didYouMean } from '../didYouMean';
import { schemaIssues } from '../schema/schemaIssues';
import { DUPLICATE_KEY_MESSAGE, duplicateKeyOffsets } from '../schema/yamlDuplicateKeys';
import { rangeAt } from '../schema/yamlLocate';
import { DIALECT_VALUES, SEVERITY_VALUES } from './lintConfigSchema';
import { yaml } from './yamlLib';
import type { LintSeverity, ResolvedLintConfig, SqlDialect } from './types';

export const LINT_CONFIG_FILE_NAMES = ['.runbooklint.yaml', '.runbooklint.yml'] as const;
export const DEFAULT_LARGE_TABLE_ROWS = 1_000_000;
export const SESSION_RULE_ID = 'session-timeout-too-short';
const MAX_ALIAS_COUNT = 100;
/** Problems reported per file; a hostile file can have thousands. */
const MAX_PROBLEMS = 100;
const SECTIONS = ['rules', 'sql', 'tables', 'session'];

// Required on first use: `runbook lint` without a config file never evaluates the generated code (34 KB).
let compiled: typeof CompiledValidator | undefined;
function validator(): typeof CompiledValidator {
  compiled ??= (require('compiled-schema:runbooklint.schema.json') as { default: typeof CompiledValidator }).default;
  return compiled;
}

export interface LintConfigProblem {
  line: number;
  column: number;
  message: string;
}

export function defaultLintConfig(): ResolvedLintConfig {
  return { rules: {}, ruleOptions: {}, largeTableRows: DEFAULT_LARGE_TABLE_ROWS, tables: {} };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The canonical spelling of a case-insensitive value, or the value as written. */
function canonical<T extends string>(v: unknown, values: readonly T[]): unknown {
  return typeof v === 'string' && (values as readonly string[]).includes(v.toLowerCase()) ? v.toLowerCase() : v;
}

/**
 * What the schema checks: an empty section (`rules:`) is an empty map, and severities and dialects
 * are case-insensitive (the schema lists the spelling the YAML language server completes).
 */
function normalised(value: Record<string, unknown>): Record<string, unknown> {
  const out = { ...value };
  for (const key of SECTIONS) if (out[key] === null) out[key] = {};
  if (isRecord(out.rules)) {
    const rules: Record<string, unknown> = {};
    for (const [id, entry] of Object.entries(out.rules)) {
      rules[id] = isRecord(entry) && 'severity' in entry ? { ...entry, severity: canonical(entry.severity, SEVERITY_VALUES) } : canonical(entry, SEVERITY_VALUES);
    }
    out.rules = rules;
  }
  if (isRecord(out.sql) && 'dialect' in out.sql) out.sql = { ...out.sql, dialect: canonical(out.sql.dialect, DIALECT_VALUES) };
  return out;
}

/** Row counts: integers, or "500M" / "2.5k" / "1B" for readability. */
function parseRows(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  // `(?:\s*([kmb]))?\s*`, not `\s*([kmb])?\s*`: two space runs side by side backtrack quadratically.
  const m = /^\s*(\d+(?:\.\d+)?)(?:\s*([kmb]))?\s*$/i.exec(value.replace(/[_,]/g, ''));
  if (!m) return undefined;
  const n = Number(m[1]) * ({ k: 1e3, m: 1e6, b: 1e9 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'b'] ?? 1);
  return Number.isFinite(n) ? Math.round(n) : undefined;
}

function severityOf(v: unknown): 'off' | LintSeverity | undefined {
  // `false` is the obvious way to say off; `true` keeps the rule's default severity.
  if (v === false) return 'off';
  return typeof v === 'string' && (SEVERITY_VALUES as readonly string[]).includes(v) ? (v as 'off' | LintSeverity) : undefined;
}

/** The configuration from a normalised value: what is valid applies, the rest is left out (and reported by the schema). */
function configFrom(value: Record<string, unknown>, config: ResolvedLintConfig): void {
  for (const [id, entry] of Object.entries(isRecord(value.rules) ? value.rules : {})) {
    const severity = severityOf(isRecord(entry) ? entry.severity : entry);
    if (severity) config.rules[id] = severity;
    if (isRecord(entry) && isRecord(entry.options)) config.ruleOptions[id] = { ...entry.options };
  }
  const dialect = isRecord(value.sql) ? value.sql.dialect : undefined;
  if (typeof dialect === 'string' && (DIALECT_VALUES as readonly string[]).includes(dialect)) config.sqlDialect = dialect as SqlDialect;
  const large = parseRows(value.largeTableRows);
  if (large !== undefined && large > 0) config.largeTableRows = large;
  for (const [name, count] of Object.entries(isRecord(value.tables) ? value.tables : {})) {
    const n = parseRows(count);
    if (n !== undefined) config.tables[name.toLowerCase()] = n;
  }
  const minutes = isRecord(value.session) ? value.session.minimumMinutes : undefined;
  if (typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0) {
    const opts = (config.ruleOptions[SESSION_RULE_ID] ??= {});
    opts.minimumMinutes ??= minutes;
  }
}

/** Rule options the schema refused are left out, so a rule never sees a value its schema forbids. */
function dropInvalidOptions(config: ResolvedLintConfig, errors: readonly ErrorObject[]): void {
  for (const e of errors) {
    const [, section, id, options, name] = e.instancePath.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (section !== 'rules' || options !== 'options' || id === undefined) continue;
    const option = name ?? (e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined);
    if (option !== undefined) delete config.ruleOptions[id]?.[option];
  }
}

/**
 * Parses `.runbooklint.yaml` text. `knownRuleIds`, when given, makes rule ids outside it problems
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
  const problems: LintConfigProblem[] = [];
  const at = (offset: number, message: string): void => {
    const pos = lines.linePos(offset);
    problems.push({ line: Math.max(1, pos.line), column: Math.max(1, pos.col), message });
  };
  let doc: Document.Parsed;
  try {
    // Duplicate keys: duplicateKeyOffsets, in linear time.
    doc = parseDocument(text, { schema: 'core', uniqueKeys: false, lineCounter: lines, prettyErrors: false });
  } catch (e) {
    return { config, problems: [{ line: 1, column: 1, message: `cannot parse: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  for (const e of doc.errors) at(e.pos[0], e.message.split('\n')[0]);
  if (doc.errors.length > 0) return { config, problems };
  for (const offset of duplicateKeyOffsets(doc)) at(offset, DUPLICATE_KEY_MESSAGE);
  if (problems.length > 0) return { config, problems };
  let value: unknown;
  try {
    // Alias expansion is capped: a "billion laughs" config is a problem, not a hang.
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    at(doc.contents?.range[0] ?? 0, `cannot read: ${e instanceof Error ? e.message : String(e)}`);
    return { config, problems };
  }
  if (value === null || value === undefined) return { config, problems };
  const checked = isRecord(value) ? normalised(value) : value;
  // Unknown rule ids are judged against `knownRuleIds` below, not against the shipped list.
  const validate = validator();
  const errors = validate(checked) ? [] : (validate.errors ?? []).filter((e) => !(e.instancePath === '/rules' && e.schemaPath.startsWith('#/properties/rules/propertyNames')));
  const { issues, more } = schemaIssues(errors, checked, 'the configuration', MAX_PROBLEMS);
  for (const issue of issues) at(rangeAt(doc, issue.path, issue.at)?.[0] ?? 0, issue.message);
  if (more > 0) at(0, `${more} more problems in this file not shown`);
  if (!isRecord(checked)) return { config, problems };
  if (knownRuleIds && isRecord(checked.rules)) {
    for (const id of Object.keys(checked.rules)) {
      if (!knownRuleIds.includes(id)) at(rangeAt(doc, ['rules', id], 'key')?.[0] ?? 0, `unknown rule ${JSON.stringify(id)}${didYouMean(id, knownRuleIds)}`);
    }
  }
  configFrom(checked, config);
  dropInvalidOptions(config, errors);
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, problems };
}
