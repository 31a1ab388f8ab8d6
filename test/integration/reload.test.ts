// A real window reload in the middle of an incident (see the reload pass in index.ts): what was
// ticked, noted and recorded before the reload is all there after it, the checklist view comes
// back by itself (its serializer), and the clock still counts from the incident's start.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync, writeFileSync } from 'node:fs';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import type { Prompter } from '../../src/extension/testApi';
import { activateExtension, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';
import { DRILL_ID, DRILL_YAML } from './incidentFixture';

/** What phase 1 leaves for phase 2, in the workspace (which survives the reload). */
const HANDOVER = '.reload-handover.json';

interface Handover {
  incidentId: string;
  record: string;
  startedAt: string;
  recordText: string;
}

const answers: Prompter = {
  confirm: async () => false,
  input: async (o) => (o.title === 'Start Incident' ? 'Reload drill' : undefined),
  notify: async () => undefined,
  pick: async () => undefined,
};

suite('before reload: an incident in progress', () => {
  let api: RunbookAssistantTestApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    await writeWorkspaceFile(`.runbooks/${DRILL_ID}.yaml`, DRILL_YAML);
    await waitFor(() => api.runbooks().some((r) => r.id === DRILL_ID), 'the drill runbook to load');
    api.setPrompter(answers);
  });

  test('start, tick two steps, skip one, add a note, leave the checklist open', async function () {
    this.timeout(30_000);
    const id = await vscode.commands.executeCommand<string>('runbookAssistant.startIncident', DRILL_ID);
    assert.ok(id);
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === id && p.ready), 'the checklist to be ready');
    for (const message of [
      { type: 'checkStep', stepId: 'check-ttl' },
      { type: 'checkStep', stepId: 'inspect-config' },
      { type: 'skipStep', stepId: 'check-scope', reason: 'single tenant' },
      { type: 'addNote', stepId: 'check-ttl', text: 'TTL 30 s on session:abc' },
    ]) {
      assert.equal(await api.postFromChecklist(id, message), true, JSON.stringify(message));
    }
    const incident = await waitFor(() => {
      const i = api.incidents().find((x) => x.state.id === id);
      return i && i.state.steps['check-ttl'].notes.length === 1 && i.state.steps['check-scope'].status === 'skipped' ? i : undefined;
    }, 'the changes to be applied');
    const handover: Handover = {
      incidentId: id,
      record: incident.uri.fsPath,
      startedAt: incident.state.startedAt,
      recordText: readFileSync(incident.uri.fsPath, 'utf8'),
    };
    writeFileSync(workspaceUri(HANDOVER).fsPath, JSON.stringify(handover));
  });
});

suite('after reload: the incident is intact', () => {
  let api: RunbookAssistantTestApi;
  let handover: Handover;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    await api.whenIncidentsLoaded();
    handover = JSON.parse(readFileSync(workspaceUri(HANDOVER).fsPath, 'utf8')) as Handover;
  });

  test('the record on disk is exactly what was written before the reload', () => {
    assert.equal(readFileSync(handover.record, 'utf8'), handover.recordText);
  });

  test('ticks, skip reason, note and start time are replayed from the record', async () => {
    const incident = await waitFor(() => api.incidents().find((i) => i.state.id === handover.incidentId), 'the incident to be loaded');
    const { steps } = incident.state;
    assert.equal(steps['check-ttl'].status, 'done');
    assert.equal(steps['inspect-config'].status, 'done');
    assert.equal(steps['check-scope'].status, 'skipped');
    assert.equal(steps['check-scope'].skipReason, 'single tenant');
    assert.deepEqual(steps['check-ttl'].notes.map((n) => n.text), ['TTL 30 s on session:abc']);
    assert.equal(incident.state.startedAt, handover.startedAt);
    assert.deepEqual(incident.problems, []);
  });

  test('the checklist view came back by itself (its serializer) and is live', async function () {
    this.timeout(30_000);
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === handover.incidentId && p.ready), 'the restored checklist view');
    // It still takes changes, appended to the same record.
    assert.equal(await api.postFromChecklist(handover.incidentId, { type: 'checkStep', stepId: 'flush-sessions' }), true);
    await waitFor(() => readFileSync(handover.record, 'utf8').length > handover.recordText.length, 'the new tick to be appended');
    assert.ok(readFileSync(handover.record, 'utf8').startsWith(handover.recordText), 'the record was rewritten instead of appended to');
  });

  test('the status bar counts from the incident start, not from the reload', () => {
    const text = api.statusBarText() ?? '';
    const m = /(\d+):(\d\d):(\d\d)/.exec(text);
    assert.ok(m, text);
    const shownSeconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    const realSeconds = (Date.now() - Date.parse(handover.startedAt)) / 1000;
    assert.ok(Math.abs(shownSeconds - realSeconds) <= 3, `shown ${shownSeconds} s, real ${realSeconds.toFixed(1)} s`);
  });
});
