// The risky-config linter in the editor: diagnostics with their code and doc link, the quick fix,
// "Open runbook" at the related step, SQL findings on a migration, disable comments, fix-all,
// settings (per-rule severity, size cap) and `.runbooklint.yaml` changes.
// Files the tests change are written fresh (writeWorkspaceFile) so each test starts from known text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import { activateExtension, waitFor, workspaceUri, writeWorkspaceFile } from './helpers';

const SOURCE = 'runbook-lint';
const FIX_ALL = 'source.fixAll.runbookLint';

function ruleOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function lintDiagnostics(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (!rule || ruleOf(d) === rule));
}

async function waitForDiagnostic(uri: vscode.Uri, rule: string, timeoutMs = 15_000): Promise<vscode.Diagnostic> {
  return waitFor(() => lintDiagnostics(uri, rule)[0], `a ${rule} diagnostic on ${uri.path}`, timeoutMs);
}

async function waitForNone(uri: vscode.Uri, rule: string): Promise<void> {
  await waitFor(() => lintDiagnostics(uri, rule).length === 0, `the ${rule} diagnostic on ${uri.path} to clear`, 15_000);
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

async function actionTitled(uri: vscode.Uri, range: vscode.Range, title: string | RegExp): Promise<vscode.CodeAction> {
  const actions = await codeActions(uri, range);
  const found = actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  assert.ok(found, `no code action "${String(title)}" among: ${actions.map((a) => a.title).join(' | ')}`);
  return found;
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `"${action.title}" has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `"${action.title}" could not be applied`);
}

async function setLintSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('runbookAssistant.lint').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('Risky-config lint in the editor', () => {
  let api: RunbookAssistantTestApi;
  const properties = (): vscode.Uri => workspaceUri('config', 'application.properties');
  const migration = (): vscode.Uri => workspaceUri('db', 'migrations', 'V2__add_index.sql');

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
  });

  teardown(async () => {
    await setLintSetting('rules', undefined);
    await setLintSetting('maxFileSizeKB', undefined);
    // Edited files are saved (each test writes its own) so closing them never asks; untitled ones are reverted.
    await vscode.workspace.saveAll(false);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a bare session timeout gets duration-without-unit, with its code, doc link and runbook', async () => {
    const editor = await open(properties());
    const d = await waitForDiagnostic(properties(), 'duration-without-unit');
    assert.equal(d.source, SOURCE);
    assert.equal(d.range.start.line, 2, 'reported on the timeout line');
    assert.equal(editor.document.getText(d.range), '30');
    assert.match(d.message, /30 s|30 seconds/, `the message should state the consequence: ${d.message}`);
    assert.ok(typeof d.code === 'object', 'the code carries a link');
    assert.equal(d.code.value, 'duration-without-unit');
    assert.match(d.code.target.path, /\/docs\/rules\/duration-without-unit\.md$/);
    // The link points at the doc shipped with the extension, and it exists.
    const stat = await vscode.workspace.fs.stat(d.code.target);
    assert.ok(stat.size > 0, 'the rule doc is empty');

    // The test API reports the same finding with its runbook link.
    const finding = api.lintFindings(properties()).find((f) => f.ruleId === 'duration-without-unit');
    assert.ok(finding, 'lintFindings() does not report the finding');
    assert.equal(finding.runbook?.runbookId, 'session-logout-30s');
  });

  test('the quick fix changes 30 to 30m and the diagnostic clears', async () => {
    const uri = await writeWorkspaceFile('config/quickfix.properties', 'server.servlet.session.timeout=30\n');
    const editor = await open(uri);
    const d = await waitForDiagnostic(uri, 'duration-without-unit');
    const actions = await codeActions(uri, d.range);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `exactly one preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(preferred[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.match(preferred[0].title, /30m/);
    await apply(preferred[0]);
    assert.equal(editor.document.getText(), 'server.servlet.session.timeout=30m\n');
    await waitForNone(uri, 'duration-without-unit');
    assert.deepEqual(api.lintFindings(uri).map((f) => f.ruleId), []);
  });

  test('"Open runbook" opens the session runbook at the related step', async function () {
    this.timeout(30_000);
    await open(properties());
    const d = await waitForDiagnostic(properties(), 'duration-without-unit');
    const rb = api.runbooks().find((r) => r.id === 'session-logout-30s');
    assert.ok(rb, 'the bundled session runbook is not loaded');
    const action = await actionTitled(properties(), d.range, `Open runbook: ${rb.title}`);
    assert.ok(action.command, 'the action runs a command');
    assert.equal(action.command.command, 'runbookAssistant.openRunbookAtStep');
    const [runbookId, stepId] = (action.command.arguments ?? []) as [string, string];
    assert.equal(runbookId, 'session-logout-30s');
    const stepIds = rb.phases.flatMap((p) => p.steps.map((s) => s.id));
    assert.ok(stepIds.includes(stepId), `"${stepId}" is not a step of ${rb.id}`);

    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    // `shown` turns true when the webview has rendered the runbook and scrolled to the step.
    const revealed = await waitFor(() => {
      const r = api.lastRevealedStep();
      return r?.shown ? r : undefined;
    }, 'the webview to reveal the step', 20_000);
    assert.deepEqual(revealed, { runbookId: 'session-logout-30s', stepId, shown: true });
    const panel = api.openPanels().find((p) => p.runbookId === 'session-logout-30s');
    assert.ok(panel?.visible, 'the session runbook panel is not visible');
  });

  test('"Open runbook" scrolls to the step when the runbook tab is already open in the background', async function () {
    this.timeout(40_000);
    const rb = api.runbooks().find((r) => r.id === 'session-logout-30s');
    assert.ok(rb, 'the bundled session runbook is not loaded');
    const d = await waitForDiagnostic(properties(), 'duration-without-unit');
    const action = await actionTitled(properties(), d.range, `Open runbook: ${rb.title}`);
    const [, stepId] = (action.command?.arguments ?? []) as [string, string];
    const shownStep = (id: string) => () => {
      const r = api.lastRevealedStep();
      return r?.stepId === id && r.shown ? r : undefined;
    };
    // The runbook's tab open at another step (its last), then put in the background by an editor.
    const lastStep = rb.phases.flatMap((p) => p.steps).at(-1)!.id;
    assert.notEqual(lastStep, stepId);
    await vscode.commands.executeCommand('runbookAssistant.openRunbookAtStep', rb.id, lastStep);
    await waitFor(shownStep(lastStep), 'the last step revealed', 20_000);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(properties()), { viewColumn: vscode.ViewColumn.Active });
    await waitFor(() => api.openPanels().some((p) => p.runbookId === rb.id && !p.visible), 'the runbook tab in the background');

    await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));
    // `shown`: the webview rendered the runbook, scrolled to the step and finds it in view.
    const revealed = await waitFor(shownStep(stepId), 'the background tab to come forward at the step', 20_000);
    assert.deepEqual(revealed, { runbookId: rb.id, stepId, shown: true });
    assert.ok(api.openPanels().find((p) => p.runbookId === rb.id)?.visible, 'the runbook panel is not visible');
  });

  test('"Show documentation" opens the rule doc in the Markdown preview', async () => {
    await open(properties());
    const d = await waitForDiagnostic(properties(), 'duration-without-unit');
    const action = await actionTitled(properties(), d.range, 'Show documentation for duration-without-unit');
    assert.equal(action.command?.command, 'markdown.showPreview');
    const [docUri] = (action.command?.arguments ?? []) as [vscode.Uri];
    assert.match(docUri.path, /\/docs\/rules\/duration-without-unit\.md$/);
    assert.ok((await vscode.workspace.fs.stat(docUri)).size > 0);
  });

  test('a migration gets its SQL findings; editing the statement clears them', async () => {
    const uri = migration();
    const editor = await open(uri);
    const d = await waitForDiagnostic(uri, 'index-without-concurrently');
    assert.equal(d.range.start.line, 1);
    assert.match(editor.document.getText(d.range), /CREATE INDEX/i);
    assert.match(d.message, /orders/);

    // Typing CONCURRENTLY (an edit, not a save) clears the finding after the debounce.
    const at = editor.document.getText().indexOf('INDEX') + 'INDEX'.length;
    assert.ok(await editor.edit((b) => b.insert(editor.document.positionAt(at), ' CONCURRENTLY')));
    await waitForNone(uri, 'index-without-concurrently');
    assert.ok(!api.lintFindings(uri).some((f) => f.ruleId === 'index-without-concurrently'));
    // Back to the fixture's text for the tests that follow (teardown saves what is dirty).
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(editor.document.isDirty, false);
  });

  test('the SQL quick fix inserts CONCURRENTLY', async () => {
    const uri = await writeWorkspaceFile('db/migrations/V3__fix.sql', 'CREATE INDEX idx_orders_customer ON orders (customer_id);\n');
    const editor = await open(uri);
    const d = await waitForDiagnostic(uri, 'index-without-concurrently');
    const fix = (await codeActions(uri, d.range)).find((a) => a.isPreferred);
    assert.ok(fix, 'no preferred fix');
    await apply(fix);
    assert.match(editor.document.getText(), /^CREATE INDEX CONCURRENTLY idx_orders_customer ON orders \(customer_id\);/);
    await waitForNone(uri, 'index-without-concurrently');
  });

  test('MySQL migrations are read as MySQL by their folder, their siblings or an override (no PostgreSQL findings)', async () => {
    // Plain SQL whose text says no dialect (as PostgreSQL both index statements would be flagged), and an
    // UPDATE without WHERE: flagged in either dialect, the proof that the file was linted.
    const body = 'DROP INDEX by_root_workflow_id ON executions_visibility;\nCREATE INDEX by_root_workflow_id ON executions_visibility (namespace_id, root_workflow_id);\nUPDATE executions SET data = NULL;\n';
    // The INSERT: a table its folder created and never filled is new to the migration history, and an UPDATE of it is not reported.
    await writeWorkspaceFile('db/legacy/0001_init.up.sql', 'CREATE TABLE `executions` (`id` BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB;\nINSERT INTO `executions` VALUES (1);\n');
    await writeWorkspaceFile('db/other/.runbooklint.yaml', 'overrides:\n  - files: "*.sql"\n    sql: { dialect: mysql }\n');
    const files = [
      await writeWorkspaceFile('schema/mysql/v8/visibility/v1.9/add_index.sql', body),
      await writeWorkspaceFile('db/legacy/0002_index.up.sql', body),
      await writeWorkspaceFile('db/other/V1__index.sql', body),
    ];
    for (const uri of files) {
      await open(uri);
      await waitForDiagnostic(uri, 'unbatched-backfill');
      assert.deepEqual(lintDiagnostics(uri, 'index-without-concurrently'), [], uri.path);
      assert.deepEqual(lintDiagnostics(uri, 'missing-lock-timeout'), [], uri.path);
    }
  });

  test('"Disable … for this line" inserts an ignore comment with the line\'s indentation and silences it', async () => {
    const uri = await writeWorkspaceFile('config/app.yml', 'server:\n  servlet:\n    session:\n      timeout: 30\nspring:\n  session:\n    timeout: 2m\n');
    const editor = await open(uri);
    const d = await waitForDiagnostic(uri, 'duration-without-unit');
    await apply(await actionTitled(uri, d.range, 'Disable duration-without-unit for this line'));
    assert.equal(
      editor.document.getText(),
      'server:\n  servlet:\n    session:\n      # runbook-lint-disable-next-line duration-without-unit\n      timeout: 30\nspring:\n  session:\n    timeout: 2m\n',
    );
    await waitForNone(uri, 'duration-without-unit');
    // The comment suppresses a finding, so it is not reported as unused; other rules still report
    // (spring.session.timeout: 2m is too short, and that finding stays, one line lower). A lint
    // publishes all its findings at once: seeing that finding on its new line proves the lint of
    // the edited text finished, so the absence of unused-disable is that lint's answer.
    await waitFor(() => lintDiagnostics(uri, 'session-timeout-too-short')[0]?.range.start.line === 7, 'the lint of the edited text');
    assert.deepEqual(lintDiagnostics(uri, 'unused-disable'), []);
    const others = lintDiagnostics(uri, 'session-timeout-too-short');
    assert.deepEqual(others.map((x) => x.range.start.line), [7], 'only the named rule is silenced, on its line only');
  });

  test('"Disable … for this file" goes on the first line and silences the rule', async () => {
    const uri = await writeWorkspaceFile('config/file-disable.properties', 'server.servlet.session.timeout=30\n');
    const editor = await open(uri);
    const d = await waitForDiagnostic(uri, 'duration-without-unit');
    await apply(await actionTitled(uri, d.range, 'Disable duration-without-unit for this file'));
    assert.equal(editor.document.getText(), '# runbook-lint-disable duration-without-unit\nserver.servlet.session.timeout=30\n');
    await waitForNone(uri, 'duration-without-unit');
  });

  test('fix-all (source.fixAll.runbookLint) applies every preferred fix at once', async () => {
    const uri = await writeWorkspaceFile(
      'db/migrations/V4__two_indexes.sql',
      'SET lock_timeout = \'5s\';\nCREATE INDEX idx_a ON orders (a);\nCREATE INDEX idx_b ON orders (b);\n',
    );
    const editor = await open(uri);
    await waitFor(() => lintDiagnostics(uri, 'index-without-concurrently').length === 2, 'two index findings', 15_000);
    const actions = await codeActions(uri, new vscode.Range(0, 0, 0, 0), FIX_ALL);
    assert.deepEqual(
      actions.map((a) => a.kind?.value),
      [FIX_ALL],
      `only the fix-all action is offered for ${FIX_ALL}: ${actions.map((a) => a.title).join(' | ')}`,
    );
    await apply(actions[0]);
    assert.equal(
      editor.document.getText(),
      'SET lock_timeout = \'5s\';\nCREATE INDEX CONCURRENTLY idx_a ON orders (a);\nCREATE INDEX CONCURRENTLY idx_b ON orders (b);\n',
    );
    await waitForNone(uri, 'index-without-concurrently');
  });

  test('the "Fix All Risky-Config Findings" command fixes the active editor', async () => {
    const uri = await writeWorkspaceFile('config/command.properties', 'server.servlet.session.timeout=30\n');
    const editor = await open(uri);
    await waitForDiagnostic(uri, 'duration-without-unit');
    await vscode.commands.executeCommand('runbookAssistant.lint.fixAll');
    await waitFor(() => editor.document.getText() === 'server.servlet.session.timeout=30m\n', 'the command to fix the file');
  });

  test('per-rule severity in settings applies over .runbooklint.yaml, and "off" removes the rule', async () => {
    await open(properties());
    const d = await waitForDiagnostic(properties(), 'duration-without-unit');
    assert.notEqual(d.severity, vscode.DiagnosticSeverity.Error, 'precondition: the default is not error');
    await setLintSetting('rules', { 'duration-without-unit': 'error' });
    await waitFor(
      () => lintDiagnostics(properties(), 'duration-without-unit').find((x) => x.severity === vscode.DiagnosticSeverity.Error),
      'the severity to become error',
    );
    await setLintSetting('rules', { 'duration-without-unit': 'off' });
    await waitForNone(properties(), 'duration-without-unit');
  });

  test('.runbooklint.yaml is read from the folders above, and a change to it re-lints open files', async () => {
    const configUri = workspaceUri('.runbooklint.yaml');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri));
    const uri = migration();
    await open(uri);
    await waitForDiagnostic(uri, 'index-without-concurrently');
    try {
      await writeWorkspaceFile('.runbooklint.yaml', `${original}rules:\n  index-without-concurrently: off\n`);
      await waitForNone(uri, 'index-without-concurrently');
    } finally {
      await writeWorkspaceFile('.runbooklint.yaml', original);
    }
    await waitForDiagnostic(uri, 'index-without-concurrently');
  });

  test('a file over the size cap gets one informational diagnostic instead of findings', async () => {
    const big = `server.servlet.session.timeout=30\n${'# padding padding padding padding padding padding\n'.repeat(60)}`;
    const uri = await writeWorkspaceFile('config/big.properties', big);
    await open(uri);
    await waitForDiagnostic(uri, 'duration-without-unit');
    await setLintSetting('maxFileSizeKB', 1);
    const notice = await waitForDiagnostic(uri, 'file-too-large');
    const all = lintDiagnostics(uri);
    assert.equal(all.length, 1, `one diagnostic only: ${all.map((x) => x.message).join(' | ')}`);
    assert.equal(notice.severity, vscode.DiagnosticSeverity.Information);
    assert.match(notice.message, /maxFileSizeKB/);
  });

  test('untitled documents are linted by their language', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'properties', content: 'server.servlet.session.timeout=30\n' });
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostic(doc.uri, 'duration-without-unit');
  });

});
