// Every subcommand's options, usage and help, in one small module: the driver (main.ts) prints
// help from it without loading the commands, and each command parses its arguments with it.
import type { CommandSpec, OptionSpec } from './cliArgs';

const format = (choices: readonly string[]): OptionSpec => ({ type: 'string', choices, help: `Output format (default ${choices[0]}).` });
const noBundled: OptionSpec = { type: 'boolean', help: 'Leave out the runbooks shipped with the extension.' };
const databaseUrl: OptionSpec = {
  type: 'string',
  value: 'URL',
  help: 'Read table sizes from this database (default: RUNBOOK_LINT_DATABASE_URL).',
};
const databaseTimeout: OptionSpec = { type: 'string', value: 'SECONDS', help: 'Give up on the database after this long (default 5).' };
const EXIT_RUNBOOKS = '0 ok, 2 usage error or unreadable path.';
const EXIT_INCIDENT = '0 ok, 1 a record had problems (printed as file:line: message on stderr), 2 usage error or unreadable path.';

export const LIST: CommandSpec = {
  name: 'list',
  usage: ['list [--format text|json] [--no-bundled] [PATH...]'],
  description: 'List the bundled runbooks and those in the given files and folders.',
  options: { format: format(['text', 'json']), 'no-bundled': noBundled },
  positionals: { min: 0 },
  exitCodes: EXIT_RUNBOOKS,
};

export const VALIDATE: CommandSpec = {
  name: 'validate',
  usage: ['validate [--format text|json] PATH...'],
  description: `Check runbook files (YAML or Markdown) and folders; exit 1 if any has an error
(warnings alone, such as an undeclared {{placeholder}} or a destructive command
without destructive: true, keep exit 0). A file that cannot be read (a dangling
link, no permission) is one problem; the other files are still checked.`,
  options: { format: format(['text', 'json']) },
  positionals: { min: 1, missing: "'runbook validate' needs at least one file or folder" },
  exitCodes: '0 valid (warnings allowed), 1 errors found, 2 usage error, a missing path or no runbook files.',
};

export const SHOW: CommandSpec = {
  name: 'show',
  usage: ['show ID|FILE [--format markdown|html|json] [--no-bundled] [PATH...]'],
  description: 'Print one runbook, found by id among the bundled runbooks and PATHs, or read from FILE.',
  options: { format: format(['markdown', 'html', 'json']), 'no-bundled': noBundled },
  positionals: { min: 1, missing: "'runbook show' needs a runbook id or file" },
  exitCodes: '0 ok, 1 the file has errors and no runbook, 2 usage error, unreadable path or unknown id.',
};

export const SEARCH: CommandSpec = {
  name: 'search',
  usage: ['search TEXT... [--format text|json] [--limit N] [--no-bundled] [-- PATH...]'],
  description: `Find the runbook for an alert: TEXT is an alert title, an error message or a chat line
(quoted or not), searched in titles, symptoms, aliases, tags, summaries, steps and commands
with stemming and typo tolerance. Best match first, with why it matched. The runbooks
searched are the bundled ones and those in the files and folders after --.`,
  options: {
    format: format(['text', 'json']),
    limit: { type: 'string', value: 'N', help: 'Print at most N runbooks (default 10).' },
    'no-bundled': noBundled,
  },
  positionals: { min: 1, missing: "'runbook search' needs the text of an alert, e.g. runbook search \"x509: certificate has expired\"" },
  exitCodes: '0 runbooks found, 1 none matched, 2 usage error or unreadable path.',
};

export const LINT: CommandSpec = {
  name: 'lint',
  usage: ['lint [--format text|json|sarif] [--config FILE] [--fix] [--database-url URL] PATH...', 'lint --list-rules [--format text|json]'],
  description: `Check configuration files and SQL migrations for settings that cause incidents.
Exit 1 if any error or warning is found. --fix applies the safe fixes in place.
--database-url URL (or RUNBOOK_LINT_DATABASE_URL) adds table sizes from the database's
statistics under those of .runbooklint.yaml. --list-rules lists the lint rules.`,
  options: {
    format: format(['text', 'json', 'sarif']),
    config: { type: 'string', value: 'FILE', help: 'Use this config for every file (default: the nearest .runbooklint.yaml).' },
    fix: { type: 'boolean', help: 'Apply the safe fixes in place.' },
    'list-rules': { type: 'boolean', help: 'List the rules instead of linting.' },
    'database-url': databaseUrl,
    'database-timeout': databaseTimeout,
  },
  // --list-rules needs no path: lint.ts checks the paths itself.
  positionals: { min: 0 },
  exitCodes: '0 no error or warning, 1 errors or warnings found, 2 usage error, unreadable path or broken config (every other file is still checked).',
};

export const TABLES: CommandSpec = {
  name: 'tables',
  usage: ['tables [--format text|json] [--database-url URL] [--config FILE] [--write]'],
  description: `Print the table sizes runbook lint uses: table, rows, bytes, source (config or live).
--write records the live sizes in .runbooklint.yaml, keeping its comments.`,
  options: {
    format: format(['text', 'json']),
    config: { type: 'string', value: 'FILE', help: 'Read (and with --write, write) this config file.' },
    'database-url': databaseUrl,
    'database-timeout': databaseTimeout,
    write: { type: 'boolean', help: 'Record the live sizes in the config file.' },
  },
  positionals: { min: 0, max: 0, extra: (got) => `'runbook tables' takes no paths (got "${got}"); use --config FILE` },
  exitCodes: '0 ok, 2 usage error, unreadable or broken config, or no live sizes (the config sizes are still printed).',
};

const recordTarget = (sub: string): CommandSpec['positionals'] => ({ min: 1, missing: `'runbook incident ${sub}' needs a record file or an incident id` });

export const INCIDENT_LIST: CommandSpec = {
  name: 'incident list',
  usage: ['incident list [--format text|json] [PATH...]'],
  description: 'List the incident records in PATHs (files or folders; default .runbooks/incidents).',
  options: { format: format(['text', 'json']) },
  positionals: { min: 0 },
  exitCodes: EXIT_INCIDENT,
};

export const INCIDENT_SHOW: CommandSpec = {
  name: 'incident show',
  usage: ['incident show FILE|ID [--format markdown|json] [PATH...]'],
  description: "Print an incident's checklist: every step with its status, each phase's clock.",
  options: { format: format(['markdown', 'json']) },
  positionals: recordTarget('show'),
  exitCodes: EXIT_INCIDENT,
};

export const INCIDENT_EXPORT: CommandSpec = {
  name: 'incident export',
  usage: ['incident export FILE|ID [--format markdown|html|json] [PATH...]'],
  description: `Print the incident's postmortem draft: summary, timeline, time per phase against its
timebox, skipped steps, commands used, notes.`,
  options: { format: format(['markdown', 'html', 'json']) },
  positionals: recordTarget('export'),
  exitCodes: EXIT_INCIDENT,
};

export const INCIDENT_COMMANDS: Record<string, CommandSpec> = { list: INCIDENT_LIST, show: INCIDENT_SHOW, export: INCIDENT_EXPORT };

/** Every subcommand, in the order the general help lists them. */
export const COMMANDS: readonly CommandSpec[] = [LIST, VALIDATE, SHOW, SEARCH, LINT, INCIDENT_LIST, INCIDENT_SHOW, INCIDENT_EXPORT, TABLES];
