// Reading runbook files for the store: open documents from the editor, `file:` URIs with Node's
// fs, everything else through VS Code's file system; and listing runbook files below a folder.
import * as vscode from 'vscode';
import * as fsp from 'node:fs/promises';
import { readdirSync, type Dirent } from 'node:fs';
import type { ParseResult, Problem, SourceKind } from '../core/runbook/runbookModel';
import type { RunbookSummary } from '../core/runbook/runbookHeader';
import { readRunbookHeader } from '../core/runbook/runbookHeader';
import { MAX_RUNBOOK_FILE_BYTES, isIncidentRecordPath, isRunbookFileName } from '../core/runbook/runbookFiles';
import { skipsFolder, walkFiles, type EntryKind, type WalkFs } from '../core/fileWalk';
import { decodeUtf8 } from '../core/utf8';
import { isInsideFolder, readRegularFile, readRegularFileSync, realPathOf, type RegularFileRead } from '../core/regularFile';

/** A runbook file as the store holds it: read, listed by its header, parsed later. */
export interface LoadedFile {
  uri: vscode.Uri;
  kind: SourceKind;
  /** The full parse; undefined until it has run (the header stands in for the tree). */
  parsed?: ParseResult;
  /** What the tree shows before the full parse. */
  headers: RunbookSummary[];
  /** Problems of reading the file (encoding, size, unreadable), before any parse problem. */
  readProblems: Problem[];
  /** Kept until the full parse. */
  text?: string;
}

/** At most this many files, each at most FEW_FILE_BYTES, are read synchronously in activate(). */
const FEW_FILES = 32;
const FEW_FILE_BYTES = 64 * 1024;

/** A folder with more runbook files than this is almost certainly the wrong folder. */
export const MAX_FILES = 5000;

export type ReadTextResult = { text: string; encodingProblem?: Problem } | { tooLargeBytes: number } | { notRead: string };

/**
 * Reads open documents from the editor (unsaved edits), everything else from disk: only regular
 * files (a FIFO or a link to a device arriving by `git pull` must not hang or flood the host),
 * never past the cap, and in Restricted Mode (`insideRoots` given) nothing a link leads to
 * outside those folders.
 */
export async function readText(uri: vscode.Uri, insideRoots?: readonly string[]): Promise<ReadTextResult> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText() };
  let bytes: Uint8Array;
  if (isLocal(uri)) {
    if (insideRoots) {
      const real = await realPathOf(uri.fsPath);
      if (real === undefined || !insideRoots.some((root) => isInsideFolder(real, root))) {
        return { notRead: 'Not read in Restricted Mode: it is a link to a file outside the workspace.' };
      }
    }
    const read = await readRegularFile(uri.fsPath, MAX_RUNBOOK_FILE_BYTES);
    if ('notRegular' in read) return { notRead: `Not read: it is ${read.notRegular}, not a regular file.` };
    if ('tooLargeBytes' in read) return read;
    bytes = read.bytes;
  } else {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0) return { notRead: 'Not read: it is not a regular file.' };
    if (insideRoots && (stat.type & vscode.FileType.SymbolicLink) !== 0) {
      return { notRead: 'Not read in Restricted Mode: it is a link, and where it leads cannot be checked here.' };
    }
    if (stat.size > MAX_RUNBOOK_FILE_BYTES) return { tooLargeBytes: stat.size };
    bytes = await vscode.workspace.fs.readFile(uri);
  }
  // Invalid UTF-8 is a diagnostic at its place, as in `runbook validate`, not silently replaced.
  const { text, problem } = decodeUtf8(bytes, uri.fsPath);
  return { text, encodingProblem: problem };
}

/** The workspace folders with their links resolved: what Restricted Mode lets a link lead into. */
export async function workspaceRealRoots(): Promise<string[]> {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => isLocal(f.uri)).map((f) => f.uri.fsPath);
  return (await Promise.all(roots.map(realPathOf))).filter((r): r is string => r !== undefined);
}

/**
 * `file:` URIs are this process's disk: Node's fs reads them without the round trip through the
 * window that `workspace.fs` takes (tens of milliseconds each while the window starts up).
 */
export function isLocal(uri: vscode.Uri): boolean {
  return uri.scheme === 'file';
}

