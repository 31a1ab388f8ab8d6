// The lint engine: picks the file kind and SQL dialect, runs the applicable rules (a rule that
// throws costs one finding, never the run), applies the configured severities and the ignore
// comments, and turns offsets into 1-based lines and columns. Pure: no vscode, no file system.
//
// Severity: the config's severity for a rule replaces the rule's default. A finding that carries
// its own severity (an `info` "table size unknown") keeps it, but never louder than the
// configured severity: turning a rule down to `info` turns all of its findings down.
import { detectFileKind } from './fileKinds';
import { applyIgnores, IGNORE_MARKER, parseIgnoreDirectives, UNUSED_DISABLE } from './ignore';
import { allRules } from './rules';
import { streamSql } from '../sql/analysis';
import { passTakes } from './rules/sqlRuleSupport';
import { resolveSqlDialect, type ResolvedSqlDialect } from './sqlDialect';
import type { SchemaKnowledge } from '../sql/migrationSchema';
import type { FileKind, Finding, Fix, LintContext, LintSeverity, ResolvedLintConfig, Rule, RuleFinding, SqlDialect, SqlPass } from './types';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_FINDINGS = 500;
export const INTERNAL_ERROR = 'internal-error';
export const FILE_TOO_LARGE = 'file-too-large';
export const TOO_MANY_FINDINGS = 'too-many-findings';

/** Findings the engine itself reports; they take severities from the config like rules do. */
export const ENGINE_RULES: readonly { id: string; description: string; defaultSeverity: LintSeverity }[] = [
  { id: UNUSED_DISABLE, description: 'An ignore comment that suppresses nothing, or names a rule that does not exist.', defaultSeverity: 'warning' },
  { id: INTERNAL_ERROR, description: 'A rule failed on this file (a bug in runbook-lint); the other rules still ran.', defaultSeverity: 'error' },
  { id: FILE_TOO_LARGE, description: 'The file is over the size limit and was not checked.', defaultSeverity: 'info' },
  { id: TOO_MANY_FINDINGS, description: 'The file has more findings than are shown.', defaultSeverity: 'info' },
];

export interface LintOptions {
  /** The file kind, when the caller knows better than the file name (an editor's language mode). */
  kind?: FileKind;
  /** The rules to run; all rules by default. */
  rules?: readonly Rule[];
  /** Files over this many UTF-8 bytes get one `file-too-large` finding instead. Default 2 MB. */
  maxBytes?: number;
  /** At most this many findings per file (the last one says how many more there were). Default 500. */
  maxFindings?: number;
  /** SQL: the schema the earlier migrations of the file's set build (src/core/sql/migrationHistory.ts). */
  history?: SchemaKnowledge;
  /**
   * For a SQL file whose config, path and text do not say its dialect: what its sibling
   * migrations say (sqlDialect.ts). Called at most once, and only then.
   */
  siblingDialect?: () => SqlDialect | undefined;
}

export interface LintResult {
  findings: Finding[];
  kind?: FileKind;
  skipped?: 'too-large' | 'unknown-kind';
  /** For a SQL file: the dialect it was read as, and why. */
  dialect?: ResolvedSqlDialect;
}

// --- SQL dialect: sqlDialect.ts -----------------------------------------------------------------

export { inferSqlDialect } from './sqlDialect';

// --- positions ---------------------------------------------------------------------------------

/** Line starts of a text, for offset → line/column by binary search. `\r\n`, `\n` and `\r` end lines. */
export class LineIndex {
  private starts: Int32Array;
  private count = 1;

  constructor(readonly text: string) {
    // Line starts in a typed array (a big migration has ~100,000 lines); indexOf jumps between breaks.
    let starts = new Int32Array(Math.max(16, (text.length >> 5) + 1));
    let count = 1;
    const push = (at: number): void => {
      if (count === starts.length) {
        const next = new Int32Array(starts.length * 2);
        next.set(starts);
        starts = next;
      }
      starts[count++] = at;
    };
    if (text.includes('\r')) {
      const re = /\r\n?|\n/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) push(m.index + m[0].length);
    } else {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) push(i + 1);
    }
    this.starts = starts;
    this.count = count;
  }

  /** 1-based line of `offset`. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset where 1-based `line` starts. */
  lineStart(line: number): number {
    return this.starts[line - 1];
  }

  /** 1-based line and column (UTF-16 units) of `offset`. */
  position(offset: number): { line: number; column: number } {
    const line = this.line(offset);
    return { line, column: offset - this.starts[line - 1] + 1 };
  }
}

// --- severities --------------------------------------------------------------------------------

const RANK: Record<LintSeverity, number> = { info: 0, warning: 1, error: 2 };

function configured(config: ResolvedLintConfig, id: string): 'off' | LintSeverity | undefined {
  // Own-property lookup: a rule id like "constructor" must not find Object.prototype's.
  return Object.prototype.hasOwnProperty.call(config.rules, id) ? config.rules[id] : undefined;
}

