// Commands during an incident, in a real bash with VS Code's shell integration: blocks of several
// lines and blocks ending in a whitespace line are typed and NOT run (the file system says so),
// a hostile placeholder value stays literal, destructive commands (detected or declared) ask
// first, and a command the responder runs lands in the record with its exit code and output.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { activateExtension, waitFor, writeWorkspaceFile } from './helpers';
import { ScriptedPrompter } from './scriptedPrompter';

const RUNBOOK_ID = 'commands-drill';

// `{{dir}}` is a scratch folder per test run; every command leaves a trace there when it runs.
const RUNBOOK_YAML = `id: ${RUNBOOK_ID}
title: Commands drill
symptom: Commands are typed, never run before Enter.
variables:
  - name: dir
    description: Scratch folder of the test
    example: /tmp/x
  - name: value
    description: Any text; it must reach the command as one literal word
    example: hello world
phases:
  - name: Triage
    steps:
      - id: multi-line
        text: Two lines.
        commands:
          - language: bash
            code: |-
              touch {{dir}}/one
              touch {{dir}}/two
      - id: trailing-blank
        text: A command whose block ends with a line of spaces.
        commands:
          - language: bash
            code: "touch {{dir}}/trailing\\n "
      - id: hostile-value
        text: A placeholder value that looks like shell.
        commands:
          - language: bash
            code: printf '%s' {{value}} > {{dir}}/value.txt
      - id: undeclared-destructive
        text: Remove the scratch copy.
        commands:
          - language: bash
            code: rm -rf {{dir}}/victim
      - id: declared-destructive
        text: The author says this one is destructive.
        commands:
          - language: bash
            code: echo purge > {{dir}}/declared
            destructive: true
            risk: Purges the drill queue for every consumer.
      - id: fails
        text: A command that prints and fails.
        commands:
          - language: bash
            code: sleep 0.3; echo out-$((6*7)); ls {{dir}}/nope
      - id: query
        text: A query, for psql.
        commands:
          - language: sql
            code: SELECT count(*) FROM sessions WHERE user_id = '{{value}}';
`;

