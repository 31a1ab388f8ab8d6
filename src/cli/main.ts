// The `runbook` command line: list, validate and show runbooks, lint configuration, read incident
// records, with the same core the extension uses. This file is the driver: it picks the
// subcommand, prints help (general and per subcommand, from commandSpecs.ts), reports usage errors
// in one wording, and makes control characters visible in everything printed. Exit codes: see
// EXIT_CODES below (the same in every subcommand).
import * as path from 'node:path';
// Only the version: a default import would put all of package.json (19 KB) in the CLI bundle.
import { version } from '../../package.json';
import { commandHelp, commandSummary, orList, reportingUsageErrors, UsageError } from './cliArgs';
import { COMMANDS, INCIDENT_COMMANDS, INCIDENT_LIST } from './commandSpecs';
import { lintCommand } from './lint';
import { stdStream } from './stdio';
import { visibleText } from './visibleText';

// The other commands load on use, each from its own bundle: `runbook lint` never evaluates the
// runbook loader (yaml, marked), the renderer (sanitize-html), the incident or the tables code.
const runbookCommands = () => import('./runbookCommands');

export interface CliIo {
  /** Writes one line (no trailing newline) to standard output. */
  out: (s: string) => void;
  /** Writes UTF-8 bytes, whole lines with their line breaks, to standard output (optional: `out` gets them as text otherwise). */
  outBytes?: (bytes: Uint8Array) => void;
  /** Writes one line (no trailing newline) to standard error. */
  err: (s: string) => void;
}

export const EXIT_CODES = `Exit codes, the same for every command:
  0  ok
  1  the check found something: validate found errors, lint errors or warnings, search no runbook,
     show read a file with errors and no runbook, incident read a record with problems
  2  usage error, unreadable path, unknown id, or a broken .runbooklint.yaml
  3  internal error (a bug: bad input must never get here)`;

const HELP = `runbook ${version}: incident runbooks on the command line

Usage:
${COMMANDS.map(commandSummary).join('\n')}
  runbook help [COMMAND] | runbook COMMAND --help
      This help, or one command's help and options.
  runbook --version

Folders are searched recursively. Skipped: node_modules and folders whose name starts with a dot
(.git, .vscode, ...) other than .runbooks; links to folders are not followed; FIFOs and devices
are never opened; at most 5,000 files are read (runbook lint: 100,000). runbook lint also skips
.runbooks (its runbooks quote bad config on purpose).

runbook lint reads .properties, YAML, .env, .ini/.conf, TOML, JSON, SQL, crontab, java.security
and web.xml files; its config is the nearest .runbooklint.yaml above each file (or --config FILE).
In its JSON output "runbook" is "runbook-id#step-id" (or "runbook-id", or null), and endColumn
points just past the finding, like SARIF's.

runbook search --format json prints {"results":[{"id","title","score","source","matched":[{"field",
"words"}]}]}, best first; the score only compares results of one search.

runbook list and show --format json print the whole runbook (summary, severity, step kinds,
insight, lint rules); schemas/runbook-cli-output.schema.json describes that output.
runbook validate --format json prints {"problems":[{"file","line","column","severity","code",
"message"}],"filesChecked":N}; severity is "error" or "warning"; the exit code is as in text.

In JSON output, "source" is the runbook's file: relative to the current folder when inside it,
else absolute; runbooks shipped with the extension show as "bundled:<file>", for example
"bundled:session-logout-30s.yaml". Control characters read from files are printed as \\u001b
and the like, never passed to the terminal.

runbook incident prints a record's problems (a truncated or edited line) as file:line: message
on stderr, after everything that could be read.

${EXIT_CODES}`;

/** The top-level command names: list, validate, show, search, lint, incident, tables. */
const COMMAND_NAMES = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]))];

/** The help for `runbook help WORDS...`: one command's, or the general help; a UsageError for an unknown one. */
function helpFor(words: string[]): string {
  if (words.length === 0) return HELP;
  const name = words.join(' ');
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec) return commandHelp(spec);
  if (name === 'incident') return incidentHelp();
  throw new UsageError(`no command '${name}' (use ${orList([...COMMAND_NAMES, 'help'])})`);
}

function incidentHelp(): string {
  const specs = Object.values(INCIDENT_COMMANDS);
  return `Usage:\n${specs.map(commandSummary).join('\n')}\n\nRun 'runbook incident SUBCOMMAND --help' for its options.\n\nExit codes: ${INCIDENT_LIST.exitCodes}`;
}

/** Whether `args` ask for help: --help or -h before any `--`. */
function asksForHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

async function dispatch(command: string, rest: string[], io: CliIo): Promise<number> {
  // Help first, so `runbook lint --help` needs no valid arguments and loads no command bundle.
  if (command === 'incident') {
    const [sub, ...subRest] = rest;
    if (sub === '--help' || sub === '-h') {
      io.out(incidentHelp());
      return 0;
    }
    if (sub !== undefined && INCIDENT_COMMANDS[sub] && asksForHelp(subRest)) {
      io.out(helpFor(['incident', sub]));
      return 0;
    }
    // A missing or unknown subcommand is the incident module's usage error.
    return (await import('./incident')).incidentCommand(rest, io);
  }
  if (COMMAND_NAMES.includes(command) && asksForHelp(rest)) {
    io.out(helpFor([command]));
    return 0;
  }
  switch (command) {
    case 'list':
      return (await runbookCommands()).listCommand(rest, io);
    case 'validate':
      return (await runbookCommands()).validateCommand(rest, io);
    case 'show':
      return (await runbookCommands()).showCommand(rest, io);
    case 'search':
      return (await runbookCommands()).searchCommand(rest, io);
    case 'lint':
      return lintCommand(rest, io);
    case 'tables':
      return (await import('./tables')).tablesCommand(rest, io);
    default:
      throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`);
  }
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Everything printed as text goes through visibleText; the lint JSON report written as bytes
  // escapes the same characters itself (lintJsonWriter.ts).
  const io: CliIo = { out: (s) => rawIo.out(visibleText(s)), err: (s) => rawIo.err(visibleText(s)), outBytes: rawIo.outBytes };
  try {
    return await reportingUsageErrors(io, async () => {
      const [command, ...rest] = argv;
      switch (command) {
        case undefined:
          io.err(HELP);
          return 2;
        case 'help':
        case '--help':
        case '-h':
          io.out(helpFor(command === 'help' ? rest : []));
          return 0;
        case '--version':
        case '-V':
          io.out(version);
          return 0;
        default:
          return dispatch(command, rest, io);
      }
    });
  } catch (e) {
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
