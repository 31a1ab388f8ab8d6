import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultLintConfig, parseLintConfig } from '../../src/core/lint/lintConfig';
import { findLintConfig, LintConfigCache, loadLintConfigFor } from '../../src/core/lint/configDiscovery';

const KNOWN = ['duration-without-unit', 'session-timeout-too-short', 'blocking-ddl-large-table'];

describe('parseLintConfig', () => {
  it('reads every key', () => {
    const text = [
      'rules:',
      '  duration-without-unit: off',
      '  blocking-ddl-large-table: error',
      '  session-timeout-too-short:',
      '    severity: info',
      '    options: { minimumMinutes: 10 }',
      'sql:',
      '  dialect: MySQL',
      'largeTableRows: 2000000',
      'tables:',
      '  Orders: 500000000',
      '  public.events: 2.5B',
      '  small_lookup: 120',
      '',
    ].join('\n');
    const { config, problems } = parseLintConfig(text, '/repo/.runbooklint.yaml', KNOWN);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: { 'duration-without-unit': 'off', 'blocking-ddl-large-table': 'error', 'session-timeout-too-short': 'info' },
      ruleOptions: { 'session-timeout-too-short': { minimumMinutes: 10 } },
      sqlDialect: 'mysql',
      largeTableRows: 2_000_000,
      tables: { orders: 500_000_000, 'public.events': 2_500_000_000, small_lookup: 120 },
      configFile: '/repo/.runbooklint.yaml',
    });
  });

  it('maps session.minimumMinutes to the session rule option; an explicit option wins', () => {
    assert.deepEqual(parseLintConfig('session:\n  minimumMinutes: 15\n', 'f').config.ruleOptions, { 'session-timeout-too-short': { minimumMinutes: 15 } });
    const both = 'session:\n  minimumMinutes: 15\nrules:\n  session-timeout-too-short:\n    options:\n      minimumMinutes: 3\n';
    assert.deepEqual(parseLintConfig(both, 'f').config.ruleOptions, { 'session-timeout-too-short': { minimumMinutes: 3 } });
  });

  it('gives defaults for an empty file', () => {
    for (const text of ['', '# nothing yet\n', '---\n']) {
      const { config, problems } = parseLintConfig(text, 'f');
      assert.deepEqual(problems, []);
      assert.deepEqual(config, { ...defaultLintConfig(), configFile: 'f' });
    }
    assert.equal(defaultLintConfig().largeTableRows, 1_000_000);
  });

  it('reports unknown keys and bad values at their line and column, and keeps the rest', () => {
    const text = [
      'rulez:', //                                   1
      '  x: 1',
      'rules:',
      '  duration-without-unit: loud', //            4
      '  session-timeout-too-short: { severity: warning, when: always }', // 5
      '  no-such-rule: error', //                    6
      'sql:',
      '  dialect: oracle', //                        8
      'largeTableRows: -5', //                       9
      'tables:',
      '  orders: many', //                           11
      '  ok_table: 10',
      'session:',
      '  minimumMinutes: zero', //                   14
    ].join('\n');
    const { config, problems } = parseLintConfig(text, 'f', KNOWN);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column}`),
      ['1:1', '4:26', '5:51', '6:3', '8:12', '9:17', '11:11', '14:19'],
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        // "rules" is not suggested: it is already there.
        'Unknown field "rulez" in the configuration (allowed: rules, sql, largeTableRows, tables, session, overrides)',
        'rules.duration-without-unit must be one of off, error, warning, info (got "loud")',
        'Unknown field "when" in rules.session-timeout-too-short (allowed: severity, options)',
        'unknown rule "no-such-rule"',
        'sql.dialect must be one of postgresql, mysql (got "oracle")',
        'largeTableRows must be at least 1 (got -5)',
        'tables.orders must be a number of rows, such as 500000000 or "500M" (got "many")',
        'session.minimumMinutes must be a number (got "zero")',
      ],
    );
    // What parsed still applies; unknown rule ids are kept for newer rule sets.
    assert.deepEqual(config.tables, { ok_table: 10 });
    assert.deepEqual(config.rules, { 'session-timeout-too-short': 'warning', 'no-such-rule': 'error' });
    assert.equal(config.largeTableRows, 1_000_000);
    assert.equal(config.sqlDialect, undefined);
  });

  it('reports YAML syntax errors and duplicate keys instead of throwing', () => {
    const broken = parseLintConfig('rules:\n  a: [off\n', 'f');
    assert.ok(broken.problems.length > 0);
    assert.equal(broken.problems[0].line >= 2, true);
    const dup = parseLintConfig('tables:\n  orders: 1\n  orders: 2\n', 'f');
    assert.equal(dup.problems.length, 1);
    assert.equal(dup.problems[0].line, 3);
    assert.match(dup.problems[0].message, /unique/i);
    const many = `tables:\n${Array.from({ length: 20_000 }, (_, i) => `  t${i}: 1`).join('\n')}\n  t5: 2\n`;
    const t0 = Date.now();
    assert.deepEqual(parseLintConfig(many, 'f').problems, [{ line: 20_002, column: 3, message: 'Map keys must be unique' }]);
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms for 20,000 keys`);
    const list = parseLintConfig('- rules\n', 'f');
    assert.deepEqual(list.problems.map((p) => p.message), ['the configuration must be an object (a map of fields) (got a list)']);
  });

  it('caps alias expansion in options (a "billion laughs" config is a problem, not a hang)', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const text = `rules:\n  duration-without-unit:\n    options:\n${lines.map((l) => `      ${l}`).join('\n')}\n`;
    const t0 = Date.now();
    const { problems } = parseLintConfig(text, 'f');
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /alias/i);
  });

  it('checks each rule\'s options: an unknown one is a problem at its key, with a suggestion, and is left out', () => {
    const text = [
      'rules:',
      '  session-timeout-too-short:',
      '    options:',
      '      minimumMinute: 10', //                  4
      '  cron-overlap: { options: { maxIntervalMinutes: 10 } }',
      '  duration-without-unit: { options: { minimumMinutes: 10 } }', // 6: this rule has no options
      '',
    ].join('\n');
    const { config, problems } = parseLintConfig(text, 'f');
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '4:7 Unknown field "minimumMinute" in rules.session-timeout-too-short.options (did you mean "minimumMinutes"?)',
        '6:39 Unknown field "minimumMinutes" in rules.duration-without-unit.options (nothing is allowed here)',
      ],
    );
    assert.deepEqual(config.ruleOptions, { 'session-timeout-too-short': {}, 'cron-overlap': { maxIntervalMinutes: 10 }, 'duration-without-unit': {} });
  });

  it('checks option values: a wrong type or format is a problem at the value, and the rule keeps its default', () => {
    const text = [
      'rules:',
      '  cron-overlap: { options: { maxIntervalMinutes: "5" } }', //           2
      '  missing-lock-timeout: { options: { value: "3s; DROP TABLE x" } }', // 3
      '  mysql-online-ddl: { options: { mysqlVersion: 8.0.28 } }',
      '  session-timeout-too-short: { options: { minimumMinutes: 0 } }', //  5
      '',
    ].join('\n');
    const { config, problems } = parseLintConfig(text, 'f');
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '2:50 rules.cron-overlap.options.maxIntervalMinutes must be a number (got "5")',
        '3:45 rules.missing-lock-timeout.options.value must be a PostgreSQL duration such as 5s, 500ms or 1min (got "3s; DROP TABLE x")',
        '5:59 rules.session-timeout-too-short.options.minimumMinutes must be greater than 0 (got 0)',
      ],
    );
    assert.deepEqual(config.ruleOptions, {
      'cron-overlap': {},
      'missing-lock-timeout': {},
      'mysql-online-ddl': { mysqlVersion: '8.0.28' },
      'session-timeout-too-short': {},
    });
  });

  it('suggests the nearest known rule and enum value; severities and dialects ignore case', () => {
    const text = 'rules:\n  cron-overlab: warnin\n  duration-without-unit: ERROR\nsql: { dialect: MySQL }\n';
    const { config, problems } = parseLintConfig(text, 'f', ['cron-overlap', 'duration-without-unit']);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '2:3 unknown rule "cron-overlab" (did you mean "cron-overlap"?)',
        '2:17 rules.cron-overlab must be one of off, error, warning, info (got "warnin"; did you mean "warning"?)',
      ],
    );
    assert.deepEqual(config.rules, { 'duration-without-unit': 'error' });
    assert.equal(config.sqlDialect, 'mysql');
  });

  it('rejects a row count or option padded with 100,000 spaces quickly (no regular-expression backtracking)', () => {
    const pad = ' '.repeat(100_000);
    const t0 = Date.now();
    const { config, problems } = parseLintConfig(`tables:\n  orders: "1${pad}x"\nlargeTableRows: "2${pad}"\nrules:\n  missing-lock-timeout: { options: { value: "1${pad}x" } }\n`, 'f');
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.deepEqual(problems.map((p) => p.line), [2, 5]);
    assert.equal(config.largeTableRows, 2);
  });

  it('words at most 100 problems, and quickly, however many there are', () => {
    // 20,000 rule entries of the wrong type: each is an anyOf with three failed branches.
    const text = `rules:\n${Array.from({ length: 20_000 }, (_, i) => `  r${i}: 42`).join('\n')}\n`;
    const t0 = Date.now();
    const { problems } = parseLintConfig(text, 'f');
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
    assert.equal(problems.length, 101);
    assert.equal(problems[0].message, '19900 more problems in this file not shown');
    assert.equal(problems[1].message, 'rules.r0 must be one of off, error, warning, info, or true or false, or an object (a map of fields) (got 42)');
  });

  it('never throws on arbitrary input', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'rules:tables sql dialect-{}[]&*!|>\'"#\n  \t0123456789off';
    for (let n = 0; n < 300; n++) {
      let s = '';
      const len = Math.floor(rnd() * 80);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const r = parseLintConfig(s, 'f', KNOWN);
      for (const p of r.problems) assert.ok(p.line >= 1 && p.column >= 1, JSON.stringify(s));
    }
  });
});

