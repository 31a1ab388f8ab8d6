// Finds runbook files (bundled, `.runbooks/` folders, `runbookAssistant.runbookPaths`), parses
// them with the core and keeps the result per file, so one edit re-parses one file only.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Problem, Runbook, SourceKind } from '../core/runbook/runbookModel';
import { MAX_RUNBOOK_FILE_BYTES, isIncidentRecordPath, isRunbookFileName, tooLargeProblem } from '../core/runbook/runbookFiles';
import { findDuplicateIds } from '../core/runbook/duplicates';
import { JsonParseCache, parseWithCache } from '../core/runbook/parseCache';

import { walkFiles, type EntryKind, type WalkFs } from '../core/fileWalk';
import { decodeUtf8 } from '../core/utf8';
import { loadLazyBundle } from './loadLazyBundle';

export const RUNBOOK_GLOB = '**/.runbooks/**/*.{yaml,yml,md,markdown}';
const MAX_FILES = 5000;

interface LoadedFile {
  uri: vscode.Uri;
  kind: SourceKind;
  runbooks: Runbook[];
  problems: Problem[];
}

export class RunbookStore implements vscode.Disposable {
  private readonly files = new Map<string, LoadedFile>();
  private duplicateProblems: Problem[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private settingWatchers: vscode.Disposable[] = [];
  private loading: Promise<void> = Promise.resolve();
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly pendingFiles = new Map<string, { uri: vscode.Uri; kind: SourceKind }>();
  private cache: JsonParseCache | undefined;
  private cacheSaveTimer: NodeJS.Timeout | undefined;

  /**
   * @param cacheFile where parse results survive a window reload (in the extension's global
   *   storage); entries are keyed by a hash of each file's text and this extension's version.
   */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly cacheFile?: { uri: vscode.Uri; version: string },
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(RUNBOOK_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.scheduleFile(uri, 'workspace')),
      watcher.onDidChange((uri) => this.scheduleFile(uri, 'workspace')),
      watcher.onDidDelete((uri) => this.removeFile(uri)),
      // Unsaved edits are parsed as they are typed, so diagnostics and the tree follow the editor;
      // closing a document without saving goes back to what is on disk.
      vscode.workspace.onDidChangeTextDocument((e) => {
        const known = this.files.get(e.document.uri.toString());
        if (known && e.contentChanges.length) this.scheduleFile(e.document.uri, known.kind);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const known = this.files.get(doc.uri.toString());
        if (known) this.scheduleFile(doc.uri, known.kind);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runbookAssistant.runbookPaths') || e.affectsConfiguration('runbookAssistant.showBundled')) {
          void this.reloadAll();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reloadAll()),
    );
  }

  /** Resolves when the current (re)load has finished. */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  runbooks(): Runbook[] {
    return [...this.files.values()].flatMap((f) => f.runbooks);
  }

  problems(): Problem[] {
    return [...[...this.files.values()].flatMap((f) => f.problems), ...this.duplicateProblems];
  }

  find(id: string): Runbook | undefined {
    return this.runbooks().find((r) => r.id === id);
  }

  problemsFor(file: string): Problem[] {
    return this.problems().filter((p) => p.file === file);
  }

  reloadAll(): Promise<void> {
    this.loading = this.loading.then(() => this.loadEverything());
    return this.loading;
  }

  private async loadEverything(): Promise<void> {
    this.cache ??= await this.readCache();
    const sources = await this.discover();
    this.files.clear();
    await Promise.all(sources.map((s) => this.loadFile(s.uri, s.kind)));
    this.publish();
    this.watchSettingPaths();
  }