function severityOf(config: ResolvedLintConfig, id: string, ruleDefault: LintSeverity, own?: LintSeverity): LintSeverity {
  const set = configured(config, id);
  const base = set === undefined || set === 'off' ? ruleDefault : set;
  if (own === undefined) return base;
  return set === undefined ? own : RANK[own] <= RANK[base] ? own : base;
}

// --- the engine --------------------------------------------------------------------------------

/** UTF-8 size of `text`, counting only as far as needed to compare with `limit`. */
function utf8BytesOver(text: string, limit: number): number | undefined {
  if (text.length > limit) return utf8Length(text);
  if (text.length * 3 <= limit) return undefined;
  const n = utf8Length(text);
  return n > limit ? n : undefined;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4; // a surrogate pair: one 4-byte character
      i++;
    } else n += 3;
  }
  return n;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number(mb.toFixed(mb < 10 ? 1 : 0))} MB`;
}

function clampOffset(n: unknown, max: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(Math.max(0, Math.floor(n)), max) : 0;
}

interface Raw {
  ruleId: string;
  severity: LintSeverity;
  message: string;
  start: number;
  end: number;
  fix?: Fix;
  suggestions?: Fix[];
  runbook?: Rule['runbook'];
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Lints one file's text. Never throws for any text, config or rule behaviour. */
export function lintText(text: string, file: string, config: ResolvedLintConfig, opts: LintOptions = {}): LintResult {
  const kind = opts.kind ?? detectFileKind(file, text);
  if (kind === undefined) return { findings: [], skipped: 'unknown-kind' };
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = utf8BytesOver(text, maxBytes);
  if (bytes !== undefined) {
    // No rule runs and no line index is built: the cost stays flat however large the file is.
    if (configured(config, FILE_TOO_LARGE) === 'off') return { findings: [], kind, skipped: 'too-large' };
    const nl = text.search(/[\r\n]/);
    const end = nl === -1 ? text.length : nl;
    const finding: Finding = {
      ruleId: FILE_TOO_LARGE,
      severity: severityOf(config, FILE_TOO_LARGE, 'info'),
      message: `File is ${megabytes(bytes)}; runbook-lint skips files over ${megabytes(maxBytes)}`,
      file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: end + 1,
      start: 0,
      end,
    };
    return { findings: [finding], kind, skipped: 'too-large' };
  }

  const index = new LineIndex(text);
  const toFinding = (r: Raw): Finding => make(r.ruleId, r.severity, r.message, r.start, r.end, r.fix, r.suggestions, r.runbook);
  // A rule's finding becomes the reported one directly (no intermediate object): a big migration has thousands.
  const make = (ruleId: string, severity: LintSeverity, message: string, start: number, end: number, fix: Fix | undefined, suggestions: Fix[] | undefined, runbook: Rule['runbook']): Finding => {
    const line = index.line(start);
    const endLine = end === start ? line : index.line(end);
    const f: Finding = { ruleId, severity, message, file, line, column: start - index.lineStart(line) + 1, endLine, endColumn: end - index.lineStart(endLine) + 1, start, end };
    if (fix) f.fix = fix;
    if (suggestions && suggestions.length > 0) f.suggestions = suggestions;
    if (runbook) f.runbook = runbook;
    return f;
  };


  const sqlDialect = kind === 'sql' ? resolveSqlDialect(text, file, config, opts.siblingDialect) : undefined;
  const dialect: SqlDialect = sqlDialect?.name ?? config.sqlDialect ?? 'postgresql';
  const rules = opts.rules ?? allRules;
  let findings: Finding[] = [];
  const failed = (rule: Rule, e: unknown): Finding =>
    make(
      INTERNAL_ERROR,
      severityOf(config, INTERNAL_ERROR, 'error'),
      `Rule ${rule.id} failed on this file (${errorMessage(e)}); its findings are missing. This is a bug in runbook-lint; the other rules ran.`,
      0,
      0,
      undefined,
      undefined,
      undefined,
    );
  // Each rule's outcome, in rule order: its findings, its failure, or (SQL rules) its pass, run
  // below with the other passes in one read of the statements.
  const outcomes: { rule: Rule; out?: RuleFinding[]; pass?: SqlPass; failed?: true; error?: unknown }[] = [];
  let passes = 0;
  for (const rule of rules) {
    if (!rule.fileKinds.includes(kind) || configured(config, rule.id) === 'off') continue;
    const options = Object.prototype.hasOwnProperty.call(config.ruleOptions, rule.id) ? config.ruleOptions[rule.id] : {};
    const ctx: LintContext = { text, file, kind, config, dialect, options, history: opts.history };
    try {
      if (kind === 'sql' && rule.sqlPass) {
        const pass = rule.sqlPass(ctx);
        outcomes.push(pass ? { rule, pass } : { rule, out: [] });
        if (pass) passes++;
        continue;
      }
      const out = rule.check(ctx);
      if (!Array.isArray(out)) throw new Error(`check() returned ${typeof out}, not an array`);
      outcomes.push({ rule, out });
    } catch (e) {
      outcomes.push({ rule, failed: true, error: e });
    }
  }
  if (passes > 0) {
    const live = outcomes.filter((o) => o.pass !== undefined);
    // Each statement goes only to the passes that look at its type, still in rule order.
    const byType = new Map<string, typeof live>();
    streamSql(text, dialect, (s, analysis) => {
      let passesFor = byType.get(s.info.type);
      if (passesFor === undefined) byType.set(s.info.type, (passesFor = live.filter((o) => passTakes(o.pass!, s.info.type))));
      for (let k = 0; k < passesFor.length; k++) {
        const o = passesFor[k];
        if (o.failed) continue;
        try {
          o.pass!.statement(s, analysis);
        } catch (e) {
          // As if its check had thrown: none of its findings.
          o.failed = true;
          o.error = e;
        }
      }
    });
  }
  for (const o of outcomes) {
    if (o.failed) {
      findings.push(failed(o.rule, o.error));
      continue;
    }
    const rule = o.rule;
    const out = o.out ?? o.pass!.findings;
    for (const f of out) {
      const start = clampOffset(f.start, text.length);
      const end = Math.max(start, clampOffset(f.end, text.length));
      findings.push(make(rule.id, severityOf(config, rule.id, rule.defaultSeverity, f.severity), f.message, start, end, f.fix, f.suggestions, f.runbook ?? rule.runbook));
    }
  }
  if (configured(config, INTERNAL_ERROR) === 'off') removeWhere(findings, (r) => r.ruleId === INTERNAL_ERROR);

  if (text.includes(IGNORE_MARKER)) {
    const directives = parseIgnoreDirectives(text, kind, dialect, (o) => index.line(o));
    const known = new Set([...rules.map((r) => r.id), ...ENGINE_RULES.map((r) => r.id)]);
    const off = new Set(Object.keys(config.rules).filter((id) => config.rules[id] === 'off'));
    const { kept, problems } = applyIgnores(findings, directives, known, off);
    findings = kept;
    if (configured(config, UNUSED_DISABLE) !== 'off') {
      const unused = problems.map((p) => toFinding({ ruleId: UNUSED_DISABLE, severity: severityOf(config, UNUSED_DISABLE, 'warning'), ...p }));
      // `runbook-lint-disable unused-disable` silences these reports too.
      // A loop, not a spread into push: the list grows with the input (an ignore comment naming 100,000 ids).
      for (const f of applyIgnores(unused, directives.filter((d) => d.kind === 'disable'), known, off).kept) findings.push(f);
    }
  }

  findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const cap = opts.maxFindings ?? DEFAULT_MAX_FINDINGS;
  if (findings.length > cap && cap > 0) {
    const hidden = findings.length - (cap - 1);
    const last = findings[cap - 1];
    findings = findings.slice(0, cap - 1);
    findings.push(toFinding({ ruleId: TOO_MANY_FINDINGS, severity: 'info', message: `${hidden} more findings in this file are not shown (at most ${cap} per file).`, start: last.start, end: last.start }));
  }
  return sqlDialect ? { findings, kind, dialect: sqlDialect } : { findings, kind };
}

function removeWhere<T>(list: T[], pred: (t: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) list.splice(i, 1);
}

// --- fixes -------------------------------------------------------------------------------------

/**
 * Applies each fix whole or not at all: a fix whose edits overlap an earlier accepted fix's (or
 * each other, or fall outside the text) is skipped. Edits are applied back to front, so offsets
 * stay valid. Two insertions at the same offset count as overlapping: their order is ambiguous.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number; skipped: number } {
  const accepted: { start: number; end: number; newText: string }[] = [];
  let applied = 0;
  let skipped = 0;
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
    (a.start < b.end && b.start < a.end) || a.start === b.start;
  const ordered = [...fixes].sort((a, b) => firstStart(a) - firstStart(b));
  for (const fix of ordered) {
    const edits = fix.edits;
    const valid =
      edits.length > 0 &&
      edits.every((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= text.length && typeof e.newText === 'string') &&
      edits.every((e, i) => edits.every((o, j) => i === j || !overlaps(e, o))) &&
      edits.every((e) => accepted.every((o) => !overlaps(e, o)));
    if (!valid) {
      skipped++;
      continue;
    }
    for (const e of edits) accepted.push(e);
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of accepted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied, skipped };
}

function firstStart(fix: Fix): number {
  return fix.edits.reduce((min, e) => Math.min(min, e.start), Infinity);
}

/**
 * Applies every safe fix, re-linting after each pass (a fix may enable or block another) until
 * nothing changes, at most 10 passes. Returns the fixed text and how many fixes were applied.
 */
export function fixAll(text: string, file: string, config: ResolvedLintConfig, opts: LintOptions = {}): { text: string; applied: number; passes: number } {
  let current = text;
  let applied = 0;
  let passes = 0;
  while (passes < 10) {
    const fixes = lintText(current, file, config, { ...opts, maxFindings: Infinity }).findings.flatMap((f) => (f.fix ? [f.fix] : []));
    if (fixes.length === 0) break;
    const next = applyFixes(current, fixes);
    passes++;
    if (next.text === current) break;
    current = next.text;
    applied += next.applied;
  }
  return { text: current, applied, passes };
}