suite('Commands in a real bash terminal', () => {
  let api: RunbookAssistantTestApi;
  let prompter: ScriptedPrompter;
  let runbookFile: vscode.Uri;
  let scratch: string;
  let terminal: vscode.Terminal;
  let incidentId: string;

  const incident = () => api.incidents().find((i) => i.state.id === incidentId);
  const recordText = (): string => readFileSync((incident()?.uri as vscode.Uri).fsPath, 'utf8');
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    scratch = mkdtempSync(join(tmpdir(), 'rb-commands-'));
    runbookFile = await writeWorkspaceFile(`.runbooks/${RUNBOOK_ID}.yaml`, RUNBOOK_YAML);
    await waitFor(() => api.runbooks().some((r) => r.id === RUNBOOK_ID), 'the commands drill to load');
    await api.whenIncidentsLoaded();
    for (const t of vscode.window.terminals) t.dispose();
    // A real bash; VS Code injects its shell integration script.
    terminal = vscode.window.createTerminal({ name: 'drill-bash', shellPath: '/bin/bash', env: { HISTFILE: '/dev/null' } });
    terminal.show();
    await waitFor(() => terminal.shellIntegration, 'bash to report shell integration', 20_000);
    prompter = new ScriptedPrompter();
    api.setPrompter(prompter);
    prompter.inputs.push('Drill: commands');
    incidentId = (await vscode.commands.executeCommand<string | undefined>('runbookAssistant.startIncident', RUNBOOK_ID)) as string;
    assert.ok(incidentId, 'no incident started');
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === incidentId && p.ready), 'the checklist view');
    // The first Insert asks which terminal; the scratch folder is asked once for the incident.
    prompter.picks.push('drill-bash');
    prompter.inputs.push(scratch);
  });

  suiteTeardown(async () => {
    api.setPrompter(undefined);
    terminal?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(runbookFile);
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a block of several lines is typed as one line that runs its script, and nothing runs before Enter', async function () {
    this.timeout(30_000);
    await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'multi-line', commandIndex: 0 });
    const send = await waitFor(() => api.terminalSends().find((s) => s.stepId === 'multi-line'), 'the insert');
    assert.ok(prompter.asked.some((a) => a.kind === 'pick' && a.items?.some((i) => i.includes('drill-bash'))), JSON.stringify(prompter.asked));
    assert.equal(send.terminal, 'drill-bash');
    assert.equal(send.mechanism, 'script');
    assert.equal(send.executed, false);
    assert.equal(readFileSync(send.scriptPath as string, 'utf8'), `touch ${scratch}/one\ntouch ${scratch}/two\n`);
    await pause(1500);
    assert.ok(!existsSync(join(scratch, 'one')) && !existsSync(join(scratch, 'two')), 'a line ran before Enter');

    // Enter runs both lines; shell integration reports the run and it lands in the record, on its step.
    terminal.sendText('', true);
    await waitFor(() => existsSync(join(scratch, 'two')), 'Enter to run the block');
    const run = await waitFor(() => incident()?.state.runs.find((r) => r.stepId === 'multi-line'), 'the run to be recorded', 15_000);
    assert.equal(run.exitCode, 0);
    assert.equal(run.commandIndex, 0);
    assert.equal(run.terminal, 'drill-bash');
    assert.ok(run.commandLine.includes(send.scriptPath as string), run.commandLine);
  });

  test('a block that ends in a line of spaces does not run when it is inserted', async function () {
    this.timeout(30_000);
    await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'trailing-blank', commandIndex: 0 });
    const send = await waitFor(() => api.terminalSends().find((s) => s.stepId === 'trailing-blank'), 'the insert');
    assert.equal(send.text, `touch ${scratch}/trailing`);
    assert.equal(send.mechanism, 'typed');
    await pause(1500);
    assert.ok(!existsSync(join(scratch, 'trailing')), 'the command ran without Enter');
    // Left typed at the prompt: the next insert clears that line first (Ctrl-U), so Enter does not run both as one.
  });

  test('a hostile placeholder value is quoted for the shell and stays literal', async function () {
    this.timeout(30_000);
    const marker = join(scratch, 'pwned');
    const hostile = `$(touch ${marker}) \`touch ${marker}\` ; touch ${marker} 'quote" !x`;
    prompter.inputs.push(hostile);
    await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'hostile-value', commandIndex: 0 });
    await waitFor(() => api.terminalSends().find((s) => s.stepId === 'hostile-value'), 'the insert');
    terminal.sendText('', true);
    await waitFor(() => existsSync(join(scratch, 'value.txt')) && readFileSync(join(scratch, 'value.txt'), 'utf8').length > 0, 'the command to run');
    await pause(300);
    assert.equal(readFileSync(join(scratch, 'value.txt'), 'utf8'), hostile, 'the value did not arrive as one literal word');
    assert.ok(!existsSync(marker), 'the placeholder value ran as shell');
    assert.ok(!existsSync(join(scratch, 'trailing')), 'the line left typed by the previous insert ran too');
  });

  test('an undeclared and a declared destructive command both ask first; declined, nothing is typed', async function () {
    this.timeout(30_000);
    const before = api.terminalSends().length;
    prompter.confirms.push(false, false);
    await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'undeclared-destructive', commandIndex: 0 });
    await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'declared-destructive', commandIndex: 0 });
    const confirms = prompter.asked.filter((a) => a.kind === 'confirm');
    assert.equal(confirms.length, 2, JSON.stringify(prompter.asked));
    assert.match(confirms[0].message, /Destructive/);
    assert.match(confirms[0].message, /rm/);
    assert.match(confirms[0].message, /drill-bash/, 'the confirmation does not name the terminal');
    assert.equal(confirms[0].detail, `rm -rf ${scratch}/victim`);
    assert.match(confirms[1].message, /Purges the drill queue/);
    assert.equal(api.terminalSends().length, before, 'a declined command was typed');
    // Copy puts it on the clipboard, with a warning that names the risk.
    await api.postFromChecklist(incidentId, { type: 'copyCommand', stepId: 'declared-destructive', commandIndex: 0 });
    assert.equal(await vscode.env.clipboard.readText(), `echo purge > ${scratch}/declared`);
    const warned = prompter.asked.find((a) => a.kind === 'notify' && /destructive/i.test(a.message));
    assert.match(warned?.message ?? '', /Purges the drill queue/);
  });

  // The command sleeps before printing: VS Code's output stream holds only what is written after
  // the extension host hears that the command started (execution.read()), which a loaded machine
  // can hear after an instant command has already printed. That limit is the API's, not ours.
  test('a command run from the checklist lands in the record with its exit code and output', async function () {
    this.timeout(30_000);
    await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'fails', commandIndex: 0 });
    await waitFor(() => api.terminalSends().find((s) => s.stepId === 'fails'), 'the insert');
    terminal.sendText('', true);
    const run = await waitFor(() => incident()?.state.runs.find((r) => r.stepId === 'fails'), 'the run to be recorded', 15_000);
    assert.equal(run.exitCode, 2);
    assert.match(run.output ?? '', /out-42/);
    assert.match(run.output ?? '', /No such file or directory/);
    assert.ok(!/\u001b/.test(run.output ?? ''), 'escape sequences were kept');
    assert.ok(run.durationMs >= 0 && run.durationMs < 15_000, String(run.durationMs));
    assert.ok(recordText().includes('"type":"command-ran"'));
    // A command typed by hand in the same terminal is recorded too, on no step.
    terminal.sendText('echo by-hand', true);
    const byHand = await waitFor(() => incident()?.state.runs.find((r) => r.commandLine === 'echo by-hand'), 'the hand-typed run', 15_000);
    assert.equal(byHand.stepId, undefined);
    assert.equal(byHand.exitCode, 0);
  });

  test('a SQL block is not offered to the terminal: Insert refuses, Open in Editor opens it as SQL', async function () {
    this.timeout(30_000);
    const before = api.terminalSends().length;
    await api.postFromChecklist(incidentId, { type: 'insertCommand', stepId: 'query', commandIndex: 0 });
    assert.equal(api.terminalSends().length, before, 'a SQL block was typed into the shell');
    await api.postFromChecklist(incidentId, { type: 'openCommandInEditor', stepId: 'query', commandIndex: 0 });
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.isUntitled && e.document.getText().includes('FROM sessions')), 'the SQL editor');
    assert.equal(editor.document.languageId, 'sql');
    // In a SQL string literal the value's quote is doubled.
    assert.ok(editor.document.getText().includes("''quote"), editor.document.getText());
  });
});
