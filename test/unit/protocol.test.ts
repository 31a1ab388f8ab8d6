// The webview is untrusted (it renders a stranger's runbook): only the exact known message shapes
// get through, and state handed back after a reload is validated.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseIncidentViewState, parseRunbookViewState, parseWebviewMessage } from '../../src/shared/protocol';

test('accepts exactly the known messages', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'openSource' }), { type: 'openSource' });
  assert.deepEqual(parseWebviewMessage({ type: 'copyCommand', stepId: 'check-redis-ttl', commandIndex: 0 }), {
    type: 'copyCommand',
    stepId: 'check-redis-ttl',
    commandIndex: 0,
  });
  assert.deepEqual(parseWebviewMessage({ type: 'stepRevealed', stepId: 'fix-app-session-timeout', found: true }), {
    type: 'stepRevealed',
    stepId: 'fix-app-session-timeout',
    found: true,
  });
});

test('rejects unknown types, extra fields and wrong field types', () => {
  const rejected: unknown[] = [
    null,
    'ready',
    [],
    { type: 'runCommand', code: 'rm -rf /' },
    { type: 'executeCommand', command: 'workbench.action.terminal.sendSequence' },
    { type: 'ready', extra: 1 },
    { type: 'copyCommand', stepId: 'x', commandIndex: 0, code: 'FLUSHALL' },
    { type: 'copyCommand', stepId: 'x', commandIndex: '0' },
    { type: 'copyCommand', stepId: 'x', commandIndex: -1 },
    { type: 'copyCommand', stepId: 'x', commandIndex: 1.5 },
    { type: 'copyCommand', stepId: '../../etc', commandIndex: 0 },
    { type: 'copyCommand', stepId: 'A-Upper', commandIndex: 0 },
    { type: 'copyCommand', commandIndex: 0 },
    { type: 'stepRevealed', stepId: 'x', found: 'yes' },
    { type: '__proto__' },
  ];
  for (const message of rejected) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
});

test('restored state must name a runbook id, nothing else gets through', () => {
  assert.deepEqual(parseRunbookViewState({ runbookId: 'session-logout-30s' }), { runbookId: 'session-logout-30s' });
  assert.deepEqual(parseRunbookViewState({ runbookId: 'session-logout-30s', injected: '<script>' }), { runbookId: 'session-logout-30s' });
  for (const state of [undefined, null, 42, {}, { runbookId: 7 }, { runbookId: '<img onerror=x>' }, { runbookId: '' }]) {
    assert.equal(parseRunbookViewState(state), undefined, JSON.stringify(state));
  }
});

