// Table sizes from a live database, inside the real VS Code: the throwaway PostgreSQL and MariaDB
// of scripts/test-databases.mjs (URLs in RUNBOOK_TEST_PG_URL / RUNBOOK_TEST_MYSQL_URL, passed
// through code-server to the extension host). The same ALTER is flagged on the 2,000,000-row
// table and not on the 3-row one; a closed port, a wrong password and a server that never
// answers each give one message, lint falls back to .runbooklint.yaml, and the editor keeps
// linting while a refresh hangs. Without the servers: failures on CI, skipped elsewhere.
import * as assert from 'node:assert/strict';
import { type LoopbackServers, startLoopbackServers } from '../shared/loopbackServers';
import * as vscode from 'vscode';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';
import type { DatabaseStatus } from '../../src/extension/lint/liveDatabase';
import { activateExtension, waitFor, writeWorkspaceFile } from './helpers';

const PG_URL = process.env.RUNBOOK_TEST_PG_URL;
const MYSQL_URL = process.env.RUNBOOK_TEST_MYSQL_URL;
const CI = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
const WHY = process.env.RUNBOOK_TEST_DB_ERROR ?? 'the test databases were not started (npm test starts them)';

const KEYS = ['type', 'host', 'port', 'database', 'user', 'ssl', 'timeoutSeconds', 'cacheMinutes'];

async function setDb(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('runbookAssistant.database');
  // `type` last: each change restarts the connection, and a half-set one would only fail.
  for (const k of KEYS.filter((x) => x !== 'type')) await cfg.update(k, values[k], vscode.ConfigurationTarget.Global);
  await cfg.update('type', values.type, vscode.ConfigurationTarget.Global);
}

function settingsOf(url: string, extra: Record<string, unknown> = {}): { values: Record<string, unknown>; password: string } {
  const u = new URL(url);
  return {
    values: { type: u.protocol.startsWith('postgres') ? 'postgresql' : 'mysql', host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: decodeURIComponent(u.username), timeoutSeconds: 3, ...extra },
    password: decodeURIComponent(u.password),
  };
}

function findings(api: RunbookAssistantTestApi, uri: vscode.Uri, rule: string) {
  return api.lintFindings(uri).filter((f) => f.ruleId === rule);
}

