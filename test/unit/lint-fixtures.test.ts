// Fixture runner for the lint rules: the real engine, the real rules.
//
// Convention (also in docs/rules/README.md):
// - One folder per rule: test/fixtures/rules/<rule-id>/, holding bad and good files named as the
//   linter expects (application.properties, V1__init.sql, crontab, web.xml, ...). A
//   `.runbooklint.yaml` in the folder applies to its files (table sizes, SQL dialect). Subfolders
//   (`mysql/`, `postgres/`) are run too; the nearest `.runbooklint.yaml` applies, as in the CLI.
// - Expectations are comments on the line BEFORE the expected finding, in the file's own syntax:
//   `# expect: <rule-id>`, `-- expect: <rule-id>` (SQL), `<!-- expect: <rule-id> -->` (XML),
//   `; expect:` / `! expect:` where those are comments. Several: `# expect: a, b` (repeat an id
//   for two findings of one rule) or stacked expect lines. A finding counts on its start line.
// - JSON has no comments: a sidecar `<file>.expect.json` lists `[{"line": N, "rule": "id"}]`.
// - Compared: findings of the folder's rule, of any rule named in the file's expectations, and of
//   the engine (unused-disable, internal-error). A line with such a finding but no expectation
//   fails, and so does an expectation without its finding.
// - Fixable findings: the runner applies their fixes and re-lints; each fixed finding must be gone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadLintConfigFor } from '../../src/core/lint/configDiscovery';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { applyFixes, ENGINE_RULES, lintText } from '../../src/core/lint/engine';
import { detectFileKind } from '../../src/core/lint/fileKinds';
import { allRules } from '../../src/core/lint/rules';
import type { Finding, ResolvedLintConfig, Rule } from '../../src/core/lint/types';
import { badRule, otherRule } from './lintTestRules';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'rules');
const EXPECT = /^\s*(?:#|--|;|!|\/\/|<!--|\/\*)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export interface Expectation {
  line: number;
  rule: string;
}

/** Expectations written as comments: each applies to the next line that is not an expect line. */
export function parseExpectations(text: string): Expectation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Expectation[] = [];
  let pending: string[] = [];
  lines.forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (m) {
      pending.push(...m[1].split(/\s*,\s*/));
      return;
    }
    for (const rule of pending) out.push({ line: i + 1, rule });
    pending = [];
  });
  return out;
}

function key(e: Expectation): string {
  return `line ${e.line}: ${e.rule}`;
}

/** Differences between expected and actual (line, rule) pairs, as a multiset; empty when they agree. */
export function compareExpectations(expected: readonly Expectation[], findings: readonly Finding[], rules: ReadonlySet<string>): string[] {
  const want = expected.map(key);
  const got = findings.filter((f) => rules.has(f.ruleId)).map((f) => key({ line: f.line, rule: f.ruleId }));
  const problems: string[] = [];
  const remaining = [...want];
  for (const g of got) {
    const i = remaining.indexOf(g);
    if (i === -1) problems.push(`unexpected finding at ${g} (add an expect comment on the line before, or fix the rule)`);
    else remaining.splice(i, 1);
  }
  for (const w of remaining) problems.push(`expected finding missing at ${w}`);
  return problems;
}

/** Runs one fixture text; returns the problems found (empty when it passes). */
export function checkFixture(text: string, file: string, ruleId: string, config: ResolvedLintConfig, expected: Expectation[], rules: readonly Rule[]): string[] {
  const compared = new Set([ruleId, ...ENGINE_RULES.map((r) => r.id), ...expected.map((e) => e.rule)]);
  const { findings } = lintText(text, file, config, { rules, maxFindings: Infinity });
  const problems = compareExpectations(expected, findings, compared);
  const fixable = findings.filter((f) => f.ruleId === ruleId && f.fix);
  if (fixable.length > 0) {
    const fixed = applyFixes(text, fixable.map((f) => f.fix!));
    if (fixed.text === text) problems.push('the fixes changed nothing');
    const after = lintText(fixed.text, file, config, { rules, maxFindings: Infinity }).findings.filter((f) => f.ruleId === ruleId);
    const unfixable = findings.filter((f) => f.ruleId === ruleId && !f.fix).length;
    if (after.length > unfixable) {
      problems.push(`after the fixes, ${after.length} finding(s) of ${ruleId} remain, expected ${unfixable}: ${after.map((f) => `line ${f.line}: ${f.message}`).join('; ')}\n--- fixed text ---\n${fixed.text}`);
    }
  }
  return problems;
}

