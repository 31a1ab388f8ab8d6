// The open comparison with Squawk (issue 12, part 6): a labelled set of small migration cases
// (test/fixtures/squawk-comparison/, written here from Squawk's rule documentation, not copied
// from its tests), which Squawk rules fall within our rules' scope, and the per-case and total
// tallies `npm run bench:squawk` prints. test/unit/squawk-comparison.test.ts keeps our side of it
// from regressing without Squawk installed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Squawk 2.66 rules within our rules' scope, and the rule of ours that covers each. */
export const SQUAWK_IN_SCOPE: Readonly<Record<string, string>> = {
  'require-concurrent-index-creation': 'index-without-concurrently',
  'require-concurrent-index-deletion': 'index-without-concurrently',
  'require-concurrent-reindex': 'index-without-concurrently',
  'ban-concurrent-index-creation-in-transaction': 'index-without-concurrently',
  'constraint-missing-not-valid': 'blocking-ddl-large-table',
  'adding-foreign-key-constraint': 'blocking-ddl-large-table',
  'adding-field-with-default': 'blocking-ddl-large-table',
  'adding-not-nullable-field': 'blocking-ddl-large-table',
  'adding-required-field': 'blocking-ddl-large-table',
  'adding-serial-primary-key-field': 'blocking-ddl-large-table',
  'disallowed-unique-constraint': 'blocking-ddl-large-table',
  'changing-column-type': 'blocking-ddl-large-table',
  'prefer-repack': 'blocking-ddl-large-table',
  'require-lock-timeout': 'missing-lock-timeout',
  // Opt-in in Squawk (run with --include); its lock_timeout half is ours, its statement_timeout half is not.
  'require-timeout-settings': 'missing-lock-timeout',
};

/** What a reader of the totals should know about a Squawk rule's default behaviour. */
export const SQUAWK_NOTES: Readonly<Record<string, string>> = {
  'prefer-repack': 'active only with --pg-version 19 or later (it suggests REPACK, new in 19): silent in a default run, as here',
  'require-timeout-settings': 'opt-in: run with --include require-timeout-settings',
};

/** Squawk 2.66 rules outside our rules' scope, and why. */
export const SQUAWK_OUTSIDE_SCOPE: Readonly<Record<string, string>> = {
  'require-statement-timeout': 'a runaway statement, not a blocking lock',
  'require-concurrent-partition-detach': 'a brief ACCESS EXCLUSIVE lock, no scan or rewrite (missing-lock-timeout covers its wait)',
  'prefer-robust-stmts': 're-runnable migrations (IF NOT EXISTS), not locks',
  'transaction-nesting': 'transaction structure',
  'ban-uncommitted-transaction': 'transaction structure',
  'renaming-column': 'breaks running clients; no lock or rewrite',
  'renaming-table': 'breaks running clients; no lock or rewrite',
  'ban-drop-column': 'breaks running clients; no lock or rewrite',
  'ban-drop-table': 'data loss, not locking',
  'ban-drop-database': 'data loss, not locking',
  'ban-drop-not-null': 'breaks running clients',
  'ban-truncate-cascade': 'data loss, not locking',
  'ban-create-domain-with-constraint': 'domains',
  'ban-alter-domain-with-add-constraint': 'domains',
  'require-enum-value-ordering': 'enum design',
  'prefer-bigint-over-int': 'type choice',
  'prefer-bigint-over-smallint': 'type choice',
  'prefer-identity': 'type choice',
  'prefer-text-field': 'type choice (its lock concern is changing-column-type)',
  'prefer-timestamp-tz': 'type choice',
  'ban-char-field': 'type choice',
  'require-table-schema': 'naming',
  'identifier-too-long': 'naming',
  'ban-duplicate-column-assignments': 'a query bug, not a lock',
  'unused-ignore': "Squawk's own ignore comments",
  'syntax-error': 'not a rule: a statement Squawk could not parse',
};

/** Our rules that read SQL: every one is within the comparison's scope. */
export const OUR_SQL_RULES: readonly string[] = ['blocking-ddl-large-table', 'index-without-concurrently', 'missing-lock-timeout', 'unbatched-backfill', 'mysql-online-ddl'];

export interface ComparisonCase {
  /** Path under the cases folder, with `/` (the file name both tools report). */
  file: string;
  /** unsafe: a finding is expected; safe: none. */
  label: 'safe' | 'unsafe';
  /** The Squawk rules the case exercises (none for a case only we cover). */
  squawk: string[];
  /** Our rules expected to report it (none for a safe case). */
  ours: string[];
  why: string;
}

const HEADER = /^--\s*(label|squawk|ours|why):\s*(.*)$/;

/** A case's labels, from its header comments (`-- label: unsafe`, `-- squawk: a, b`, `-- ours: x`, `-- why: ...`). */
export function parseCase(file: string, text: string): ComparisonCase {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = HEADER.exec(line.trim());
    if (!m) break;
    fields[m[1]] = m[2].trim();
  }
  const list = (v: string | undefined): string[] => (v === undefined || v === 'none' || v === '' ? [] : v.split(/\s*,\s*/));
  const label = fields.label === 'safe' || fields.label === 'unsafe' ? fields.label : undefined;
  if (label === undefined || fields.why === undefined) throw new Error(`${file}: needs "-- label: safe|unsafe" and "-- why:" header lines`);
  return { file, label, squawk: list(fields.squawk), ours: list(fields.ours), why: fields.why };
}

