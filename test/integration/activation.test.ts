// Activation: the extension loads in a real VS Code, registers its commands, finds the bundled
// runbooks and the fixture workspace's runbooks, and reports the known error in broken.yaml.
// The workspace is a temporary copy of test/fixtures/workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { EXTENSION_ID, activateExtension, waitFor, workspaceUri } from './helpers';

suite('Activation', () => {
  let api: RunbookAssistantTestApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    console.log(`[integration] vscode.version = ${vscode.version}`);
    api = await activateExtension();
  });

  test('the extension is installed and active', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    assert.equal(ext.isActive, true);
    assert.equal(ext.packageJSON.name, 'runbook-assistant');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });

  test('its commands are registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const expected = [
      'runbookAssistant.refresh',
      'runbookAssistant.filter',
      'runbookAssistant.findForAlert',
      'runbookAssistant.openRunbook',
      'runbookAssistant.openSource',
      'runbookAssistant.newRunbook',
    ];
    const missing = expected.filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  test('the bundled runbooks are loaded', () => {
    const bundled = api.runbooks().filter((r) => r.source.kind === 'bundled');
    assert.ok(bundled.length > 0, 'no bundled runbook was loaded');
    for (const rb of bundled) {
      assert.ok(rb.id && rb.title, `bundled runbook without id/title in ${rb.source.file}`);
      assert.ok(rb.phases.length > 0, `bundled runbook ${rb.id} has no phase`);
    }
    const bundledProblems = api.problems().filter((p) => bundled.some((r) => r.source.file === p.file) && p.severity === 'error');
    assert.deepEqual(bundledProblems, [], 'bundled runbooks have errors');
  });

  test('the workspace runbook from .runbooks/good.yaml is loaded', () => {
    const rb = api.runbooks().find((r) => r.id === 'fixture-disk-full');
    assert.ok(rb, `fixture-disk-full not found among ${api.runbooks().map((r) => r.id).join(', ')}`);
    assert.equal(rb.source.kind, 'workspace');
    assert.equal(rb.title, 'Fixture disk is full');
    assert.match(rb.source.file.replace(/\\/g, '/'), /\.runbooks\/good\.yaml$/);
    assert.deepEqual(
      rb.phases.map((p) => p.name),
      ['Triage', 'Fix'],
    );
    assert.deepEqual(rb.phases[0].timebox, { fromMinutes: 0, toMinutes: 10 });
    assert.equal(rb.phases[0].steps[0].commands[0].code, 'df -h');
  });

  test('good.yaml has no diagnostics', async () => {
    // The store publishes every file's diagnostics at once, when a load ends: once broken.yaml
    // has its own, the absence on good.yaml is the finished load's answer.
    await api.whenLoaded();
    await waitFor(() => vscode.languages.getDiagnostics(workspaceUri('.runbooks', 'broken.yaml')).length > 0, 'the diagnostics of the load');
    const diags = vscode.languages.getDiagnostics(workspaceUri('.runbooks', 'good.yaml'));
    assert.deepEqual(
      diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`),
      [],
    );
  });

  test('broken.yaml: the unknown field is reported at line 5, column 1', async () => {
    const uri = workspaceUri('.runbooks', 'broken.yaml');
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    }, `diagnostics for ${uri.toString()}`);
    const owner = diags.find((d) => /owner/.test(d.message));
    assert.ok(owner, `no diagnostic mentions "owner": ${diags.map((d) => d.message).join(' | ')}`);
    assert.equal(owner.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(owner.range.start.line, 4, 'line (0-based)');
    assert.equal(owner.range.start.character, 0, 'column (0-based)');

    // The same problem through the API, 1-based.
    const problem = api.problems().find((p) => p.file.replace(/\\/g, '/').endsWith('.runbooks/broken.yaml') && /owner/.test(p.message));
    assert.ok(problem, 'the API does not report the problem');
    assert.equal(problem.line, 5);
    assert.equal(problem.column, 1);
    assert.equal(problem.severity, 'error');
  });
});