/** The fixture files of a rule's folder and its subfolders (`mysql/`, `postgres/`), sorted. */
export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) out.push(...fixtureFiles(full));
    else if (!f.endsWith('.expect.json') && f !== '.runbooklint.yaml' && f !== '.runbooklint.yml' && f !== 'README.md') out.push(full);
  }
  return out;
}

describe('the fixture runner itself', () => {
  const rules = [badRule, otherRule];
  const cfg = defaultLintConfig();

  it('reads expectations from comments in any syntax, stacked or listed', () => {
    const text = ['# expect: a', 'x', '-- expect: b, c', '<!-- expect: d -->', 'y', 'z', '  ; expect: a'].join('\n');
    assert.deepEqual(parseExpectations(text), [
      { line: 2, rule: 'a' },
      { line: 5, rule: 'b' },
      { line: 5, rule: 'c' },
      { line: 5, rule: 'd' },
    ]);
  });

  it('passes a fixture whose expectations match, and fails on a missing or an extra finding', () => {
    const good = '# expect: fake-bad\na=BAD\nb=fine\n';
    assert.deepEqual(checkFixture(good, 'a.env', 'fake-bad', cfg, parseExpectations(good), rules), []);
    const missing = '# expect: fake-bad\na=fine\n';
    assert.deepEqual(checkFixture(missing, 'a.env', 'fake-bad', cfg, parseExpectations(missing), rules), ['expected finding missing at line 2: fake-bad']);
    const extra = 'a=BAD\n';
    assert.match(checkFixture(extra, 'a.env', 'fake-bad', cfg, [], rules)[0], /^unexpected finding at line 1: fake-bad/);
    // Other rules' findings are not compared unless an expectation names them.
    assert.deepEqual(checkFixture('a=OTHER BAD\n', 'a.env', 'fake-other', cfg, [{ line: 1, rule: 'fake-other' }], rules), []);
  });

  it('fails when a fix leaves the finding in place', () => {
    const stubborn: Rule = { ...badRule, id: 'fake-stubborn', check: (ctx) => badRule.check(ctx).map((f) => ({ ...f, fix: { title: 'noop', edits: [{ start: f.start, end: f.end, newText: 'BAD' }] } })) };
    const problems = checkFixture('# expect: fake-stubborn\na=BAD\n', 'a.env', 'fake-stubborn', cfg, [{ line: 2, rule: 'fake-stubborn' }], [stubborn]);
    assert.equal(problems.length, 2);
    assert.match(problems[1], /remain, expected 0/);
  });
});

describe('fixture discovery', () => {
  it('recurses into subfolders, skipping configs and sidecars', () => {
    const files = fixtureFiles(path.join(FIXTURES, 'unbatched-backfill')).map((f) => path.relative(FIXTURES, f).split(path.sep).join('/'));
    assert.ok(files.includes('unbatched-backfill/bad.sql'));
    assert.ok(files.includes('unbatched-backfill/mysql/bad.sql'), 'files in mysql/ are run');
    assert.ok(files.includes('unbatched-backfill/mysql/good.sql'));
    assert.ok(!files.some((f) => f.endsWith('.runbooklint.yaml')));
  });
});

const folders = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((d) => statSync(path.join(FIXTURES, d)).isDirectory()) : [];

describe('rule fixtures (test/fixtures/rules/<rule-id>/)', () => {
  it('has a fixture folder for every rule, and a rule for every folder', () => {
    assert.deepEqual(folders.filter((d) => !allRules.some((r) => r.id === d)), [], 'folders without a rule');
    assert.deepEqual(allRules.map((r) => r.id).filter((id) => !folders.includes(id)), [], 'rules without fixtures');
  });

  for (const ruleId of folders) {
    const dir = path.join(FIXTURES, ruleId);
    for (const file of fixtureFiles(dir)) {
      const rel = path.relative(dir, file).split(path.sep).join('/');
      it(`${ruleId}/${rel}`, async () => {
        const text = readFileSync(file, 'utf8');
        const kind = detectFileKind(file, text);
        assert.ok(kind, `${rel}: not a file kind the linter reads; rename it`);
        const sidecar = `${file}.expect.json`;
        const expected = existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as Expectation[]) : parseExpectations(text);
        const { config, problems: configProblems } = await loadLintConfigFor(file);
        assert.deepEqual(configProblems, []);
        const problems = checkFixture(text, file, ruleId, config, expected, allRules);
        assert.deepEqual(problems, []);
      });
    }
  }
});
