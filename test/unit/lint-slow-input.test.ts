// Hostile input for the linter (issue 12 part 5): a huge ignore list, deep nesting, many YAML
// documents. Each must lint without a crash and in time linear in its size. The time bounds here
// are hang guards (seconds, on a shared machine), not benchmarks: the figures are in the report.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintCommand } from '../../src/cli/lint';
import { lintText } from '../../src/core/lint/engine';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { parseYamlConfig } from '../../src/core/lint/formats/yamlConfig';
import { yamlParseRanges } from '../../src/core/lint/formats/yamlSpans';
import { allRules } from '../../src/core/lint/rules';
import type { Finding, Rule } from '../../src/core/lint/types';
import { ALL_KINDS, badRule } from './lintTestRules';

const ROOT = path.join(__dirname, '..', '..', '..');
/** Far above the expected few tens of milliseconds, far below the seconds the old code took or a hang. */
const HANG_GUARD_MS = 5000;

function timedLint(text: string, file: string, rules: readonly Rule[] = allRules): { findings: Finding[]; ms: number } {
  const t = performance.now();
  const { findings } = lintText(text, file, defaultLintConfig(), { rules, maxFindings: Infinity });
  return { findings, ms: performance.now() - t };
}

describe('slow input: a huge ignore list', () => {
  const ids = new Array<string>(130_000).fill('a').join(',');

  it('a 260 KB disable list is read without a stack overflow, its unknown id reported once', () => {
    const text = `# runbook-lint-disable-next-line ${ids}\nkey: value\n`;
    assert.ok(text.length > 260_000);
    const { findings, ms } = timedLint(text, 'app.yaml');
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line, f.column]),
      [['unused-disable', 1, 34]],
    );
    assert.match(findings[0].message, /^Unknown rule "a"/);
    assert.ok(ms < HANG_GUARD_MS, `${ms} ms`);
  });

  it('a long list still suppresses by any id in it, on the line and file-wide', () => {
    const text = `# runbook-lint-disable-next-line ${ids},fake-bad\nx=BAD\ny=BAD\n# runbook-lint-disable ${ids} fake-bad\n`;
    const { findings } = timedLint(text, 'a.env', [badRule]);
    // Line 2 by the line directive, line 3 by the file-wide one; the unknown "a" once per comment.
    assert.deepEqual(
      findings.map((f) => `${f.line} ${f.ruleId} ${f.message.slice(0, 15)}`),
      ['1 unused-disable Unknown rule "a', '4 unused-disable Unknown rule "a'],
    );
  });

  it('many file-wide directives cost one lookup per finding', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `# runbook-lint-disable rule-${i}\nx${i}=BAD`);
    const { findings, ms } = timedLint(`${lines.join('\n')}\n# runbook-lint-disable fake-bad\n`, 'a.env', [badRule]);
    assert.equal(findings.filter((f) => f.ruleId === 'fake-bad').length, 0);
    assert.equal(findings.length, 20_000, 'each unknown rule id reported');
    assert.ok(ms < HANG_GUARD_MS, `${ms} ms`);
  });
});

describe('slow input: deep nesting and many documents', () => {
  const MB = 1_000_000;
  const cases: [string, string, string][] = [
    ['nested JSON, 1 MB', 'deep.json', '['.repeat(MB / 2) + ']'.repeat(MB / 2)],
    ['nested JSON objects, 1 MB', 'deep.json', '{"a":'.repeat(MB / 10) + '1' + '}'.repeat(MB / 10)],
    ['nested YAML flow, 1 MB', 'deep.yaml', `key: ${'['.repeat(MB / 2)}${']'.repeat(MB / 2)}\n`],
    ['250,000 empty YAML documents, 1 MB', 'many.yaml', '---\n'.repeat(MB / 4)],
  ];
  for (const [name, file, text] of cases) {
    it(`${name}: no findings, no stack overflow, not the seconds it took`, () => {
      const { findings, ms } = timedLint(text, file);
      assert.deepEqual(findings, []);
      assert.ok(ms < HANG_GUARD_MS, `${ms} ms`);
    });
  }

  it('the documents around a long run of empty or too deep ones are read, at their own offsets', () => {
    const deep = `---\n${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const text = `a: 1\n${'---\n'.repeat(2000)}---\nb: "two"\n${deep}---\nc:\n  d: [x, {e: 3}]\n`;
    const ranges = yamlParseRanges(text, 64);
    assert.equal(ranges.length, 3, JSON.stringify(ranges));
    const entries = parseYamlConfig(text).entries.map((e) => [e.key, e.value, text.slice(e.valueStart, e.valueEnd)]);
    assert.deepEqual(entries, [
      ['a', '1', '1'],
      ['b', 'two', 'two'],
      ['c.d[0]', 'x', 'x'],
      ['c.d[1].e', '3', '3'],
    ]);
  });

  it('what only looks deep or empty is parsed: brackets in quotes, comments and block scalars', () => {
    const brackets = '['.repeat(3000);
    for (const text of [
      `a: "${brackets}"\nb: 2\n`,
      `a: '${brackets}'\nb: 2\n`,
      `# ${brackets}\nb: 2\n`,
      `a: |\n  ${brackets}\n\n  more\nb: 2\n`,
      `a: x${brackets}\nb: 2\n`,
      `# only a comment\n${'#\n'.repeat(3000)}---\nb: 2\n`,
    ]) {
      assert.deepEqual(
        yamlParseRanges(text, 64).map((r) => [r.start, r.end]),
        text.startsWith('# only') ? [[text.indexOf('---'), text.length]] : [[0, text.length]],
        text.slice(0, 20),
      );
      assert.ok(parseYamlConfig(text).entries.some((e) => e.key === 'b' && e.value === '2'), text.slice(0, 20));
    }
  });

  it('a small too-deep document is still dropped whole (by the parse), the others read', () => {
    const text = `a: ${'['.repeat(100)}${']'.repeat(100)}\n---\nb: 2\n`;
    assert.deepEqual(parseYamlConfig(text).entries.map((e) => e.key), ['b']);
  });
});