/** The cases of a folder and its subfolders (`mysql/`), sorted by path. */
export function readCases(dir: string, sub = ''): ComparisonCase[] {
  const out: ComparisonCase[] = [];
  for (const name of readdirSync(join(dir, sub)).sort()) {
    const rel = sub ? `${sub}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...readCases(dir, rel));
    else if (name.endsWith('.sql')) out.push(parseCase(rel, readFileSync(join(dir, rel), 'utf8')));
  }
  return out;
}

/** Groups findings (file, rule) by case file into results. */
export function resultsByFile(findings: readonly { file: string; rule: string }[], inScope: (rule: string) => boolean): Map<string, ToolResult> {
  const fired = new Map<string, string[]>();
  for (const f of findings) {
    const file = f.file.split('\\').join('/').replace(/^\.\//, '');
    fired.set(file, [...(fired.get(file) ?? []), f.rule]);
  }
  return new Map([...fired].map(([file, rules]) => [file, toolResult(rules, inScope)]));
}

/** What one tool reported on one case: the rules that fired, in scope and outside it. */
export interface ToolResult {
  inScope: string[];
  outside: string[];
}

/** Splits a tool's fired rules (one entry per finding) into in-scope and outside-scope sets. */
export function toolResult(fired: readonly string[], inScope: (rule: string) => boolean): ToolResult {
  const uniq = [...new Set(fired)].sort();
  return { inScope: uniq.filter(inScope), outside: uniq.filter((r) => !inScope(r)) };
}

export const squawkRuleInScope = (rule: string): boolean => rule in SQUAWK_IN_SCOPE;
export const ourRuleInScope = (rule: string): boolean => OUR_SQL_RULES.includes(rule);

export interface Tally {
  /** Unsafe cases flagged, of all unsafe cases. */
  caught: number;
  unsafe: number;
  /** Safe cases left quiet, of all safe cases. */
  quiet: number;
  safe: number;
}

/** Whether a tool's result on a case is right: flagged when unsafe, quiet when safe. */
export function verdict(c: ComparisonCase, r: ToolResult): boolean {
  return c.label === 'unsafe' ? r.inScope.length > 0 : r.inScope.length === 0;
}

export function tally(cases: readonly ComparisonCase[], results: ReadonlyMap<string, ToolResult>): Tally {
  const t: Tally = { caught: 0, unsafe: 0, quiet: 0, safe: 0 };
  for (const c of cases) {
    const ok = verdict(c, results.get(c.file) ?? { inScope: [], outside: [] });
    if (c.label === 'unsafe') {
      t.unsafe++;
      if (ok) t.caught++;
    } else {
      t.safe++;
      if (ok) t.quiet++;
    }
  }
  return t;
}

/** The report: one line per case, Squawk's result and ours side by side, then the totals and the rules outside scope. */
export function formatReport(cases: readonly ComparisonCase[], squawk: ReadonlyMap<string, ToolResult> | undefined, ours: ReadonlyMap<string, ToolResult>, squawkName: string): string {
  const out: string[] = [];
  const show = (r: ToolResult | undefined): string => {
    if (r === undefined) return 'not run';
    const fired = r.inScope.length ? r.inScope.join(', ') : '—';
    return r.outside.length ? `${fired} (+ outside scope: ${r.outside.join(', ')})` : fired;
  };
  const mark = (c: ComparisonCase, r: ToolResult | undefined): string => (r === undefined ? ' ' : verdict(c, r) ? '✓' : '✗');
  out.push(`Labelled migration cases: ${cases.length} (${cases.filter((c) => c.label === 'unsafe').length} unsafe, ${cases.filter((c) => c.label === 'safe').length} safe); ✓ right, ✗ wrong`);
  for (const c of cases) {
    const s = squawk?.get(c.file) ?? (squawk ? { inScope: [], outside: [] } : undefined);
    const o = ours.get(c.file) ?? { inScope: [], outside: [] };
    out.push(`  ${c.file} [${c.label}] ${c.why}`);
    out.push(`    ${mark(c, s)} ${squawkName.padEnd(14)} ${show(s)}`);
    out.push(`    ${mark(c, o)} ${'runbook lint'.padEnd(14)} ${show(o)}`);
  }
  const row = (name: string, t: Tally): string =>
    `  ${name.padEnd(16)} unsafe cases caught ${String(t.caught).padStart(2)}/${t.unsafe}   safe cases left quiet ${String(t.quiet).padStart(2)}/${t.safe}   right ${t.caught + t.quiet}/${t.unsafe + t.safe}`;
  out.push('Totals');
  if (squawk) out.push(row(squawkName, tally(cases, squawk)));
  out.push(row('runbook lint', tally(cases, ours)));
  const exercised = new Set(cases.flatMap((c) => c.squawk));
  out.push(`Squawk rules within our scope (${Object.keys(SQUAWK_IN_SCOPE).length}), each with its cases and our rule:`);
  for (const [rule, mine] of Object.entries(SQUAWK_IN_SCOPE)) {
    const cited = cases.filter((c) => c.squawk.includes(rule)).length;
    out.push(`  ${rule} → ${mine}: ${exercised.has(rule) ? `${cited} case${cited === 1 ? '' : 's'}` : 'no case'}${SQUAWK_NOTES[rule] ? ` (${SQUAWK_NOTES[rule]})` : ''}`);
  }
  out.push(`Squawk rules outside our scope (${Object.keys(SQUAWK_OUTSIDE_SCOPE).length}), not compared:`);
  for (const [rule, why] of Object.entries(SQUAWK_OUTSIDE_SCOPE)) out.push(`  ${rule}: ${why}`);
  // A rule a newer Squawk added: it must be placed in one list or the other before the totals mean much.
  const unlisted = [...new Set([...(squawk?.values() ?? [])].flatMap((r) => r.outside))].filter((r) => !(r in SQUAWK_OUTSIDE_SCOPE));
  if (unlisted.length) out.push(`Squawk rules seen but in neither list (test/bench/squawkComparison.ts): ${unlisted.sort().join(', ')}`);
  return out.join('\n');
}
