// Finds runbook files (bundled, `.runbooks/` folders, `runbookAssistant.runbookPaths`), parses
// them with the core and keeps the result per file, so one edit re-parses one file only.
// A load lists first and parses after: the bundled runbooks come parsed from the build
// (dist/bundled-runbooks.json), cached parses from the parse cache, and every other file gives the
// tree its header (readRunbookHeader) until the full parse, which follows without blocking the paint.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import type { Problem, Runbook, SourceKind } from '../core/runbook/runbookModel';
import { isIncidentRecordPath, isRunbookFileName, tooLargeProblem } from '../core/runbook/runbookFiles';
import { findDuplicateIds } from '../core/runbook/duplicates';
import { JsonParseCache, cachedParse, parseWithCache } from '../core/runbook/parseCache';
import { type RunbookSummary, readRunbookHeader } from '../core/runbook/runbookHeader';
import { BUNDLED_INDEX_FILE, type BundledIndex, bundledResult, readBundledIndex } from '../core/runbook/bundledIndex';
import { decodeUtf8 } from '../core/utf8';
import { loadLazyBundle } from './loadLazyBundle';
import { MAX_FILES, filesOfNewFolder, isNotFound, listRunbookFiles, readBytes, readFewWorkspaceRunbooks, readText, workspaceRealRoots, type LoadedFile, type ReadTextResult } from './runbookFileAccess';

export const RUNBOOK_GLOB = '**/.runbooks/**/*.{yaml,yml,md,markdown}';

/**
 * User Timing marks of the latest full load, read by the activation timing: the first runbooks
 * listed (the bundled ones), the top-level .runbooks/ folders' listed too, every source searched
 * and listed, all parsed.
 */