describe('slow input: the CLI never reports an internal error as "no problems"', () => {
  // A finding whose message cannot be read: the engine's own code throws, outside a rule's check.
  const brokenFinding: Rule = {
    id: 'fake-broken-finding',
    description: 'Returns a finding that throws when read.',
    fileKinds: ALL_KINDS,
    defaultSeverity: 'error',
    fixable: false,
    check: (ctx) =>
      ctx.file.endsWith('broken.env')
        ? [
            {
              start: 0,
              end: 1,
              get message(): string {
                throw new RangeError('Maximum call stack size exceeded');
              },
            },
          ]
        : [],
  };

  it('says which file failed and why, still checks the others, and exits 3', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runbook-slow-input-'));
    try {
      writeFileSync(path.join(dir, 'broken.env'), 'A=1\n');
      writeFileSync(path.join(dir, 'fine.env'), 'B=BAD\n');
      const out: string[] = [];
      const err: string[] = [];
      const code = await lintCommand([dir], { out: (s) => out.push(s), err: (s) => err.push(s) }, { rules: [brokenFinding, badRule], cwd: dir });
      assert.equal(code, 3);
      assert.deepEqual(out, ['fine.env:1:3: warning: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)']);
      assert.deepEqual(err, [
        'runbook: internal error linting broken.env: RangeError: Maximum call stack size exceeded; the file was not checked (a bug in runbook lint)',
        '1 file not checked (internal error, see above); 1 file checked with 1 problem',
      ]);
      assert.ok(!err.some((l) => l.includes('no problems')));
      // With --fix too (fixAll lints first): the same report, nothing written.
      err.length = 0;
      assert.equal(await lintCommand(['--fix', path.join(dir, 'broken.env')], { out: () => {}, err: (s) => err.push(s) }, { rules: [brokenFinding], cwd: dir }), 3);
      assert.match(err.join('\n'), /internal error linting broken\.env: RangeError[^\n]*\n[\s\S]*1 file not checked \(internal error, see above\); 0 files checked/);
      assert.equal(readFileSync(path.join(dir, 'broken.env'), 'utf8'), 'A=1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('slow input: no spread or recursion sized by the input in the linter and SQL model', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
    });
  }
  // Arguments spread into a call: the engine's stack overflow. Array literals (`[...a]`) are fine.
  const SPREAD_CALL = /\b(?:push|unshift|max|min|apply|fromCharCode|splice)\(\s*\.\.\./;

  it('recognises the forms it bans', () => {
    for (const bad of ['out.push(...rest)', 'Math.max(...widths)', 'String.fromCharCode(...codes)', 'list.unshift( ...x)']) assert.match(bad, SPREAD_CALL, bad);
    assert.doesNotMatch('const all = [...a, ...b]', SPREAD_CALL);
  });

  for (const folder of ['src/core/lint', 'src/core/sql']) {
    it(`${folder} spreads no list into a call`, () => {
      const files = sources(path.join(ROOT, folder));
      assert.ok(files.length > 5);
      const hits = files.flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (SPREAD_CALL.test(line) ? [`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
      );
      assert.deepEqual(hits, []);
    });
  }
});
