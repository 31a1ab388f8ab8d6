// Which dialect a SQL file is read as, and why: overrides, the config, the path, the text, the
// sibling migrations, the live database; and `overrides:` in .runbooklint.yaml.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintCommand } from '../../src/cli/lint';
import type { JsonReport } from '../../src/cli/lintReport';
import { LintConfigCache } from '../../src/core/lint/configDiscovery';
import { lintText } from '../../src/core/lint/engine';
import { defaultLintConfig, parseLintConfig } from '../../src/core/lint/lintConfig';
import { configForFile, globMatches, globProblem } from '../../src/core/lint/lintConfigOverrides';
import { mergeLiveSizes, type LiveSnapshot } from '../../src/core/lint/liveSizes';
import { allRules } from '../../src/core/lint/rules';
import { SiblingDialects } from '../../src/core/lint/siblingDialects';
import { dialectFromPath, dialectFromText, resolveSqlDialect } from '../../src/core/lint/sqlDialect';
import type { ResolvedLintConfig } from '../../src/core/lint/types';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'dialect');
const KNOWN = allRules.map((r) => r.id);

describe('dialect from the path', () => {
  const cases: [string, string | undefined][] = [
    // Temporal's schema folders.
    ['schema/mysql/v8/visibility/versioned/v1.9/add_root_workflow_index.sql', 'mysql'],
    ['schema/postgresql/v12/temporal/versioned/v1.10/manifest.sql', 'postgresql'],
    ['db/mariadb/001_init.sql', 'mysql'],
    ['migrations/postgres/20240101_init.up.sql', 'postgresql'],
    ['deploy/pg/V3__orders.sql', 'postgresql'],
    ['db/mysql8/V1__init.sql', 'mysql'],
    ['db/postgres-14/V1__init.sql', 'postgresql'],
    ['db/mariadb10.6/V1__init.sql', 'mysql'],
    ['db/migrate/001_init.mysql.sql', 'mysql'],
    ['db/migrate/schema_pg.sql', 'postgresql'],
    ['C:\\work\\app\\db\\MySQL\\V1__init.sql', 'mysql'],
    // A word inside another does not count; a name that says both is skipped, and the next decides.
    ['pgbouncer/upgrade/V1__init.sql', undefined],
    // A folder counts only when its whole name is a dialect's (a scratch folder such as refused-mysql/ says nothing).
    ['/tmp/refused-mysql/V1.sql', undefined],
    ['db/v12_postgres/V1.sql', undefined],
    ['db/init-postgres.sql', 'postgresql'],
    ['db/mysql_to_postgres.sql', undefined],
    ['db/migrations/V1__init.sql', undefined],
    ['mysql/mysql-to-postgres/V1__copy.sql', 'mysql'],
    // The innermost name wins.
    ['mysql/exports/postgres/V1__init.sql', 'postgresql'],
    ['', undefined],
  ];
  for (const [p, d] of cases) it(`${p || '(empty)'} → ${d}`, () => assert.equal(dialectFromPath(p), d));

  it('reads only the last 8 names of a path, in linear time however long it is', () => {
    assert.equal(dialectFromPath(`/home/mysql/src/${'a/'.repeat(8)}V1.sql`), undefined);
    const long = `${'x/'.repeat(200_000)}${'y'.repeat(500_000)}/V1.sql`;
    const t0 = performance.now();
    assert.equal(dialectFromPath(long), undefined);
    assert.ok(performance.now() - t0 < 500);
  });
});

describe('dialect from the text', () => {
  it('says nothing for plain SQL, so the siblings or the default decide', () => {
    assert.equal(dialectFromText('DROP INDEX by_root_workflow_id ON executions_visibility;'), undefined);
    assert.equal(dialectFromText('CREATE TABLE `a` (x int);'), 'mysql');
    assert.equal(dialectFromText('SELECT 1::int;'), 'postgresql');
    assert.equal(dialectFromText('SELECT 1::int; CREATE TABLE `a` (x int);'), undefined); // a tie
  });
});