export const LOAD_MARKS = {
  firstListed: 'runbookAssistant:firstListed',
  listed: 'runbookAssistant:listed',
  searched: 'runbookAssistant:searched',
  parsed: 'runbookAssistant:parsed',
} as const;
/** Parsing yields to the event loop this often, so the tree paints and typing stays smooth. */
const PARSE_SLICE_MS = 8;


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
  private bundledIndex: BundledIndex | undefined;
  /** The bundled files listed by the first reloadAll(), for its load to pick up. */
  private preloaded: LoadedFile[] | undefined;
  /** The workspace's few runbooks, when they were read and listed inside activate() (readFewWorkspaceRunbooks). */
  private preloadedWorkspace: LoadedFile[] | undefined;
  private loads = 0;
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
    // A folder moved in or deleted whole (a checkout, an unpacked archive, `rm -r`) is reported as
    // the folder alone, which the files' glob does not match: its runbooks are listed or dropped here.
    const folderWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(
      watcher,
      folderWatcher,
      watcher.onDidCreate((uri) => this.scheduleFile(uri, 'workspace')),
      watcher.onDidChange((uri) => this.scheduleFile(uri, 'workspace')),
      watcher.onDidDelete((uri) => this.removeFile(uri)),
      folderWatcher.onDidCreate((uri) => void this.folderCreated(uri)),
      folderWatcher.onDidDelete((uri) => this.folderDeleted(uri)),
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
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.realRootsPromise = undefined;
        void this.reloadAll();
      }),
      // Links out of the workspace were left unread while it was restricted: read them now.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reloadAll()),
    );
  }

  private realRootsPromise: Promise<string[]> | undefined;

  private realRoots(): Promise<string[]> {
    this.realRootsPromise ??= workspaceRealRoots();
    return this.realRootsPromise;
  }

  /** Resolves when the current (re)load has finished, every file fully parsed. */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  /** Fully parsed runbooks (after whenLoaded(): all of them). */
  runbooks(): Runbook[] {
    return [...this.files.values()].flatMap((f) => f.parsed?.runbooks ?? []);
  }

  /** Every runbook found so far, parsed or only listed by its header: what the tree shows. */
  summaries(): RunbookSummary[] {
    return [...this.files.values()].flatMap((f): RunbookSummary[] => f.parsed?.runbooks ?? f.headers);
  }

  /** Every runbook with its phases, steps and commands, once the current load has parsed them all. */
  async fullRunbooks(): Promise<Runbook[]> {
    await this.loading;
    return this.runbooks();
  }

  problems(): Problem[] {
    return [...[...this.files.values()].flatMap((f) => [...f.readProblems, ...(f.parsed?.problems ?? [])]), ...this.duplicateProblems];
  }

  find(id: string): Runbook | undefined {
    return this.runbooks().find((r) => r.id === id);
  }

  problemsFor(file: string): Problem[] {
    return this.problems().filter((p) => p.file === file);
  }

  reloadAll(): Promise<void> {
    // The first load lists the bundled runbooks at once, in the caller's turn (activate()):
    // the window's start-up keeps the event loop busy for a while after activation.
    if (this.files.size === 0 && this.preloaded === undefined) {
      this.preloaded = this.readBundled();
      this.preloadedWorkspace = readFewWorkspaceRunbooks();
      const few = this.preloadedWorkspace ?? [];
      const marks: (keyof typeof LOAD_MARKS)[] = this.preloaded.length || few.length ? ['firstListed'] : [];
      if (this.preloadedWorkspace) marks.push('listed');
      if (marks.length) this.replaceFiles(new Map([...this.preloaded, ...few].map((f) => [f.uri.toString(), f])), marks);
    }
    this.loading = this.loading.then(() => this.loadEverything());
    return this.loading;
  }

  private async loadEverything(): Promise<void> {
    const firstLoad = this.loads++ === 0;
    const bundledFiles = (firstLoad && this.preloaded) || this.readBundled();
    const withBundled = (): Map<string, LoadedFile> => new Map(bundledFiles.map((f) => [f.uri.toString(), f]));
    const searched = this.discover();
    // Read and listed inside activate() already: not listed or read again.
    const readInActivate = firstLoad ? this.preloadedWorkspace : undefined;
    const folders = firstLoad && !readInActivate ? (vscode.workspace.workspaceFolders ?? []) : [];
    // Each folder's top-level .runbooks/ is a folder listing, not a search of the workspace:
    // on the first load those runbooks are listed (by their headers) while the search runs.
    const [cache, listed] = await Promise.all([this.readCache(), Promise.all(folders.map((f) => listRunbookFiles(vscode.Uri.joinPath(f.uri, '.runbooks'))))]);
    this.cache = cache;
    const early = new Map<string, LoadedFile>();
    if (readInActivate) {
      for (const f of readInActivate) early.set(f.uri.toString(), f);
    } else if (firstLoad) {
      const uris = listed.flat();
      for (const f of await this.readFiles(uris.map((uri) => ({ uri, kind: 'workspace' as const })))) early.set(f.uri.toString(), f);
      this.replaceFiles(new Map([...withBundled(), ...early]), bundledFiles.length ? ['listed'] : ['firstListed', 'listed']);
    }
    // The search decides (its excludes apply): what it found and was read early is not read again.
    const next = withBundled();
    const toRead: { uri: vscode.Uri; kind: SourceKind }[] = [];
    for (const source of await searched) {
      const known = early.get(source.uri.toString());
      if (known && known.kind === source.kind) next.set(source.uri.toString(), known);
      else toRead.push(source);
    }
    for (const f of await this.readFiles(toRead)) next.set(f.uri.toString(), f);
    if (firstLoad) {
      this.replaceFiles(next, ['searched']);
      await this.parsePending([...next.values()]);
      this.publish(['parsed']);
    } else {
      // A reload replaces parsed runbooks by parsed runbooks: an open runbook never looks gone.
      await this.parsePending([...next.values()]);
      this.replaceFiles(next, ['firstListed', 'listed', 'searched', 'parsed']);
    }
    this.watchSettingPaths();
  }

  private replaceFiles(next: Map<string, LoadedFile>, marks: (keyof typeof LOAD_MARKS)[]): void {
    this.files.clear();
    for (const [k, f] of next) this.files.set(k, f);
    this.publish(marks);
  }

  /**
   * The bundled runbooks: a dozen small files of the extension's own, on this process's disk, and
   * their build-time parse (dist/bundled-runbooks.json). Read synchronously: a few milliseconds,
   * and the tree has them before anything else runs.
   */
  private readBundled(): LoadedFile[] {
    if (!vscode.workspace.getConfiguration('runbookAssistant').get<boolean>('showBundled', true)) return [];
    const dir = vscode.Uri.joinPath(this.extensionUri, 'runbooks');
    let names: string[];
    try {
      names = readdirSync(dir.fsPath).filter((n) => isRunbookFileName(n)).sort();
    } catch {
      return [];
    }
    if (this.bundledIndex === undefined) {
      try {
        this.bundledIndex = readBundledIndex(readFileSync(vscode.Uri.joinPath(this.extensionUri, 'dist', BUNDLED_INDEX_FILE).fsPath, 'utf8'));
      } catch {
        // Not built yet (a development checkout): the bundled files are parsed like the others.
      }
    }
    return names.map((name) => this.readBundledFile(vscode.Uri.joinPath(dir, name)));
  }

  /** A bundled runbook, from the build's index when its text is the one indexed. */
  private readBundledFile(uri: vscode.Uri): LoadedFile {
    const file = uri.fsPath;
    try {
      const { text, problem } = decodeUtf8(readFileSync(file), file);
      const indexed = bundledResult(this.bundledIndex, path.basename(file), text, file);
      const header = indexed ? undefined : readRunbookHeader(text, file, 'bundled');
      return { uri, kind: 'bundled', headers: header ? [header] : [], readProblems: problem ? [problem] : [], ...(indexed ? { parsed: indexed } : { text }) };
    } catch (err) {
      const problem: Problem = { file, line: 1, column: 1, severity: 'error', code: 'unreadable', message: `Cannot read runbook file: ${errorMessage(err)}` };
      return { uri, kind: 'bundled', headers: [], readProblems: [problem], parsed: { runbooks: [], problems: [] } };
    }
  }

  /** Workspace and setting runbook files. */
  private async discover(): Promise<{ uri: vscode.Uri; kind: SourceKind }[]> {
    const found: { uri: vscode.Uri; kind: SourceKind }[] = [];
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
      let batch = [...this.pendingFiles.values()];
      this.pendingFiles.clear();
      this.loading = this.loading.then(async () => {
        // A watcher's late event for a runbook folder the setting no longer names must not bring
        // its files back after the reload that dropped them.
        const settingPaths = this.settingPaths().map((u) => u.fsPath);
        batch = batch.filter((f) => f.kind !== 'setting' || settingPaths.some((p) => f.uri.fsPath === p || f.uri.fsPath.startsWith(p + path.sep)));
        const loaded = await this.readFiles(batch);
        await this.parsePending(loaded);
        // A file that vanished meanwhile (deleted between the event and the read) is dropped.
        for (const f of batch) if (!loaded.some((l) => l.uri.toString() === f.uri.toString())) this.files.delete(f.uri.toString());
        for (const f of loaded) this.files.set(f.uri.toString(), f);
        this.publish();
      });
    }, 150);
  }

  /** A new folder: the runbooks under it (in a `.runbooks/` folder) are scheduled like new files. */
  private async folderCreated(uri: vscode.Uri): Promise<void> {
    if (isRunbookFileName(uri.path)) return; // a file: the files' watcher's
    const files = await filesOfNewFolder(uri, (name) => isRunbookFileName(name), MAX_FILES);
    for (const file of files) {
      if (file.path.split('/').includes('.runbooks') && !isIncidentRecordPath(file.path)) this.scheduleFile(file, 'workspace');
    }
  }

  /** A deleted folder: every runbook file known under it goes. */
  private folderDeleted(uri: vscode.Uri): void {
    if (isRunbookFileName(uri.path)) return; // a file: the files' watcher's
    const prefix = `${uri.toString()}/`;
    if (![...this.files.keys()].some((k) => k.startsWith(prefix))) return;
    this.loading = this.loading.then(() => {
      let any = false;
      for (const [key, f] of this.files) {
        // Only workspace files: a bundled or setting folder is not this watcher's to drop.
        if (key.startsWith(prefix) && f.kind === 'workspace') {
          this.files.delete(key);
          this.diagnostics.delete(f.uri);
          any = true;
        }
      }
      if (any) this.publish();
    });
  }

  private removeFile(uri: vscode.Uri): void {
    this.loading = this.loading.then(() => {
      if (this.files.delete(uri.toString())) {
        this.diagnostics.delete(uri);
        this.publish();
      }
    });
  }

  /** Reads files in parallel; the ones that no longer exist are left out. */
  private async readFiles(sources: { uri: vscode.Uri; kind: SourceKind }[]): Promise<LoadedFile[]> {
    const read = await Promise.all(sources.map((s) => this.readFile(s.uri, s.kind)));
    return read.filter((f): f is LoadedFile => f !== undefined);
  }

  /** The file's parse when it comes ready-made (bundled index, parse cache), else its header and text. */
  private async readFile(uri: vscode.Uri, kind: SourceKind): Promise<LoadedFile | undefined> {
    const file = uri.fsPath;
    let read: ReadTextResult;
    try {
      // Restricted Mode: a link in the workspace must not lead the library out of it.
      read = await readText(uri, kind === 'bundled' || vscode.workspace.isTrusted ? undefined : await this.realRoots());
    } catch (err) {
      // Deleted between discovery and read: dropped. Unreadable: one problem; the rest still load.
      if (isNotFound(err)) return undefined;
      const problem: Problem = { file, line: 1, column: 1, severity: 'error', code: 'unreadable', message: `Cannot read runbook file: ${errorMessage(err)}` };
      return { uri, kind, headers: [], readProblems: [problem], parsed: { runbooks: [], problems: [] } };
    }
    if ('notRead' in read) {
      const problem: Problem = { file, line: 1, column: 1, severity: 'error', code: 'unreadable', message: read.notRead };
      return { uri, kind, headers: [], readProblems: [problem], parsed: { runbooks: [], problems: [] } };
    }
    if ('tooLargeBytes' in read) {
      // Over the cap: one diagnostic, and the file is never read into memory.
      return { uri, kind, headers: [], readProblems: [tooLargeProblem(file, read.tooLargeBytes)], parsed: { runbooks: [], problems: [] } };
    }
    const { text } = read;
    const readProblems = read.encodingProblem ? [read.encodingProblem] : [];
    const ready = cachedParse(text, file, kind, this.cache);
    if (ready) return { uri, kind, headers: [], readProblems, parsed: ready };
    const header = /\.ya?ml$/i.test(file) ? readRunbookHeader(text, file, kind) : undefined;
    return { uri, kind, headers: header ? [header] : [], readProblems, text };
  }

  /** Parses the files still waiting, a slice at a time, so the window stays responsive. */
  private async parsePending(files: LoadedFile[]): Promise<void> {
    let sliceStart = performance.now();
    for (const f of files) {
      if (f.parsed || f.text === undefined) continue;
      const { text } = f;
      const file = f.uri.fsPath;
      const kind = f.kind;
      f.parsed = await parseWithCache(text, file, kind, this.cache, () => loadLazyBundle().parsers.parseRunbookText(text, file, kind));
      f.text = undefined;
      if (performance.now() - sliceStart > PARSE_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  private publish(marks: (keyof typeof LOAD_MARKS)[] = []): void {
    for (const m of marks) {
      // Only the latest load's marks are kept: reloads do not pile them up.
      performance.clearMarks(LOAD_MARKS[m]);
      performance.mark(LOAD_MARKS[m]);
    }
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
    if (this.cache) return this.cache;
    if (!this.cacheFile) return undefined;
    let json: string | undefined;
    try {
      json = new TextDecoder('utf-8').decode(await readBytes(this.cacheFile.uri));
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
