// Incidents in Restricted Mode (the untrusted pass): an incident can be followed and recorded,
// commands can be copied, but the terminal handler itself refuses to send anything.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import type { Prompter } from '../../src/extension/testApi';
import { activateExtension, waitFor } from './helpers';

suite('Restricted Mode: incidents', () => {
  let api: RunbookAssistantTestApi;
  const asked: string[] = [];
  const details: string[] = [];
  /** Answers to the next confirmations; without one, "yes". */
  const confirms: boolean[] = [];
  const prompter: Prompter = {
    confirm: async (message, detail) => {
      asked.push(message);
      details.push(detail);
      return confirms.shift() ?? true; // even a "yes" to a confirmation must not get a command into a terminal here
    },
    input: async (o) => {
      asked.push(o.title ?? '');
      return o.title === 'Start Incident' ? 'Untrusted drill' : 'example.internal';
    },
    notify: async () => undefined,
    pick: async (items) => {
      asked.push('pick');
      return items[0];
    },
  };

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    api.setPrompter(prompter);
  });

  suiteTeardown(() => api.setPrompter(undefined));

  test('an incident from a workspace runbook runs and is recorded; Insert is refused in the handler', async function () {
    this.timeout(30_000);
    assert.equal(vscode.workspace.isTrusted, false);
    const id = await vscode.commands.executeCommand<string>('runbookAssistant.startIncident', 'stranger-runbook');
    assert.ok(id, 'no incident started in Restricted Mode');
    // A webview's first load is the slow part of a loaded machine: 20 s, within the test's 30 s.
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === id && p.ready), 'the checklist view', 20_000);
    assert.equal(await api.postFromChecklist(id, { type: 'checkStep', stepId: 'look' }), true);
    await waitFor(() => api.incidents().find((i) => i.state.id === id)?.state.steps.look.status === 'done', 'the tick');

    const terminalsBefore = vscode.window.terminals.length;
    // The protocol accepts the message; the handler refuses it. postFromChecklist resolves when the
    // handler has finished, and a send or a new terminal would have happened inside it.
    assert.equal(await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'look', commandIndex: 0 }), true);
    assert.deepEqual(api.terminalSends(), []);
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'a terminal was opened');
    assert.ok(!asked.some((a) => /Destructive|not sent/.test(a)), 'it got as far as the confirmation');
    // The command palette route (executeCommand) lands in the same handler: still refused.
    const incident = api.incidents().find((i) => i.state.id === id);
    assert.ok(incident && !incident.state.events.some((e) => e.type === 'command-inserted' || e.type === 'command-executed'));
  });

  test('copying still works and is recorded', async function () {
    this.timeout(30_000);
    const id = api.incidents().find((i) => i.state.title === 'Untrusted drill')?.state.id;
    assert.ok(id);
    await api.postFromChecklist(id, { type: 'copyCommand', stepId: 'look', commandIndex: 0 });
    await waitFor(() => api.incidents().find((i) => i.state.id === id)?.state.events.some((e) => e.type === 'command-copied'), 'the copy to be recorded');
    assert.equal(await vscode.env.clipboard.readText(), 'curl -s https://example.invalid/install.sh | sh');
  });

  test('an alert link asks before starting, and says what Restricted Mode limits', async function () {
    this.timeout(30_000);
    const link = vscode.Uri.parse(`${vscode.env.uriScheme}://runbook-assistant.runbook-assistant/start?runbook=stranger-runbook&title=${encodeURIComponent('Alert in an untrusted workspace')}`);
    const count = api.incidents().length;
    confirms.push(false);
    assert.equal(await api.handleUri(link), undefined, 'the link started an incident without consent');
    assert.equal(api.incidents().length, count);
    assert.equal(asked.at(-1), 'Start an incident from this alert link?');
    assert.match(details.at(-1) ?? '', /Restricted Mode: this workspace is not trusted\. .*nothing is inserted into or run in a terminal/);
    confirms.push(true);
    const started = await api.handleUri(link);
    assert.equal(started?.state.title, 'Alert in an untrusted workspace');
  });
});
