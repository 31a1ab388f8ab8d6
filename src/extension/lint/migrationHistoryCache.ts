// The migration history of an open migration's folder, for the editor's lint
// (docs/migration-history.md): read from disk in the background (asynchronous reads), built once
// per folder and cached, and dropped when a .sql file of the folder is created, changed or
// deleted, after which the folder's open documents are linted again. A keystroke's lint only
// looks the cached snapshot up. A file outside any migration folder (or untitled) lints alone.
import * as vscode from 'vscode';
import type { LazyBundle } from '../loadLazyBundle';
import type { MigrationSetCache } from '../../core/lint/migrationSets';
import type { SchemaKnowledge } from '../../core/sql/migrationSchema';
import type { ResolvedLintConfig } from '../../core/lint/types';

/** How long a lint waits for a folder's first build; a slower one (a huge folder) re-lints when done. */
const FIRST_BUILD_WAIT_MS = 1500;

export class MigrationHistoryCache implements vscode.Disposable {
  private sets: MigrationSetCache | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** `relint(folder)`: lint the open documents of that migration folder again (its history changed or is ready). */
  constructor(private readonly relint: (folder: string) => void) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.sql');
    const changed = (uri: vscode.Uri): void => {
      if (uri.scheme !== 'file' || !this.sets) return;
      const folder = this.sets.folderOf(uri.fsPath);
      if (folder === undefined) return;
      this.sets.invalidate(uri.fsPath);
      this.relint(folder);
    };
    this.disposables.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  /** The migration folder of a document, by its path alone (no file is read). */
  folderOf(document: vscode.TextDocument): string | undefined {
    return document.uri.scheme === 'file' ? this.sets?.folderOf(document.uri.fsPath) : undefined;
  }

  /** The schema the earlier migrations of the document's folder build; undefined when none applies or it is still being read. */
  async historyFor(document: vscode.TextDocument, config: ResolvedLintConfig, bundle: LazyBundle): Promise<SchemaKnowledge | undefined> {
    if (document.uri.scheme !== 'file') return undefined;
    const sets = (this.sets ??= new bundle.migrationSets.MigrationSetCache(bundle.migrationSets.asyncMigrationFiles));
    // Each earlier migration is read in the dialect the linter would read it in (config, path, text).
    const building = sets.historyFor(document.uri.fsPath, (t, f) => bundle.sqlDialect.resolveSqlDialect(t, f, config).name).catch((err: unknown) => {
      console.error(`[runbook-lint] reading the migration history of ${document.uri.fsPath} failed: ${String(err instanceof Error ? err.stack : err)}`);
      return undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), FIRST_BUILD_WAIT_MS)));
    const result = await Promise.race([building, waited]);
    clearTimeout(timer);
    if (result === 'late') {
      void building.then((built) => built && this.relint(built.folder));
      return undefined;
    }
    return result?.knowledge;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
