// Reading runbook files for the store: open documents from the editor, `file:` URIs with Node's
// fs, everything else through VS Code's file system; and listing runbook files below a folder.
import * as vscode from 'vscode';
import * as fsp from 'node:fs/promises';
import type { Problem } from '../core/runbook/runbookModel';
import { MAX_RUNBOOK_FILE_BYTES, isIncidentRecordPath, isRunbookFileName } from '../core/runbook/runbookFiles';
import { walkFiles, type EntryKind, type WalkFs } from '../core/fileWalk';
import { decodeUtf8 } from '../core/utf8';

/** A folder with more runbook files than this is almost certainly the wrong folder. */
export const MAX_FILES = 5000;

/** Reads open documents from the editor (unsaved edits), everything else from disk, unless over the cap. */
export async function readText(uri: vscode.Uri): Promise<{ text: string; encodingProblem?: Problem } | { tooLargeBytes: number }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { text: open.getText() };
  const size = isLocal(uri) ? (await fsp.stat(uri.fsPath)).size : (await vscode.workspace.fs.stat(uri)).size;
  if (size > MAX_RUNBOOK_FILE_BYTES) return { tooLargeBytes: size };
  // Invalid UTF-8 is a diagnostic at its place, as in `runbook validate`, not silently replaced.
  const { text, problem } = decodeUtf8(await readBytes(uri), uri.fsPath);
  return { text, encodingProblem: problem };
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

/** Runbook files at `uri` (a file or a folder), by the core's one skip rule; none when it cannot be read. */
export async function listRunbookFiles(uri: vscode.Uri): Promise<vscode.Uri[]> {
  try {
    const found = await walkFiles(isLocal(uri) ? nodeAsyncWalkFs : vscodeWalkFs, uri, { wants: (u) => isRunbookFileName(u.path) && !isIncidentRecordPath(u.path), maxFiles: MAX_FILES });
    return found.files.filter((u) => !found.rootIsFile || (isRunbookFileName(u.path) && !isIncidentRecordPath(u.path)));
  } catch {
    return [];
  }
}
