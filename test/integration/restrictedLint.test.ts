// Restricted Mode (second pass, untrusted workspace): the risky-config linter only reads text, so
// it keeps working; its quick fixes are plain edits and stay available.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceUri } from './helpers';

suite('Restricted Mode: risky-config lint', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activateExtension();
  });

  test('an untrusted workspace still gets lint diagnostics and the quick fix', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const uri = workspaceUri('config', 'application.properties');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const d = await waitFor(
      () => vscode.languages.getDiagnostics(uri).find((x) => x.source === 'runbook-lint' && typeof x.code === 'object' && x.code.value === 'duration-without-unit'),
      'the duration-without-unit diagnostic',
      15_000,
    );
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range)) ?? [];
    assert.ok(actions.some((a) => a.isPreferred && /30m/.test(a.title)), `no preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
