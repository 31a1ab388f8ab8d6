// The migration history in the editor (docs/migration-history.md): an open migration is linted
// with the schema its folder's earlier migrations build, read in the background and cached; a
// change to an earlier migration on disk re-lints it; a file outside a migration folder lints alone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, writeWorkspaceFile } from './helpers';

const SOURCE = 'runbook-lint';

function rulesOn(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .map((d) => `${d.range.start.line + 1}:${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}`)
    .sort();
}

const CREATE_JOBS = 'CREATE TABLE jobs (id bigint PRIMARY KEY, state varchar(20));\n';
const LATER = [
  'CREATE INDEX jobs_state_idx ON jobs (state);',
  'ALTER TABLE jobs ALTER COLUMN state TYPE varchar(40);',
  'UPDATE audit_marks SET seen = true;',
  '',
].join('\n');

suite('Migration history in the editor', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activateExtension();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a table created by an earlier migration of the folder is new; filling it there makes it existing again', async function () {
    this.timeout(60_000);
    await writeWorkspaceFile('db/history/V1__create_jobs.sql', CREATE_JOBS);
    const later = await writeWorkspaceFile('db/history/V2__jobs_state.sql', LATER);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(later));
    // The UPDATE without WHERE is reported whatever the history says: the lint has run.
    await waitFor(() => rulesOn(later).join(' ') === '3:unbatched-backfill' || undefined, `only the UPDATE reported on V2 (got ${rulesOn(later).join(', ')})`, 20_000);

    // V1 now puts a row in jobs: the table has data, so the index build on it is reported again;
    // the type change stays silent (varchar(20) → varchar(40) rewrites nothing).
    await writeWorkspaceFile('db/history/V1__create_jobs.sql', `${CREATE_JOBS}INSERT INTO jobs VALUES (1, 'queued');\n`);
    const expected = ['1:index-without-concurrently', '2:missing-lock-timeout', '3:unbatched-backfill'];
    await waitFor(() => rulesOn(later).join(' ') === expected.join(' ') || undefined, `V2 re-linted after V1 changed (got ${rulesOn(later).join(', ')})`, 20_000);
    assert.deepEqual(rulesOn(later), expected);
  });

  test('a SQL file outside any migration folder lints alone', async function () {
    this.timeout(60_000);
    await writeWorkspaceFile('db/history/V1__create_jobs.sql', CREATE_JOBS);
    const alone = await writeWorkspaceFile('db/adhoc/jobs-notes.sql', LATER);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(alone));
    await waitFor(() => rulesOn(alone).includes('1:index-without-concurrently') || undefined, `the index finding on a file outside the folder (got ${rulesOn(alone).join(', ')})`, 20_000);
    assert.ok(rulesOn(alone).includes('2:blocking-ddl-large-table'), rulesOn(alone).join(', '));
  });
});
