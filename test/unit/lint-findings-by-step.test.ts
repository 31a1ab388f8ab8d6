import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintText } from '../../src/core/lint/engine';
import {
  MAX_LINE_TEXT,
  causeSubjects,
  evidenceAt,
  evidenceKey,
  evidenceSentence,
  findEvidence,
  findingLineText,
  findingsByStep,
  workspaceFindingsOf,
  type WorkspaceFinding,
} from '../../src/core/lint/findingsByStep';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { parseRunbookText } from '../../src/core/runbook/parseRunbookFile';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { maskCredentials } from '../../src/core/incident/runRecording';

const ROOT = path.join(__dirname, '..', '..', '..');

function finding(over: Partial<WorkspaceFinding> = {}): WorkspaceFinding {
  return {
    file: 'config/application.properties',
    line: 7,
    column: 32,
    kind: 'properties',
    ruleId: 'duration-without-unit',
    severity: 'warning',
    message: 'Spring Boot reads 30 as 30 seconds.',
    text: 'server.servlet.session.timeout=30',
    runbook: { runbookId: 'session-logout-30s', stepId: 'check-app-session-config' },
    ...over,
  };
}

describe('findingsByStep: the demo workspace against the bundled session runbook', () => {
  const file = path.join(ROOT, 'demo-workspace', 'application.properties');
  const text = readFileSync(file, 'utf8');
  const out = lintText(text, file, defaultLintConfig(), { kind: 'properties' });
  const found = workspaceFindingsOf('application.properties', 'properties', text, out.findings);
  const runbookFile = path.join(ROOT, 'runbooks', 'session-logout-30s.yaml');
  const parsed = parseRunbookText(readFileSync(runbookFile, 'utf8'), runbookFile, 'bundled');
  const runbook = parsed.runbooks[0];
  const stepIds = runbook.phases.flatMap((p) => p.steps.map((s) => s.id));

  it('places the session timeout at the step its rule links to, with the line as written', () => {
    const evidence = findingsByStep(found, 'session-logout-30s', stepIds);
    const at = evidence.byStep['check-app-session-config'];
    assert.equal(at?.length, 1);
    assert.equal(at[0].file, 'application.properties');
    assert.equal(at[0].line, 7);
    assert.equal(at[0].text, 'server.servlet.session.timeout=30');
    assert.equal(at[0].ruleId, 'duration-without-unit');
    assert.match(evidenceSentence(at[0]), /^application\.properties:7 sets server\.servlet\.session\.timeout=30 — Spring Boot reads 30 as 30 seconds/);
    assert.equal(evidence.total, 1);
    assert.deepEqual(evidence.general, []);
  });

  it('the cause the check tests sees the finding through its checks:, and only that cause', () => {
    const evidence = findingsByStep(found, 'session-logout-30s', stepIds);
    const steps = runbook.phases.flatMap((p) => p.steps);
    const withFindings = causeSubjects(steps).filter((c) => evidenceAt(evidence, c.related).length > 0);
    assert.deepEqual(withFindings.map((c) => c.id), ['cause-short-max-inactive-interval']);
    assert.deepEqual(causeSubjects([{ id: 'a', kind: 'check' }, { id: 'c', kind: 'cause', checks: ['a'], fixes: ['f'] }]), [{ id: 'c', related: ['c', 'a', 'f'] }]);
  });

  it('shows nothing in another runbook', () => {
    const evidence = findingsByStep(found, 'cron-job-pileup', stepIds);
    assert.equal(evidence.total, 0);
    assert.deepEqual(evidence.byStep, {});
  });
});

