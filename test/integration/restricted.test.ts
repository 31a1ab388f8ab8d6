// Restricted Mode: run by scripts/run-integration.mjs in a second pass, on
// test/fixtures/restricted-workspace opened WITHOUT workspace trust (index.ts loads only this
// file when RUNBOOK_TEST_TRUST=untrusted, and every other file otherwise).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { mkdtempSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activateExtension, imgSources, waitFor, workspaceUri } from './helpers';

suite('Restricted Mode', () => {
  let api: RunbookAssistantTestApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
  });

  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('workspace runbooks still load, to be read', () => {
    const rb = api.runbooks().find((r) => r.id === 'stranger-runbook');
    assert.ok(rb, 'the workspace runbook did not load');
    assert.equal(rb.source.kind, 'workspace');
    assert.ok(api.runbooks().some((r) => r.source.kind === 'bundled'));
  });

  test('a link in .runbooks/ to a file outside the workspace is not read, and says why', async function () {
    this.timeout(30_000);
    const outside = join(mkdtempSync(join(tmpdir(), 'runbook-outside-')), 'secret.yaml');
    writeFileSync(outside, 'id: outside-secret\ntitle: Read from outside the workspace\nsymptom: x\nphases: []\n');
    const link = workspaceUri('.runbooks', 'outside-link.yaml');
    symlinkSync(outside, link.fsPath);
    try {
      const message = await waitFor(() => vscode.languages.getDiagnostics(link)[0]?.message, 'a diagnostic on the link', 15_000);
      assert.match(message, /Not read in Restricted Mode: it is a link to a file outside the workspace/);
      assert.ok(!api.runbooks().some((r) => r.id === 'outside-secret'), 'the outside file was read');
      assert.ok(!api.problems().some((p) => p.message.includes('outside-secret')), 'its content reached a problem');
    } finally {
      unlinkSync(link.fsPath);
    }
  });

  test('runbook folders named in workspace settings are not read', () => {
    // .vscode/settings.json names ops-runbooks/; the setting is restricted, so VS Code hides it.
    assert.ok(!api.runbooks().some((r) => r.id === 'restricted-from-setting'));
  });

  test('a workspace runbook opens read-only, with the Restricted Mode banner state', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('runbookAssistant.openRunbook', 'stranger-runbook');
    const panel = await waitFor(() => api.openPanels().find((p) => p.runbookId === 'stranger-runbook' && p.restricted !== undefined), 'the panel to render');
    assert.equal(panel.restricted, true);
    await vscode.commands.executeCommand('runbookAssistant.openRunbook', 'session-logout-30s');
    const bundled = await waitFor(() => api.openPanels().find((p) => p.runbookId === 'session-logout-30s' && p.restricted !== undefined), 'the bundled panel to render');
    assert.equal(bundled.restricted, false, 'bundled runbooks come with the extension and are not restricted');
  });

  test('remote images stay blocked in Restricted Mode, whatever the settings say', async function () {
    this.timeout(30_000);
    // The workspace's settings turn them on (ignored: the setting is restricted); so does the user's.
    const config = vscode.workspace.getConfiguration('runbookAssistant.render');
    await config.update('allowRemoteImages', true, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor(() => api.openPanels().length === 0, 'the runbook views to close');
      await vscode.commands.executeCommand('runbookAssistant.openRunbook', 'stranger-runbook');
      const panel = await waitFor(() => api.openPanels().find((p) => p.runbookId === 'stranger-runbook'), 'the panel');
      const sources = imgSources(panel.csp);
      assert.ok(sources.includes('data:'), panel.csp);
      assert.ok(!sources.includes('https:'), `remote images allowed in Restricted Mode: ${panel.csp}`);
    } finally {
      await config.update('allowRemoteImages', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
