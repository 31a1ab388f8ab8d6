// `runbook lint [--format text|json|sarif] [--config FILE] [--fix] [--list-rules] PATH...`
//
// Folders are walked by the core's walker (core/fileWalk.ts: node_modules and dot-folders
// skipped), and files under `.runbooks/` are left out too: its runbooks quote bad config on
// purpose. Dot files such as `.env` are linted. Only files whose kind the linter knows are checked. Unlike the editor, the
// CLI reports every finding (no per-file cap) and checks files up to 64 MB: CI wants the whole
// truth, the editor wants to stay responsive.
//
// Exit codes: 0 when no error or warning was found (info findings do not fail a build), 1 when
// some were, 2 for usage errors, unreadable paths or a broken config file; in the last two cases
// every other file is still checked and reported.
// Synchronous file access: the CLI handles one file at a time anyway, a 4 MB migration is read in
// one call instead of 512 KB pieces through the thread pool (7-8 ms down to about 2), and Node's
// fs/promises module is never loaded.
import { readFileSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import * as path from 'node:path';
import { LintConfigCache, loadLintConfigFile, type LoadedLintConfig } from '../core/lint/configDiscovery';
import { ENGINE_RULES, fixAll, lintText, type LintResult } from '../core/lint/engine';
import { SiblingDialects } from '../core/lint/siblingDialects';
import { configForFile } from '../core/lint/lintConfigOverrides';
import { MigrationSetCache } from '../core/lint/migrationSets';
import { resolveSqlDialect } from '../core/lint/sqlDialect';
import { detectFileKind } from '../core/lint/fileKinds';
import { allRules } from '../core/lint/rules';
import type { ResolvedLintConfig, Rule, SqlDialect } from '../core/lint/types';
import { displayPath } from '../core/runbook/runbookJson';
import { mergeLiveSizes, productLabel, type LiveSnapshot } from '../core/lint/liveSizes';
import { databaseUrlFrom, parseTimeoutSeconds, readLiveSizes } from './liveDb';
import { commandHelp, parseCommandArgs, reportingUsageErrors, UsageError, USAGE_HINT } from './cliArgs';
import { LINT } from './commandSpecs';
import { fsErrorMessage, nodeWalkFs, walkFiles, type WalkResult } from '../core/fileWalk';
import { writeJsonReport, type LintIo } from './lintJsonWriter';
import { runbookRef, sarifReport, textLine, type ReportedFinding, type ReportedSqlFile } from './lintReport';

export type { LintIo };

/** What the CLI lints with; tests substitute small fake rules. */
export interface LintCommandOptions {
  rules?: readonly Rule[];
  cwd?: string;
  /** Where RUNBOOK_LINT_DATABASE_URL is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

type Format = 'text' | 'json' | 'sarif';
const CLI_MAX_BYTES = 64 * 1024 * 1024;
/** Lint reads a whole repository in CI: more files than the walker's default cap. */
const LINT_MAX_FILES = 100_000;

interface LintArgs {
  help: boolean;
  format: Format;
  config?: string;
  fix: boolean;
  listRules: boolean;
  paths: string[];
  databaseUrl?: string;
  databaseTimeoutMs?: number;
}

function parseLintArgs(args: string[]): LintArgs {
  const { help, strings, flags, positionals } = parseCommandArgs(LINT, args);
  const parsed: LintArgs = {
    help,
    format: (strings.format ?? 'text') as Format,
    config: strings.config,
    fix: flags.fix === true,
    listRules: flags['list-rules'] === true,
    paths: positionals,
    databaseUrl: strings['database-url'],
  };
  const timeout = strings['database-timeout'];
  if (timeout !== undefined) {
    parsed.databaseTimeoutMs = parseTimeoutSeconds(timeout);
    if (parsed.databaseTimeoutMs === undefined) throw new UsageError(`--database-timeout needs a number of seconds (got "${timeout}")`);
  }
  if (help) return parsed;
  if (parsed.listRules) {
    if (parsed.format === 'sarif') throw new UsageError('--list-rules prints text or json');
  } else if (parsed.paths.length === 0) {
    throw new UsageError("'runbook lint' needs at least one file or folder");
  }
  return parsed;
}

interface Collected {
  files: string[];
  unreadable: { path: string; message: string }[];
  /** Files named on the command line whose kind the linter does not know. */
  unknown: string[];
  /** Why a folder's walk stopped early. */
  truncated: string[];
}

function kindOf(file: string): boolean {
  if (detectFileKind(file) !== undefined) return true;
  // An .xml file is a deployment descriptor only if its root says so.
  if (!file.toLowerCase().endsWith('.xml')) return false;
  try {
    return detectFileKind(file, readFileSync(file, 'utf8').slice(0, 4096)) !== undefined;
  } catch {
    return false;
  }
}

/** Files below a folder that lint checks: a known kind, and not under .runbooks (runbooks quote bad config on purpose). */
const wantsLintFile = (file: string): boolean => !RUNBOOKS_FOLDER.test(file) && kindOf(file);
const RUNBOOKS_FOLDER = /(^|[\\/])\.runbooks[\\/]/;

async function collect(inputs: string[]): Promise<Collected> {
  const out: Collected = { files: [], unreadable: [], unknown: [], truncated: [] };
  const seen = new Set<string>();
  for (const input of inputs) {
    let found: WalkResult<string>;
    try {
      // nodeWalkFs is synchronous (node:fs only): lint never loads fs/promises.
      found = await walkFiles(nodeWalkFs, path.resolve(input), { wants: wantsLintFile, maxFiles: LINT_MAX_FILES });
    } catch (e) {
      out.unreadable.push({ path: input, message: fsErrorMessage(e) });
      continue;
    }
    out.unreadable.push(...found.unreadable);
    if (found.truncated) out.truncated.push(`${input}: ${found.truncated}`);
    if (found.rootIsFile && !kindOf(found.files[0])) {
      out.unknown.push(input);
      continue;
    }
    for (const f of found.files) {
      if (!seen.has(f)) {
        seen.add(f);
        out.files.push(f);
      }
    }
  }
  return out;
}

/** An unexpected error's own message (a stack overflow is a RangeError, not a file system error). */
function internalErrorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listRules(rules: readonly Rule[], format: Format, io: LintIo): void {
  if (format === 'json') {
    io.out(
      JSON.stringify(
        rules.map((r) => ({ id: r.id, description: r.description, severity: r.defaultSeverity, fixable: r.fixable, fileKinds: r.fileKinds, runbook: runbookRef(r.runbook) })),
        null,
        2,
      ),
    );
    return;
  }
  const rows = [
    ['RULE', 'SEVERITY', 'FIX', 'FILES', 'DESCRIPTION'],
    ...rules.map((r) => [r.id, r.defaultSeverity, r.fixable ? 'yes' : '', r.fileKinds.join(','), r.description]),
    ...ENGINE_RULES.map((r) => [r.id, r.defaultSeverity, '', '(engine)', r.description]),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) io.out(`${row.slice(0, 4).map((c, i) => c.padEnd(widths[i])).join('  ')}  ${row[4]}`);
}

/** Runs `runbook lint`; resolves to the exit code. Never throws for bad input. */
export async function lintCommand(args: string[], io: LintIo, options: LintCommandOptions = {}): Promise<number> {
  return reportingUsageErrors(io, () => lintWith(parseLintArgs(args), io, options));
}

async function lintWith(parsed: LintArgs, io: LintIo, options: LintCommandOptions): Promise<number> {
  if (parsed.help) {
    io.out(commandHelp(LINT));
    return 0;
  }
  const rules = options.rules ?? allRules;
  if (parsed.listRules) {
    listRules(rules, parsed.format, io);
    return 0;
  }
  const cwd = options.cwd ?? process.cwd();
  const shown = (file: string): string => {
    const p = displayPath(file, cwd);
    // Relative paths use forward slashes in every format, so reports compare across systems.
    return path.isAbsolute(p) ? p : p.split(path.sep).join('/');
  };
  const knownIds = [...rules.map((r) => r.id), ...ENGINE_RULES.map((r) => r.id)];
  let failedInput = false;

  // The config: --config for every file, else the nearest .runbooklint.yaml of each file.
  const cache = new LintConfigCache(knownIds);
  let fixedConfig: LoadedLintConfig | undefined;
  if (parsed.config !== undefined) fixedConfig = await loadLintConfigFile(path.resolve(parsed.config), knownIds);
  // Live sizes, read once before linting; a failure is one warning and the config files apply.
  let live: LiveSnapshot | undefined;
  const databaseUrl = databaseUrlFrom(parsed.databaseUrl, options.env);
  if (databaseUrl !== undefined) {
    const read = await readLiveSizes(databaseUrl, io, parsed.databaseTimeoutMs);
    if ('usageError' in read) {
      io.err(`runbook: ${read.usageError}`);
      io.err(USAGE_HINT);
      return 2;
    }
    if ('snapshot' in read) {
      live = read.snapshot;
      io.err(`runbook: table sizes from ${productLabel({ product: live.product, version: live.serverVersion })} (${live.tables.length} tables in ${live.database}); .runbooklint.yaml sizes win`);
    }
  }
  const reportedConfigs = new Set<string>();
  const configFor = async (file: string): Promise<ResolvedLintConfig> => {
    const loaded = fixedConfig ? { ...fixedConfig, config: configForFile(fixedConfig.config, path.resolve(file)) } : await cache.configFor(file);
    const key = loaded.config.configFile;
    if (key && !reportedConfigs.has(key)) {
      reportedConfigs.add(key);
      for (const p of loaded.problems) io.err(`${shown(p.file)}:${p.line}:${p.column}: error: ${p.message} [config]`);
      if (loaded.problems.length > 0) failedInput = true;
    }
    return mergeLiveSizes(loaded.config, live).config;
  };

  const collected = await collect(parsed.paths);
  // Inputs as typed; what the walk found inside them relative to the current folder.
  for (const u of collected.unreadable) io.err(`runbook: cannot read ${path.isAbsolute(u.path) ? shown(u.path) : u.path}: ${u.message}`);
  for (const t of collected.truncated) io.err(`runbook: warning: ${t}`);
  if (collected.unreadable.length > 0) failedInput = true;
  for (const u of collected.unknown) io.err(`runbook: ${u}: not a file kind runbook lint checks; skipped`);

  // A migration is linted with the schema the earlier migrations of its folder build (docs/migration-history.md).
  const histories = new MigrationSetCache();
  const reported: ReportedFinding[] = [];
  const sqlFiles: ReportedSqlFile[] = [];
  const siblings = new SiblingDialects();
  let filesChecked = 0;
  let internalErrors = 0;
  let fixedCount = 0;
  let fixedFiles = 0;
  for (const file of collected.files) {
    let raw: string;
    try {
      // Read whole, then decoded in one go. An all-ASCII file (most migrations) is decoded as
      // latin1: the same string, without UTF-8 decoding.
      const bytes = readFileSync(file);
      raw = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
    } catch (e) {
      io.err(`runbook: cannot read ${shown(file)}: ${fsErrorMessage(e)}`);
      failedInput = true;
      continue;
    }
    // Columns are counted without the byte order mark, as editors show them; it is kept on --fix.
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    let text = bom ? raw.slice(1) : raw;
    const config = await configFor(file);
    const siblingDialect = (): SqlDialect | undefined => siblings.dialectFor(file);
    // Its folder's earlier migrations, each read in the dialect this file's config and folder give it.
    const history = detectFileKind(file) === 'sql' ? await histories.historyFor(file, (t, f) => resolveSqlDialect(t, f, config, siblingDialect).name) : undefined;
    const lintOpts = { rules, maxBytes: CLI_MAX_BYTES, maxFindings: Infinity, siblingDialect, history: history?.knowledge };
    // lintText and fixAll do not throw by design; if they ever do (a bug), the file is reported
    // as failed, never counted as checked, and the run exits 3 after the other files are checked.
    const failed = (e: unknown): void => {
      io.err(`runbook: internal error linting ${shown(file)}: ${internalErrorMessage(e)}; the file was not checked (a bug in runbook lint)`);
      internalErrors++;
    };
    if (parsed.fix) {
      let fixed: ReturnType<typeof fixAll>;
      try {
        fixed = fixAll(text, file, config, lintOpts);
      } catch (e) {
        failed(e);
        continue;
      }
      if (fixed.text !== text) {
        try {
          writeFileSync(file, bom + fixed.text, 'utf8');
          text = fixed.text;
          fixedCount += fixed.applied;
          fixedFiles++;
        } catch (e) {
          io.err(`runbook: cannot write ${shown(file)}: ${fsErrorMessage(e)}`);
          failedInput = true;
        }
      }
    }
    let result: LintResult;
    try {
      result = lintText(text, file, config, lintOpts);
    } catch (e) {
      failed(e);
      continue;
    }
    const findings = result.findings;
    filesChecked++;
    const where = shown(file);
    if (result.dialect) sqlFiles.push({ file: where, dialect: result.dialect });
    for (const f of findings) reported.push({ path: where, finding: f });
  }

  switch (parsed.format) {
    case 'json':
      writeJsonReport(reported, filesChecked, io, sqlFiles);
      break;
    case 'sarif':
      io.out(JSON.stringify(sarifReport(reported, rules), null, 2));
      break;
    default:
      for (const r of reported) io.out(textLine(r));
  }

  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const r of reported) bySeverity[r.finding.severity]++;
  const { error: errors, warning: warnings, info: infos } = bySeverity;
  if (parsed.fix) io.err(fixedCount > 0 ? `fixed ${plural(fixedCount, 'problem')} in ${plural(fixedFiles, 'file')}` : 'nothing to fix');
  if (internalErrors > 0) {
    // Never "no problems": some files were not checked at all.
    io.err(`${plural(internalErrors, 'file')} not checked (internal error, see above); ${plural(filesChecked, 'file')} checked with ${plural(reported.length, 'problem')}`);
    return 3;
  }
  if (reported.length === 0) {
    io.err(`${plural(filesChecked, 'file')} checked: no problems`);
  } else {
    const parts = [plural(errors, 'error'), plural(warnings, 'warning'), `${infos} info`];
    const files = new Set(reported.map((r) => r.path)).size;
    const fixable = reported.filter((r) => r.finding.fix).length;
    io.err(`${plural(reported.length, 'problem')} (${parts.join(', ')}) in ${files} of ${plural(filesChecked, 'file')}${fixable > 0 && !parsed.fix ? `; ${fixable} fixable with --fix` : ''}`);
  }
  if (failedInput) {
    io.err(USAGE_HINT);
    return 2;
  }
  return errors + warnings > 0 ? 1 : 0;
}