describe('findingsByStep', () => {
  it('lists a finding whose step the runbook lacks, or with no step, with the runbook as a whole', () => {
    const evidence = findingsByStep(
      [finding({ runbook: { runbookId: 'session-logout-30s', stepId: 'renamed-step' } }), finding({ line: 9, runbook: { runbookId: 'session-logout-30s' } })],
      'session-logout-30s',
      ['check-app-session-config'],
    );
    assert.deepEqual(Object.keys(evidence.byStep), []);
    assert.deepEqual(evidence.general.map((e) => e.line), [7, 9]);
  });

  it('sorts by file and line, counts the same finding once and caps each step, saying how many more', () => {
    const many = [finding({ file: 'b.properties', line: 3 }), finding({ file: 'a.properties', line: 20 }), finding({ file: 'a.properties', line: 4 })];
    for (let i = 0; i < 30; i++) many.push(finding({ file: 'z.properties', line: 100 + i }));
    many.push(finding({ file: 'a.properties', line: 4 })); // the same finding from a second scan
    const evidence = findingsByStep(many, 'session-logout-30s', ['check-app-session-config'], 5);
    const at = evidence.byStep['check-app-session-config'];
    assert.deepEqual(at.map((e) => `${e.file}:${e.line}`), ['a.properties:4', 'a.properties:20', 'b.properties:3', 'z.properties:100', 'z.properties:101']);
    assert.equal(evidence.omitted['check-app-session-config'], 28);
    assert.equal(evidence.total, 33);
  });

  it('is linear: 100,000 findings in well under a second', () => {
    const many: WorkspaceFinding[] = [];
    for (let i = 0; i < 100_000; i++) many.push(finding({ file: `f${i % 97}.properties`, line: i }));
    const t = performance.now();
    const evidence = findingsByStep(many, 'session-logout-30s', ['check-app-session-config']);
    assert.ok(performance.now() - t < 3000); // generous for a loaded machine: quadratic would take minutes
    assert.equal(evidence.total, 100_000);
    assert.equal(evidence.byStep['check-app-session-config'].length, 10);
  });

  it('gives a key that is a protocol id, stable for the same finding and different when the line changes', () => {
    const { runbook: _r, ...a } = finding();
    const key = evidenceKey(a);
    assert.match(key, /^[a-z0-9][a-z0-9-]{0,79}$/);
    assert.equal(evidenceKey({ ...a }), key);
    assert.notEqual(evidenceKey({ ...a, text: 'server.servlet.session.timeout=31' }), key);
    assert.notEqual(evidenceKey({ ...a, line: 8 }), key);
  });

  it('finds evidence by key, and a cause with its checks and fixes sees theirs once each', () => {
    const evidence = findingsByStep(
      [finding(), finding({ line: 8, runbook: { runbookId: 'session-logout-30s', stepId: 'fix-app-session-timeout' } })],
      'session-logout-30s',
      ['cause-short', 'check-app-session-config', 'fix-app-session-timeout'],
    );
    const related = evidenceAt(evidence, ['cause-short', 'check-app-session-config', 'fix-app-session-timeout', 'check-app-session-config']);
    assert.deepEqual(related.map((e) => e.line), [7, 8]);
    assert.equal(findEvidence(evidence, related[1].key)?.line, 8);
    assert.equal(findEvidence(evidence, 'ev-0000000000000000'), undefined);
  });
});

describe('findingLineText', () => {
  it('is the trimmed line holding the offset, CRLF or not, first or last line', () => {
    const text = 'a=1\r\n  server.servlet.session.timeout=30  \r\nlast';
    assert.equal(findingLineText(text, text.indexOf('30')), 'server.servlet.session.timeout=30');
    assert.equal(findingLineText(text, 0), 'a=1');
    assert.equal(findingLineText(text, text.length), 'last');
    assert.equal(findingLineText('', 0), '');
  });

  it('replaces control characters and bidi overrides, so the view and the record show what is there', () => {
    assert.equal(findingLineText('key=\u001b[31mred\u202e!', 0), 'key=�[31mred�!');
  });

  it('cuts a huge line around the finding, marked with …, in linear time', () => {
    const line = `${'x'.repeat(5_000_000)}timeout=30${'y'.repeat(5_000_000)}`;
    const t = performance.now();
    const cut = findingLineText(line, 5_000_000);
    assert.ok(performance.now() - t < 1000); // a scan of the whole line, not of every character per character
    assert.ok(cut.length <= MAX_LINE_TEXT + 2);
    assert.ok(cut.startsWith('…') && cut.endsWith('…'));
    assert.ok(cut.includes('timeout=30'), cut);
  });

  it('workspaceFindingsOf masks a credential in the line with the mask given (the extension gives maskCredentials)', () => {
    const base = { ruleId: 'stale-after-failover', severity: 'warning' as const, message: 'm', file: 'x', line: 1, column: 1, endLine: 1, endColumn: 2, start: 0, end: 1, runbook: { runbookId: 'r' } };
    const line = 'spring.datasource.url=jdbc:postgresql://app:s3cret@db1,db2/shop';
    const [f] = workspaceFindingsOf('application.properties', 'properties', line, [base], maskCredentials);
    assert.ok(!f.text.includes('s3cret'), f.text);
    assert.match(f.text, /app:••••@db1/);
  });

  it('workspaceFindingsOf keeps only linked findings and shows a control character in a file name as �', () => {
    const base = { severity: 'warning' as const, message: 'm', file: 'x', line: 1, column: 1, endLine: 1, endColumn: 2, start: 0, end: 1 };
    const out = workspaceFindingsOf('a\nb.properties', 'properties', 'k=v', [
      { ...base, ruleId: 'linked', runbook: { runbookId: 'r' } },
      { ...base, ruleId: 'unlinked' },
    ]);
    assert.deepEqual(out.map((f) => [f.ruleId, f.file, f.text]), [['linked', 'a�b.properties', 'k=v']]);
  });
});

describe('protocol: opening a finding', () => {
  it('takes a finding key only, never a path', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'openEvidence', key: 'ev-0123456789abcdef' }), { type: 'openEvidence', key: 'ev-0123456789abcdef' });
    for (const bad of [
      { type: 'openEvidence' },
      { type: 'openEvidence', key: '/etc/passwd' },
      { type: 'openEvidence', key: '../x' },
      { type: 'openEvidence', key: 'ev-1', file: 'application.properties' },
      { type: 'openEvidence', key: 'x'.repeat(81) },
      { type: 'openEvidence', key: 7 },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
