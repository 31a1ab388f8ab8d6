import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { applyFixes, fixAll, inferSqlDialect, LineIndex, lintText } from '../../src/core/lint/engine';
import type { Finding, LintContext, ResolvedLintConfig, Rule } from '../../src/core/lint/types';
import { ALL_KINDS, badRule, crashingRule, otherRule, regexRule } from './lintTestRules';

const cfg = (over: Partial<ResolvedLintConfig> = {}): ResolvedLintConfig => ({ ...defaultLintConfig(), ...over });
const RULES = [badRule, otherRule];

function pos(f: Finding): string {
  return `${f.ruleId}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
}

describe('inferSqlDialect', () => {
  const cases: [string, string][] = [
    ['CREATE TABLE `orders` (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;', 'mysql'],
    ['ALTER TABLE orders MODIFY COLUMN total DECIMAL(12,2);', 'mysql'],
    ['ALTER TABLE orders ADD COLUMN note TEXT, ALGORITHM=INSTANT;', 'mysql'],
    ['CREATE INDEX CONCURRENTLY idx ON orders (created_at);', 'postgresql'],
    ["SELECT '2024-01-01'::date;", 'postgresql'],
    ['CREATE TABLE t (id SERIAL PRIMARY KEY);', 'postgresql'],
    ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;', 'postgresql'],
    ['CREATE TABLE t (id int);', 'postgresql'],
    ['', 'postgresql'],
  ];
  for (const [sql, dialect] of cases) it(`${sql || '(empty)'} → ${dialect}`, () => assert.equal(inferSqlDialect(sql), dialect));

  it('ignores signs inside comments and string literals', () => {
    assert.equal(inferSqlDialect("-- the old MySQL `orders` table had ENGINE=MyISAM and AUTO_INCREMENT\nINSERT INTO t VALUES ('`a` ENGINE=x');"), 'postgresql');
    assert.equal(inferSqlDialect('/* CONCURRENTLY :: SERIAL */ ALTER TABLE `orders` MODIFY COLUMN x INT;'), 'mysql');
  });

  it('counts every sign however many statements without one come between them', () => {
    // Statements with no sign are not tokenized; signs in comments between statements, or several in
    // one statement, must not make the next statement's signs be missed or counted twice.
    const plain = 'INSERT INTO t VALUES (1);\n'.repeat(50);
    const pg = `${plain}SELECT 1::int;\n${plain}CREATE INDEX CONCURRENTLY i ON t (x);\n${plain}SELECT $$a$$, 2::int;\n`;
    assert.equal(inferSqlDialect(`${pg}-- \`x\` \`y\`\n${plain}CREATE TABLE \`a\` (\`b\` int, \`c\` int, \`d\` int, \`e\` int);\n`), 'mysql'); // 5 quoted names > 4 PostgreSQL signs
    assert.equal(inferSqlDialect(`${pg}-- \`x\` \`y\`\n${plain}CREATE TABLE \`a\` (\`b\` int, \`c\` int, \`d\` int);\n`), 'postgresql'); // 4 = 4: a tie
    assert.equal(inferSqlDialect(`${plain}/* serial */ CREATE TABLE t (id int AUTO_INCREMENT) ENGINE=InnoDB;\n${plain}SELECT 1;`), 'mysql');
  });

  it('lets the more frequent dialect win, and the config decide over inference', () => {
    assert.equal(inferSqlDialect('CREATE TABLE `a` (x int); CREATE TABLE `b` (y int); SELECT 1::int;'), 'mysql');
    let seen = '';
    const probe: Rule = { ...regexRule('probe', /x^/, { fileKinds: ['sql'] }), check: (ctx: LintContext) => ((seen = ctx.dialect), []) };
    lintText('CREATE TABLE `a` (x int);', 'm.sql', cfg(), { rules: [probe] });
    assert.equal(seen, 'mysql');
    lintText('CREATE TABLE `a` (x int);', 'm.sql', cfg({ sqlDialect: 'postgresql' }), { rules: [probe] });
    assert.equal(seen, 'postgresql');
  });
});

