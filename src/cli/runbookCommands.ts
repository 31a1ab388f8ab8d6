// `runbook list`, `validate`, `show` and `search`. With the runbook loader (yaml, marked), the
// renderer (marked, sanitize-html), the search engine (minisearch) and the schema validator, this module is a bundle of its own
// (dist/cli-runbooks.js, see scripts/build.mjs), loaded only by these commands: `runbook lint`
// never reads or compiles it.
import * as path from 'node:path';
import { bundledRunbooksDir, loadRunbooks, type LoadResult } from '../core/runbook/loader';
import { isRunbookFileName } from '../core/runbook/parseRunbookFile';
import { runbookToMarkdown, runbookToStandaloneHtml } from '../core/runbook/render';
import { closestMatch } from '../core/didYouMean';
import type { Problem, Runbook, SourceKind } from '../core/runbook/runbookModel';
import { displayPath, runbookToJson, sourceLabel } from '../core/runbook/runbookJson';
import { parseCommandArgs, UsageError, USAGE_HINT, type CommandSpec } from './cliArgs';
import { LIST, SEARCH, SHOW, VALIDATE } from './commandSpecs';
import { DEFAULT_MIN_RELATIVE_SCORE, describeMatch, searchRunbooks } from '../core/search/runbookSearch';

export interface RunbookIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

interface Options {
  format?: string;
  limit?: string;
  noBundled: boolean;
  positionals: string[];
}

function options(spec: CommandSpec, args: string[]): Options {
  const parsed = parseCommandArgs(spec, args);
  return { format: parsed.strings.format, limit: parsed.strings.limit, noBundled: parsed.flags['no-bundled'] === true, positionals: parsed.positionals };
}

/** Paths in messages and JSON: bundled files as bundled:<name>, others relative to cwd if inside it. */
class Paths {
  readonly cwd = process.cwd();
  readonly bundledDir = bundledRunbooksDir();

  constructor(readonly withBundled: boolean) {}

