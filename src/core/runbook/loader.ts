// Loads runbooks from files and folders with plain Node fs (the CLI, the tests and the benchmark;
// the extension reads through the VS Code file system API and reuses parseRunbookText and
// findDuplicateIds).
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Problem, Runbook, SourceKind } from './runbookModel';
import { findDuplicateIds } from './duplicates';
import { type ParseCache, parseWithCache } from './parseCache';
import { isRunbookFileName, MAX_RUNBOOK_FILE_BYTES, parseRunbookText, tooLargeProblem } from './parseRunbookFile';
import { isIncidentRecordPath } from './runbookFiles';

export { findDuplicateIds } from './duplicates';

/** A folder with more runbook files than this is almost certainly the wrong folder. */
export const MAX_RUNBOOK_FILES = 5_000;
const READ_CONCURRENCY = 16;

export interface LoadResult {
  runbooks: Runbook[];
  problems: Problem[];
  /** Absolute paths of every runbook file that was found, in load order. */
  files: string[];
  /** Inputs (or files in them) that could not be read at all. */
  unreadable: { path: string; message: string }[];
}

interface Walk {
  files: string[];
  truncated: boolean;
  unreadable: { path: string; message: string }[];
}

function skipDirectory(name: string): boolean {
  return name === 'node_modules' || (name.startsWith('.') && name !== '.runbooks');
}

/** Readable text for fs errors: "no such file or directory" rather than "ENOENT: ... stat '/x'". */
export function fsErrorMessage(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

async function walk(root: string): Promise<Walk> {
  const result: Walk = { files: [], truncated: false, unreadable: [] };
  const info = await stat(root); // throws for a missing input: the caller reports it
  if (!info.isDirectory()) {
    result.files.push(root);
    return result;
  }
  // Iterative, sorted, depth-first: deterministic order, and truncation keeps the same files.
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      result.unreadable.push({ path: dir, message: fsErrorMessage(e) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Symlinked folders are not followed (cycles); symlinked files are read like files.
      if (entry.isDirectory()) {
        if (!skipDirectory(entry.name) && !isIncidentRecordPath(full)) subdirs.push(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isRunbookFileName(entry.name)) {
        if (result.files.length >= MAX_RUNBOOK_FILES) {
          result.truncated = true;
          return result;
        }
        result.files.push(full);
      }
    }
    pending.push(...subdirs.reverse());
  }
  return result;
}

/** Runbook files at `p`: the file itself, or every runbook file below the folder, sorted. */
export async function collectRunbookFiles(p: string): Promise<string[]> {
  const { files } = await walk(path.resolve(p));
  return files.sort();
}

async function loadFile(
  file: string,
  kind: SourceKind,
  cache: ParseCache | undefined,
): Promise<{ runbooks: Runbook[]; problems: Problem[] } | { error: string }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { error: 'not a regular file' };
    // Check the size before reading so a huge file is never pulled into memory.
    if (info.size > MAX_RUNBOOK_FILE_BYTES) return { runbooks: [], problems: [tooLargeProblem(file, info.size)] };
    const text = await readFile(file, 'utf8');
    return await parseWithCache(text, file, kind, cache, () => parseRunbookText(text, file, kind));
  } catch (e) {
    return { error: fsErrorMessage(e) };
  }
}

export async function loadRunbooks(
  inputs: { path: string; kind: SourceKind }[],
  options: { cache?: ParseCache } = {},
): Promise<LoadResult> {
  const result: LoadResult = { runbooks: [], problems: [], files: [], unreadable: [] };
  const queue: { file: string; kind: SourceKind }[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const root = path.resolve(input.path);
    let found: Walk;
    try {
      found = await walk(root);
    } catch (e) {
      result.unreadable.push({ path: input.path, message: fsErrorMessage(e) });
      continue;
    }
    result.unreadable.push(...found.unreadable);
    if (found.truncated) {
      result.problems.push({
        file: root,
        line: 1,
        column: 1,
        message: `Stopped after ${MAX_RUNBOOK_FILES} runbook files in this folder; the rest were not loaded`,
        severity: 'warning',
        code: 'too-many-files',
      });
    }
    // The same file reached twice (a folder and a file in it) must not look like a duplicate id.
    for (const file of found.files.sort()) {
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push({ file, kind: input.kind });
    }
  }

  const loaded = new Array<Awaited<ReturnType<typeof loadFile>>>(queue.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const i = next++;
      loaded[i] = await loadFile(queue[i].file, queue[i].kind, options.cache);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, worker));

  // Results are merged in queue order, so output does not depend on read timing.
  queue.forEach(({ file }, i) => {
    const r = loaded[i];
    if ('error' in r) {
      result.unreadable.push({ path: file, message: r.error });
      return;
    }
    result.files.push(file);
    result.runbooks.push(...r.runbooks);
    result.problems.push(...r.problems);
  });
  result.problems.push(...findDuplicateIds(result.runbooks));
  return result;
}

/**
 * The package's runbooks/ folder. dist/cli.js and dist/extension.js sit one level below the
 * package root; the unit-test bundles (out/test/unit/*.js) three levels.
 */
export function bundledRunbooksDir(): string {
  const candidates = [path.join(__dirname, '..', 'runbooks'), path.join(__dirname, '..', '..', '..', 'runbooks')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}
