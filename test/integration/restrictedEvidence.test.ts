// Restricted Mode (untrusted workspace): the workspace's findings still show at their steps, as the
// editor's lint still runs there (it reads text as data), but a link in the workspace that leads
// outside it is never read, whatever the file behind it says.
import * as assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, workspaceUri } from './helpers';

suite('Restricted Mode: evidence from the workspace', () => {
  test('findings of workspace files show at their step; a link to a file outside the workspace is not read', async function () {
    this.timeout(60_000);
    const api = await activateExtension();
    assert.equal(vscode.workspace.isTrusted, false);
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'runbook-evidence-outside-')), 'application.properties');
    writeFileSync(outside, 'server.servlet.session.timeout=5\n');
    symlinkSync(outside, workspaceUri('config', 'linked-application.properties').fsPath);
    await vscode.workspace.fs.writeFile(workspaceUri('config', 'application-dev.properties'), new TextEncoder().encode('server.servlet.session.timeout=45\n'));
    const rb = api.runbooks().find((r) => r.id === 'session-logout-30s');
    assert.ok(rb);
    const stepIds = rb.phases.flatMap((p) => p.steps.map((s) => s.id));
    const deadline = Date.now() + 20_000;
    let files: string[] = [];
    for (;;) {
      const { evidence, status } = await api.workspaceEvidence(rb.id, stepIds);
      assert.equal(status.off, false);
      files = (evidence.byStep['check-app-session-config'] ?? []).map((e) => `${e.file}:${e.line}`).sort();
      if (files.includes('config/application-dev.properties:1') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Both workspace files; the link, which the scan met as well, never read.
    assert.deepEqual(files, ['config/application-dev.properties:1', 'config/application.properties:1']);
  });
});