  private async discover(): Promise<{ uri: vscode.Uri; kind: SourceKind }[]> {
    const found: { uri: vscode.Uri; kind: SourceKind }[] = [];
    const config = vscode.workspace.getConfiguration('runbookAssistant');
    if (config.get<boolean>('showBundled', true)) {
      const dir = vscode.Uri.joinPath(this.extensionUri, 'runbooks');
      for (const uri of await listRunbookFiles(dir)) found.push({ uri, kind: 'bundled' });
    }
    if (vscode.workspace.workspaceFolders?.length) {
      // Incident records (.runbooks/incidents/*.md) are Markdown too, but not runbooks.
      const uris = await vscode.workspace.findFiles(RUNBOOK_GLOB, '{**/node_modules/**,**/.runbooks/incidents/**}', MAX_FILES);
      for (const uri of uris) found.push({ uri, kind: 'workspace' });
    }
    for (const uri of this.settingPaths()) {
      for (const file of await listRunbookFiles(uri)) found.push({ uri: file, kind: 'setting' });
    }
    // A file reachable both through `.runbooks/` and the setting is loaded once.
    const unique = new Map(found.map((f) => [f.uri.toString(), f]));
    return [...unique.values()];
  }

  /** Paths from the setting; relative ones resolve against each workspace folder. */
  private settingPaths(): vscode.Uri[] {
    const paths = vscode.workspace.getConfiguration('runbookAssistant').get<string[]>('runbookPaths', []);
    const folders = vscode.workspace.workspaceFolders ?? [];
    const uris: vscode.Uri[] = [];
    for (const p of Array.isArray(paths) ? paths : []) {
      if (typeof p !== 'string' || p.trim() === '') continue;
      const expanded = p.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~');
      if (path.isAbsolute(expanded)) uris.push(vscode.Uri.file(expanded));
      else for (const f of folders) uris.push(vscode.Uri.joinPath(f.uri, expanded));
    }
    return uris;
  }

  private watchSettingPaths(): void {
    for (const d of this.settingWatchers) d.dispose();
    this.settingWatchers = [];
    for (const uri of this.settingPaths()) {
      const pattern = new vscode.RelativePattern(uri, '**/*.{yaml,yml,md,markdown}');
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      this.settingWatchers.push(
        w,
        w.onDidCreate((u) => this.scheduleFile(u, 'setting')),
        w.onDidChange((u) => this.scheduleFile(u, 'setting')),
        w.onDidDelete((u) => this.removeFile(u)),
      );
    }
  }

  /** Coalesces bursts of file events (a save fires change + text events) into one publish. */
  private scheduleFile(uri: vscode.Uri, kind: SourceKind): void {
    if (!isRunbookFileName(uri.path) || isIncidentRecordPath(uri.path)) return;
    this.pendingFiles.set(uri.toString(), { uri, kind });
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      const batch = [...this.pendingFiles.values()];
      this.pendingFiles.clear();
      this.loading = this.loading.then(async () => {
        await Promise.all(batch.map((f) => this.loadFile(f.uri, f.kind)));
        this.publish();
      });
    }, 150);
  }

  private removeFile(uri: vscode.Uri): void {
    this.loading = this.loading.then(() => {
      if (this.files.delete(uri.toString())) {
        this.diagnostics.delete(uri);
        this.publish();
      }
    });
  }

  private async loadFile(uri: vscode.Uri, kind: SourceKind): Promise<void> {
    const file = uri.fsPath;
    let read: Awaited<ReturnType<typeof readText>>;
    try {
      read = await readText(uri);
    } catch (err) {
      // Deleted between discovery and read, or unreadable: drop it without failing the rest.
      this.files.delete(uri.toString());
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) {
        this.files.set(uri.toString(), {
          uri,
          kind,
          runbooks: [],
          problems: [{ file, line: 1, column: 1, severity: 'error', code: 'unreadable', message: `Cannot read runbook file: ${errorMessage(err)}` }],
        });
      }
      return;
    }
    if ('tooLargeBytes' in read) {
      // Over the cap: one diagnostic, and the file is never read into memory.
      this.files.set(uri.toString(), { uri, kind, runbooks: [], problems: [tooLargeProblem(file, read.tooLargeBytes)] });
      return;
    }
    const text = read.text;
    const result = await parseWithCache(text, file, kind, this.cache, () => loadLazyBundle().parsers.parseRunbookText(text, file, kind));
    const problems = read.encodingProblem ? [read.encodingProblem, ...result.problems] : result.problems;
    this.files.set(uri.toString(), { uri, kind, runbooks: result.runbooks, problems });
  }

  private publish(): void {
    this.duplicateProblems = findDuplicateIds(this.runbooks());
    this.diagnostics.clear();
    const byFile = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
    for (const f of this.files.values()) byFile.set(f.uri.fsPath, { uri: f.uri, items: [] });
    for (const p of this.problems()) {
      const entry = byFile.get(p.file);
      if (entry) entry.items.push(toDiagnostic(p));
    }
    for (const { uri, items } of byFile.values()) if (items.length) this.diagnostics.set(uri, items);
    this.changeEmitter.fire();
    this.scheduleCacheSave();
  }

  private async readCache(): Promise<JsonParseCache | undefined> {
    if (!this.cacheFile) return undefined;
    let json: string | undefined;
    try {
      json = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(this.cacheFile.uri));
    } catch {
      // No cache yet.
    }
    return JsonParseCache.fromJson(json, this.cacheFile.version);
  }

  /** Saves a few seconds after the last change: typing in a runbook does not write on every key. */
  private scheduleCacheSave(): void {
    if (!this.cacheFile || !this.cache?.dirty) return;
    if (this.cacheSaveTimer) clearTimeout(this.cacheSaveTimer);
    const { uri } = this.cacheFile;
    this.cacheSaveTimer = setTimeout(() => {
      const cache = this.cache;
      if (!cache) return;
      void (async () => {
        try {
          await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
          await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(cache.toJson()));
        } catch {
          // A cache that cannot be written only costs speed on the next start.
        }
      })();
    }, 3000);
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    if (this.cacheSaveTimer) clearTimeout(this.cacheSaveTimer);
    for (const d of [...this.disposables, ...this.settingWatchers]) d.dispose();
  }
}

