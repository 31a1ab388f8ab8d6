// A background lint of the whole workspace, for the evidence at runbook steps ("In this workspace:
// `application.properties:7` sets `server.servlet.session.timeout=30`"). It starts the first time a
// runbook or checklist view asks, then follows the files: a saved, created or deleted file and an
// edited open document are linted again one by one; a `.runbooklint.yaml` or a lint setting change
// starts a new scan, which cancels the one running.
//
// Capped and cancelled like the editor's lint: at most MAX_SCAN_FILES files, each at most
// `runbookAssistant.lint.maxFileSizeKB`, MAX_SCAN_BYTES in all, one file at a time with the event
// loop free in between. `runbookAssistant.lint.run: off` turns it off with the editor's lint.
// Restricted Mode: as the editor's lint there, files are read as data and linted (nothing runs),
// but only regular files, and never through a link that leads outside the workspace.
import * as vscode from 'vscode';
import { detectFileKind } from '../../core/lint/fileKinds';
import type { FileKind } from '../../core/lint/types';
import type { RunbookEvidence, WorkspaceFinding } from '../../core/lint/findingsByStep';
import { MAX_WALK_FILES, skipsFolder, walkFiles } from '../../core/fileWalk';
import { isInsideFolder, readRegularFile, realPathOf } from '../../core/regularFile';
import { decodeUtf8 } from '../../core/utf8';
import { loadLazyBundle } from '../loadLazyBundle';
import { filesOfNewFolder, isLocal, walkFsFor, workspaceRealRoots } from '../runbookFileAccess';
import { type LintDiagnostics, lintSettingsFor } from './lintDiagnostics';

export const MAX_SCAN_FILES = MAX_WALK_FILES;
export const MAX_SCAN_BYTES = 64 * 1024 * 1024;
const DEBOUNCE_MS = 300;
const PARTIAL_EVERY = 200;
/** More files than this waiting to be linted again (a checkout, a generated folder): one capped scan instead. */
const BURST_FILES = 200;
const RESCAN_KEY = '\u0000rescan';

/** Where the scan stands, for the views' note and the tests. */
export interface ScanStatus {
  /** A scan has been asked for. */
  started: boolean;
  scanning: boolean;
  filesLinted: number;
  /** Why the scan stopped before the end, if it did ("stopped after 5,000 files"). */
  truncated?: string;
  /** The linter is off (`runbookAssistant.lint.run`): nothing is scanned. */
  off: boolean;
}

interface FileEntry {
  uri: vscode.Uri;
  findings: WorkspaceFinding[];
}

/** What a view's evidence key leads to: the file and the finding's position. */
export interface EvidenceTarget {
  uri: vscode.Uri;
  finding: WorkspaceFinding;
}

/** Files the lint reads: a kind known by name, or an `.xml` file that may be a web.xml descriptor. */
function lintable(name: string): boolean {
  return detectFileKind(name) !== undefined || /\.xml$/i.test(name);
}

/** A changed file the scan would have found: in a workspace folder and under no folder the walker skips. */
function scanned(uri: vscode.Uri): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || !lintable(uri.path)) return false;
  const parts = uri.path.slice(folder.uri.path.length).split('/').filter(Boolean);
  return !parts.slice(0, -1).some(skipsFolder);
}

export class WorkspaceFindings implements vscode.Disposable {
  private static current: WorkspaceFindings | undefined;
  private readonly files = new Map<string, FileEntry>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (coalesced) when the findings changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private scanCancel: vscode.CancellationTokenSource | undefined;
  private scanDone: Promise<void> = Promise.resolve();
  private fireTimer: NodeJS.Timeout | undefined;
  private status: ScanStatus = { started: false, scanning: false, filesLinted: 0, off: false };
  /** Files linted again, and folders deleted, while a scan runs: the scan's older view of them must not win. */
  private readonly changedDuringScan = new Set<string>();
  private readonly deletedDuringScan: string[] = [];
  /** Whether a scan has finished: until then the first scan shows what it has found every PARTIAL_EVERY files. */
  private scannedOnce = false;

  /** The one instance, once the linter is registered (the panels ask it for their runbook's findings). */
  static instance(): WorkspaceFindings | undefined {
    return WorkspaceFindings.current;
  }

  constructor(private readonly linter: LintDiagnostics) {
    WorkspaceFindings.current = this;
  }