describe('config discovery', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'runbooklint-'));
    mkdirSync(path.join(root, 'a', 'b', 'c'), { recursive: true });
    mkdirSync(path.join(root, 'a', 'other'), { recursive: true });
    writeFileSync(path.join(root, 'a', '.runbooklint.yaml'), 'largeTableRows: 10\n');
    writeFileSync(path.join(root, 'a', 'b', '.runbooklint.yml'), 'largeTableRows: 20\nbogus: 1\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds the nearest config walking up from the file (nearest wins)', async () => {
    assert.equal(await findLintConfig(path.join(root, 'a', 'b', 'c', 'x.sql')), path.join(root, 'a', 'b', '.runbooklint.yml'));
    assert.equal(await findLintConfig(path.join(root, 'a', 'b', 'x.sql')), path.join(root, 'a', 'b', '.runbooklint.yml'));
    assert.equal(await findLintConfig(path.join(root, 'a', 'other', 'x.sql')), path.join(root, 'a', '.runbooklint.yaml'));
    assert.equal(await findLintConfig(path.join(root, 'x.sql')), undefined);
  });

  it('loads the config in force, with its problems, and caches until cleared', async () => {
    const cache = new LintConfigCache();
    const deep = await loadLintConfigFor(path.join(root, 'a', 'b', 'c', 'x.sql'), cache);
    assert.equal(deep.config.largeTableRows, 20);
    assert.deepEqual(deep.problems.map((p) => [path.basename(p.file), p.line, p.column]), [['.runbooklint.yml', 2, 1]]);
    assert.equal((await cache.configFor(path.join(root, 'a', 'other', 'y.sql'))).config.largeTableRows, 10);
    assert.equal((await cache.configFor(path.join(root, 'z.sql'))).config.configFile, undefined);

    writeFileSync(path.join(root, 'a', '.runbooklint.yaml'), 'largeTableRows: 30\n');
    assert.equal((await cache.configFor(path.join(root, 'a', 'other', 'y.sql'))).config.largeTableRows, 10, 'cached');
    cache.clear();
    assert.equal((await cache.configFor(path.join(root, 'a', 'other', 'y.sql'))).config.largeTableRows, 30);
  });

  it('reports an unreadable config file as a problem', async () => {
    const missing = await new LintConfigCache().load(path.join(root, 'nope.yaml'));
    assert.equal(missing.problems.length, 1);
    assert.match(missing.problems[0].message, /cannot read/);
    assert.equal(missing.config.largeTableRows, 1_000_000);
  });
});
