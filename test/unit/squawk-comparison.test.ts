// The labelled cases of the Squawk comparison (test/fixtures/squawk-comparison/, issue 12 part 6):
// our expected results on them must not regress. Squawk itself runs only in `npm run bench:squawk`.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadLintConfigFor } from '../../src/core/lint/configDiscovery';
import { lintText } from '../../src/core/lint/engine';
import {
  formatReport,
  ourRuleInScope,
  OUR_SQL_RULES,
  parseCase,
  readCases,
  resultsByFile,
  SQUAWK_IN_SCOPE,
  SQUAWK_OUTSIDE_SCOPE,
  squawkRuleInScope,
  tally,
  toolResult,
} from '../bench/squawkComparison';
import { sqlRules } from '../../src/core/lint/rules/sqlRules';

const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'squawk-comparison');
const cases = readCases(DIR);

describe('the labelled cases', () => {
  it('are labelled consistently: an unsafe case names the rule of ours expected, a safe one none', () => {
    assert.ok(cases.length >= 40, `${cases.length} cases`);
    for (const c of cases) {
      if (c.label === 'unsafe') assert.ok(c.ours.length > 0, `${c.file}: unsafe without an expected rule`);
      else assert.deepEqual(c.ours, [], `${c.file}: safe, yet a rule is expected`);
      for (const r of c.ours) assert.ok(OUR_SQL_RULES.includes(r), `${c.file}: ${r} is not one of our SQL rules`);
      for (const r of c.squawk) assert.ok(r in SQUAWK_IN_SCOPE, `${c.file}: ${r} is not a Squawk rule within our scope`);
    }
  });

  it('cover every Squawk rule within our scope with an unsafe and a safe case, and every SQL rule of ours', () => {
    for (const rule of Object.keys(SQUAWK_IN_SCOPE)) {
      assert.ok(cases.some((c) => c.label === 'unsafe' && c.squawk.includes(rule)), `${rule}: no unsafe case`);
      assert.ok(cases.some((c) => c.label === 'safe' && c.squawk.includes(rule)), `${rule}: no safe case`);
    }
    for (const rule of OUR_SQL_RULES) assert.ok(cases.some((c) => c.ours.includes(rule)), `${rule}: no case`);
    assert.deepEqual([...OUR_SQL_RULES].sort(), sqlRules.map((r) => r.id).sort(), 'OUR_SQL_RULES lists the SQL rules');
    assert.deepEqual(Object.keys(SQUAWK_IN_SCOPE).filter((r) => r in SQUAWK_OUTSIDE_SCOPE), [], 'a rule is in scope or outside it, not both');
  });

  for (const c of cases) {
    it(`${c.file}: ${c.label}${c.ours.length ? ` (${c.ours.join(', ')})` : ''}`, async () => {
      const file = path.join(DIR, c.file);
      const { config } = await loadLintConfigFor(file);
      const { findings } = lintText(readFileSync(file, 'utf8'), file, config, { maxFindings: Infinity });
      const ours = toolResult(
        findings.map((f) => f.ruleId),
        ourRuleInScope,
      );
      assert.deepEqual(ours.inScope, [...c.ours].sort());
    });
  }
});

describe('the comparison report', () => {
  const unsafe = parseCase('a.sql', '-- label: unsafe\n-- squawk: require-lock-timeout\n-- ours: missing-lock-timeout\n-- why: no timeout\nALTER TABLE t ADD c int;');
  const safe = parseCase('b.sql', '-- label: safe\n-- squawk: none\n-- ours: none\n-- why: fine\nSELECT 1;');

  it('reads a case header and refuses one without a label', () => {
    assert.deepEqual(unsafe, { file: 'a.sql', label: 'unsafe', squawk: ['require-lock-timeout'], ours: ['missing-lock-timeout'], why: 'no timeout' });
    assert.throws(() => parseCase('c.sql', '-- why: x\nSELECT 1;'), /needs "-- label/);
  });

  it('counts a tool right when it flags an unsafe case and leaves a safe one quiet, counting only rules within scope', () => {
    const squawk = resultsByFile(
      [
        { file: './a.sql', rule: 'prefer-robust-stmts' },
        { file: 'b.sql', rule: 'require-lock-timeout' },
      ],
      squawkRuleInScope,
    );
    assert.deepEqual(squawk.get('a.sql'), { inScope: [], outside: ['prefer-robust-stmts'] });
    assert.deepEqual(tally([unsafe, safe], squawk), { caught: 0, unsafe: 1, quiet: 0, safe: 1 });
    const ours = resultsByFile([{ file: 'a.sql', rule: 'missing-lock-timeout' }], ourRuleInScope);
    assert.deepEqual(tally([unsafe, safe], ours), { caught: 1, unsafe: 1, quiet: 1, safe: 1 });
    const report = formatReport([unsafe, safe], squawk, ours, 'squawk 2.66.0');
    assert.match(report, /✗ squawk 2\.66\.0 +— \(\+ outside scope: prefer-robust-stmts\)/);
    assert.match(report, /runbook lint {5}unsafe cases caught {2}1\/1 {3}safe cases left quiet {2}1\/1/);
    assert.match(report, /Squawk rules outside our scope \(\d+\), not compared:\n {2}require-statement-timeout/);
    assert.doesNotMatch(report, /in neither list/);
    const newer = resultsByFile([{ file: 'a.sql', rule: 'ban-something-new' }], squawkRuleInScope);
    assert.match(formatReport([unsafe], newer, ours, 'squawk 9'), /Squawk rules seen but in neither list \(test\/bench\/squawkComparison\.ts\): ban-something-new/);
    // Without Squawk, our side still prints.
    assert.doesNotMatch(formatReport([unsafe], undefined, ours, 'squawk'), /squawk {5,}unsafe/);
  });
});