test('checklist messages: ids, bounded person text and known button names only', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'checkStep', stepId: 'check-ttl' }), { type: 'checkStep', stepId: 'check-ttl' });
  assert.deepEqual(parseWebviewMessage({ type: 'reopenStep', stepId: 'check-ttl' }), { type: 'reopenStep', stepId: 'check-ttl' });
  assert.deepEqual(parseWebviewMessage({ type: 'skipStep', stepId: 'a' }), { type: 'skipStep', stepId: 'a' });
  assert.deepEqual(parseWebviewMessage({ type: 'skipStep', stepId: 'a', reason: 'not here' }), { type: 'skipStep', stepId: 'a', reason: 'not here' });
  assert.deepEqual(parseWebviewMessage({ type: 'addNote' }), { type: 'addNote' });
  assert.deepEqual(parseWebviewMessage({ type: 'addNote', stepId: 'a', text: 'TTL 30' }), { type: 'addNote', stepId: 'a', text: 'TTL 30' });
  assert.deepEqual(parseWebviewMessage({ type: 'insertCommand', stepId: 'a', commandIndex: 2 }), { type: 'insertCommand', stepId: 'a', commandIndex: 2 });
  assert.deepEqual(parseWebviewMessage({ type: 'incidentCommand', command: 'resolve' }), { type: 'incidentCommand', command: 'resolve' });
  assert.deepEqual(parseWebviewMessage({ type: 'startIncident' }), { type: 'startIncident' });
  assert.deepEqual(parseWebviewMessage({ type: 'incidentCommand', command: 'chooseTerminal' }), { type: 'incidentCommand', command: 'chooseTerminal' });
  assert.deepEqual(parseWebviewMessage({ type: 'openCommandInEditor', stepId: 'run-sql', commandIndex: 1 }), { type: 'openCommandInEditor', stepId: 'run-sql', commandIndex: 1 });

  const rejected: unknown[] = [
    { type: 'checkStep' },
    { type: 'checkStep', stepId: 'a', text: 'x' },
    { type: 'skipStep', stepId: 'a', reason: '' },
    { type: 'skipStep', stepId: 'a', reason: '   ' },
    { type: 'skipStep', stepId: 'a', reason: 'ok\rrm -rf /' },
    { type: 'skipStep', stepId: 'a', reason: 'x'.repeat(4001) },
    { type: 'skipStep', stepId: 'a', reason: 'evil \u202e txt' },
    { type: 'addNote', text: 42 },
    { type: 'addNote', stepId: 'NOT-AN-ID', text: 'x' },
    { type: 'insertCommand', stepId: 'a', commandIndex: 0, code: 'FLUSHALL' },
    { type: 'insertCommand', stepId: 'a' },
    { type: 'insertCommand', stepId: 'a', commandIndex: 1001 },
    { type: 'incidentCommand', command: 'workbench.action.terminal.sendSequence' },
    { type: 'incidentCommand', command: 'resolve', resolution: 'x' },
    { type: 'incidentCommand' },
    { type: 'startIncident', runbookId: 'other' },
    { type: 'incidentCommand', command: 'chooseTerminal', terminal: 'ssh prod' },
    { type: 'openCommandInEditor', stepId: 'a', commandIndex: 0, language: 'sql' },
    { type: 'openCommandInEditor', stepId: 'a', commandIndex: 0, code: 'DROP TABLE users' },
    { type: 'openCommandInEditor', stepId: 'a' },
    { type: 'openCommandInEditor', commandIndex: 0 },
    { type: 'openCommandInEditor', stepId: 'a', commandIndex: '0' },
    { type: 'openCommandInEditor', stepId: 'a', commandIndex: -1 },
    { type: 'openCommandInEditor', stepId: 'A b', commandIndex: 0 },
  ];
  for (const message of rejected) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
});

test('restored checklist state must name an incident id', () => {
  assert.deepEqual(parseIncidentViewState({ incidentId: '2026-11-24-1432-session-logout-30s' }), { incidentId: '2026-11-24-1432-session-logout-30s' });
  for (const state of [undefined, null, {}, { incidentId: '../x' }, { incidentId: 5 }, { runbookId: 'session-logout-30s' }]) {
    assert.equal(parseIncidentViewState(state), undefined, JSON.stringify(state));
  }
});

test('a cause verdict: the agreed resolution shape with evidence, and nothing else', () => {
  const finding = { file: 'src/main/resources/application.properties', line: 7, text: 'server.servlet.session.timeout=30', ruleId: 'session-timeout-seconds' };
  assert.deepEqual(parseWebviewMessage({ type: 'resolveCause', stepId: 'cause-timeout', resolution: { verdict: 'confirmed', evidence: 'It is 30 s', finding } }), {
    type: 'resolveCause',
    stepId: 'cause-timeout',
    resolution: { verdict: 'confirmed', evidence: 'It is 30 s', finding },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'resolveCause', stepId: 'c', resolution: { verdict: 'ruled-out', evidence: 'no evictions' } }), {
    type: 'resolveCause',
    stepId: 'c',
    resolution: { verdict: 'ruled-out', evidence: 'no evictions' },
  });
  const rejected: unknown[] = [
    { type: 'resolveCause', stepId: 'c' },
    { type: 'resolveCause', stepId: 'c', resolution: { verdict: 'confirmed' } },
    { type: 'resolveCause', stepId: 'c', resolution: { verdict: 'confirmed', evidence: ' ' } },
    { type: 'resolveCause', stepId: 'c', resolution: { verdict: 'done', evidence: 'x' } },
    { type: 'resolveCause', stepId: 'C C', resolution: { verdict: 'confirmed', evidence: 'x' } },
    { type: 'resolveCause', stepId: 'c', resolution: { verdict: 'confirmed', evidence: 'x' }, extra: 1 },
    { type: 'resolveCause', stepId: 'c', resolution: { verdict: 'confirmed', evidence: 'x', finding: { ...finding, file: '/etc/passwd' } } },
  ];
  for (const message of rejected) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
});