describe('positions', () => {
  it('converts offsets to 1-based lines and UTF-16 columns (LF, CRLF, CR, non-ASCII)', () => {
    assert.deepEqual(lintText('a=1\nkey=BAD\n', 'x.properties', cfg(), { rules: RULES }).findings.map(pos), ['fake-bad@2:5-2:8']);
    assert.deepEqual(lintText('a=1\r\n\r\nkey=BAD\r\n', 'x.properties', cfg(), { rules: RULES }).findings.map(pos), ['fake-bad@3:5-3:8']);
    assert.deepEqual(lintText('a=1\rkey=BAD', 'x.properties', cfg(), { rules: RULES }).findings.map(pos), ['fake-bad@2:5-2:8']);
    // é is one UTF-16 unit, 😀 two: BAD starts at column 1 + 1 + 2 + 1.
    assert.deepEqual(lintText('é😀=BAD', 'x.properties', cfg(), { rules: RULES }).findings.map(pos), ['fake-bad@1:5-1:8']);
  });

  it('spans lines for multi-line findings and sorts by position', () => {
    const multi = regexRule('fake-multi', /BEGIN[\s\S]*?END/);
    const text = 'x OTHER\nBEGIN\n  BAD\nEND\nBAD';
    const got = lintText(text, 'x.sql', cfg(), { rules: [badRule, multi, otherRule] }).findings.map(pos);
    assert.deepEqual(got, ['fake-other@1:3-1:8', 'fake-multi@2:1-4:4', 'fake-bad@3:3-3:6', 'fake-bad@5:1-5:4']);
  });

  it('LineIndex agrees with a naive count at every offset', () => {
    const text = 'ab\r\ncd\n\nefg\rh\r\n';
    const index = new LineIndex(text);
    let line = 1;
    let col = 1;
    for (let i = 0; i <= text.length; i++) {
      assert.deepEqual(index.position(i), { line, column: col }, `offset ${i}`);
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
        line++;
        col = 1;
      } else col++;
    }
  });

  it('clamps offsets a rule got wrong instead of failing', () => {
    const sloppy: Rule = { ...regexRule('fake-sloppy', /x^/), check: () => [{ start: -5, end: 1e9, message: 'whole file' }, { start: 3, end: 1, message: 'reversed' }] };
    const got = lintText('ab\ncd', 'x.env', cfg(), { rules: [sloppy] }).findings;
    assert.deepEqual(got.map((f) => [f.start, f.end]), [[0, 5], [3, 3]]);
  });
});

