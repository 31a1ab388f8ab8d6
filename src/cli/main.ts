// The `runbook` command line: list, validate and show runbooks, lint configuration, read incident
// records, with the same core the extension uses. Exit codes: 0 ok, 1 invalid runbooks (validate), 2 usage error or unreadable path,
// 3 internal error (a bug: bad input must never get here).
import * as path from 'node:path';
// Only the version: a default import would put all of package.json (19 KB) in the CLI bundle.
import { version } from '../../package.json';
import type { LoadResult } from '../core/runbook/loader';
import type { Problem, Runbook, SourceKind } from '../core/runbook/runbookModel';
import { displayPath, runbookToJson, sourceLabel } from '../core/runbook/runbookJson';
import { LINT_HELP, lintCommand } from './lint';
import { TABLES_HELP } from './liveDb';
import { stdStream } from './stdio';

// The runbook loader (yaml, marked), the renderer (marked, sanitize-html) and the schema
// validator load only in the commands that use them: `runbook lint` never pays for them.
const runbookCore = () => import('./runbookCore');

export interface CliIo {
  /** Writes one line (no trailing newline) to standard output. */
  out: (s: string) => void;
  /** Writes UTF-8 bytes, whole lines with their line breaks, to standard output (optional: `out` gets them as text otherwise). */
  outBytes?: (bytes: Uint8Array) => void;
  /** Writes one line (no trailing newline) to standard error. */
  err: (s: string) => void;
}

const HELP = `runbook ${version}: incident runbooks on the command line

Usage:
  runbook list [--format text|json] [--no-bundled] [PATH...]
      List the bundled runbooks and those in the given files and folders.
  runbook validate [--format text|json] PATH...
      Check runbook files (YAML or Markdown) and folders; exit 1 if any has an error
      (warnings alone, such as an undeclared {{placeholder}} or a destructive command
      without destructive: true, keep exit 0).
  runbook show ID|FILE [--format markdown|html|json] [--no-bundled] [PATH...]
      Print one runbook, found by id among the bundled runbooks and PATHs, or read from FILE.
${LINT_HELP}
  runbook incident list [--format text|json] [PATH...]
      List the incident records in PATHs (files or folders; default .runbooks/incidents).
  runbook incident show FILE|ID [--format markdown|json] [PATH...]
      Print an incident's checklist: every step with its status, each phase's clock.
  runbook incident export FILE|ID [--format markdown|html|json] [PATH...]
      Print the incident's postmortem draft: summary, timeline, time per phase against its
      timebox, skipped steps, commands used, notes.
${TABLES_HELP}
  runbook help | --help | -h
  runbook --version

Folders are searched recursively for .yaml, .yml, .md and .markdown files (skipping
node_modules and hidden folders other than .runbooks).

runbook lint reads .properties, YAML, .env, .ini/.conf, TOML, JSON, SQL, crontab, java.security
and web.xml files; its config is the nearest .runbooklint.yaml above each file (or --config FILE).
In its JSON output "runbook" is "runbook-id#step-id" (or "runbook-id", or null), and endColumn
points just past the finding, like SARIF's.

runbook validate --format json prints {"problems":[{"file","line","column","severity","code",
"message"}],"filesChecked":N}; severity is "error" or "warning"; the exit code is as in text.

In JSON output, "source" is the runbook's file: relative to the current folder when inside it,
else absolute; runbooks shipped with the extension show as "bundled:<file>", for example
"bundled:session-logout-30s.yaml".

runbook incident prints a record's problems (a truncated or edited line) as file:line: message
on stderr, after everything that could be read.

Exit codes: 0 ok, 1 validation found errors (lint: errors or warnings; incident: a record had
problems), 2 usage error or unreadable path, 3 internal error.`;

class UsageError extends Error {}

interface ParsedArgs {
  positional: string[];
  format?: string;
  noBundled: boolean;
}

const COMMAND_OPTIONS: Record<string, { format?: readonly string[]; noBundled?: boolean }> = {
  list: { format: ['text', 'json'], noBundled: true },
  validate: { format: ['text', 'json'] },
  show: { format: ['markdown', 'html', 'json'], noBundled: true },
};

