// The one folder walker, shared by the CLI (lint, incident, list/validate/show through the runbook
// loader) and the extension (runbook paths from the setting). Each caller says which files it
// wants; which folders are entered, and what is never opened, is decided here, once:
//
// - Folders skipped: `node_modules`, and every folder whose name starts with a dot (`.git`,
//   `.vscode`, `.idea`, tool caches) except `.runbooks`, where runbooks and incident records live.
// - Symbolic links: a link to a file counts as that file; a link to a folder is not followed
//   (links can loop); a dangling link among the wanted files is reported, not fatal.
// - Only regular files are returned: FIFOs, sockets and devices are never opened (reading a FIFO
//   waits forever).
// - Caps: at most `maxFiles` wanted files (default 5,000), and folders at most 32 levels below the
//   root; the walk reports when it stopped early.
//
// Walks are depth-first in code-unit order of names, so output does not depend on the file system.
// No `vscode` and no Node fs here: the caller passes a WalkFs (nodeWalkFs for Node).
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

export type EntryKind = 'file' | 'folder' | 'other';

export interface WalkEntry {
  name: string;
  /** For a symbolic link, the kind of what it points to when the listing knows it. */
  kind: EntryKind | 'symlink';
}

/** The file-system calls a walk makes. Sync or async results both work. */
export interface WalkFs<P> {
  /** What `p` is, following symbolic links; throws (ENOENT, EACCES...) when it cannot tell. */
  kindOf(p: P): EntryKind | Promise<EntryKind>;
  list(folder: P): WalkEntry[] | Promise<WalkEntry[]>;
  join(folder: P, name: string): P;
}

export interface WalkOptions<P> {
  /** Whether a file found inside a folder is one the caller wants (by name or path). */
  wants: (file: P, name: string) => boolean;
  maxFiles?: number;
}

export interface WalkResult<P> {
  /** Wanted regular files, in walk order; the root itself when it is a file (wanted or not). */
  files: P[];
  /** True when the root was a file, not a folder. */
  rootIsFile: boolean;
  /** Folders that could not be listed, and wanted names that are dangling links. */
  unreadable: { path: P; message: string }[];
  /** Why the walk stopped early, if it did. */
  truncated?: string;
}

export const MAX_WALK_FILES = 5_000;
export const MAX_WALK_DEPTH = 32;

/** The skip rule for folders (see the top of this file). */
export function skipsFolder(name: string): boolean {
  return name === 'node_modules' || (name.startsWith('.') && name !== '.runbooks');
}

/** Readable text for fs errors, the same wording in every command: "no such file or folder". */
export function fsErrorMessage(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
    case 'FileNotFound':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
    case 'NoPermissions':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Walks `root`. Throws when the root itself cannot be read (missing, no permission) so the caller
 * can report it as a bad input; a root that is neither file nor folder (a FIFO) is unreadable.
 */
export async function walkFiles<P>(fs: WalkFs<P>, root: P, options: WalkOptions<P>): Promise<WalkResult<P>> {
  const result: WalkResult<P> = { files: [], rootIsFile: false, unreadable: [] };
  const rootKind = await fs.kindOf(root);
  if (rootKind === 'file') {
    result.files.push(root);
    result.rootIsFile = true;
    return result;
  }
  if (rootKind === 'other') {
    result.unreadable.push({ path: root, message: 'not a regular file or folder' });
    return result;
  }
  const maxFiles = options.maxFiles ?? MAX_WALK_FILES;
  // Iterative (a deep tree cannot overflow the stack); the stack holds folders still to list.
  const pending: { folder: P; depth: number }[] = [{ folder: root, depth: 0 }];
  while (pending.length > 0) {
    const { folder, depth } = pending.pop() as { folder: P; depth: number };
    let entries: WalkEntry[];
    try {
      entries = [...(await fs.list(folder))];
    } catch (e) {
      result.unreadable.push({ path: folder, message: fsErrorMessage(e) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: { folder: P; depth: number }[] = [];
    for (const entry of entries) {
      const full = fs.join(folder, entry.name);
      if (entry.kind === 'folder') {
        if (skipsFolder(entry.name)) continue;
        if (depth + 1 > MAX_WALK_DEPTH) {
          result.truncated = `folders deeper than ${MAX_WALK_DEPTH} levels were not searched`;
          continue;
        }
        subfolders.push({ folder: full, depth: depth + 1 });
        continue;
      }
      if (entry.kind === 'other' || !options.wants(full, entry.name)) continue;
      if (entry.kind === 'symlink') {
        let target: EntryKind;
        try {
          target = await fs.kindOf(full);
        } catch (e) {
          const code = (e as { code?: unknown }).code;
          result.unreadable.push({ path: full, message: code === 'ENOENT' ? 'dangling symbolic link' : fsErrorMessage(e) });
          continue;
        }
        if (target !== 'file') continue;
      }
      if (result.files.length >= maxFiles) {
        result.truncated = `stopped after ${maxFiles.toLocaleString('en-US')} files`;
        return result;
      }
      result.files.push(full);
    }
    // Reversed onto the stack so the first subfolder by name is walked next.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i]);
  }
  return result;
}

function kindOfStats(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind | 'symlink' {
  return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : s.isSymbolicLink() ? 'symlink' : 'other';
}

/**
 * Node's file system for walkFiles, synchronous: the CLI handles one thing at a time, and the
 * sync calls keep fs/promises (and its start-up cost) out of `runbook lint`.
 */
export const nodeWalkFs: WalkFs<string> = {
  kindOf: (p) => kindOfStats(statSync(p)) as EntryKind,
  list: (folder) => readdirSync(folder, { withFileTypes: true }).map((d) => ({ name: d.name, kind: kindOfStats(d) })),
  join: (folder, name) => path.join(folder, name),
};