describe('resolveSqlDialect: the order', () => {
  const cfg = (over: Partial<ResolvedLintConfig> = {}): ResolvedLintConfig => ({ ...defaultLintConfig(), ...over });
  const plain = 'DROP INDEX i ON t;';
  const mysqlText = 'ALTER TABLE `t` ADD COLUMN x INT;';
  const never = (): never => assert.fail('siblings asked although something else decided');
  it('override, then the config, then the path, the text, the database, the siblings, the default', () => {
    assert.deepEqual(resolveSqlDialect(mysqlText, 'db/mysql/V1.sql', cfg({ sqlDialect: 'postgresql', sqlDialectFrom: 'override' }), never), { name: 'postgresql', from: 'override' });
    assert.deepEqual(resolveSqlDialect(mysqlText, 'db/mysql/V1.sql', cfg({ sqlDialect: 'postgresql' }), never), { name: 'postgresql', from: 'config' });
    assert.deepEqual(resolveSqlDialect('SELECT 1::int;', 'db/mysql/V1.sql', cfg(), never), { name: 'mysql', from: 'path' });
    assert.deepEqual(resolveSqlDialect(mysqlText, 'db/V1.sql', cfg(), never), { name: 'mysql', from: 'text' });
    assert.deepEqual(resolveSqlDialect(plain, 'db/V1.sql', cfg(), () => 'mysql'), { name: 'mysql', from: 'siblings' });
    const db = cfg({ sqlDialect: 'mysql', sqlDialectFrom: 'database' });
    assert.deepEqual(resolveSqlDialect(plain, 'db/V1.sql', db, never), { name: 'mysql', from: 'database' });
    // A folder of MySQL migrations beside a file that does not say, with PostgreSQL connected: the
    // connection is a setting, the siblings a guess.
    const pg = cfg({ sqlDialect: 'postgresql', sqlDialectFrom: 'database' });
    assert.deepEqual(resolveSqlDialect(plain, 'db/V12.sql', pg, never), { name: 'postgresql', from: 'database' });
    assert.deepEqual(resolveSqlDialect('SELECT 1::int;', 'db/V1.sql', db), { name: 'postgresql', from: 'text' });
    assert.deepEqual(resolveSqlDialect(plain, 'db/V1.sql', cfg()), { name: 'postgresql', from: 'default' });
  });

  it('a live database is only a fallback: its product no longer beats the path', () => {
    const snapshot = { product: 'postgresql', serverVersion: '16.2', database: 'app', tables: [] } as unknown as LiveSnapshot;
    const merged = mergeLiveSizes(defaultLintConfig(), snapshot).config;
    assert.equal(merged.sqlDialectFrom, 'database');
    assert.deepEqual(lintText('DROP INDEX i ON t;', 'schema/mysql/V1.sql', merged).dialect, { name: 'mysql', from: 'path' });
    assert.deepEqual(lintText('DROP INDEX i ON t;', 'schema/V1.sql', merged).dialect, { name: 'postgresql', from: 'database' });
  });

  it('the engine reports the dialect for SQL files only', () => {
    assert.deepEqual(lintText('SELECT 1;', 'V1.sql', cfg()).dialect, { name: 'postgresql', from: 'default' });
    assert.equal(lintText('a=1\n', 'application.properties', cfg()).dialect, undefined);
  });
});

describe('a MySQL migration under mysql/ is linted as MySQL (Temporal layout)', () => {
  const lintFixture = (rel: string): { rules: string[]; from: string | undefined } => {
    const file = path.join(FIXTURES, 'temporal', rel);
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const r = lintText(readFileSync(file, 'utf8'), file, defaultLintConfig());
    return { rules: r.findings.map((f) => f.ruleId), from: r.dialect?.from };
  };
  it('no index-without-concurrently or missing-lock-timeout for DROP INDEX ... ON under mysql/', () => {
    const mysql = lintFixture('schema/mysql/v8/visibility/versioned/v1.9/add_root_workflow_index.sql');
    assert.equal(mysql.from, 'path');
    assert.ok(!mysql.rules.includes('index-without-concurrently'), mysql.rules.join());
    assert.ok(!mysql.rules.includes('missing-lock-timeout'), mysql.rules.join());
  });
  it('the same change under postgresql/ is still flagged', () => {
    const pg = lintFixture('schema/postgresql/v12/visibility/versioned/v1.9/add_root_workflow_index.sql');
    assert.equal(pg.from, 'path');
    assert.ok(pg.rules.includes('index-without-concurrently'), pg.rules.join());
  });
});