/** Reads open documents from the editor (unsaved edits), everything else from disk, unless over the cap. */
async function readText(uri: vscode.Uri): Promise<{ text: string; encodingProblem?: Problem } | { tooLargeBytes: number }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText() };
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_RUNBOOK_FILE_BYTES) return { tooLargeBytes: stat.size };
  // Invalid UTF-8 is a diagnostic at its place, as in `runbook validate`, not silently replaced.
  const { text, problem } = decodeUtf8(await vscode.workspace.fs.readFile(uri), uri.fsPath);
  return { text, encodingProblem: problem };
}

/** VS Code's file system for the core's walker (symbolic links arrive resolved, flagged). */
const vscodeWalkFs: WalkFs<vscode.Uri> = {
  kindOf: async (uri) => entryKind((await vscode.workspace.fs.stat(uri)).type),
  // A link's entry carries its target's type too: marked 'symlink' so the walker applies its link rule.
  list: async (uri) =>
    (await vscode.workspace.fs.readDirectory(uri)).map(([name, type]) => ({ name, kind: type & vscode.FileType.SymbolicLink ? 'symlink' : entryKind(type) })),
  join: (uri, name) => vscode.Uri.joinPath(uri, name),
};

function entryKind(type: vscode.FileType): EntryKind {
  return type & vscode.FileType.File ? 'file' : type & vscode.FileType.Directory ? 'folder' : 'other';
}

/** Runbook files at `uri` (a file or a folder), by the core's one skip rule; none when it cannot be read. */
async function listRunbookFiles(uri: vscode.Uri): Promise<vscode.Uri[]> {
  try {
    const found = await walkFiles(vscodeWalkFs, uri, { wants: (u) => isRunbookFileName(u.path) && !isIncidentRecordPath(u.path), maxFiles: MAX_FILES });
    return found.files.filter((u) => !found.rootIsFile || (isRunbookFileName(u.path) && !isIncidentRecordPath(u.path)));
  } catch {
    return [];
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const col = Math.max(0, p.column - 1);
  const endLine = p.endLine !== undefined ? Math.max(line, p.endLine - 1) : line;
  const endCol = p.endColumn !== undefined ? Math.max(0, p.endColumn - 1) : col + 1;
  const range = new vscode.Range(line, col, endLine, endLine === line ? Math.max(endCol, col + 1) : endCol);
  const severity =
    p.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : p.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(range, p.message, severity);
  d.source = 'runbook';
  d.code = p.code;
  return d;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