describe('rules, kinds and severities', () => {
  it('runs only rules that read the file kind, and skips unknown kinds', () => {
    const sqlOnly = regexRule('fake-sql', /BAD/, { fileKinds: ['sql'] });
    assert.equal(lintText('BAD', 'a.properties', cfg(), { rules: [sqlOnly] }).findings.length, 0);
    assert.equal(lintText('BAD', 'a.sql', cfg(), { rules: [sqlOnly] }).findings.length, 1);
    assert.equal(lintText('BAD', 'a.txt', cfg(), { rules: [sqlOnly], kind: 'sql' }).findings.length, 1, 'kind given by the caller');
    assert.deepEqual(lintText('BAD', 'notes.txt', cfg(), { rules: RULES }), { findings: [], skipped: 'unknown-kind' });
  });

  it('passes the rule its options and the config', () => {
    let got: unknown;
    const probe: Rule = { ...regexRule('probe', /x^/), check: (ctx) => ((got = [ctx.options, ctx.kind, ctx.config.largeTableRows]), []) };
    lintText('', 'a.yaml', cfg({ ruleOptions: { probe: { minimumMinutes: 9 } }, largeTableRows: 5 }), { rules: [probe] });
    assert.deepEqual(got, [{ minimumMinutes: 9 }, 'yaml', 5]);
    lintText('', 'a.yaml', cfg(), { rules: [probe] });
    assert.deepEqual(got, [{}, 'yaml', 1_000_000]);
  });

  it('applies configured severities: off, replace the default, cap a finding’s own severity', () => {
    const text = 'BAD OTHER';
    const sev = (c: ResolvedLintConfig, rules: readonly Rule[] = RULES): string[] => lintText(text, 'a.env', c, { rules }).findings.map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepEqual(sev(cfg()), ['fake-bad:warning', 'fake-other:error']);
    assert.deepEqual(sev(cfg({ rules: { 'fake-bad': 'error', 'fake-other': 'off' } })), ['fake-bad:error']);
    const quiet = regexRule('fake-quiet', /BAD/, { findingSeverity: 'info' });
    const loud = regexRule('fake-loud', /BAD/, { findingSeverity: 'error' });
    assert.deepEqual(sev(cfg(), [quiet, loud]), ['fake-loud:error', 'fake-quiet:info']);
    assert.deepEqual(sev(cfg({ rules: { 'fake-quiet': 'error', 'fake-loud': 'warning' } }), [quiet, loud]), ['fake-loud:warning', 'fake-quiet:info']);
  });

  it('isolates a rule that throws: one internal-error finding, the other rules still report', () => {
    const got = lintText('BAD', 'a.env', cfg(), { rules: [crashingRule, badRule] }).findings;
    assert.deepEqual(got.map((f) => `${f.ruleId}:${f.severity}`), ['internal-error:error', 'fake-bad:warning']);
    assert.match(got[0].message, /Rule fake-crash failed on this file \(boom\)/);
    const notArray = { ...badRule, id: 'fake-undefined', check: () => undefined as unknown as [] };
    assert.match(lintText('x', 'a.env', cfg(), { rules: [notArray] }).findings[0].message, /returned undefined, not an array/);
    assert.deepEqual(lintText('BAD', 'a.env', cfg({ rules: { 'internal-error': 'off' } }), { rules: [crashingRule] }).findings, []);
  });

  it('caps findings per file, saying how many more there are', () => {
    const text = 'BAD\n'.repeat(600);
    const capped = lintText(text, 'a.env', cfg(), { rules: [badRule] }).findings;
    assert.equal(capped.length, 500);
    assert.equal(capped[499].ruleId, 'too-many-findings');
    assert.match(capped[499].message, /^101 more findings/);
    assert.equal(capped[498].line, 499);
    assert.equal(lintText(text, 'a.env', cfg(), { rules: [badRule], maxFindings: Infinity }).findings.length, 600);
  });

  it('skips files over the size cap with one info finding', () => {
    const big = `key=BAD\n${'x'.repeat(3 * 1024 * 1024)}`;
    const r = lintText(big, 'a.properties', cfg(), { rules: [crashingRule, badRule] });
    assert.equal(r.skipped, 'too-large');
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity, f.message, pos(f)]), [
      ['file-too-large', 'info', 'File is 3 MB; runbook-lint skips files over 2 MB', 'file-too-large@1:1-1:8'],
    ]);
    // The cap counts UTF-8 bytes: 1.1 million "é" are 2.2 MB.
    assert.equal(lintText('é'.repeat(1_100_000), 'a.env', cfg(), { rules: [] }).skipped, 'too-large');
    assert.equal(lintText('e'.repeat(1_100_000), 'a.env', cfg(), { rules: [] }).skipped, undefined);
    assert.equal(lintText('BAD', 'a.env', cfg(), { rules: [badRule], maxBytes: 2 }).skipped, 'too-large');
  });

  it('keeps the rule’s runbook link, fix and suggestions on the finding', () => {
    const [f] = lintText('BAD', 'a.env', cfg(), { rules: [badRule] }).findings;
    assert.deepEqual(f.runbook, { runbookId: 'session-logout-30s', stepId: 'fix-timeout' });
    assert.deepEqual(f.fix, { title: 'Change to GOOD', edits: [{ start: 0, end: 3, newText: 'GOOD' }] });
    assert.equal(f.file, 'a.env');
  });
});