describe('dialect from the sibling migrations (golang-migrate folder)', () => {
  const folder = path.join(FIXTURES, 'golang-migrate', 'migrations');
  it('a migration that says nothing is read as its folder says', () => {
    const siblings = new SiblingDialects();
    assert.equal(siblings.dialectFor(path.join(folder, '000002_add_users_name_index.up.sql')), 'mysql');
    // A file does not vote for itself: the only other files say nothing here.
    const lonely = mkdtempSync(path.join(tmpdir(), 'dialect-'));
    try {
      writeFileSync(path.join(lonely, 'V1.sql'), 'CREATE TABLE `a` (x int);');
      writeFileSync(path.join(lonely, 'V2.sql'), 'DROP INDEX i ON a;');
      assert.equal(siblings.dialectFor(path.join(lonely, 'V1.sql')), undefined);
      assert.equal(siblings.dialectFor(path.join(lonely, 'V2.sql')), 'mysql');
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });

  it('reads regular files only: a FIFO or a link among the siblings is not opened (it would block)', { skip: process.platform === 'win32' && 'POSIX FIFOs and links' }, async () => {
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const { symlinkSync } = require('node:fs') as typeof import('node:fs');
    const dir = mkdtempSync(path.join(tmpdir(), 'dialect-'));
    try {
      writeFileSync(path.join(dir, 'V1.sql'), 'CREATE TABLE `a` (x int);');
      writeFileSync(path.join(dir, 'V3.sql'), 'DROP INDEX i ON a;');
      execFileSync('mkfifo', [path.join(dir, 'V2.sql')]);
      symlinkSync('/dev/zero', path.join(dir, 'V0.sql'));
      assert.equal(new SiblingDialects().dialectFor(path.join(dir, 'V3.sql')), 'mysql');
      const editor = new SiblingDialects();
      await editor.load(path.join(dir, 'V3.sql'));
      assert.equal(editor.cached(path.join(dir, 'V3.sql')), 'mysql');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the editor loads a folder first, then asks without reading', async () => {
    const siblings = new SiblingDialects();
    const file = path.join(folder, '000002_add_users_name_index.down.sql');
    assert.equal(siblings.cached(file), undefined);
    await siblings.load(file);
    assert.equal(siblings.cached(file), 'mysql');
  });

  it('reads a folder once per run, and at most 41 of its files', () => {
    const big = mkdtempSync(path.join(tmpdir(), 'dialect-'));
    try {
      for (let i = 0; i < 300; i++) writeFileSync(path.join(big, `${String(i).padStart(4, '0')}_m.up.sql`), i % 3 ? 'SELECT 1;' : 'SELECT 1::int;');
      const siblings = new SiblingDialects();
      const t0 = performance.now();
      for (let i = 0; i < 300; i++) assert.equal(siblings.dialectFor(path.join(big, `${String(i).padStart(4, '0')}_m.up.sql`)), 'postgresql');
      assert.ok(performance.now() - t0 < 1000, `${performance.now() - t0} ms`);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});

describe('overrides: in .runbooklint.yaml', () => {
  it('globs: **, *, ?, {a,b}, [abc]; a glob without / matches the file name anywhere', () => {
    const yes: [string, string][] = [
      ['db/mysql/**', 'db/mysql/v1/V1.sql'],
      ['db/mysql/**', 'db/mysql/V1.sql'],
      ['**/mysql/**/*.sql', 'schema/mysql/v8/V1.sql'],
      ['**/*.sql', 'V1.sql'],
      ['db/V?__*.sql', 'db/V1__init.sql'],
      ['db/{legacy,old}/*.sql', 'db/old/V1.sql'],
      ['db/[ab]*/x.sql', 'db/beta/x.sql'],
      ['db/[!ab]*/x.sql', 'db/gamma/x.sql'],
      ['./db/*.sql', 'db/V1.sql'],
    ];
    for (const [g, p] of yes) assert.ok(globMatches(g, p, p.slice(p.lastIndexOf('/') + 1)), `${g} ~ ${p}`);
    const no: [string, string][] = [
      ['db/mysql/**', 'db/mysqlx/V1.sql'],
      ['db/*.sql', 'db/sub/V1.sql'],
      ['db/{legacy,old}/*.sql', 'db/new/V1.sql'],
      ['db/[ab]*/x.sql', 'db/gamma/x.sql'],
      ['db.sql', 'dbxsql'],
    ];
    for (const [g, p] of no) assert.ok(!globMatches(g, p, p.slice(p.lastIndexOf('/') + 1)), `${g} !~ ${p}`);
    assert.ok(globMatches('*.mysql.sql', 'deep/in/x.mysql.sql', 'x.mysql.sql'));
    assert.equal(globProblem('db/{a,b}/*.sql'), undefined);
    assert.equal(globProblem('db/{a,b/*.sql'), 'an unclosed {');
    assert.equal(globProblem('db/[ab/*.sql'), 'an unclosed [');
    assert.match(globProblem('{a,b}'.repeat(9)) ?? '', /at most 256 alternatives/);
    // Stars that a regular expression would backtrack over for a minute: matched in O(name × glob).
    const t0 = performance.now();
    assert.equal(globMatches(`${'*a'.repeat(20)}b`, 'a'.repeat(5000), 'a'.repeat(5000)), false);
    assert.equal(globMatches(`${'**/'.repeat(50)}x`, `${'d/'.repeat(2000)}y`, 'y'), false);
    assert.ok(performance.now() - t0 < 200, `${performance.now() - t0} ms`);
  });

  it('applies the matching entries in order over the rest, per file, and shares the result between files', () => {
    const text = [
      'sql: { dialect: postgresql }',
      'tables: { orders: 80M, users: 10 }',
      'rules: { missing-lock-timeout: warning }',
      'overrides:',
      '  - files: "db/legacy/**"',
      '    excludedFiles: "db/legacy/keep/**"',
      '    sql: { dialect: MySQL }',
      '    tables: { orders: 2k }',
      '    largeTableRows: 500',
      '    rules:',
      '      missing-lock-timeout: off',
      '      unbatched-backfill: { severity: info }',
      '  - files: ["*.down.sql", "db/legacy/V9*"]',
      '    rules: { missing-lock-timeout: error }',
      '',
    ].join('\n');
    const { config, problems } = parseLintConfig(text, '/repo/.runbooklint.yaml', KNOWN);
    assert.deepEqual(problems, []);
    const legacy = configForFile(config, '/repo/db/legacy/V1.sql');
    assert.equal(legacy.sqlDialect, 'mysql');
    assert.equal(legacy.sqlDialectFrom, 'override');
    assert.deepEqual(legacy.tables, { orders: 2000, users: 10 });
    assert.equal(legacy.largeTableRows, 500);
    assert.equal(legacy.rules['missing-lock-timeout'], 'off');
    assert.equal(legacy.rules['unbatched-backfill'], 'info');
    assert.equal(configForFile(config, '/repo/db/legacy/V2.sql'), legacy, 'files matching the same entries share one config');
    assert.equal(configForFile(config, '/repo/db/legacy/V9__x.sql').rules['missing-lock-timeout'], 'error', 'the later entry wins');
    assert.equal(configForFile(config, '/repo/db/main/V1.down.sql').rules['missing-lock-timeout'], 'error');
    assert.equal(configForFile(config, '/repo/db/main/V1.sql'), config);
    assert.equal(configForFile(config, '/repo/db/legacy/keep/V1.sql'), config, 'excludedFiles');
    // Outside the config's folder only name globs can match.
    assert.equal(configForFile(config, '/elsewhere/db/legacy/V1.down.sql').rules['missing-lock-timeout'], 'error');
    assert.equal(configForFile(config, '/elsewhere/db/legacy/V1.sql'), config);
    assert.equal(configForFile(config, 'C:\\repo\\db\\legacy\\V1.sql'), config);
    const win = parseLintConfig(text, 'C:\\repo\\.runbooklint.yaml', KNOWN).config;
    assert.equal(configForFile(win, 'C:\\repo\\db\\legacy\\V1.sql').sqlDialect, 'mysql');
  });

  it('is checked by the schema, with each problem at its line and column', () => {
    const text = [
      'overrides:',
      '  - files: "db/**"', //                         2
      '    sql: { dialect: oracle }', //             3
      '    colour: blue', //                         4
      '    rules: { no-such-rule: off, missing-lock-timeout: sometimes }', // 5
      '  - sql: { dialect: mysql }', //              6: no files
      '  - files: []', //                            7
      '  - files: ["db/[x", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"]', // 8
      '  - 42', //                                   9
      '',
    ].join('\n');
    const { config, problems } = parseLintConfig(text, '/repo/.runbooklint.yaml', KNOWN);
    const shown = problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    assert.deepEqual(shown, [
      '3:21 overrides[0].sql.dialect must be one of postgresql, mysql (got "oracle")',
      '4:5 Unknown field "colour" in overrides[0] (allowed: files, excludedFiles, rules, sql, largeTableRows, tables)',
      '5:14 unknown rule "no-such-rule"',
      '5:55 overrides[0].rules.missing-lock-timeout must be one of off, error, warning, info (got "sometimes")',
      '6:5 overrides[1] is missing the required field "files"',
      '7:12 overrides[2].files must have at least 1 item (got 0)',
      '8:13 glob "db/[x" cannot be used: an unclosed [',
      '8:22 glob "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}" cannot be used: at most 256 alternatives from {a,b} groups',
      '9:5 overrides[4] must be an object (a map of fields) (got 42)',
    ], shown.join('\n'));
    // What is valid still applies.
    assert.equal(config.overrides?.length, 5);
    // An option the schema refuses is left out of the override, as at the top level; the rest of the entry applies.
    const opts = parseLintConfig('overrides:\n  - files: "a"\n    rules: { missing-lock-timeout: { severity: info, options: { value: nope } } }\n', '/r/.runbooklint.yaml', KNOWN);
    assert.match(opts.problems[0].message, /^overrides\[0\]\.rules\.missing-lock-timeout\.options\.value must be a PostgreSQL duration/);
    assert.deepEqual(opts.config.overrides?.[0].ruleOptions, { 'missing-lock-timeout': {} });
    assert.equal(opts.config.overrides?.[0].rules['missing-lock-timeout'], 'info');
    assert.deepEqual(parseLintConfig('overrides:\n  files: "a/**"\n', 'f').problems.map((p) => p.message), ['overrides must be a list (got a map)']);
    assert.equal(configForFile(config, '/repo/db/x.sql').sqlDialect, undefined);
  });
});

describe('runbook lint --format json: the dialect of each SQL file', () => {
  it('says what each file was read as and why', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const cwd = process.cwd();
    process.chdir(FIXTURES);
    try {
      await lintCommand(['--format', 'json', '.'], { out: (s) => out.push(s), err: (s) => err.push(s) });
    } finally {
      process.chdir(cwd);
    }
    const report = JSON.parse(out.join('\n')) as JsonReport;
    const from = Object.fromEntries(report.sqlFiles.map((f) => [f.file, `${f.dialect.name} (${f.dialect.from})`]));
    assert.deepEqual(from, {
      'golang-migrate/migrations/000001_create_users.down.sql': 'mysql (text)',
      'golang-migrate/migrations/000001_create_users.up.sql': 'mysql (text)',
      'golang-migrate/migrations/000002_add_users_name_index.down.sql': 'mysql (siblings)',
      'golang-migrate/migrations/000002_add_users_name_index.up.sql': 'mysql (siblings)',
      'overrides/db/legacy/V7__orders_index.sql': 'mysql (override)',
      'overrides/db/main/V8__orders_index.down.sql': 'postgresql (config)',
      'overrides/db/main/V8__orders_index.sql': 'postgresql (config)',
      'temporal/schema/mysql/v8/visibility/versioned/v1.9/add_root_workflow_index.sql': 'mysql (path)',
      'temporal/schema/postgresql/v12/visibility/versioned/v1.9/add_root_workflow_index.sql': 'postgresql (path)',
    });
    const rulesAt = (file: string): string[] => report.findings.filter((f) => f.file === file).map((f) => f.rule);
    // The override's small table and MySQL: nothing to say; the .down.sql entry turns the index rule off.
    assert.deepEqual(rulesAt('overrides/db/legacy/V7__orders_index.sql'), []);
    assert.ok(rulesAt('overrides/db/main/V8__orders_index.sql').includes('index-without-concurrently'));
    assert.ok(!rulesAt('overrides/db/main/V8__orders_index.down.sql').includes('index-without-concurrently'));
    assert.deepEqual(err.filter((e) => e.includes('[config]')), []);
  });

  it('uses the overrides of --config too, relative to that file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dialect-'));
    try {
      mkdirSync(path.join(dir, 'conf'));
      mkdirSync(path.join(dir, 'old'));
      writeFileSync(path.join(dir, 'conf', 'lint.yaml'), 'overrides:\n  - files: "*.sql"\n    sql: { dialect: mysql }\n');
      writeFileSync(path.join(dir, 'old', 'V1.sql'), 'DROP INDEX i ON t;\n');
      const out: string[] = [];
      await lintCommand(['--format', 'json', '--config', path.join(dir, 'conf', 'lint.yaml'), path.join(dir, 'old')], { out: (s) => out.push(s), err: () => undefined });
      assert.deepEqual((JSON.parse(out.join('\n')) as JsonReport).sqlFiles.map((f) => f.dialect), [{ name: 'mysql', from: 'override' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the config cache gives each file its own overrides', async () => {
    const cache = new LintConfigCache(KNOWN);
    const legacy = await cache.configFor(path.join(FIXTURES, 'overrides', 'db', 'legacy', 'V7__orders_index.sql'));
    const main = await cache.configFor(path.join(FIXTURES, 'overrides', 'db', 'main', 'V8__orders_index.sql'));
    assert.equal(legacy.config.sqlDialect, 'mysql');
    assert.equal(main.config.sqlDialect, 'postgresql');
    assert.deepEqual(legacy.problems, []);
  });
});
