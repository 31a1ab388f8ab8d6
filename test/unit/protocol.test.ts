// The webview is untrusted (it renders a stranger's runbook): only the exact known message shapes
// get through, and state handed back after a reload is validated.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseRunbookViewState, parseWebviewMessage } from '../../src/shared/protocol';

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