describe('applyFixes and fixAll', () => {
  const fix = (start: number, end: number, newText: string) => ({ title: 't', edits: [{ start, end, newText }] });

  it('applies non-overlapping edits back to front', () => {
    assert.deepEqual(applyFixes('a BAD b BAD', [fix(8, 11, 'GOOD'), fix(2, 5, 'GOOD')]), { text: 'a GOOD b GOOD', applied: 2, skipped: 0 });
    assert.deepEqual(applyFixes('abc', [fix(0, 0, '>'), fix(3, 3, '<')]), { text: '>abc<', applied: 2, skipped: 0 });
  });

  it('skips overlapping fixes, same-point insertions and out-of-range edits, keeping the first', () => {
    assert.deepEqual(applyFixes('abcdef', [fix(1, 4, 'X'), fix(3, 5, 'Y')]), { text: 'aXef', applied: 1, skipped: 1 });
    assert.deepEqual(applyFixes('abc', [fix(1, 1, 'X'), fix(1, 1, 'Y')]), { text: 'aXbc', applied: 1, skipped: 1 });
    assert.deepEqual(applyFixes('abc', [fix(2, 9, 'X'), fix(-1, 0, 'Y'), fix(2, 1, 'Z')]), { text: 'abc', applied: 0, skipped: 3 });
  });

  it('applies a multi-edit fix whole or not at all', () => {
    const wrap = { title: 'quote', edits: [{ start: 0, end: 0, newText: '"' }, { start: 3, end: 3, newText: '"' }] };
    assert.deepEqual(applyFixes('abc', [wrap]), { text: '"abc"', applied: 1, skipped: 0 });
    assert.deepEqual(applyFixes('abc', [fix(0, 1, 'Z'), wrap]), { text: 'Zbc', applied: 1, skipped: 1 });
    // Touching is not overlapping: replacing the last character and inserting after it is well defined.
    assert.deepEqual(applyFixes('abc', [fix(2, 3, 'Z'), wrap]), { text: '"abZ"', applied: 2, skipped: 0 });
  });

  it('fixAll re-lints until stable, and stops after 10 passes for a fix that never settles', () => {
    const r = fixAll('BAD BAD\nBAD', 'a.env', cfg(), { rules: [badRule] });
    assert.deepEqual(r, { text: 'GOOD GOOD\nGOOD', applied: 3, passes: 1 });
    // Each pass fixes one overlapping pair member; the second pass gets the rest.
    const pairs = regexRule('fake-pair', /AA/, { fixTo: 'B' });
    assert.equal(fixAll('AAA', 'a.env', cfg(), { rules: [pairs] }).text, 'BA');
    const grows: Rule = {
      ...regexRule('fake-grows', /x^/),
      check: (ctx) => [{ start: ctx.text.length, end: ctx.text.length, message: 'always more', fix: fix(ctx.text.length, ctx.text.length, 'X') }],
    };
    const g = fixAll('X', 'a.env', cfg(), { rules: [grows] });
    assert.equal(g.passes, 10);
    assert.equal(g.text, 'X'.repeat(11));
  });

  it('never throws on odd text for any kind', () => {
    for (const kind of ALL_KINDS) {
      for (const text of ['', '\uFEFF', "'unterminated", '/* open', '<!-- open', '$$ open', '\r\r\n\n', '\u0000\uD800']) {
        assert.doesNotThrow(() => lintText(`${text}\n# runbook-lint-disable-next-line fake-bad\n${text}`, 'x', cfg(), { rules: RULES, kind }));
      }
    }
  });
});