function parseArgs(command: string, args: string[]): ParsedArgs {
  const allowed = COMMAND_OPTIONS[command];
  const parsed: ParsedArgs = { positional: [], noBundled: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      if (!allowed.format) throw new UsageError(`'runbook ${command}' has no --format option`);
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value === undefined) throw new UsageError('--format needs a value');
      if (!allowed.format.includes(value)) {
        throw new UsageError(`unknown format "${value}" for 'runbook ${command}' (use ${allowed.format.join(' or ')})`);
      }
      parsed.format = value;
    } else if (arg === '--no-bundled' && allowed.noBundled) {
      parsed.noBundled = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}' for 'runbook ${command}'`);
    } else {
      parsed.positional.push(arg);
    }
  }
  return parsed;
}

/** Paths in messages and JSON: bundled files as bundled:<name>, others relative to cwd if inside it. */
class Paths {
  readonly cwd = process.cwd();

  private constructor(
    readonly withBundled: boolean,
    readonly bundledDir: string,
  ) {}

  static async create(withBundled: boolean): Promise<Paths> {
    return new Paths(withBundled, (await runbookCore()).bundledRunbooksDir());
  }

  file(file: string): string {
    const rel = path.relative(this.bundledDir, file);
    if (this.withBundled && rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return `bundled:${rel.split(path.sep).join('/')}`;
    return displayPath(file, this.cwd);
  }

  runbook(rb: Runbook): string {
    return sourceLabel(rb, { cwd: this.cwd, bundledDir: this.bundledDir });
  }
}

function compareProblems(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

async function load(paths: Paths, userPaths: string[]): Promise<LoadResult> {
  const inputs: { path: string; kind: SourceKind }[] = [];
  if (paths.withBundled) inputs.push({ path: paths.bundledDir, kind: 'bundled' });
  for (const p of userPaths) inputs.push({ path: p, kind: 'cli' });
  return (await runbookCore()).loadRunbooks(inputs);
}

/** Reports unreadable inputs on stderr; returns true when there were any. */
function reportUnreadable(result: LoadResult, io: CliIo): boolean {
  for (const u of result.unreadable) io.err(`runbook: cannot read ${u.path}: ${u.message}`);
  if (result.unreadable.length > 0) io.err("Run 'runbook --help' for usage.");
  return result.unreadable.length > 0;
}

function reportProblemsToStderr(result: LoadResult, paths: Paths, io: CliIo): void {
  for (const p of [...result.problems].sort(compareProblems)) {
    io.err(`${paths.file(p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
  }
}

async function listCommand(args: string[], io: CliIo): Promise<number> {
  const opts = parseArgs('list', args);
  const paths = await Paths.create(!opts.noBundled);
  const result = await load(paths, opts.positional);
  reportProblemsToStderr(result, paths, io);
  const unreadable = reportUnreadable(result, io);
  if (opts.format === 'json') {
    const runbooks = result.runbooks.map((rb) => runbookToJson(rb, { cwd: paths.cwd, bundledDir: paths.bundledDir }));
    io.out(JSON.stringify({ runbooks }, null, 2));
  } else {
    const rows = [
      ['ID', 'PHASES', 'STEPS', 'TITLE'],
      ...result.runbooks.map((rb) => [
        rb.id,
        String(rb.phases.length),
        String(rb.phases.reduce((n, p) => n + p.steps.length, 0)),
        rb.title,
      ]),
    ];
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) {
      // Counts right-aligned so they line up; the title is last and never padded.
      io.out(`${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3]}`);
    }
  }
  return unreadable ? 2 : 0;
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const opts = parseArgs('validate', args);
  if (opts.positional.length === 0) throw new UsageError("'runbook validate' needs at least one file or folder");
  const paths = await Paths.create(false);
  const result = await load(paths, opts.positional);
  if (reportUnreadable(result, io)) return 2;
  if (result.files.length === 0) {
    io.err(`runbook: no runbook files (.yaml, .yml, .md, .markdown) in ${opts.positional.join(', ')}`);
    return 2;
  }
  const problems = [...result.problems].sort(compareProblems);
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

async function suggestId(wanted: string, ids: string[]): Promise<string | undefined> {
  // Part of an id ("session-logout") is a good guess, but a one-letter typo is a better one.
  const { closestMatch } = await runbookCore();
  return closestMatch(wanted, ids, { partial: true });
}

async function showCommand(args: string[], io: CliIo): Promise<number> {
  const opts = parseArgs('show', args);
  const [target, ...rest] = opts.positional;
  if (target === undefined) throw new UsageError("'runbook show' needs a runbook id or file");
  // Ids are [a-z0-9-] only, so anything with a dot or a slash names a file.
  const { isRunbookFileName } = await runbookCore();
  const isFile = isRunbookFileName(target) || /[./\\]/.test(target);
  const paths = await Paths.create(!isFile && !opts.noBundled);
  const result = await load(paths, isFile ? [target, ...rest] : rest);
  if (reportUnreadable(result, io)) return 2;

  let candidates: Runbook[];
  if (isFile) {
    const file = path.resolve(target);
    candidates = result.runbooks.filter((rb) => rb.source.file === file);
    const own = result.problems.filter((p) => p.file === file);
    for (const p of own) io.err(`${paths.file(p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
    if (candidates.length === 0) {
      io.err(`runbook: ${target} holds no loadable runbook`);
      return own.some((p) => p.severity === 'error') ? 1 : 2;
    }
    if (candidates.length > 1) {
      io.err(`runbook: ${target} holds ${candidates.length} runbooks (${candidates.map((rb) => rb.id).join(', ')}); run 'runbook show ID ${target}'`);
      return 2;
    }
  } else {
    candidates = result.runbooks.filter((rb) => rb.id === target);
    if (candidates.length === 0) {
      reportProblemsToStderr(result, paths, io);
      const guess = await suggestId(target, [...new Set(result.runbooks.map((rb) => rb.id))]);
      io.err(`runbook: no runbook with id "${target}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
      io.err("Run 'runbook list' to see the available ids.");
      return 2;
    }
    if (candidates.length > 1) {
      io.err(`runbook: warning: id "${target}" is defined ${candidates.length} times (${candidates.map((rb) => paths.runbook(rb)).join(', ')}); showing the first`);
    }
  }
  const rb = candidates[0];
  switch (opts.format ?? 'markdown') {
    case 'html': {
      const { runbookToStandaloneHtml } = await runbookCore();
      io.out(runbookToStandaloneHtml(rb).replace(/\n$/, ''));
      break;
    }
    case 'json':
      io.out(JSON.stringify(runbookToJson(rb, { cwd: paths.cwd, bundledDir: paths.bundledDir }), null, 2));
      break;
    default: {
      const { runbookToMarkdown } = await runbookCore();
      io.out(runbookToMarkdown(rb).replace(/\n$/, ''));
    }
  }
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
        io.err(HELP);
        return 2;
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      case '--version':
      case '-V':
        io.out(version);
        return 0;
      case 'list':
        return await listCommand(rest, io);
      case 'validate':
        return await validateCommand(rest, io);
      case 'show':
        return await showCommand(rest, io);
      case 'lint':
        return await lintCommand(rest, io);
      case 'incident':
        // Loaded on use, like the loader: `runbook lint` never evaluates the incident modules.
        return await (await import('./incident')).incidentCommand(rest, io);
      case 'tables':
        return await (await import('./tables')).tablesCommand(rest, io);
      default:
        throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`runbook: ${e.message}`);
      io.err("Run 'runbook --help' for usage.");
      return 2;
    }
    io.err(`runbook: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 3;
  }
}

// Run only when this file is the program (dist/cli.js), not when a test bundle imports it.
if (require.main === module && /^(cli\.js|main\.ts)$/.test(path.basename(__filename))) {
  // `runbook list | head` closes the pipe early; that is not an error worth a stack trace.
  const closed = (): never => process.exit(process.exitCode ?? 0);
  const stdout = stdStream(1, closed);
  const stderr = stdStream(2, closed);
  runCli(process.argv.slice(2), {
    out: (s) => stdout.write(`${s}\n`),
    outBytes: (bytes) => stdout.write(bytes),
    err: (s) => stderr.write(`${s}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      stderr.write(`runbook: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
