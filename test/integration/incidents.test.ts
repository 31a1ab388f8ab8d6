// Incidents in a real VS Code: start one, tick steps through the webview protocol, the record on
// disk, commands into a real terminal (typed, never run), destructive commands confirmed first,
// and the alert link. The dialogs are answered by a test prompter that also records what was asked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { activateExtension, imgSources, waitFor, writeWorkspaceFile } from './helpers';
import { DRILL_ID, DRILL_YAML } from './incidentFixture';
import { ScriptedPrompter } from './scriptedPrompter';

/**
 * A terminal whose "shell" is this test: `handleInput` receives exactly what VS Code sends it.
 * Resolves once it is open and the active terminal, where Insert sends commands.
 */
async function activeRecordingTerminal(name: string): Promise<{ terminal: vscode.Terminal; received: () => string; drain: () => Promise<void> }> {
  let received = '';
  let drains = 0;
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((r) => (markOpen = r));
  const writeEmitter = new vscode.EventEmitter<string>();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: writeEmitter.event,
    open: () => markOpen(),
    close: () => undefined,
    handleInput: (data) => {
      received += data;
    },
  };
  const terminal = vscode.window.createTerminal({ name, pty });
  terminal.show();
  await opened;
  await waitFor(() => vscode.window.activeTerminal === terminal, `the terminal ${name} to be active`);
  /**
   * Resolves once everything sent to this terminal before the call has arrived: one terminal's
   * input keeps its order, so a marker sent now arrives after it (and is then dropped).
   */
  const drain = async (): Promise<void> => {
    const marker = `<drain-${++drains}>`;
    terminal.sendText(marker, false);
    await waitFor(() => received.includes(marker), `the terminal ${name} to receive what was sent before`);
    received = received.replace(marker, '');
  };
  return { terminal, received: () => received, drain };
}

