// Evidence from the workspace: the background lint of every workspace file, its findings placed at
// the runbook steps their rules link to, following the files as they are written, edited and
// deleted, and opened at the line from the checklist. Files of its own under evidence/, so the
// other suites' edits of config/ do not matter here.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunbookEvidence } from '../../src/core/lint/findingsByStep';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { activateExtension, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';
import { ScriptedPrompter } from './scriptedPrompter';

const SESSION = 'session-logout-30s';
const AT_STEP = 'check-app-session-config';

suite('Evidence from the workspace', () => {
  let api: RunbookAssistantTestApi;
  let stepIds: string[];

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    const rb = api.runbooks().find((r) => r.id === SESSION);
    assert.ok(rb, 'the bundled session runbook is not loaded');
    stepIds = rb.phases.flatMap((p) => p.steps.map((s) => s.id));
  });

  suiteTeardown(async () => {
    api.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri('evidence'), { recursive: true }).then(undefined, () => undefined);
  });

  async function evidence(): Promise<RunbookEvidence> {
    return (await api.workspaceEvidence(SESSION, stepIds)).evidence;
  }

  /** Polls the scan's findings at the step until `probe` holds. */
  async function waitForEvidence(probe: (lines: string[]) => boolean, what: string): Promise<string[]> {
    const deadline = Date.now() + 15_000;
    let lines: string[] = [];
    while (Date.now() < deadline) {
      lines = ((await evidence()).byStep[AT_STEP] ?? []).filter((e) => e.file.startsWith('evidence/')).map((e) => `${e.file}:${e.line} ${e.text}`);
      if (probe(lines)) return lines;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`timed out waiting for ${what}; the step shows ${JSON.stringify(lines)}`);
  }

  test('a file written on disk is linted in the background and its finding shows at the step its rule links to', async function () {
    this.timeout(30_000);
    await writeWorkspaceFile('evidence/application.properties', '# evidence fixture\nspring.application.name=evidence\nserver.servlet.session.timeout=30\n');
    const lines = await waitForEvidence((l) => l.length === 1, 'the written file at the session step');
    assert.deepEqual(lines, ['evidence/application.properties:3 server.servlet.session.timeout=30']);
    const at = (await evidence()).byStep[AT_STEP].find((e) => e.file === 'evidence/application.properties');
    assert.equal(at?.ruleId, 'duration-without-unit');
    assert.match(at?.message ?? '', /30 seconds/);
    // The fixture's migration links to another runbook, never to this one.
    assert.ok(!(await evidence()).general.some((e) => e.file.endsWith('.sql')));
  });

  test('an open document counts with its unsaved edits; a fixed value takes the finding away', async function () {
    this.timeout(30_000);
    const uri = await writeWorkspaceFile('evidence/application-dev.properties', 'server.servlet.session.timeout=45\n');
    await waitForEvidence((l) => l.some((x) => x.startsWith('evidence/application-dev.properties:1')), 'the dev file');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# moved down a line\n'));
    await waitForEvidence((l) => l.some((x) => x === 'evidence/application-dev.properties:2 server.servlet.session.timeout=45'), 'the unsaved edit to move the finding');
    await editor.edit((e) => e.replace(new vscode.Range(1, 31, 1, 33), '30m'));
    await waitForEvidence((l) => !l.some((x) => x.startsWith('evidence/application-dev.properties')), 'the fixed value to clear the finding');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitForEvidence((l) => l.some((x) => x === 'evidence/application-dev.properties:1 server.servlet.session.timeout=45'), 'the file on disk again after closing unsaved');
  });

  test('a deleted file and a deleted folder take their findings with them', async function () {
    this.timeout(30_000);
    await writeWorkspaceFile('evidence/nested/deep/application.properties', 'server.servlet.session.timeout=20\n');
    await waitForEvidence((l) => l.some((x) => x.startsWith('evidence/nested/deep/')), 'the nested file');
    await vscode.workspace.fs.delete(workspaceUri('evidence', 'nested'), { recursive: true });
    await waitForEvidence((l) => !l.some((x) => x.startsWith('evidence/nested/')), 'the deleted folder to clear');
    await vscode.workspace.fs.delete(workspaceUri('evidence', 'application-dev.properties'));
    await waitForEvidence((l) => l.length === 1, 'the deleted file to clear');
  });

  test('a folder moved in whole (a checkout, an unpacked archive) has its files linted: the watcher reports only the folder', async function () {
    this.timeout(30_000);
    // Built beside the workspace (same file system), then renamed into it: one event, for the folder.
    const outside = mkdtempSync(path.join(path.dirname(workspaceUri().fsPath), 'moved-in-'));
    mkdirSync(path.join(outside, 'config', 'prod'), { recursive: true });
    writeFileSync(path.join(outside, 'config', 'prod', 'application.properties'), 'server.servlet.session.timeout=25\n');
    renameSync(outside, workspaceUri('evidence', 'moved').fsPath);
    await waitForEvidence((l) => l.includes('evidence/moved/config/prod/application.properties:1 server.servlet.session.timeout=25'), 'the moved folder\'s file');
    await vscode.workspace.fs.delete(workspaceUri('evidence', 'moved'), { recursive: true });
    await waitForEvidence((l) => !l.some((x) => x.startsWith('evidence/moved/')), 'the moved folder to clear');
  });

  test('files in skipped folders (node_modules, dot-folders, .runbooks) are not evidence', async function () {
    this.timeout(30_000);
    await writeWorkspaceFile('evidence/node_modules/pkg/application.properties', 'server.servlet.session.timeout=10\n');
    await writeWorkspaceFile('evidence/.cache/application.properties', 'server.servlet.session.timeout=10\n');
    // Runbooks quote bad config on purpose.
    await writeWorkspaceFile('evidence/.runbooks/application.properties', 'server.servlet.session.timeout=10\n');
    await writeWorkspaceFile('evidence/application-late.properties', 'server.servlet.session.timeout=15\n');
    const lines = await waitForEvidence((l) => l.some((x) => x.startsWith('evidence/application-late')), 'the late file');
    assert.ok(!lines.some((x) => /node_modules|\.cache|\.runbooks/.test(x)), JSON.stringify(lines));
  });

  test('the checklist opens a finding at its line, and refuses a key it does not show', async function () {
    this.timeout(30_000);
    const prompter = new ScriptedPrompter();
    api.setPrompter(prompter);
    prompter.inputs.push('Evidence: logouts');
    const id = await vscode.commands.executeCommand<string | undefined>('runbookAssistant.startIncident', SESSION);
    assert.ok(id);
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === id && p.ready), 'the checklist to be ready');
    const at = (await evidence()).byStep[AT_STEP].find((e) => e.file === 'evidence/application.properties');
    assert.ok(at);
    assert.equal(await api.postFromChecklist(id, { type: 'openEvidence', key: at.key }), true);
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('/evidence/application.properties')), 'the file to open');
    assert.equal(editor.selection.active.line, 2);
    assert.equal(await api.postFromChecklist(id, { type: 'openEvidence', key: 'ev-0000000000000000' }), true);
    assert.equal(await api.postFromChecklist(id, { type: 'openEvidence', key: 'not a key' }), false);
  });

  test('a burst of 5,001 new files becomes one scan, which stops at 5,000 files and says so; deleting them lifts the note', async function () {
    this.timeout(180_000);
    const dir = workspaceUri('evidence-many').fsPath;
    mkdirSync(dir);
    for (let i = 0; i <= 5000; i++) writeFileSync(path.join(dir, `f${String(i).padStart(5, '0')}.properties`), 'a=1\n');
    const status = async (): Promise<string | undefined> => (await api.workspaceEvidence(SESSION, stepIds)).status.truncated;
    const deadline = Date.now() + 150_000;
    while (!(await status()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    assert.equal(await status(), 'stopped after 5,000 files');
    // Walked in name order: what comes before the cut (evidence/ before evidence-many/) is still there.
    assert.ok((await evidence()).byStep[AT_STEP].some((e) => e.file === 'evidence/application.properties'));
    rmSync(dir, { recursive: true });
    const until = Date.now() + 60_000;
    while ((await status()) && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
    assert.equal(await status(), undefined);
  });
});
