// Production mode (the launchers' "production" pass): the extension is installed, not under
// development, so VS Code runs it as a user has it. It must export nothing: the test API
// (replacing the destructive-command confirmation, posting messages as if from a checklist)
// exists only in test mode. The other passes check the opposite (helpers.activateExtension).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

suite('Production mode: no test API', () => {
  test('the installed extension activates, works, and exports nothing', async function () {
    this.timeout(30_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    assert.ok(!ext.extensionPath.includes('test-runner-extension'), ext.extensionPath);
    const exported: unknown = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(exported, undefined, 'activate() returned an API in production mode');
    assert.equal(ext.exports, undefined);
    // Activated for real: its commands are there and run.
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const c of ['runbookAssistant.startIncident', 'runbookAssistant.openRunbook', 'runbookAssistant.refresh']) assert.ok(commands.has(c), c);
    await vscode.commands.executeCommand('runbookAssistant.refresh');
  });
});