suite('Table sizes from the live database', () => {
  let api: RunbookAssistantTestApi;
  let loopback: LoopbackServers | undefined;
  let silentPort = 0;
  let closedPort = 0;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    loopback = await startLoopbackServers();
    ({ silentPort, closedPort } = loopback);
  });

  suiteTeardown(async () => {
    await setDb({});
    loopback?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Connects with `url` (password through the test API: a headless workbench cannot type it). */
  async function connect(url: string, extra: Record<string, unknown> = {}): Promise<void> {
    const { values, password } = settingsOf(url, extra);
    await setDb(values);
    await api.database.setDatabasePassword(password);
    await refreshUntil((s) => s.state === 'connected');
  }

  /**
   * Refreshes until the state is what the test waits for: a settings change starts a refresh of
   * its own (which may end as "password needed" before the test stores the password).
   */
  async function refreshUntil(done: (s: DatabaseStatus) => boolean, timeoutMs = 20_000): Promise<DatabaseStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await api.database.refreshDatabase();
      if (done(s)) return s;
      if (Date.now() > deadline) assert.fail(`unexpected database state: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function lintedFile(rel: string, text: string): Promise<vscode.Uri> {
    const uri = await writeWorkspaceFile(rel, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return uri;
  }

  function needs(url: string | undefined, name: string, fn: (url: string) => Promise<void>): void {
    if (url) test(name, () => fn(url));
    else if (CI) test(name, () => assert.fail(`the test database could not start: ${WHY}`));
    // Off CI, a machine without postgresql/mariadb-server skips these with the reason; CI fails them above.
    else test.skip(`${name} (no test database: ${WHY})`, () => {});
  }

  needs(PG_URL, 'PostgreSQL: ALTER COLUMN TYPE is an error on the 2,000,000-row table, nothing on the 3-row one', async (url) => {
    const uri = await lintedFile('db/live/V10__pg.sql', 'ALTER TABLE big_orders ALTER COLUMN total TYPE numeric(14,2);\nALTER TABLE small_countries ALTER COLUMN name TYPE varchar(200);\n');
    // Before the connection: both sizes unknown (info).
    await waitFor(() => findings(api, uri, 'blocking-ddl-large-table').length === 2, 'two info findings before connecting', 15_000);
    await connect(url);
    const status = api.database.databaseStatus();
    assert.match(status.serverVersion ?? '', /^1\d\./);
    assert.ok((status.tables ?? 0) >= 5);
    // The sizes arrived: open files are re-linted without touching them.
    const f = await waitFor(() => {
      const x = findings(api, uri, 'blocking-ddl-large-table');
      return x.length === 1 && x[0].severity === 'error' ? x : undefined;
    }, 'the error on big_orders alone', 15_000);
    assert.equal(f[0].line, 1);
    assert.match(f[0].message, /big_orders \(2,000,000 rows\)/);
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'runbook-lint' && typeof x.code === 'object' && x.code.value === 'blocking-ddl-large-table');
    assert.deepEqual(d.map((x) => [x.range.start.line, x.severity]), [[0, vscode.DiagnosticSeverity.Error]]);
  });

  needs(MYSQL_URL, 'MariaDB: MODIFY COLUMN is flagged on the big table, nothing on the small one', async (url) => {
    const uri = await lintedFile('db/live/V11__mysql.sql', 'ALTER TABLE big_orders MODIFY COLUMN note VARCHAR(500);\nALTER TABLE small_countries MODIFY COLUMN name VARCHAR(500);\n');
    await connect(url);
    assert.match(api.database.databaseStatus().serverVersion ?? '', /MariaDB/);
    const f = await waitFor(() => {
      const x = findings(api, uri, 'mysql-online-ddl');
      return x.length === 1 && x[0].severity === 'warning' ? x : undefined;
    }, 'the warning on big_orders alone', 15_000);
    assert.equal(f[0].line, 1);
    assert.match(f[0].message, /big_orders \([\d,]+ rows\)/);
  });

  needs(PG_URL, 'a closed port: one "connection refused" message, lint falls back to .runbooklint.yaml', async (url) => {
    // Not V10's change again: the migration history knows V10 made `total` numeric(14,2), and the
    // same type once more rewrites nothing (docs/migration-history.md).
    const uri = await lintedFile('db/live/V12__pg.sql', 'ALTER TABLE big_orders ALTER COLUMN total TYPE bigint;\n');
    await connect(url);
    await waitFor(() => findings(api, uri, 'blocking-ddl-large-table')[0]?.severity === 'error', 'the live-size error', 15_000);
    const before = api.database.databaseStatus().messagesShown;
    const { values, password } = settingsOf(url, { port: closedPort });
    await setDb(values);
    await api.database.setDatabasePassword(password);
    const t0 = Date.now();
    const status = await refreshUntil((s) => s.state === 'error');
    assert.equal(status.failure, 'refused');
    assert.match(status.message ?? '', /connection refused.*\.runbooklint\.yaml only/);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    // Back to the config file (which does not know big_orders): unknown size, info.
    await waitFor(() => findings(api, uri, 'blocking-ddl-large-table')[0]?.severity === 'info', 'the fallback to unknown size', 15_000);
    // Linting again and again: no further message for the same failure.
    const shown = api.database.databaseStatus().messagesShown;
    assert.equal(shown - before, 1, 'one message for the failure');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    for (let i = 0; i < 3; i++) await editor.edit((e) => e.insert(new vscode.Position(0, 0), '-- edit\n'));
    // The finding moves to line 4 once the lint of the edited text has published: that lint is done.
    await waitFor(() => findings(api, uri, 'blocking-ddl-large-table')[0]?.line === 4, 'the lint of the edited file', 15_000);
    // A refresh that ends in the same failure: its message, if any, is counted before it resolves.
    await api.database.refreshDatabase();
    assert.equal(api.database.databaseStatus().messagesShown, shown, 'no new message per lint or per automatic retry');
    await vscode.workspace.saveAll(false);
  });

  needs(PG_URL, 'a wrong password: "login refused"', async (url) => {
    const { values } = settingsOf(url);
    await setDb(values);
    await api.database.setDatabasePassword('not-the-password');
    const s = await refreshUntil((x) => x.state === 'error');
    assert.equal(s.failure, 'auth', JSON.stringify(s));
    assert.match(s.message ?? '', /login refused for user "runbook_lint"/);
  });

  test('a server that never answers: the editor keeps linting meanwhile, then one "no answer" message after the timeout', async () => {
    await setDb({ type: 'postgresql', host: '127.0.0.1', port: silentPort, database: 'app', user: 'ro', timeoutSeconds: 2 });
    await api.database.setDatabasePassword('pw');
    // The refresh the settings change started ends at once ("password needed"); this one hangs.
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    const refreshing = api.database.refreshDatabase();
    // While the refresh hangs, a file still gets its diagnostics at once.
    const uri = await lintedFile('config/live-db.properties', 'server.servlet.session.timeout=30\n');
    await waitFor(() => findings(api, uri, 'duration-without-unit').length > 0, 'lint while the database hangs', 1500);
    const lintedAfter = Date.now() - t0;
    const s = await refreshing;
    const total = Date.now() - t0;
    const final = s.state === 'error' ? s : await refreshUntil((x) => x.state === 'error');
    assert.equal(final.failure, 'timeout', JSON.stringify(final));
    assert.match(final.message ?? '', /no answer within 2 s/);
    assert.ok(lintedAfter < total, `linted after ${lintedAfter} ms, the refresh ended after ${total} ms`);
    assert.ok(total < 6000, `the refresh took ${total} ms`);
    assert.ok((loopback?.sockets.length ?? 0) >= 1, 'the silent server was reached');
  });
});
