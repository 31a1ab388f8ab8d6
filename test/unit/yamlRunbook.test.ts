import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { ParseResult, Problem } from '../../src/core/runbook/runbookModel';
import { MAX_SCHEMA_PROBLEMS, MAX_YAML_DEPTH, parseYamlRunbooks } from '../../src/core/runbook/yamlRunbook';

// Bundled to out/test/unit/*.js: the repository root is three levels up.
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'runbooks');

function parseFixture(rel: string): ParseResult {
  const file = path.join(FIXTURES, rel);
  return parseYamlRunbooks(readFileSync(file, 'utf8'), file, 'workspace');
}

/** Problems as "line:column code message" strings: compact, and exact. */
function brief(problems: Problem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`);
}

const MINIMAL = `id: minimal
title: Minimal
symptom: Something is off
phases:
  - name: Triage
    steps:
      - id: one
        text: Step one.
`;

// Hostile inputs must be rejected, not hang: the test runner fails a test that runs past this.
// How fast they are rejected is measured by `npm run bench`, not asserted here.
const HANG_GUARD_MS = 20_000;

describe('parseYamlRunbooks: valid runbooks', () => {
  it('maps every field of a complete runbook', () => {
    const { runbooks, problems } = parseFixture('valid/disk-full.yaml');
    assert.deepEqual(problems, []);
    assert.equal(runbooks.length, 1);
    assert.deepEqual(runbooks[0], {
      id: 'disk-full',
      title: 'Disk full on the database host',
      symptom: 'Writes fail with: No space left on device',
      summary: 'Usually **WAL** or logs. Free space first, then find the cause.',
      tags: ['disk', 'database'],
      aliases: ['DiskSpaceLow', 'ENOSPC: no space left on device'],
      severity: 'high',
      lintRules: ['log-rotation-missing'],
      insight: 'Alert at 80 %, not at 100 %.',
      phases: [
        {
          name: 'Triage & Stabilize',
          timebox: { fromMinutes: 0, toMinutes: 10 },
          steps: [
            { id: 'check-usage', kind: 'check', text: 'See which mount is full.', commands: [{ language: 'bash', code: 'df -h', line: 19 }] },
            {
              id: 'free-space',
              kind: 'action',
              text: 'Delete rotated logs older than a day.',
              // No language given: "text", as the model documents.
              commands: [
                {
                  language: 'text',
                  code: "find /var/log -name '*.gz' -mtime +1 -delete",
                  line: 24,
                  destructive: true,
                  risk: 'Deletes the rotated logs for good; copy any you still need first.',
                },
              ],
            },
          ],
        },
        { name: 'Verify', timebox: null, steps: [{ id: 'writes-ok', kind: 'verify', text: 'Writes succeed again.', commands: [] }] },
      ],
      variables: [],
      source: { kind: 'workspace', file: path.join(FIXTURES, 'valid/disk-full.yaml'), line: 2 },
    });
  });

  it('reads several documents, skips a comment-only one and fills defaults', () => {
    const { runbooks, problems } = parseFixture('valid/two-runbooks.yaml');
    assert.deepEqual(problems, []);
    assert.deepEqual(runbooks.map((r) => [r.id, r.source.line]), [['cache-stampede', 3], ['queue-backlog', 12]]);
    const first = runbooks[0];
    assert.equal(first.summary, '');
    assert.deepEqual(first.tags, []);
    assert.deepEqual(first.lintRules, []);
    assert.equal(first.severity, undefined);
    assert.equal(first.insight, undefined);
    assert.equal(first.phases[0].timebox, null);
    assert.deepEqual(first.phases[0].steps[0].commands, []);
    assert.equal('kind' in first.phases[0].steps[0], false);
  });

  it('yields nothing and no problem for an empty or comment-only file', () => {
    assert.deepEqual(parseYamlRunbooks('', 'e.yaml', 'cli'), { runbooks: [], problems: [] });
    assert.deepEqual(parseYamlRunbooks('# only a comment\n\n# another\n', 'e.yaml', 'cli'), { runbooks: [], problems: [] });
    assert.deepEqual(parseYamlRunbooks('---\n# nothing\n---\n', 'e.yaml', 'cli'), { runbooks: [], problems: [] });
  });

  it('expands aliases that stay within the limit', () => {
    const text = `${MINIMAL}tags: &t [a, b]\nlintRules: *t\n`;
    const { runbooks, problems } = parseYamlRunbooks(text, 'a.yaml', 'cli');
    assert.deepEqual(problems, []);
    assert.deepEqual(runbooks[0].lintRules, ['a', 'b']);
  });
});

describe('parseYamlRunbooks: schema problems point at the right place', () => {
  it('reports an unknown field at its key, with a suggestion, and drops a runbook without a title', () => {
    const { runbooks, problems } = parseFixture('invalid/unknown-field.yaml');
    assert.deepEqual(brief(problems), [
      '1:1 error schema runbook is missing the required field "title"',
      '2:1 error unknown-field Unknown field "titel" in runbook (did you mean "title"?)',
    ]);
    assert.equal(problems[1].endLine, 2);
    assert.equal(problems[1].endColumn, 6);
    assert.deepEqual(runbooks, []);
  });

  it('reports a bad enum at the value and still returns the runbook without the kind', () => {
    const { runbooks, problems } = parseFixture('invalid/bad-kind.yaml');
    assert.deepEqual(brief(problems), [
      '12:15 error schema phases[1].steps[0].kind must be one of cause, check, action, fix, verify, note (got "fixx"; did you mean "fix"?)',
    ]);
    assert.deepEqual([problems[0].endLine, problems[0].endColumn], [12, 19]);
    assert.equal(problems[0].file, path.join(FIXTURES, 'invalid/bad-kind.yaml'));
    assert.equal(runbooks.length, 1);
    assert.equal(runbooks[0].phases[1].steps[0].kind, undefined);
  });

  it('keeps a runbook whose only problem is an unknown optional field', () => {
    const { runbooks, problems } = parseYamlRunbooks(`${MINIMAL}sumary: oops\n`, 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['9:1 error unknown-field Unknown field "sumary" in runbook (did you mean "summary"?)']);
    assert.equal(runbooks.length, 1);
    assert.equal(runbooks[0].summary, '');
  });

  it('drops a runbook with a wrong-typed title, reporting the value', () => {
    const { runbooks, problems } = parseYamlRunbooks(MINIMAL.replace('title: Minimal', 'title: 42'), 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['2:8 error schema title must be a string (got 42)']);
    assert.deepEqual(runbooks, []);
  });

  it('drops a runbook with an invalid id', () => {
    const { runbooks, problems } = parseYamlRunbooks(MINIMAL.replace('id: minimal', 'id: Minimal Id'), 'x.yaml', 'cli');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^id must match \^\[a-z0-9\]\[a-z0-9-\]\{0,79\}\$ \(got "Minimal Id"\)\. Unique id/);
    assert.deepEqual([problems[0].line, problems[0].column], [1, 5]);
    assert.deepEqual(runbooks, []);
  });

  it('drops a runbook with no phases', () => {
    const text = 'id: empty\ntitle: Empty\nsymptom: s\nphases: []\n';
    const { runbooks, problems } = parseYamlRunbooks(text, 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['4:9 error schema phases must have at least 1 item (got 0)']);
    assert.deepEqual(runbooks, []);
  });

  it('reports a missing required step field at the step map', () => {
    const text = MINIMAL.replace('        text: Step one.\n', '        kind: check\n');
    const { runbooks, problems } = parseYamlRunbooks(text, 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['7:9 error schema phases[0].steps[0] is missing the required field "text"']);
    assert.deepEqual(runbooks, []);
  });

  it('points at the key when a field has no value', () => {
    const { problems } = parseYamlRunbooks(MINIMAL.replace('symptom: Something is off', 'symptom:'), 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['3:1 error schema symptom must be a string (got null)']);
  });

  it('checks integer timeboxes and their order', () => {
    const text = MINIMAL.replace('  - name: Triage\n', '  - name: Triage\n    timebox: { fromMinutes: 10, toMinutes: 5.5 }\n');
    assert.deepEqual(brief(parseYamlRunbooks(text, 'x.yaml', 'cli').problems), [
      '6:44 error schema phases[0].timebox.toMinutes must be a whole number (got 5.5)',
      '6:44 error schema phases[0].timebox.toMinutes must be greater than fromMinutes (got 5.5, fromMinutes is 10)',
    ]);
  });

  it('reports a repeated step id at the second occurrence', () => {
    const text = `${MINIMAL}      - id: one\n        text: Again.\n`;
    const { runbooks, problems } = parseYamlRunbooks(text, 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), [
      '9:13 error schema Duplicate step id "one" in phases[0].steps[1]: already used by phases[0].steps[0]; step ids must be unique within a runbook',
    ]);
    assert.equal(runbooks.length, 1);
  });

  it('rejects a document that is not a map', () => {
    const { runbooks, problems } = parseYamlRunbooks('- just\n- a list\n', 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['1:1 error schema runbook must be an object (a map of fields) (got a list)']);
    assert.deepEqual(runbooks, []);
  });
});

describe('parseYamlRunbooks: YAML errors', () => {
  it('reports duplicate keys and keeps the other documents', () => {
    const text = `id: a\nid: b\n---\n${MINIMAL}`;
    const { runbooks, problems } = parseYamlRunbooks(text, 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['2:1 error yaml-syntax Map keys must be unique']);
    assert.deepEqual(runbooks.map((r) => [r.id, r.source.line]), [['minimal', 4]]);
  });

  it('finds duplicate keys in linear time, nested ones too', { timeout: HANG_GUARD_MS }, () => {
    // yaml's own check compares each key with every other: 20,000 keys took 9 s.
    const many = Array.from({ length: 20_000 }, (_, i) => `  k${i}: x`).join('\n');
    const t0 = Date.now();
    const { problems } = parseYamlRunbooks(`${MINIMAL}extra:\n${many}\n  k7: y\nphases2:\n  - { a: 1, a: 2 }\n`, 'x.yaml', 'cli');
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [`${MINIMAL.split('\n').length + 20_001}:3 Map keys must be unique`, `${MINIMAL.split('\n').length + 20_003}:13 Map keys must be unique`],
    );
  });

  it('maps warnings to warning problems and still loads the runbook', () => {
    const { runbooks, problems } = parseYamlRunbooks(MINIMAL.replace('title: Minimal', 'title: !custom Minimal'), 'x.yaml', 'cli');
    assert.deepEqual(brief(problems), ['2:8 warning yaml-syntax Unresolved tag: !custom']);
    assert.equal(runbooks[0].title, 'Minimal');
  });

  it('rejects a truncated file with its line', { timeout: HANG_GUARD_MS }, () => {
    const value = parseFixture('hostile/truncated.yaml');
    assert.deepEqual(brief(value.problems), ['9:1 error yaml-syntax Missing closing "quote']);
    assert.deepEqual(value.runbooks, []);
  });

  it('rejects the billion-laughs alias bomb', { timeout: HANG_GUARD_MS }, () => {
    const value = parseFixture('hostile/alias-bomb.yaml');
    assert.deepEqual(brief(value.problems), [
      '2:1 error yaml-syntax YAML aliases expand beyond the limit of 100 (alias bomb?); document ignored',
    ]);
    assert.deepEqual(value.runbooks, []);
  });

  it('rejects a 10,000-deep flow sequence and loads the next document', { timeout: HANG_GUARD_MS }, () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n${MINIMAL}`;
    const value = parseYamlRunbooks(text, 'deep.yaml', 'cli');
    assert.deepEqual(brief(value.problems), [
      `1:${MAX_YAML_DEPTH + 1} error yaml-syntax YAML nested too deeply (more than ${MAX_YAML_DEPTH} levels); document ignored`,
    ]);
    assert.deepEqual(value.runbooks.map((r) => r.id), ['minimal']);
  });

  it('survives deep flow and deep block nesting one after the other', () => {
    // With yaml's own parseAllDocuments this sequence aborted the whole Node process
    // ("FATAL ERROR: RegExpCompiler Allocation failed"): if it regresses, this test file dies.
    for (let i = 0; i < 3; i++) {
      const flow = parseYamlRunbooks(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'flow.yaml', 'cli');
      assert.equal(flow.problems[0].code, 'yaml-syntax');
      const block = Array.from({ length: 1_500 }, (_, n) => `${' '.repeat(n)}- `).join('\n') + 'x';
      const { problems } = parseYamlRunbooks(block, 'block.yaml', 'cli');
      assert.deepEqual(brief(problems), [
        `${MAX_YAML_DEPTH + 1}:${MAX_YAML_DEPTH + 1} error yaml-syntax YAML nested too deeply (more than ${MAX_YAML_DEPTH} levels); document ignored`,
      ]);
    }
  });

  it('accepts nesting right at the limit', () => {
    const depth = MAX_YAML_DEPTH;
    const text = `${MINIMAL}insight: ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}\n`;
    const { problems } = parseYamlRunbooks(text, 'x.yaml', 'cli');
    // Nesting is fine; the schema then complains about the type, which proves the document loaded.
    assert.deepEqual(brief(problems), ['9:10 error schema insight must be a string (got a list)']);
    const over = `${MINIMAL}insight: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    assert.deepEqual(brief(parseYamlRunbooks(over, 'x.yaml', 'cli').problems), [
      `9:${10 + depth - 1} error yaml-syntax YAML nested too deeply (more than ${depth} levels); document ignored`,
    ]);
  });
});

describe('parseYamlRunbooks: hostile sizes', () => {
  it('collects the errors of 50,000 bad phases in linear time (no copy of all errors per phase)', { timeout: HANG_GUARD_MS }, () => {
    const text = `id: x\ntitle: X\nsymptom: y\nphases:\n${'  - { nmae: a }\n'.repeat(50_000)}`;
    const t0 = Date.now();
    const { problems } = parseYamlRunbooks(text, 'x.yaml', 'cli');
    assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
    assert.equal(problems.length, MAX_SCHEMA_PROBLEMS + 1);
    // Three per phase (name and steps missing, nmae unknown) and the list's maxItems.
    assert.equal(problems[0].message, `${3 * 50_000 + 1 - MAX_SCHEMA_PROBLEMS} more schema problems in this document not shown`);
  });

  it('caps the number of schema problems per document and checks uniqueness in linear time', { timeout: HANG_GUARD_MS }, () => {
    // 100,000 identical invalid tags (too many, repeated, bad pattern: 100,002 issues, one for the
    // repeats); n² uniqueness checks would take minutes.
    const text = `${MINIMAL}tags:\n${'  - Bad\n'.repeat(100_000)}`;
    const value = parseYamlRunbooks(text, 'x.yaml', 'cli');
    assert.equal(value.problems.length, MAX_SCHEMA_PROBLEMS + 1);
    assert.deepEqual(brief(value.problems.slice(0, 2)), [
      '1:1 error schema 99902 more schema problems in this document not shown',
      '10:3 error schema tags must have at most 20 items (got 100000)',
    ]);
  });
});

describe('parseYamlRunbooks: a cause\'s checks: and fixes:', () => {
  const CAUSES = `id: causes
title: Causes
symptom: Logged out
phases:
  - name: Diagnose
    steps:
      - id: cause-timeout
        kind: cause
        text: The timeout is 30 s.
        checks: [check-timeout]
        fixes:
          - fix-timeout
          - fix-timout
          - cause-timeout
      - id: check-timeout
        kind: check
        text: Read the timeout.
        fixes: [fix-timeout]
  - name: Fix
    steps:
      - id: fix-timeout
        kind: fix
        text: Set it to 30m.
`;

  it('keeps links that name steps of the runbook, in order', () => {
    const { runbooks } = parseYamlRunbooks(CAUSES, 'x.yaml', 'cli');
    const cause = runbooks[0].phases[0].steps[0];
    assert.deepEqual(cause.checks, ['check-timeout']);
    assert.deepEqual(cause.fixes, ['fix-timeout']);
    assert.equal(runbooks[0].phases[1].steps[0].checks, undefined);
  });

  it('reports unknown ids and self-links at their line and column, and links on a step that is not a cause', () => {
    const { runbooks, problems } = parseYamlRunbooks(CAUSES, 'x.yaml', 'cli');
    assert.equal(runbooks.length, 1);
    assert.deepEqual(brief(problems), [
      '13:13 error step-link "fixes:" of step "cause-timeout" names "fix-timout", which is not a step of this runbook; did you mean "fix-timeout"?',
      '14:13 error step-link Step "cause-timeout" names itself in "fixes:"; a cause is fixed by other steps',
      '18:9 warning step-link Step "check-timeout" has "fixes:" but is not of kind cause; only a cause\'s links are followed (add "kind: cause")',
    ]);
  });

  it('reports a link that is not a step id through the schema', () => {
    const text = CAUSES.replace('checks: [check-timeout]', 'checks: [Check Timeout]');
    assert.deepEqual(brief(parseYamlRunbooks(text, 'x.yaml', 'cli').problems).filter((p) => p.includes('checks')), [
      '10:18 error schema phases[0].steps[0].checks[0] must match ^[a-z0-9][a-z0-9-]{0,79}$ (got "Check Timeout").',
    ]);
  });
});
