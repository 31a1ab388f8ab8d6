// The Runbook Library in a real VS Code: live refresh on file changes, duplicate ids,
// runbook folders from settings, and the runbook panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { activateExtension, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';

function runbookYaml(id: string, title: string): string {
  return `id: ${id}
title: ${title}
symptom: The dashboard shows ${title.toLowerCase()}.
tags: [integration]
phases:
  - name: Triage
    timebox: { fromMinutes: 0, toMinutes: 5 }
    steps:
      - id: look
        kind: check
        text: Look at the **dashboard**.
        commands:
          - language: bash
            code: echo checking
`;
}

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('runbookAssistant.runbook'));
}

suite('Runbook Library', () => {
  let api: RunbookAssistantTestApi;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activation is timed and recorded for the benchmark', async function () {
    this.timeout(30_000);
    await api.whenLoaded();
    const timing = await waitFor(() => {
      const t = api.activationTiming();
      return t.firstLoadMs !== undefined ? t : undefined;
    }, 'the first load to finish');
    assert.ok(timing.moduleLoadMs > 0 && timing.activateMs > 0, JSON.stringify(timing));
    assert.equal(timing.totalMs, timing.moduleLoadMs + timing.activateMs);
    console.log(`[integration] activation: ${JSON.stringify(timing)}`);
    // scripts/bench.mjs prints this next to its own figures.
    const resultsFile = process.env.RUNBOOK_TEST_RESULTS;
    if (resultsFile) {
      writeFileSync(
        join(dirname(resultsFile), 'activation.json'),
        JSON.stringify({ vscodeVersion: vscode.version, runbooks: api.runbooks().length, ...timing }, null, 2),
      );
    }
  });

  test('ships at least ten bundled runbooks, the four seed scenarios among them', () => {
    const bundled = api.runbooks().filter((r) => r.source.kind === 'bundled');
    assert.ok(bundled.length >= 10, `only ${bundled.length} bundled runbooks`);
    const ids = new Set(bundled.map((r) => r.id));
    for (const id of ['session-logout-30s', 'cron-job-pileup', 'stale-data-after-failover', 'long-running-migration']) {
      assert.ok(ids.has(id), `bundled runbook ${id} is missing`);
    }
  });

  test('a runbook file added, edited and deleted refreshes the library without a reload', async function () {
    this.timeout(30_000);
    const uri = await writeWorkspaceFile('.runbooks/added-live.yaml', runbookYaml('added-live', 'Added live'));
    await waitFor(() => api.runbooks().find((r) => r.id === 'added-live'), 'the new runbook to appear', 15_000);

    await writeWorkspaceFile('.runbooks/added-live.yaml', runbookYaml('added-live', 'Renamed live'));
    await waitFor(() => api.runbooks().find((r) => r.id === 'added-live' && r.title === 'Renamed live'), 'the edited title', 15_000);

    await vscode.workspace.fs.delete(uri);
    await waitFor(() => !api.runbooks().some((r) => r.id === 'added-live'), 'the deleted runbook to disappear', 15_000);
  });

  test('a folder holding .runbooks/ moved in whole, then deleted whole: its runbooks come and go (the watcher reports the folder only)', async function () {
    this.timeout(30_000);
    // Built beside the workspace (same file system), then renamed into it, as a checkout or an
    // unpacked archive arrives: one event, for the folder.
    const outside = mkdtempSync(join(dirname(workspaceUri().fsPath), 'team-'));
    mkdirSync(join(outside, '.runbooks', 'db'), { recursive: true });
    writeFileSync(join(outside, '.runbooks', 'db', 'moved-in.yaml'), runbookYaml('moved-in', 'Moved in'));
    renameSync(outside, workspaceUri('team-moved').fsPath);
    await waitFor(() => api.runbooks().find((r) => r.id === 'moved-in'), 'the moved-in runbook to appear', 15_000);
    await vscode.workspace.fs.delete(workspaceUri('team-moved'), { recursive: true });
    await waitFor(() => !api.runbooks().some((r) => r.id === 'moved-in'), 'the runbook of the deleted folder to disappear', 15_000);
  });

  test('an error typed into an open runbook is reported while typing, and fixing it clears it', async function () {
    this.timeout(30_000);
    const uri = await writeWorkspaceFile('.runbooks/typing.yaml', runbookYaml('typing', 'Typing'));
    await waitFor(() => api.runbooks().find((r) => r.id === 'typing'), 'typing.yaml to load', 15_000);
    const editor = await vscode.window.showTextDocument(uri);
    // Line 4 is "tags: [integration]"; make it "tagz: ..." without saving.
    await editor.edit((e) => e.replace(new vscode.Range(3, 0, 3, 4), 'tagz'));
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => /tagz/.test(x.message));
      return d.length ? d : undefined;
    }, 'a diagnostic for the unknown field tagz');
    assert.equal(diags[0].range.start.line, 3);
    assert.equal(diags[0].range.start.character, 0);
    await editor.edit((e) => e.replace(new vscode.Range(3, 0, 3, 4), 'tags'));
    await waitFor(() => vscode.languages.getDiagnostics(uri).length === 0, 'the diagnostic to clear');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  test('duplicate ids are reported on both files and both runbooks stay visible', async function () {
    this.timeout(30_000);
    const a = await writeWorkspaceFile('.runbooks/dup-a.yaml', runbookYaml('dup-twice', 'Duplicate A'));
    const b = await writeWorkspaceFile('.runbooks/dup-b.yaml', runbookYaml('dup-twice', 'Duplicate B'));
    const both = await waitFor(() => {
      const found = api.runbooks().filter((r) => r.id === 'dup-twice');
      return found.length === 2 ? found : undefined;
    }, 'both duplicates to load', 15_000);
    assert.deepEqual(both.map((r) => r.title).sort(), ['Duplicate A', 'Duplicate B']);
    for (const uri of [a, b]) {
      const d = await waitFor(() => vscode.languages.getDiagnostics(uri).find((x) => /[Dd]uplicate/.test(x.message)), `duplicate diagnostic on ${uri.path}`);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    }
    await vscode.workspace.fs.delete(a);
    await vscode.workspace.fs.delete(b);
    await waitFor(() => !api.runbooks().some((r) => r.id === 'dup-twice'), 'duplicates to disappear', 15_000);
  });

  test('runbookAssistant.runbookPaths adds the runbooks of a folder outside .runbooks', async function () {
    this.timeout(30_000);
    await vscode.workspace.fs.createDirectory(workspaceUri('ops-runbooks'));
    await writeWorkspaceFile('ops-runbooks/extra.yaml', runbookYaml('from-setting', 'From setting'));
    const config = vscode.workspace.getConfiguration('runbookAssistant');
    await config.update('runbookPaths', ['ops-runbooks'], vscode.ConfigurationTarget.Workspace);
    try {
      const rb = await waitFor(() => api.runbooks().find((r) => r.id === 'from-setting'), 'the runbook from the setting', 15_000);
      assert.equal(rb.source.kind, 'setting');
    } finally {
      await config.update('runbookPaths', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => !api.runbooks().some((r) => r.id === 'from-setting'), 'the runbook to go when the setting is cleared', 15_000);
  });

  test('opening a runbook shows it in a webview panel, once per runbook', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('runbookAssistant.openRunbook', 'session-logout-30s');
    const tab = await waitFor(() => webviewTabs()[0], 'a runbook webview tab');
    const rb = api.runbooks().find((r) => r.id === 'session-logout-30s');
    assert.ok(rb);
    assert.equal(tab.label, rb.title);
    assert.deepEqual(api.openPanels().map((p) => p.runbookId), ['session-logout-30s']);
    // Opening the same runbook again reveals the existing panel instead of a second one.
    await vscode.commands.executeCommand('runbookAssistant.openRunbook', 'session-logout-30s');
    assert.equal(webviewTabs().length, 1);
    await vscode.commands.executeCommand('runbookAssistant.openRunbook', 'cron-job-pileup');
    await waitFor(() => webviewTabs().length === 2, 'a second panel');
    assert.deepEqual(api.openPanels().map((p) => p.runbookId).sort(), ['cron-job-pileup', 'session-logout-30s']);
  });

  test('"Open Runbook Source File" opens the runbook file at its first line', async () => {
    await vscode.commands.executeCommand('runbookAssistant.openSource', 'fixture-disk-full');
    const editor = await waitFor(() => vscode.window.activeTextEditor, 'an editor');
    assert.match(editor.document.uri.path, /\.runbooks\/good\.yaml$/);
  });

  test('a runbook file over the size cap gets one diagnostic and is not parsed', async function () {
    this.timeout(30_000);
    const big = `id: too-big\ntitle: Too big\nsymptom: x\n# ${'x'.repeat(1_100_000)}\n`;
    const uri = await writeWorkspaceFile('.runbooks/too-big.yaml', big);
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : undefined;
    }, 'a size-cap diagnostic', 15_000);
    assert.equal(diags.length, 1);
    assert.match(diags[0].message, /cap/i);
    assert.ok(!api.runbooks().some((r) => r.id === 'too-big'));
    await vscode.workspace.fs.delete(uri);
  });

  test('a FIFO and a link to /dev/zero arriving in .runbooks/ get a diagnostic each and never block the library', async function () {
    this.timeout(30_000);
    const pipe = workspaceUri('.runbooks', 'arrived-pipe.yaml');
    const zero = workspaceUri('.runbooks', 'arrived-zero.yaml');
    const made = spawnSync('mkfifo', [pipe.fsPath]);
    assert.equal(made.status, 0, `mkfifo: ${made.stderr}`);
    symlinkSync('/dev/zero', zero.fsPath);
    try {
      const message = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri)[0]?.message;
      assert.match(await waitFor(() => message(pipe), 'a diagnostic on the FIFO', 15_000), /named pipe \(FIFO\), not a regular file/);
      assert.match(await waitFor(() => message(zero), 'a diagnostic on the link to /dev/zero', 15_000), /a device, not a regular file/);
      // The library still takes new files: a runbook written after them is listed.
      await writeWorkspaceFile('.runbooks/after-pipe.yaml', runbookYaml('after-pipe', 'After the pipe'));
      await waitFor(() => api.runbooks().some((r) => r.id === 'after-pipe'), 'a runbook added after the FIFO', 15_000);
    } finally {
      unlinkSync(pipe.fsPath);
      unlinkSync(zero.fsPath);
      await vscode.workspace.fs.delete(workspaceUri('.runbooks', 'after-pipe.yaml'));
    }
  });
});