export async function readBytes(uri: vscode.Uri): Promise<Uint8Array> {
  return isLocal(uri) ? fsp.readFile(uri.fsPath) : vscode.workspace.fs.readFile(uri);
}

export function isNotFound(err: unknown): boolean {
  return (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') || (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Node's fs for the core's walker, for `file:` folders (a link is listed as one, stat follows it). */
const nodeAsyncWalkFs: WalkFs<vscode.Uri> = {
  kindOf: async (uri) => {
    const st = await fsp.stat(uri.fsPath);
    return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  },
  list: async (uri) =>
    (await fsp.readdir(uri.fsPath, { withFileTypes: true })).map((d) => ({
      name: d.name,
      kind: d.isSymbolicLink() ? 'symlink' : d.isFile() ? 'file' : d.isDirectory() ? 'folder' : 'other',
    })),
  join: (uri, name) => vscode.Uri.joinPath(uri, name),
};

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

/** The walker's file system for a folder: Node's for `file:` folders, VS Code's for the rest. */
export function walkFsFor(uri: vscode.Uri): WalkFs<vscode.Uri> {
  return isLocal(uri) ? nodeAsyncWalkFs : vscodeWalkFs;
}

/**
 * The files `wants` takes under a folder the watcher reported as created: a folder moved in whole
 * (a checkout, an unpacked archive) comes as one event, without its files. [] for a file, a folder
 * outside the workspace or inside one the walker skips (dependencies, dot-folders), or one gone again.
 */
export async function filesOfNewFolder(uri: vscode.Uri, wants: (name: string) => boolean, maxFiles: number): Promise<vscode.Uri[]> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return [];
  const parts = uri.path.slice(folder.uri.path.length).split('/').filter(Boolean);
  if (parts.length === 0 || parts.some(skipsFolder)) return [];
  try {
    if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return [];
    return (await walkFiles(walkFsFor(uri), uri, { wants: (_uri, name) => wants(name), maxFiles })).files;
  } catch {
    return []; // gone again, or unreadable
  }
}

/** Runbook files at `uri` (a file or a folder), by the core's one skip rule; none when it cannot be read. */
export async function listRunbookFiles(uri: vscode.Uri): Promise<vscode.Uri[]> {
  try {
    const found = await walkFiles(walkFsFor(uri), uri, { wants: (u) => isRunbookFileName(u.path) && !isIncidentRecordPath(u.path), maxFiles: MAX_FILES });
    return found.files.filter((u) => !found.rootIsFile || (isRunbookFileName(u.path) && !isIncidentRecordPath(u.path)));
  } catch {
    return [];
  }
}

/**
 * A workspace's few runbooks, listed by their headers inside activate() like the bundled ones:
 * only when every folder is on this disk and its top-level .runbooks/ holds at most
 * FEW_FILES small regular files and no sub-folder, in a trusted workspace (links are checked on
 * the asynchronous path). Anything else: undefined, and the asynchronous listing does it all.
 */
export function readFewWorkspaceRunbooks(): LoadedFile[] | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!vscode.workspace.isTrusted || folders.some((f) => f.uri.scheme !== 'file')) return undefined;
  const found: vscode.Uri[] = [];
  for (const folder of folders) {
    const dir = vscode.Uri.joinPath(folder.uri, '.runbooks');
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.fsPath, { withFileTypes: true });
    } catch {
      continue; // no .runbooks/ here
    }
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'incidents') return undefined;
      if (!isRunbookFileName(e.name)) continue;
      if (!e.isFile()) return undefined; // a link or something stranger: the careful path
      found.push(vscode.Uri.joinPath(dir, e.name));
      if (found.length > FEW_FILES) return undefined;
    }
  }
  const files: LoadedFile[] = [];
  for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) {
    let read: RegularFileRead;
    try {
      read = readRegularFileSync(uri.fsPath, FEW_FILE_BYTES);
    } catch {
      return undefined;
    }
    if (!('bytes' in read)) return undefined;
    const file = uri.fsPath;
    const { text, problem } = decodeUtf8(read.bytes, file);
    const header = /\.ya?ml$/i.test(file) ? readRunbookHeader(text, file, 'workspace') : undefined;
    files.push({ uri, kind: 'workspace', headers: header ? [header] : [], readProblems: problem ? [problem] : [], text });
  }
  return files;
}