  /** Starts the background lint the first time a view asks; later calls do nothing. */
  start(): void {
    if (this.status.started) return;
    this.status.started = true;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/.runbooklint.{yaml,yml}');
    this.disposables.push(
      watcher,
      configWatcher,
      watcher.onDidCreate((uri) => this.created(uri)),
      watcher.onDidChange((uri) => this.fileChanged(uri)),
      watcher.onDidDelete((uri) => this.fileDeleted(uri)),
      // The lint's own config cache is cleared by its watcher; a small delay lets it go first.
      configWatcher.onDidCreate(() => this.rescanSoon()),
      configWatcher.onDidChange(() => this.rescanSoon()),
      configWatcher.onDidDelete(() => this.rescanSoon()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.fileChanged(e.document.uri);
      }),
      // Closed without saving: the file on disk is what counts again.
      vscode.workspace.onDidCloseTextDocument((doc) => this.fileChanged(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runbookAssistant.lint')) this.rescanSoon();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanSoon()),
      // Links out of the workspace may be read now.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.rescanSoon()),
    );
    this.rescan();
  }

  scanStatus(): ScanStatus {
    return { ...this.status };
  }

  /** Resolves when the scan running now (if any) has finished. */
  whenScanned(): Promise<void> {
    return this.scanDone;
  }

  /** The findings that link to `runbookId`, at their steps. */
  evidenceFor(runbookId: string, stepIds: Iterable<string>): RunbookEvidence {
    const all = this.allFindings();
    return loadLazyBundle().evidence.findingsByStep(all, runbookId, stepIds);
  }

  /** The file and finding behind a view's key, if the finding is still there as shown. */
  target(key: string): EvidenceTarget | undefined {
    const { evidenceKey } = loadLazyBundle().evidence;
    for (const entry of this.files.values()) {
      for (const finding of entry.findings) {
        const { runbook: _link, ...rest } = finding;
        if (evidenceKey(rest) === key) return { uri: entry.uri, finding };
      }
    }
    return undefined;
  }

  private *allFindings(): Iterable<WorkspaceFinding> {
    for (const entry of this.files.values()) yield* entry.findings;
  }

  private rescanSoon(): void {
    this.debounce(RESCAN_KEY, () => this.rescan());
  }

  /** Cancels a running scan and starts a new one over every workspace folder. */
  private rescan(): void {
    this.scanCancel?.cancel();
    this.scanCancel?.dispose();
    const cancel = new vscode.CancellationTokenSource();
    this.scanCancel = cancel;
    this.scanDone = this.scan(cancel.token).catch((err: unknown) => {
      console.error(`[runbook-lint] workspace scan failed: ${String(err instanceof Error ? err.stack : err)}`);
    });
  }

  private async scan(token: vscode.CancellationToken): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const off = folders.length === 0 || folders.every((f) => lintSettingsFor(f.uri).run === 'off');
    this.status = { started: true, scanning: !off, filesLinted: 0, off };
    if (off) {
      this.files.clear();
      this.fireSoon();
      return;
    }
    this.changedDuringScan.clear();
    this.deletedDuringScan.length = 0;
    const roots = vscode.workspace.isTrusted ? undefined : await workspaceRealRoots();
    const found = new Map<string, FileEntry>();
    let bytes = 0;
    let truncated: string | undefined;
    outer: for (const folder of folders) {
      if (lintSettingsFor(folder.uri).run === 'off') continue;
      let listed: vscode.Uri[];
      try {
        const walk = await walkFiles(walkFsFor(folder.uri), folder.uri, { wants: (_uri, name) => lintable(name), maxFiles: MAX_SCAN_FILES });
        listed = walk.files;
        truncated ??= walk.truncated;
      } catch {
        continue; // the folder is gone or unreadable: nothing of it to show
      }
      for (const uri of listed) {
        if (token.isCancellationRequested) return;
        if (found.size >= MAX_SCAN_FILES) {
          truncated = `stopped after ${MAX_SCAN_FILES.toLocaleString('en-US')} files`;
          break outer;
        }
        const entry = await this.lintFile(uri, roots);
        if (token.isCancellationRequested) return;
        bytes += entry?.bytes ?? 0;
        if (entry && entry.findings.length > 0) found.set(uri.toString(), { uri, findings: entry.findings });
        this.status.filesLinted++;
        // A large workspace's first scan: the views need not wait for its last file.
        if (!this.scannedOnce && this.status.filesLinted % PARTIAL_EVERY === 0) {
          for (const [k, v] of found) if (!this.changedDuringScan.has(k)) this.files.set(k, v);
          this.fireSoon();
        }
        if (bytes > MAX_SCAN_BYTES) {
          truncated = `stopped after reading ${MAX_SCAN_BYTES / 1024 / 1024} MB`;
          break outer;
        }
        // One file at a time, the event loop free in between: the editor stays responsive.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (token.isCancellationRequested) return;
    for (const prefix of this.deletedDuringScan) {
      for (const key of [...found.keys()]) if (key === prefix || key.startsWith(`${prefix}/`)) found.delete(key);
    }
    for (const key of this.changedDuringScan) {
      const now = this.files.get(key);
      if (now) found.set(key, now);
      else found.delete(key);
    }
    this.files.clear();
    for (const [k, v] of found) this.files.set(k, v);
    this.scannedOnce = true;
    this.status = { ...this.status, scanning: false, ...(truncated ? { truncated } : {}) };
    this.fireSoon();
  }

  /** Reads and lints one file; undefined when it is not one the lint reads (or cannot be read). */
  private async lintFile(uri: vscode.Uri, insideRoots: readonly string[] | undefined): Promise<{ findings: WorkspaceFinding[]; bytes: number } | undefined> {
    if (!scanned(uri)) return undefined;
    const settings = lintSettingsFor(uri);
    if (settings.run === 'off') return undefined;
    const text = await readLintText(uri, settings.maxBytes, insideRoots);
    if (text === undefined) return undefined;
    const kind: FileKind | undefined = detectFileKind(uri.path, text.slice(0, 4096));
    if (!kind) return undefined;
    const bundle = loadLazyBundle();
    const config = await this.linter.configForUri(uri);
    const out = bundle.lintEngine.lintText(text, isLocal(uri) ? uri.fsPath : uri.path, config, { kind, maxBytes: settings.maxBytes });
    if (out.skipped) return { findings: [], bytes: text.length };
    // Forward slashes whatever the OS: the record's finding is a workspace path in that form.
    const file = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1).replace(/\\/g, '/');
    return { findings: bundle.evidence.workspaceFindingsOf(file, kind, text, out.findings, bundle.incidents.maskCredentials), bytes: text.length };
  }

  /**
   * A new file, or a new folder: the watcher may report a folder (a `git pull`, an unpacked archive)
   * without the files created in it before it was watched, so a folder's files are listed and each
   * linted like a changed file (many become one capped rescan there).
   */
  private created(uri: vscode.Uri): void {
    if (scanned(uri)) {
      this.fileChanged(uri);
      return;
    }
    if (this.timers.has(RESCAN_KEY)) return; // a scan is about to read everything
    void filesOfNewFolder(uri, lintable, BURST_FILES + 1).then((files) => {
      for (const file of files) if (scanned(file)) this.fileChanged(file);
    });
  }

  private fileChanged(uri: vscode.Uri): void {
    // A scan is about to start: it reads this file as it is then.
    if (this.timers.has(RESCAN_KEY) || !scanned(uri)) return;
    const key = uri.toString();
    if (!this.timers.has(key) && this.timers.size >= BURST_FILES) {
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
      this.rescanSoon();
      return;
    }
    this.debounce(key, async () => {
      const roots = vscode.workspace.isTrusted ? undefined : await workspaceRealRoots();
      const entry = await this.lintFile(uri, roots);
      const before = JSON.stringify(this.files.get(key)?.findings ?? []);
      if (this.status.scanning) this.changedDuringScan.add(key);
      if (entry && entry.findings.length > 0) this.files.set(key, { uri, findings: entry.findings });
      else this.files.delete(key);
      if (JSON.stringify(entry?.findings ?? []) !== before) this.fireSoon();
    });
  }

  /** A file or a whole folder deleted: its findings go. */
  private fileDeleted(uri: vscode.Uri): void {
    if (this.status.scanning) this.deletedDuringScan.push(uri.toString());
    // The last scan stopped at its cap: with files gone, a new one may see the whole workspace.
    if (this.status.truncated) this.rescanSoon();
    const prefix = `${uri.toString()}/`;
    let any = false;
    for (const key of [...this.files.keys()]) {
      if (key === uri.toString() || key.startsWith(prefix)) {
        this.files.delete(key);
        any = true;
      }
    }
    if (any) this.fireSoon();
  }

  private debounce(key: string, run: () => void | Promise<void>): void {
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void Promise.resolve(run()).catch((err: unknown) => console.error(`[runbook-lint] ${String(err)}`));
      }, DEBOUNCE_MS),
    );
  }

  private fireSoon(): void {
    if (this.fireTimer) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.changed.fire();
    }, 50);
  }

  dispose(): void {
    this.scanCancel?.cancel();
    this.scanCancel?.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.fireTimer) clearTimeout(this.fireTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    if (WorkspaceFindings.current === this) WorkspaceFindings.current = undefined;
  }
}

/**
 * The text the lint sees: an open document's (unsaved edits count), else the file's, only a
 * regular file, at most `maxBytes` (a larger file is not evidence: the editor shows it one notice),
 * and in Restricted Mode (`insideRoots`) not through a link that leads outside the workspace.
 */
async function readLintText(uri: vscode.Uri, maxBytes: number, insideRoots: readonly string[] | undefined): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    let bytes: Uint8Array;
    if (isLocal(uri)) {
      if (insideRoots) {
        const real = await realPathOf(uri.fsPath);
        if (real === undefined || !insideRoots.some((root) => isInsideFolder(real, root))) return undefined;
      }
      const read = await readRegularFile(uri.fsPath, maxBytes);
      if (!('bytes' in read)) return undefined;
      bytes = read.bytes;
    } else {
      const stat = await vscode.workspace.fs.stat(uri);
      if ((stat.type & vscode.FileType.File) === 0 || stat.size > maxBytes) return undefined;
      if (insideRoots && (stat.type & vscode.FileType.SymbolicLink) !== 0) return undefined;
      bytes = await vscode.workspace.fs.readFile(uri);
    }
    return decodeUtf8(bytes, uri.path).text;
  } catch {
    return undefined; // gone, or not ours to read: no evidence from it
  }
}
