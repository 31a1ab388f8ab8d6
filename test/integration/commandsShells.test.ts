// The same promise in every shell a responder may have: dash (no bracketed paste, no shell
// integration), zsh and fish. A block of several lines and a block ending in a line of spaces are
// typed without running; Enter runs them; a hostile placeholder value typed into the shell stays
// one literal word, quoted for that shell. .ci/run installs zsh and fish; on a machine without
// one of them its suite is skipped, with the reason.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { activateExtension, waitFor, writeWorkspaceFile } from './helpers';
import { ScriptedPrompter } from './scriptedPrompter';

const RUNBOOK_ID = 'shells-drill';

const RUNBOOK_YAML = `id: ${RUNBOOK_ID}
title: Shells drill
symptom: The same command in every shell.
variables:
  - name: dir
    description: Scratch folder of the test
  - name: value
    description: Any text
phases:
  - name: Triage
    steps:
      - id: two-lines
        text: Two lines.
        commands:
          - language: bash
            code: |-
              touch {{dir}}/one
              touch {{dir}}/two
      - id: trailing-blank
        text: Ends with a line of spaces.
        commands:
          - language: bash
            code: "touch {{dir}}/trailing\\n  \\n"
      - id: hostile-value
        text: A value that looks like shell.
        commands:
          - language: bash
            code: printf '%s' {{value}} > {{dir}}/value.txt
`;

const SHELLS = [
  { path: '/bin/dash', name: 'dash' },
  { path: '/usr/bin/zsh', name: 'zsh' },
  { path: '/usr/bin/fish', name: 'fish' },
];

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('Commands in dash, zsh and fish', () => {
  let api: RunbookAssistantTestApi;
  let runbookFile: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    runbookFile = await writeWorkspaceFile(`.runbooks/${RUNBOOK_ID}.yaml`, RUNBOOK_YAML);
    await waitFor(() => api.runbooks().some((r) => r.id === RUNBOOK_ID), 'the shells drill to load');
    await api.whenIncidentsLoaded();
  });

  suiteTeardown(async () => {
    api.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(runbookFile);
  });

  for (const shell of SHELLS) {
    test(`${shell.name}: blocks are typed, not run; Enter runs them; a hostile value stays literal`, async function () {
      if (!existsSync(shell.path)) {
        if (process.env.CI) assert.fail(`${shell.path} is missing: .ci/run installs it`);
        // Skipped only off CI, on a machine without this shell (Debian's zsh/fish packages not installed).
        this.skip();
      }
      this.timeout(90_000);
      const scratch = mkdtempSync(join(tmpdir(), `rb-${shell.name}-`));
      const terminal = vscode.window.createTerminal({ name: `drill-${shell.name}`, shellPath: shell.path, env: { HISTFILE: '/dev/null', fish_history: '' } });
      try {
        terminal.show();
        await terminal.processId;
        // dash has no shell integration; zsh and fish report theirs. Either way, wait for the prompt.
        await waitFor(() => terminal.shellIntegration || shell.name === 'dash', `${shell.name} to report shell integration`, 20_000).catch(() => undefined);
        await pause(1500);
        console.log(`# ${shell.name}: shell integration ${terminal.shellIntegration ? 'on' : 'off'}, VS Code reads the shell as ${terminal.state.shell ?? 'unknown'}`);
        const prompter = new ScriptedPrompter();
        api.setPrompter(prompter);
        prompter.inputs.push(`Drill: ${shell.name}`);
        const incidentId = (await vscode.commands.executeCommand<string | undefined>('runbookAssistant.startIncident', RUNBOOK_ID)) as string;
        await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === incidentId && p.ready), 'the checklist view');
        prompter.picks.push(`drill-${shell.name}`);
        prompter.inputs.push(scratch);

        await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'two-lines', commandIndex: 0 });
        const send = await waitFor(() => api.terminalSends().find((s) => s.incidentId === incidentId && s.stepId === 'two-lines'), 'the insert');
        assert.equal(send.terminal, `drill-${shell.name}`);
        assert.equal(send.mechanism, 'script');
        await pause(1500);
        assert.ok(!existsSync(join(scratch, 'one')), `${shell.name} ran a line before Enter`);
        terminal.sendText('', true);
        await waitFor(() => existsSync(join(scratch, 'two')), `Enter to run the block in ${shell.name}`);

        await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'trailing-blank', commandIndex: 0 });
        await waitFor(() => api.terminalSends().find((s) => s.incidentId === incidentId && s.stepId === 'trailing-blank'), 'the insert');
        await pause(1500);
        assert.ok(!existsSync(join(scratch, 'trailing')), `${shell.name} ran a command ending in a blank line without Enter`);
        terminal.sendText('', true);
        await waitFor(() => existsSync(join(scratch, 'trailing')), `Enter to run it in ${shell.name}`);

        const marker = join(scratch, 'pwned');
        const hostile = `$(touch ${marker}) \`touch ${marker}\` ; touch ${marker} 'q" \\$HOME !x (y) {z} *`;
        prompter.inputs.push(hostile);
        await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'hostile-value', commandIndex: 0 });
        const typed = await waitFor(() => api.terminalSends().find((s) => s.incidentId === incidentId && s.stepId === 'hostile-value'), 'the insert');
        terminal.sendText('', true);
        const file = join(scratch, 'value.txt');
        await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').length > 0, `the command to run in ${shell.name}: ${typed.text}`);
        await pause(300);
        assert.equal(readFileSync(file, 'utf8'), hostile, `${shell.name} did not get the value as one literal word: ${typed.text}`);
        assert.ok(!existsSync(marker), `the value ran as ${shell.name} code`);
      } finally {
        terminal.dispose();
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  }
});