  file(file: string): string {
    const rel = path.relative(this.bundledDir, file);
    if (this.withBundled && rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return `bundled:${rel.split(path.sep).join('/')}`;
    return displayPath(file, this.cwd);
  }

  runbook(rb: Runbook): string {
    return sourceLabel(rb, { cwd: this.cwd, bundledDir: this.bundledDir });
  }

  json(rb: Runbook): ReturnType<typeof runbookToJson> {
    return runbookToJson(rb, { cwd: this.cwd, bundledDir: this.bundledDir });
  }
}

function compareProblems(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

function load(paths: Paths, userPaths: string[]): Promise<LoadResult> {
  const inputs: { path: string; kind: SourceKind }[] = [];
  if (paths.withBundled) inputs.push({ path: paths.bundledDir, kind: 'bundled' });
  for (const p of userPaths) inputs.push({ path: p, kind: 'cli' });
  return loadRunbooks(inputs);
}

/** Reports unreadable inputs on stderr; returns true when there were any. */
function reportUnreadable(result: LoadResult, io: RunbookIo): boolean {
  for (const u of result.unreadable) io.err(`runbook: cannot read ${u.path}: ${u.message}`);
  if (result.unreadable.length > 0) io.err(USAGE_HINT);
  return result.unreadable.length > 0;
}

function problemLine(paths: Paths, p: Problem): string {
  return `${paths.file(p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function listCommand(args: string[], io: RunbookIo): Promise<number> {
  const opts = options(LIST, args);
  const paths = new Paths(!opts.noBundled);
  const result = await load(paths, opts.positionals);
  for (const p of [...result.problems].sort(compareProblems)) io.err(problemLine(paths, p));
  const unreadable = reportUnreadable(result, io);
  if (opts.format === 'json') {
    io.out(JSON.stringify({ runbooks: result.runbooks.map((rb) => paths.json(rb)) }, null, 2));
  } else {
    const rows = [
      ['ID', 'PHASES', 'STEPS', 'TITLE'],
      ...result.runbooks.map((rb) => [rb.id, String(rb.phases.length), String(rb.phases.reduce((n, p) => n + p.steps.length, 0)), rb.title]),
    ];
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) {
      // Counts right-aligned so they line up; the title is last and never padded.
      io.out(`${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3]}`);
    }
  }
  return unreadable ? 2 : 0;
}

export async function validateCommand(args: string[], io: RunbookIo): Promise<number> {
  const opts = options(VALIDATE, args);
  const paths = new Paths(false);
  const result = await load(paths, opts.positionals);
  if (reportUnreadable(result, io)) return 2;
  const problems = [...result.problems].sort(compareProblems);
  if (result.files.length === 0 && problems.length === 0) {
    io.err(`runbook: no runbook files (.yaml, .yml, .md, .markdown) in ${opts.positionals.join(', ')}`);
    return 2;
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (opts.format === 'json') {
    const report = {
      problems: problems.map((p) => ({ file: paths.file(p.file), line: p.line, column: p.column, severity: p.severity, code: p.code, message: p.message })),
      filesChecked: result.files.length,
    };
    io.out(JSON.stringify(report, null, 2));
    return errors > 0 ? 1 : 0;
  }
  const summary = `${plural(result.runbooks.length, 'runbook')} in ${plural(result.files.length, 'file')}`;
  if (problems.length === 0) {
    io.out(`${summary}: no problems`);
    return 0;
  }
  for (const p of problems) {
    const severity = p.severity === 'error' ? '' : `${p.severity}: `;
    io.out(`${paths.file(p.file)}:${p.line}:${p.column}: ${severity}${p.message}`);
  }
  const files = new Set(problems.map((p) => p.file)).size;
  const warnings = problems.length - errors;
  io.err(`${summary}: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in ${plural(files, 'file')}`);
  return errors > 0 ? 1 : 0;
}


const DEFAULT_SEARCH_LIMIT = 10;
const MAX_SEARCH_LIMIT = 1000;

/**
 * `runbook search TEXT... [-- PATH...]`: the words before `--` are the alert text (an alert is
 * often several words, unquoted), the arguments after it the runbook files and folders.
 */
export async function searchCommand(args: string[], io: RunbookIo): Promise<number> {
  const end = args.indexOf('--');
  const userPaths = end === -1 ? [] : args.slice(end + 1);
  const opts = options(SEARCH, end === -1 ? args : args.slice(0, end));
  const limitText = opts.limit ?? String(DEFAULT_SEARCH_LIMIT);
  const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_SEARCH_LIMIT)) throw new UsageError(`--limit needs a whole number from 1 to ${MAX_SEARCH_LIMIT} (got "${limitText}")`);
  const query = opts.positionals.join(' ');
  if (query.trim() === '') throw new UsageError("'runbook search' needs the text of an alert");
  const paths = new Paths(!opts.noBundled);
  const result = await load(paths, userPaths);
  for (const p of [...result.problems].sort(compareProblems)) if (p.severity === 'error') io.err(problemLine(paths, p));
  if (reportUnreadable(result, io)) return 2;
  const hits = searchRunbooks(result.runbooks, query, { limit, minRelativeScore: DEFAULT_MIN_RELATIVE_SCORE });
  if (opts.format === 'json') {
    const results = hits.map((h) => ({
      id: h.runbook.id,
      title: h.runbook.title,
      score: Math.round(h.score * 100) / 100,
      source: paths.runbook(h.runbook),
      matched: h.matched,
    }));
    io.out(JSON.stringify({ results }, null, 2));
  } else if (hits.length === 0) {
    io.err(`runbook: no runbook matches "${query}" among ${plural(result.runbooks.length, 'runbook')}`);
  } else {
    const width = Math.max(...hits.map((h) => h.runbook.id.length));
    const scoreWidth = Math.max(...hits.map((h) => h.score.toFixed(1).length));
    hits.forEach((h, i) => {
      io.out(`${String(i + 1).padStart(2)}. ${h.runbook.id.padEnd(width)}  ${h.score.toFixed(1).padStart(scoreWidth)}  ${h.runbook.title}`);
      io.out(`    ${' '.repeat(width + scoreWidth + 4)}${describeMatch(h.matched)}`);
    });
  }
  return hits.length > 0 ? 0 : 1;
}

/** The runbook `show` prints, or an exit code after saying why there is none. */
async function findRunbook(target: string, rest: string[], opts: Options, io: RunbookIo): Promise<{ rb: Runbook; paths: Paths } | number> {
  // Ids are [a-z0-9-] only, so anything with a dot or a slash names a file.
  const isFile = isRunbookFileName(target) || /[./\\]/.test(target);
  const paths = new Paths(!isFile && !opts.noBundled);
  const result = await load(paths, isFile ? [target, ...rest] : rest);
  if (reportUnreadable(result, io)) return 2;
  if (isFile) {
    const file = path.resolve(target);
    const candidates = result.runbooks.filter((rb) => rb.source.file === file);
    const own = result.problems.filter((p) => p.file === file);
    for (const p of own) io.err(problemLine(paths, p));
    if (candidates.length === 0) {
      io.err(`runbook: ${target} holds no loadable runbook`);
      return own.some((p) => p.severity === 'error') ? 1 : 2;
    }
    if (candidates.length > 1) {
      io.err(`runbook: ${target} holds ${candidates.length} runbooks (${candidates.map((rb) => rb.id).join(', ')}); run 'runbook show ID ${target}'`);
      return 2;
    }
    return { rb: candidates[0], paths };
  }
  const candidates = result.runbooks.filter((rb) => rb.id === target);
  if (candidates.length === 0) {
    for (const p of [...result.problems].sort(compareProblems)) io.err(problemLine(paths, p));
    const guess = closestMatch(target, [...new Set(result.runbooks.map((rb) => rb.id))], { partial: true });
    io.err(`runbook: no runbook with id "${target}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
    io.err("Run 'runbook list' to see the available ids.");
    return 2;
  }
  if (candidates.length > 1) {
    io.err(`runbook: warning: id "${target}" is defined ${candidates.length} times (${candidates.map((rb) => paths.runbook(rb)).join(', ')}); showing the first`);
  }
  return { rb: candidates[0], paths };
}

export async function showCommand(args: string[], io: RunbookIo): Promise<number> {
  const opts = options(SHOW, args);
  const [target, ...rest] = opts.positionals;
  if (target === undefined) throw new UsageError("'runbook show' needs a runbook id or file");
  const found = await findRunbook(target, rest, opts, io);
  if (typeof found === 'number') return found;
  const { rb, paths } = found;
  switch (opts.format ?? 'markdown') {
    case 'html':
      io.out(runbookToStandaloneHtml(rb).replace(/\n$/, ''));
      break;
    case 'json':
      io.out(JSON.stringify(paths.json(rb), null, 2));
      break;
    default:
      io.out(runbookToMarkdown(rb).replace(/\n$/, ''));
  }
  return 0;
}
