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
import { type RunbookSummary, readRunbookHeader } from './runbookHeader';
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

type FileLoad<T> = { items: T[]; problems: Problem[] } | { error: string };

/** Reads one runbook file (size checked first, UTF-8 checked) and hands its text to `use`. */
async function loadFile<T>(
  file: string,
  use: (text: string) => { items: T[]; problems: Problem[] } | Promise<{ items: T[]; problems: Problem[] }>,
): Promise<FileLoad<T>> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { error: 'not a regular file' };
    // Check the size before reading so a huge file is never pulled into memory.
    if (info.size > MAX_RUNBOOK_FILE_BYTES) return { items: [], problems: [tooLargeProblem(file, info.size)] };
    const decoded = decodeUtf8(await readFile(file), file);
    const used = await use(decoded.text);
    return decoded.problem ? { items: used.items, problems: [decoded.problem, ...used.problems] } : used;
  } catch (e) {
    return { error: fsErrorMessage(e) };
  }
}

export async function loadRunbooks(
  inputs: { path: string; kind: SourceKind }[],
  options: { cache?: ParseCache } = {},
): Promise<LoadResult> {
  const loaded = await loadEach(inputs, async (text, file, kind) => {
    const parsed = await parseWithCache(text, file, kind, options.cache, () => parseRunbookText(text, file, kind));
    return { items: parsed.runbooks, problems: parsed.problems };
  });
  const { items, ...rest } = loaded;
  const result: LoadResult = { runbooks: items, ...rest };
  result.problems.push(...findDuplicateIds(result.runbooks));
  return result;
}

export interface HeaderLoadResult extends Omit<LoadResult, 'runbooks'> {
  /** What a list of the runbooks shows: from each file's header, or its full parse when the header reader gave up. */
  summaries: RunbookSummary[];
  /** How many files needed the full parse. */
  parsedFiles: number;
}

/**
 * The runbooks' summaries, quickly: a YAML file's header is read without the YAML parser
 * (readRunbookHeader); files it cannot read are parsed. Problems are only those of files that
 * were parsed or could not be read: validation is the full load's (loadRunbooks) job.
 */
export async function loadRunbookHeaders(inputs: { path: string; kind: SourceKind }[]): Promise<HeaderLoadResult> {
  let parsedFiles = 0;
  const loaded = await loadEach(inputs, (text, file, kind): { items: RunbookSummary[]; problems: Problem[] } => {
    const header = /\.ya?ml$/i.test(file) ? readRunbookHeader(text, file, kind) : undefined;
    if (header) return { items: [header], problems: [] };
    parsedFiles++;
    const parsed = parseRunbookText(text, file, kind);
    return { items: parsed.runbooks, problems: parsed.problems };
  });
  const { items, ...rest } = loaded;
  return { summaries: items, parsedFiles, ...rest };
}

/** Finds the runbook files of every input and loads each with `use`, READ_CONCURRENCY at a time. */
async function loadEach<T>(
  inputs: { path: string; kind: SourceKind }[],
  use: (text: string, file: string, kind: SourceKind) => { items: T[]; problems: Problem[] } | Promise<{ items: T[]; problems: Problem[] }>,
): Promise<Omit<LoadResult, 'runbooks'> & { items: T[] }> {
  const result: Omit<LoadResult, 'runbooks'> & { items: T[] } = { items: [], problems: [], files: [], unreadable: [] };
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

  const loaded = new Array<FileLoad<T>>(queue.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const i = next++;
      const { file, kind } = queue[i];
      loaded[i] = await loadFile(file, (text) => use(text, file, kind));
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
    result.items.push(...r.items);
    result.problems.push(...r.problems);
  });
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
