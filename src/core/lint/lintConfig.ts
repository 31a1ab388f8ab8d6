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
//   overrides:                              # per glob, over the rest (later entries win)
//     - files: ["db/mysql/**", "*.mysql.sql"]
//       excludedFiles: "db/mysql/legacy/**"
//       sql: { dialect: mysql }
//       tables: { executions: 80M }
//       rules: { missing-lock-timeout: off }
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
import { globProblem } from './lintConfigOverrides';
import { DIALECT_VALUES, SEVERITY_VALUES } from './lintConfigSchema';
import { yaml } from './yamlLib';
import type { LintOverride, LintSeverity, ResolvedLintConfig, SqlDialect } from './types';

export const LINT_CONFIG_FILE_NAMES = ['.runbooklint.yaml', '.runbooklint.yml'] as const;
export const DEFAULT_LARGE_TABLE_ROWS = 1_000_000;
export const SESSION_RULE_ID = 'session-timeout-too-short';
const MAX_ALIAS_COUNT = 100;
/** Problems reported per file; a hostile file can have thousands. */
const MAX_PROBLEMS = 100;
const SECTIONS = ['rules', 'sql', 'tables', 'session', 'overrides'];
const OVERRIDE_SECTIONS = ['rules', 'sql', 'tables'];

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
function normalised(value: Record<string, unknown>, sections = SECTIONS): Record<string, unknown> {
  const out = { ...value };
  for (const key of sections) if (out[key] === null) out[key] = key === 'overrides' ? [] : {};
  if (isRecord(out.rules)) {
    const rules: Record<string, unknown> = {};
    for (const [id, entry] of Object.entries(out.rules)) {
      rules[id] = isRecord(entry) && 'severity' in entry ? { ...entry, severity: canonical(entry.severity, SEVERITY_VALUES) } : canonical(entry, SEVERITY_VALUES);
    }
    out.rules = rules;
  }
  if (isRecord(out.sql) && 'dialect' in out.sql) out.sql = { ...out.sql, dialect: canonical(out.sql.dialect, DIALECT_VALUES) };
  if (Array.isArray(out.overrides)) out.overrides = out.overrides.map((o) => (isRecord(o) ? normalised(o, OVERRIDE_SECTIONS) : o));
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
  if (Array.isArray(value.overrides)) {
    // One per entry, so `/overrides/<n>` of a schema error is config.overrides[n].
    if (value.overrides.length > 0) config.overrides = value.overrides.map((o) => overrideFrom(isRecord(o) ? o : {}));
  }
}

const globList = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string' && g.length > 0) : []);

/** One `overrides:` entry, read like the top level; an entry without a usable glob applies nowhere. */
function overrideFrom(entry: Record<string, unknown>): LintOverride {
  const files = globList(entry.files);
  const part = defaultLintConfig();
  configFrom({ rules: entry.rules, sql: entry.sql, tables: entry.tables, largeTableRows: entry.largeTableRows }, part);
  const override: LintOverride = { files, excludedFiles: globList(entry.excludedFiles), rules: part.rules, ruleOptions: part.ruleOptions, tables: part.tables };
  if (part.sqlDialect) override.sqlDialect = part.sqlDialect;
  const large = parseRows(entry.largeTableRows);
  if (large !== undefined && large > 0) override.largeTableRows = large;
  return override;
}

/** Rule options the schema refused are left out, so a rule never sees a value its schema forbids. */
function dropInvalidOptions(config: ResolvedLintConfig, errors: readonly ErrorObject[]): void {
  for (const e of errors) {
    const parts = e.instancePath.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    // `/rules/<id>/options[/<name>]`, or the same under `/overrides/<n>`.
    const inOverride = parts[1] === 'overrides';
    const [section, id, options, name] = parts.slice(inOverride ? 3 : 1);
    if (section !== 'rules' || options !== 'options' || id === undefined) continue;
    const option = name ?? (e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined);
    const target = inOverride ? config.overrides?.[Number(parts[2])] : config;
    if (option !== undefined && target) delete target.ruleOptions[id]?.[option];
  }
}

/** Whether a schema error is an unknown rule id (judged against `knownRuleIds` instead): top level or in an override. */
function isRuleNameError(e: ErrorObject): boolean {
  return /^(\/overrides\/\d+)?\/rules$/.test(e.instancePath) && e.schemaPath.includes('/rules/propertyNames');
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
  const errors = validate(checked) ? [] : (validate.errors ?? []).filter((e) => !isRuleNameError(e));
  const { issues, more } = schemaIssues(errors, checked, 'the configuration', MAX_PROBLEMS);
  for (const issue of issues) at(rangeAt(doc, issue.path, issue.at)?.[0] ?? 0, issue.message);
  if (more > 0) at(0, `${more} more problems in this file not shown`);
  if (!isRecord(checked)) return { config, problems };
  if (knownRuleIds) {
    const unknownRules = (rules: unknown, where: (string | number)[]): void => {
      if (!isRecord(rules)) return;
      for (const id of Object.keys(rules)) {
        if (!knownRuleIds.includes(id)) at(rangeAt(doc, [...where, 'rules', id], 'key')?.[0] ?? 0, `unknown rule ${JSON.stringify(id)}${didYouMean(id, knownRuleIds)}`);
      }
    };
    unknownRules(checked.rules, []);
    if (Array.isArray(checked.overrides)) checked.overrides.forEach((o, n) => isRecord(o) && unknownRules(o.rules, ['overrides', n]));
  }
  configFrom(checked, config);
  dropInvalidOptions(config, errors);
  if (Array.isArray(checked.overrides)) {
    checked.overrides.forEach((o, n) => {
      if (!isRecord(o)) return;
      for (const key of ['files', 'excludedFiles']) {
        const globs = o[key];
        (typeof globs === 'string' ? [globs] : Array.isArray(globs) ? globs : []).forEach((g: unknown, k: number) => {
          const problem = typeof g === 'string' && g.length > 0 ? globProblem(g) : undefined;
          if (problem) at(rangeAt(doc, typeof globs === 'string' ? ['overrides', n, key] : ['overrides', n, key, k], 'value')?.[0] ?? 0, `glob ${JSON.stringify(g)} cannot be used: ${problem}`);
        });
      }
    });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, problems };
}
