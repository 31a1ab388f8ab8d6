// Loads runbooks from files and folders with plain Node fs (the CLI, the tests and the benchmark;
// the extension reads through the VS Code file system API and reuses parseRunbookText and
// findDuplicateIds).
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Problem, Runbook, SourceKind } from './runbookModel';
import { findDuplicateIds } from './duplicates';
import { type ParseCache, parseWithCache } from './parseCache';
import { isRunbookFileName, MAX_RUNBOOK_FILE_BYTES, parseRunbookText, tooLargeProblem } from './parseRunbookFile';
import { isIncidentRecordPath } from './runbookFiles';
import { fsErrorMessage, MAX_WALK_FILES, nodeWalkFs, walkFiles, type WalkResult } from '../fileWalk';
import { decodeUtf8 } from '../utf8';

export { findDuplicateIds } from './duplicates';

/** A folder with more runbook files than this is almost certainly the wrong folder. */
export const MAX_RUNBOOK_FILES = MAX_WALK_FILES;
const READ_CONCURRENCY = 16;

export interface LoadResult {
  runbooks: Runbook[];
  problems: Problem[];
  /** Absolute paths of every runbook file that was found, in load order. */
  files: string[];
  /** Inputs that could not be read at all (a file or folder found inside an input is a problem instead). */
  unreadable: { path: string; message: string }[];
}

/** Runbook files below a folder: by name, and not the incident records kept beside them. */
const wantsRunbookFile = (file: string, name: string): boolean => isRunbookFileName(name) && !isIncidentRecordPath(file);

/** Runbook files at `p`: the file itself, or every runbook file below the folder, sorted. Throws for a missing `p`. */
export async function collectRunbookFiles(p: string): Promise<string[]> {
  const { files } = await walkFiles(nodeWalkFs, path.resolve(p), { wants: wantsRunbookFile, maxFiles: MAX_RUNBOOK_FILES });
  return files.sort();
}

function fileProblem(file: string, code: string, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { file, line: 1, column: 1, message, severity, code };
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
    const decoded = decodeUtf8(await readFile(file), file);
    const text = decoded.text;
    const parsed = await parseWithCache(text, file, kind, cache, () => parseRunbookText(text, file, kind));
    return decoded.problem ? { runbooks: parsed.runbooks, problems: [decoded.problem, ...parsed.problems] } : parsed;
  } catch (e) {
    return { error: fsErrorMessage(e) };
  }
}

export async function loadRunbooks(
  inputs: { path: string; kind: SourceKind }[],
  options: { cache?: ParseCache } = {},
): Promise<LoadResult> {
  const result: LoadResult = { runbooks: [], problems: [], files: [], unreadable: [] };
  const queue: { file: string; kind: SourceKind; named: boolean }[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const root = path.resolve(input.path);
    let found: WalkResult<string>;
    try {
      found = await walkFiles(nodeWalkFs, root, { wants: wantsRunbookFile, maxFiles: MAX_RUNBOOK_FILES });
    } catch (e) {
      result.unreadable.push({ path: input.path, message: fsErrorMessage(e) });
      continue;
    }
    // Something inside a folder that cannot be read (a dangling link) is one problem; the rest load.
    // The input itself (a FIFO named on the command line) is an unreadable input.
    for (const u of found.unreadable) {
      if (u.path === root) result.unreadable.push({ path: input.path, message: u.message });
      else result.problems.push(fileProblem(u.path, 'unreadable', `Cannot read: ${u.message}`));
    }
    if (found.truncated) {
      result.problems.push(fileProblem(root, 'too-many-files', `The search ${found.truncated}; the rest were not loaded`, 'warning'));
    }
    // The same file reached twice (a folder and a file in it) must not look like a duplicate id.
    for (const file of found.files.sort()) {
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push({ file, kind: input.kind, named: found.rootIsFile });
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
  queue.forEach(({ file, named }, i) => {
    const r = loaded[i];
    if ('error' in r) {
      if (named) result.unreadable.push({ path: file, message: r.error });
      else result.problems.push(fileProblem(file, 'unreadable', `Cannot read: ${r.error}`));
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