suite('Incidents', () => {
  let api: RunbookAssistantTestApi;
  let prompter: ScriptedPrompter;
  let drillFile: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    drillFile = await writeWorkspaceFile(`.runbooks/${DRILL_ID}.yaml`, DRILL_YAML);
    await waitFor(() => api.runbooks().some((r) => r.id === DRILL_ID), 'the drill runbook to load');
    await api.whenIncidentsLoaded();
  });

  setup(() => {
    prompter = new ScriptedPrompter();
    api.setPrompter(prompter);
  });

  suiteTeardown(async () => {
    api.setPrompter(undefined);
    for (const t of vscode.window.terminals) t.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(drillFile);
    await waitFor(() => !api.runbooks().some((r) => r.id === DRILL_ID), 'the drill runbook to go away');
  });

  async function startDrill(title: string): Promise<string> {
    prompter.inputs.push(title);
    const id = await vscode.commands.executeCommand<string | undefined>('runbookAssistant.startIncident', DRILL_ID);
    assert.ok(id, 'startIncident returned no incident id');
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === id && p.ready), 'the checklist view to be ready');
    return id;
  }

  const incident = (id: string) => api.incidents().find((i) => i.state.id === id);
  const recordText = (id: string): string => readFileSync((incident(id)?.uri as vscode.Uri).fsPath, 'utf8');

  test('starting an incident writes its record in .runbooks/incidents and opens the checklist', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: logouts in eu-west');
    const started = incident(id);
    assert.ok(started);
    assert.equal(started.state.title, 'Drill: logouts in eu-west');
    assert.equal(started.state.runbook.id, DRILL_ID);
    assert.match(started.state.runbook.hash, /^[0-9a-f]{64}$/);
    assert.ok(started.state.owner.length > 0, 'the incident has no owner');
    assert.ok(started.uri.path.includes('/.runbooks/incidents/'), started.uri.path);
    assert.match(started.uri.path, new RegExp(`/${id}\\.md$`));
    const text = recordText(id);
    assert.match(text, /^# Incident: Drill: logouts in eu-west/m);
    assert.ok(text.includes('"type":"started"'), text);
    // The record is not taken for a runbook.
    assert.ok(!api.runbooks().some((r) => r.source.file.includes('/.runbooks/incidents/')), 'an incident record was loaded as a runbook');
    assert.ok(api.statusBarText()?.includes('Drill: logouts'), `status bar: ${api.statusBarText()}`);
  });

  test('steps are ticked, skipped and reopened through the webview protocol; each change is recorded', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: protocol');
    assert.equal(await api.postFromChecklist(id, { type: 'checkStep', stepId: 'check-ttl' }), true);
    await waitFor(() => incident(id)?.state.steps['check-ttl'].status === 'done', 'check-ttl to be done');
    assert.equal(await api.postFromChecklist(id, { type: 'skipStep', stepId: 'check-scope', reason: 'only one tenant affected' }), true);
    await waitFor(() => incident(id)?.state.steps['check-scope'].status === 'skipped', 'check-scope to be skipped');
    assert.equal(incident(id)?.state.steps['check-scope'].skipReason, 'only one tenant affected');
    await api.postFromChecklist(id, { type: 'reopenStep', stepId: 'check-ttl' });
    await waitFor(() => incident(id)?.state.steps['check-ttl'].status === 'open', 'check-ttl to be open again');
    // Without a reason in the message, the host asks for it.
    prompter.inputs.push('not needed in the drill');
    await api.postFromChecklist(id, { type: 'skipStep', stepId: 'log-in-again' });
    await waitFor(() => incident(id)?.state.steps['log-in-again'].status === 'skipped', 'log-in-again to be skipped');
    assert.ok(prompter.asked.some((a) => a.kind === 'input' && /Skip Step/.test(a.message)), JSON.stringify(prompter.asked));

    const text = recordText(id);
    for (const type of ['step-done', 'step-skipped', 'step-reopened']) assert.ok(text.includes(`"type":"${type}"`), `${type} is not in the record`);
    assert.ok(text.includes('only one tenant affected'));
    const state = incident(id)?.state;
    assert.ok(state?.steps['check-scope'].changedAt && !Number.isNaN(Date.parse(state.steps['check-scope'].changedAt)));
  });

  test('causes are confirmed and ruled out with evidence through the protocol, never ticked; the record keeps verdicts and the cited finding', async function () {
    this.timeout(30_000);
    prompter.inputs.push('Drill: causes');
    const id = await vscode.commands.executeCommand<string | undefined>('runbookAssistant.startIncident', 'session-logout-30s');
    assert.ok(id, 'startIncident returned no incident id');
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === id && p.ready), 'the checklist view to be ready');
    const steps = () => incident(id)?.state.steps ?? {};
    const finding = { file: 'src/main/resources/application.properties', line: 7, text: 'server.servlet.session.timeout=30', ruleId: 'duration-without-unit' };
    const confirm = { type: 'resolveCause', stepId: 'cause-short-max-inactive-interval', resolution: { verdict: 'confirmed', evidence: 'timeout=30 is 30 s', finding } };
    assert.equal(await api.postFromChecklist(id, confirm), true);
    await waitFor(() => steps()['cause-short-max-inactive-interval']?.cause?.verdict === 'confirmed', 'the cause to be confirmed');
    assert.equal(await api.postFromChecklist(id, { type: 'resolveCause', stepId: 'cause-redis-eviction', resolution: { verdict: 'ruled-out', evidence: 'evicted_keys is 0' } }), true);
    await waitFor(() => steps()['cause-redis-eviction']?.cause?.verdict === 'ruled-out', 'the cause to be ruled out');
    // Not protocol messages: no evidence, a finding outside the workspace.
    for (const message of [
      { type: 'resolveCause', stepId: 'cause-redis-ttl', resolution: { verdict: 'confirmed', evidence: '' } },
      { type: 'resolveCause', stepId: 'cause-redis-ttl', resolution: { verdict: 'confirmed', evidence: 'x', finding: { ...finding, file: '/etc/passwd' } } },
    ]) {
      assert.equal(await api.postFromChecklist(id, message), false, JSON.stringify(message));
    }
    // A cause is not ticked, and a fix is not a cause: the state machine refuses, nothing is recorded.
    const before = incident(id)?.state.events.length;
    await api.postFromChecklist(id, { type: 'checkStep', stepId: 'cause-redis-ttl' });
    await api.postFromChecklist(id, { type: 'resolveCause', stepId: 'fix-redis-ttl', resolution: { verdict: 'confirmed', evidence: 'x' } });
    assert.equal(incident(id)?.state.events.length, before);
    assert.equal(steps()['cause-redis-ttl']?.status, 'open');
    const text = recordText(id);
    assert.match(text, /Cause confirmed: App sets a short maxInactiveInterval.*evidence: timeout=30 is 30 s/);
    assert.ok(text.includes('"finding":{"file":"src/main/resources/application.properties","line":7'), text);
    assert.match(text, /Cause ruled out: Redis eviction policy/);
  });

  test('Severity… and Commander… change them through the protocol; each change is recorded', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: severity');
    assert.equal(incident(id)?.state.commander, incident(id)?.state.owner, 'the commander is the owner at start');
    prompter.picks.push('SEV1');
    assert.equal(await api.postFromChecklist(id, { type: 'incidentCommand', command: 'setSeverity' }), true);
    await waitFor(() => incident(id)?.state.severity === 'SEV1', 'the severity to be SEV1');
    const pick = prompter.asked.find((a) => a.kind === 'pick' && a.message === 'Incident Severity');
    assert.deepEqual(pick?.items?.map((i) => i.split(' ')[0]), ['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    prompter.inputs.push('carol');
    assert.equal(await api.postFromChecklist(id, { type: 'incidentCommand', command: 'setCommander' }), true);
    await waitFor(() => incident(id)?.state.commander === 'carol', 'the commander to be carol');
    const text = recordText(id);
    assert.match(text, /· Severity set to SEV1 <!-- rb1 \{"type":"severity-set"/);
    assert.match(text, /· Incident commander set to carol <!-- rb1 \{"type":"commander-set"/);
  });

  test('messages outside the protocol are refused and change nothing', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: hostile view');
    const before = incident(id)?.state.events.length;
    const hostile: unknown[] = [
      { type: 'checkStep', stepId: 'check-ttl', code: 'rm -rf /' },
      { type: 'insertCommand', stepId: 'check-ttl', commandIndex: 0, text: 'FLUSHALL' },
      { type: 'runCommand', command: 'FLUSHALL' },
      { type: 'incidentCommand', command: 'workbench.action.terminal.sendSequence' },
      { type: 'checkStep', stepId: '../../etc/passwd' },
      { type: 'skipStep', stepId: 'check-ttl', reason: 'x\u001b[2J' },
    ];
    for (const message of hostile) assert.equal(await api.postFromChecklist(id, message), false, JSON.stringify(message));
    // A valid message naming a step the runbook does not have is accepted by the protocol but refused by the state machine.
    await api.postFromChecklist(id, { type: 'checkStep', stepId: 'no-such-step' });
    assert.equal(incident(id)?.state.events.length, before);
    assert.equal(api.terminalSends().filter((s) => s.incidentId === id).length, 0);
  });

  test('Insert types the filled command into the active terminal without running it', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: terminal');
    const { received } = await activeRecordingTerminal('drill-shell');
    // Placeholders are asked once per incident, then reused.
    prompter.inputs.push('redis.internal', 'abc123');
    await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'check-ttl', commandIndex: 0 });
    const expected = 'redis-cli -h redis.internal TTL session:abc123';
    await waitFor(() => received().length >= expected.length, 'the terminal to receive the command');
    // The terminal was asked for, the active one offered first (it may be an SSH session to production).
    const asked = prompter.asked.find((a) => a.kind === 'pick');
    assert.ok(asked?.items?.[0].includes('drill-shell'), JSON.stringify(asked));
    assert.ok(asked?.items?.some((i) => i.includes('New terminal')), JSON.stringify(asked));
    assert.equal(received(), expected, 'the terminal received something else (a \\r would have run it)');
    assert.ok(!received().includes('\r') && !received().includes('\n'), 'the command was executed');
    const send = api.terminalSends().find((s) => s.incidentId === id);
    assert.deepEqual(send && { text: send.text, executed: send.executed, terminal: send.terminal }, { text: expected, executed: false, terminal: 'drill-shell' });
    await waitFor(() => recordText(id).includes('"type":"command-inserted"'), 'the insert to be recorded');
    assert.ok(recordText(id).includes(expected));
    assert.equal(incident(id)?.state.variables.redis_host, 'redis.internal');
    // The second command with the same placeholder does not ask again (the destructive one asks to confirm only).
    const asksBefore = prompter.asked.filter((a) => a.kind === 'input').length;
    prompter.confirms.push(false);
    await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'flush-sessions', commandIndex: 0 });
    assert.equal(prompter.asked.filter((a) => a.kind === 'input').length, asksBefore, 'a placeholder was asked for twice');
  });

  test('a destructive command asks first, showing the exact text; declined, nothing reaches the terminal', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: destructive');
    const { received, drain } = await activeRecordingTerminal('drill-destructive');
    prompter.inputs.push('redis.internal');
    prompter.confirms.push(false);
    await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'flush-sessions', commandIndex: 0 });
    const asked = prompter.asked.find((a) => a.kind === 'confirm');
    assert.ok(asked, 'no confirmation was asked');
    assert.match(asked.message, /Destructive/i);
    assert.match(asked.message, /FLUSHALL/);
    assert.equal(asked.detail, 'redis-cli -h redis.internal FLUSHALL ASYNC');
    await drain();
    assert.equal(received(), '', 'a declined destructive command reached the terminal');

    // Confirmed: typed, still not run, and recorded as destructive.
    prompter.confirms.push(true);
    await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'flush-sessions', commandIndex: 0 });
    await waitFor(() => received().length > 0, 'the confirmed command to arrive');
    assert.equal(received(), 'redis-cli -h redis.internal FLUSHALL ASYNC');
    await waitFor(() => recordText(id).includes('"destructive":true'), 'the destructive insert to be recorded');
  });

  test('with executeDirectly on, a safe single-line command runs as it is inserted; a destructive one still waits for Enter', async function () {
    this.timeout(30_000);
    const config = vscode.workspace.getConfiguration('runbookAssistant');
    await config.update('terminal.executeDirectly', true, vscode.ConfigurationTarget.Global);
    try {
      const id = await startDrill('Drill: execute directly');
      const { received } = await activeRecordingTerminal('drill-execute');
      prompter.inputs.push('redis.internal', 'abc123');
      await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'check-ttl', commandIndex: 0 });
      await waitFor(() => received().includes('\r'), 'the command to be run');
      assert.equal(received(), 'redis-cli -h redis.internal TTL session:abc123\r');
      await waitFor(() => recordText(id).includes('"type":"command-executed"'), 'the run to be recorded');
      prompter.confirms.push(true);
      await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'flush-sessions', commandIndex: 0 });
      await waitFor(() => received().includes('FLUSHALL'), 'the destructive command to be typed');
      assert.equal(received(), 'redis-cli -h redis.internal TTL session:abc123\rredis-cli -h redis.internal FLUSHALL ASYNC', 'a destructive command was run without Enter');
    } finally {
      await config.update('terminal.executeDirectly', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a multi-line block is saved as a script and only the line that runs it is typed, without Enter', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: multi-line');
    const { received } = await activeRecordingTerminal('drill-multiline');
    await api.postFromChecklist(id, { type: 'insertCommand', stepId: 'inspect-config', commandIndex: 0 });
    await waitFor(() => received().length > 0, 'the terminal to receive the line');
    const send = api.terminalSends().find((s) => s.incidentId === id);
    assert.ok(send?.scriptPath, 'no script was written');
    assert.equal(send.mechanism, 'script');
    assert.equal(received(), `bash ${send.scriptPath}`, 'the terminal received something else');
    assert.ok(!/[\r\n]/.test(received()), 'a line break reached the terminal: it would run');
    assert.equal(readFileSync(send.scriptPath, 'utf8'), 'grep -n session application.properties\ngrep -n timeout application.properties\n');
    await waitFor(() => recordText(id).includes('"type":"command-inserted"'), 'the insert to be recorded');
    // The record keeps the block itself, not the temporary path.
    assert.ok(recordText(id).includes('grep -n session application.properties\\ngrep -n timeout'), recordText(id));
    // This terminal has no shell integration: the view is told, and the record says so once.
    await waitFor(() => recordText(id).includes('"type":"shell-integration-unavailable"'), 'the record to say runs cannot be seen', 15_000);
    assert.equal((recordText(id).match(/"type":"shell-integration-unavailable"/g) ?? []).length, 1);
  });

  test('resolving stops the clock and asks for a one-line resolution; export writes the postmortem draft', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: resolve');
    await api.postFromChecklist(id, { type: 'checkStep', stepId: 'check-ttl' });
    await api.postFromChecklist(id, { type: 'addNote', stepId: 'check-ttl', text: 'TTL was 30, expected 1800' });
    prompter.inputs.push('session timeout set back to 30m');
    await api.postFromChecklist(id, { type: 'incidentCommand', command: 'resolve' });
    await waitFor(() => incident(id)?.state.resolvedAt, 'the incident to be resolved');
    const state = incident(id)?.state;
    assert.equal(state?.resolution, 'session timeout set back to 30m');
    // Steps cannot change while resolved.
    await api.postFromChecklist(id, { type: 'checkStep', stepId: 'check-scope' });
    assert.equal(incident(id)?.state.steps['check-scope'].status, 'open');

    const written = await vscode.commands.executeCommand<{ markdown: string; html: string }>('runbookAssistant.exportPostmortem', id);
    assert.ok(written, 'no postmortem written');
    const markdown = readFileSync(vscode.Uri.parse(written.markdown).fsPath, 'utf8');
    assert.match(markdown, /Drill: resolve/);
    assert.match(markdown, /session timeout set back to 30m/);
    assert.match(markdown, /TTL was 30, expected 1800/);
    assert.match(markdown, /Timeline/i);
    const html = readFileSync(vscode.Uri.parse(written.html).fsPath, 'utf8');
    assert.match(html, /<html/i);
    assert.ok(!/<script/i.test(html), 'the postmortem HTML has a script');
    assert.ok(written.markdown.includes('/.runbooks/incidents/postmortems/'), written.markdown);
  });

  test('an alert link says what it will start and asks; Cancel starts nothing', async function () {
    this.timeout(30_000);
    const link = vscode.Uri.parse(`${vscode.env.uriScheme}://runbook-assistant.runbook-assistant/start?runbook=${DRILL_ID}&title=Unasked&var.redis_host=redis-9.prod&var.redis_password=hunter33`);
    const count = api.incidents().length;
    prompter.confirms.push(false);
    assert.equal(await api.handleUri(link), undefined);
    assert.equal(api.incidents().length, count, 'a cancelled link started an incident');
    const asked = prompter.asked.find((a) => a.kind === 'confirm');
    assert.equal(asked?.message, 'Start an incident from this alert link?');
    assert.equal(asked?.action, 'Start');
    assert.match(asked?.detail ?? '', new RegExp(`^Runbook: .* \\(${DRILL_ID}\\)\nTitle: Unasked\nPlaceholder values:\n  redis_host = redis-9\\.prod\n  redis_password = •••• \\(secret\\)`));
    assert.ok(!(asked?.detail ?? '').includes('hunter33'), 'a secret value is shown');
    assert.doesNotMatch(asked?.detail ?? '', /Restricted Mode/, 'trusted: no Restricted Mode note');
  });

  test('an alert link starts the incident with its placeholders once confirmed, and the same link again focuses it', async function () {
    this.timeout(30_000);
    const link = vscode.Uri.parse(
      `${vscode.env.uriScheme}://runbook-assistant.runbook-assistant/start?runbook=${DRILL_ID}&title=${encodeURIComponent('PagerDuty: sessions dropping')}&var.redis_host=redis-7.prod&var.session_id=s-42&var.redis_password=hunter22`,
    );
    prompter.confirms.push(true);
    const started = await api.handleUri(link);
    assert.ok(started, 'the link started nothing');
    const id = started.state.id;
    assert.equal(started.state.title, 'PagerDuty: sessions dropping');
    assert.equal(started.state.variables.redis_host, 'redis-7.prod');
    assert.equal(started.state.variables.session_id, 's-42');
    // A secret-looking placeholder is never written to the record.
    assert.ok(!recordText(id).includes('hunter22'), 'a secret value is in the record');
    await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === id), 'its checklist to open');
    const count = api.incidents().length;
    const asks = prompter.asked.length;
    const again = await api.handleUri(link);
    assert.equal(again?.state.id, id);
    assert.equal(api.incidents().length, count, 'the same alert started a second incident');
    assert.equal(prompter.asked.length, asks, 'the same values again: nothing to ask');
    // A hostile value is refused (and said so in the dialog), the rest still works.
    prompter.confirms.push(true);
    const hostile = await api.handleUri(
      vscode.Uri.parse(`${vscode.env.uriScheme}://runbook-assistant.runbook-assistant/start?runbook=${DRILL_ID}&title=Second&var.redis_host=${encodeURIComponent('x\nFLUSHALL')}`),
    );
    assert.ok(hostile);
    assert.equal(hostile.state.variables.redis_host, undefined);
    assert.match(prompter.asked.at(-1)?.detail ?? '', /Refused \(not used\):\n  redis_host: /);
  });

  test('a link without a title never changes a running incident\'s values without asking', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: values kept');
    const setLink = vscode.Uri.parse(`${vscode.env.uriScheme}://runbook-assistant.runbook-assistant/start?runbook=${DRILL_ID}&title=${encodeURIComponent('Drill: values kept')}&var.redis_host=redis-1.prod`);
    prompter.confirms.push(true);
    await api.handleUri(setLink);
    await waitFor(() => incident(id)?.state.variables.redis_host === 'redis-1.prod', 'the value set with consent');
    const untitled = vscode.Uri.parse(`${vscode.env.uriScheme}://runbook-assistant.runbook-assistant/start?runbook=${DRILL_ID}&var.redis_host=evil.example`);
    // Whichever running drill incident it lands on, declining leaves every value as it was.
    const before = api.incidents().map((i) => [i.state.id, i.state.variables.redis_host]);
    prompter.confirms.push(false);
    const focused = await api.handleUri(untitled);
    assert.ok(focused);
    const asked = prompter.asked.at(-1);
    assert.equal(asked?.kind, 'confirm');
    assert.equal(asked?.action, 'Change Values');
    assert.match(asked?.detail ?? '', /redis_host: .* → evil\.example/);
    assert.deepEqual(api.incidents().map((i) => [i.state.id, i.state.variables.redis_host]), before, 'a value changed without consent');
    assert.ok(!recordText(focused.state.id).includes('evil.example'), 'the refused value reached the record');
  });

  test('remote images: the checklist CSP has no https: images unless the setting allows them (trusted)', async function () {
    this.timeout(30_000);
    const off = await startDrill('Drill: images off');
    const offCsp = api.openIncidentPanels().find((p) => p.incidentId === off)?.csp ?? '';
    assert.ok(imgSources(offCsp).includes('data:'), offCsp);
    assert.ok(!imgSources(offCsp).includes('https:'), `remote images allowed by default: ${offCsp}`);
    const config = vscode.workspace.getConfiguration('runbookAssistant.render');
    await config.update('allowRemoteImages', true, vscode.ConfigurationTarget.Global);
    try {
      const on = await startDrill('Drill: images on');
      const onCsp = api.openIncidentPanels().find((p) => p.incidentId === on)?.csp ?? '';
      assert.ok(imgSources(onCsp).includes('https:'), onCsp);
      assert.match(onCsp, /^default-src 'none'; script-src 'nonce-[^']+'; /);
    } finally {
      await config.update('allowRemoteImages', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('an overdue phase is recorded once and nudges once', async function () {
    this.timeout(30_000);
    // A record that started 5 minutes ago: its one-minute Triage is overdue.
    const id = await startDrill('Drill: overdue');
    const file = (incident(id)?.uri as vscode.Uri).fsPath;
    const text = readFileSync(file, 'utf8');
    const past = new Date(Date.now() - 5 * 60_000).toISOString();
    const startedAt = incident(id)?.state.startedAt as string;
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(text.split(startedAt).join(past)));
    await waitFor(() => incident(id)?.state.startedAt === past, 'the edited record to be read back');
    await api.checkOverdue();
    await api.checkOverdue();
    await waitFor(() => recordText(id).includes('"type":"phase-overdue"'), 'the overdue phase to be recorded');
    const overdue = (recordText(id).match(/"type":"phase-overdue"/g) ?? []).length;
    assert.equal(overdue, 1, 'phase-overdue recorded more than once');
    const nudges = prompter.asked.filter((a) => a.kind === 'notify' && a.message.includes('Drill: overdue') && /Triage/.test(a.message));
    assert.equal(nudges.length, 1, JSON.stringify(prompter.asked));
  });

  test('a record cut off mid-line (a crash while writing) is read back as far as it is valid', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: crash');
    await api.postFromChecklist(id, { type: 'checkStep', stepId: 'check-ttl' });
    await waitFor(() => recordText(id).includes('"type":"step-done"'), 'the tick to be recorded');
    const file = (incident(id)?.uri as vscode.Uri).fsPath;
    const whole = readFileSync(file, 'utf8');
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(`${whole}- 2026-11-24 14:40:00 UTC · x · Step done <!-- rb1 {"type":"step-do`));
    await waitFor(() => (incident(id)?.problems.length ?? 0) > 0, 'the problem to be reported');
    const loaded = incident(id);
    assert.equal(loaded?.state.steps['check-ttl'].status, 'done', 'the valid part of the record was lost');
    assert.match(loaded?.problems.join('\n') ?? '', /line \d+/);
    // The next change closes the cut line first (never glued to it), says so, and reads back as shown.
    const cutLine = readFileSync(file, 'utf8').split('\n').length;
    assert.equal(await api.postFromChecklist(id, { type: 'checkStep', stepId: 'check-scope' }), true);
    await waitFor(() => incident(id)?.state.steps['check-scope'].status === 'done', 'the tick after the crash');
    const after = readFileSync(file, 'utf8');
    assert.ok(after.includes('{"type":"step-do\n- '), 'the cut line was closed before the new line');
    assert.match(incident(id)?.problems.join('\n') ?? '', new RegExp(`^line ${cutLine}: .*skipped`, 'm'));
    // A person adds a line of prose (ignored by the reader): the watcher reads the whole file again.
    const shown = incident(id);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(`${after}\nPaged the session team.\n`));
    await waitFor(() => incident(id) !== shown, 'the record to be read again');
    const reread = incident(id);
    assert.equal(reread?.state.steps['check-scope'].status, 'done', 'a re-read of the file shows what the view showed');
  });

  test('a FIFO and a link to /dev/zero named like records are reported, never read, and the records still work', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: pipes');
    const folder = vscode.Uri.joinPath((incident(id)?.uri as vscode.Uri), '..');
    const pipe = vscode.Uri.joinPath(folder, 'arrived-pipe.md').fsPath;
    const zero = vscode.Uri.joinPath(folder, 'arrived-zero.md').fsPath;
    assert.equal(spawnSync('mkfifo', [pipe]).status, 0, 'mkfifo');
    symlinkSync('/dev/zero', zero);
    try {
      const why = (file: string) => api.unreadableRecords().find((r) => r.uri.fsPath === file)?.problems.join(' ');
      assert.match(await waitFor(() => why(pipe), 'the FIFO reported', 15_000), /named pipe \(FIFO\), not a regular file/);
      assert.match(await waitFor(() => why(zero), 'the link to /dev/zero reported', 15_000), /a device, not a regular file/);
      // The store was not blocked: the next tick is recorded and read back.
      assert.equal(await api.postFromChecklist(id, { type: 'checkStep', stepId: 'check-ttl' }), true);
      await waitFor(() => incident(id)?.state.steps['check-ttl'].status === 'done', 'a tick after the pipes');
    } finally {
      unlinkSync(pipe);
      unlinkSync(zero);
    }
  });

  test('when the runbook changes mid-incident, the checklist keeps the recorded steps and says what changed', async function () {
    this.timeout(30_000);
    const id = await startDrill('Drill: runbook edited');
    await api.postFromChecklist(id, { type: 'checkStep', stepId: 'check-scope' });
    await waitFor(() => incident(id)?.state.steps['check-scope'].status === 'done', 'the tick');
    // Someone removes a step and adds one while the incident runs.
    const edited = DRILL_YAML.replace(/      - id: check-scope\n        kind: check\n        text: All users or some\?\n/, '').replace(
      '      - id: log-in-again',
      '      - id: page-the-team\n        text: Page the session team.\n      - id: log-in-again',
    );
    assert.notEqual(edited, DRILL_YAML);
    await writeWorkspaceFile(`.runbooks/${DRILL_ID}.yaml`, edited);
    const panel = await waitFor(() => api.openIncidentPanels().find((p) => p.incidentId === id && p.runbookChanges.length > 0), 'the change banner');
    assert.ok(panel.runbookChanges.some((c) => /removed/i.test(c) && /All users or some/.test(c)), panel.runbookChanges.join('\n'));
    assert.ok(panel.runbookChanges.some((c) => /added/i.test(c) && /Page the session team/.test(c)), panel.runbookChanges.join('\n'));
    // The recorded step and its tick stay.
    assert.equal(incident(id)?.state.steps['check-scope'].status, 'done');
    assert.equal(incident(id)?.state.steps['page-the-team'], undefined);
    await writeWorkspaceFile(`.runbooks/${DRILL_ID}.yaml`, DRILL_YAML);
  });

  test('the Incidents view and the status bar show the active incidents', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('runbookAssistant.incidents.focus');
    const active = api.incidents().filter((i) => !i.state.resolvedAt);
    assert.ok(active.length >= 2);
    assert.match(api.statusBarText() ?? '', /\d:\d\d:\d\d/);
    assert.match(api.statusBarText() ?? '', /\+\d/, 'the status bar does not say more incidents are running');
  });
});
