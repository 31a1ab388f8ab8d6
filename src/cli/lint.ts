// `runbook lint [--format text|json|sarif] [--config FILE] [--fix] [--list-rules] PATH...`
//
// Folders are walked recursively, skipping node_modules, .git and every other dot-folder (so
// `.runbooks/`, whose runbooks quote bad config on purpose, is skipped too); dot files such as
// `.env` are linted. Only files whose kind the linter knows are checked. Unlike the editor, the
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
import { ENGINE_RULES, fixAll, lintText } from '../core/lint/engine';
import { detectFileKind } from '../core/lint/fileKinds';
import { allRules } from '../core/lint/rules';
import type { Finding, Rule, RunbookLink } from '../core/lint/types';
import { displayPath } from '../core/runbook/runbookJson';
import { mergeLiveSizes, productLabel, type LiveSnapshot } from '../core/lint/liveSizes';
import { connectionFor, databaseUrlFrom, parseTimeoutSeconds, readLiveSizes } from './liveDb';
import { commandHelp, parseCommandArgs, reportingUsageErrors, UsageError, USAGE_HINT } from './cliArgs';
import { LINT } from './commandSpecs';
import { fsErrorMessage, nodeWalkFs, walkFiles, type WalkResult } from '../core/fileWalk';
import { jsonReport, runbookRef, sarifReport, textLine, type ReportedFinding } from './lintReport';

export interface LintIo {
  /** One piece of output, whole lines. */
  out: (s: string) => void;
  /** Output as UTF-8 bytes, whole lines with their line breaks (a JSON report); without it, `out` gets them as text. */
  outBytes?: (bytes: Uint8Array) => void;
  err: (s: string) => void;
}

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

/**
 * Prints `JSON.stringify(jsonReport(...), null, 2)` exactly, in pieces of whole lines, written as
 * bytes: no report object per finding, and the strings that repeat (the path, the rule id, the
 * severity, the runbook, and messages that rules repeat word for word) are quoted once.
 * test/unit/lint-json-writer.test.ts checks the bytes against JSON.stringify's.
 */
export function writeJsonReport(reported: readonly ReportedFinding[], filesChecked: number, io: LintIo): void {
  if (reported.length === 0) {
    io.out(JSON.stringify(jsonReport(reported, filesChecked), null, 2));
    return;
  }
  const quoted = new Map<string, string>();
  const q = (s: string): string => {
    let v = quoted.get(s);
    if (v === undefined) quoted.set(s, (v = JSON.stringify(s)));
    return v;
  };
  const runbooks = new Map<RunbookLink, string>();
  const runbookJson = (link: RunbookLink | undefined): string => {
    if (!link) return 'null';
    let v = runbooks.get(link);
    if (v === undefined) runbooks.set(link, (v = q(runbookRef(link) as string)));
    return v;
  };
  // What follows the positions ("rule" to the closing brace) is the same text for every finding
  // with the same rule, severity, message and runbook: made once per combination, keyed by message.
  const tails = new Map<string, { ruleId: string; severity: string; runbook: RunbookLink | undefined; bytes: Uint8Array }[]>();
  const tailOf = (f: Finding): { bytes: Uint8Array } => {
    let list = tails.get(f.message);
    if (list === undefined) tails.set(f.message, (list = []));
    for (let k = 0; k < list.length; k++) {
      const t = list[k];
      if (t.ruleId === f.ruleId && t.severity === f.severity && t.runbook === f.runbook) return t;
    }
    const text = `,\n      "rule": ${q(f.ruleId)},\n      "severity": ${q(f.severity)},\n      "message": ${q(f.message)},\n      "runbook": ${runbookJson(f.runbook)}\n    }`;
    const tail = { ruleId: f.ruleId, severity: f.severity, runbook: f.runbook, bytes: utf8(text) };
    list.push(tail);
    return tail;
  };
  let lastPath: string | undefined;
  let head: Uint8Array = new Uint8Array(0);
  const bytes = new ReportBytes(io);
  bytes.add('{\n  "findings": [\n', true);
  for (let i = 0; i < reported.length; i++) {
    const { path: file, finding: f } = reported[i];
    if (file !== lastPath) {
      head = utf8(`    {\n      "file": ${q(file)},\n      "line": `);
      lastPath = file;
    }
    bytes.addBytes(head);
    bytes.addNumber(f.line);
    bytes.addBytes(COLUMN);
    bytes.addNumber(f.column);
    bytes.addBytes(END_LINE);
    bytes.addNumber(f.endLine);
    bytes.addBytes(END_COLUMN);
    bytes.addNumber(f.endColumn);
    bytes.addBytes(tailOf(f).bytes);
    bytes.addBytes(i === reported.length - 1 ? LINE_BREAK : COMMA_LINE_BREAK);
    bytes.flush(false);
  }
  bytes.add('  ],\n  "filesChecked": ', true);
  bytes.addNumber(filesChecked);
  bytes.add('\n}\n', true);
  bytes.flush(true);
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
// The report's fixed pieces between a finding's numbers, as bytes.
const COLUMN = utf8(',\n      "column": ');
const END_LINE = utf8(',\n      "endLine": ');
const END_COLUMN = utf8(',\n      "endColumn": ');
const LINE_BREAK = utf8('\n');
const COMMA_LINE_BREAK = utf8(',\n');

/** Bytes handed on once they pass this size (always at the end of a line). */
const REPORT_FLUSH_BYTES = 1 << 20;

/**
 * A report's bytes, copied straight into a buffer piece by piece and handed on in pieces of whole
 * lines of about a megabyte: a 5 MB report is then copied once, not joined from thousands of
 * strings and converted again (which cost 15-20 ms and several garbage collections).
 */
class ReportBytes {
  private buf = Buffer.allocUnsafe(REPORT_FLUSH_BYTES + 65536);
  private len = 0;
  constructor(private readonly io: LintIo) {}

  /** Appends `s`; `ascii` when it is known to be all ASCII (then its UTF-8 is its Latin-1). */
  add(s: string, ascii: boolean): void {
    const room = ascii ? s.length : s.length * 3;
    if (this.len + room > this.buf.length) this.grow(room);
    this.len += this.buf.write(s, this.len, ascii ? 'latin1' : 'utf8');
  }

  /** Appends bytes made once (the pieces every finding shares): a copy, no encoding. */
  addBytes(b: Uint8Array): void {
    if (this.len + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Appends a number as JSON.stringify writes it: digits written directly for the usual non-negative integers. */
  addNumber(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < 0x80000000)) {
      this.add(Number.isFinite(n) ? String(n) : 'null', true);
      return;
    }
    let digits = 1;
    for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
    if (this.len + digits > this.buf.length) this.grow(digits);
    const buf = this.buf;
    let at = this.len + digits;
    this.len = at;
    do {
      buf[--at] = 48 + (n % 10);
      n = (n / 10) | 0;
    } while (n > 0);
  }

  private grow(room: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + room));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Call at the end of a line: hands the bytes on if they are over the flush size, or `always`. */
  flush(always: boolean): void {
    if (this.len === 0 || (!always && this.len < REPORT_FLUSH_BYTES)) return;
    const piece = this.buf.subarray(0, this.len);
    // A new buffer for what follows: the writer may hold on to this one until it is written.
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.len = 0;
    if (this.io.outBytes) this.io.outBytes(piece);
    else this.io.out(piece.toString('utf8', 0, piece.length - 1)); // out() adds the line break
  }
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
    const target = connectionFor(databaseUrl);
    if ('error' in target) {
      io.err(`runbook: ${target.error}`);
      io.err(USAGE_HINT);
      return 2;
    }
    const read = await readLiveSizes(target.conn, io, parsed.databaseTimeoutMs);
    if ('snapshot' in read) {
      live = read.snapshot;
      io.err(`runbook: table sizes from ${productLabel({ product: live.product, version: live.serverVersion })} (${live.tables.length} tables in ${live.database}); .runbooklint.yaml sizes win`);
    }
  }
  const withLive = new WeakMap<LoadedLintConfig, LoadedLintConfig>();
  const reportedConfigs = new Set<string>();
  const configFor = async (file: string): Promise<LoadedLintConfig> => {
    let loaded = fixedConfig ?? (await cache.configFor(file));
    if (live) {
      const base = loaded;
      let merged = withLive.get(base);
      if (!merged) {
        merged = { ...base, config: mergeLiveSizes(base.config, live).config };
        withLive.set(base, merged);
      }
      loaded = merged;
    }
    const key = loaded.config.configFile;
    if (key && !reportedConfigs.has(key)) {
      reportedConfigs.add(key);
      for (const p of loaded.problems) io.err(`${shown(p.file)}:${p.line}:${p.column}: error: ${p.message} [config]`);
      if (loaded.problems.length > 0) failedInput = true;
    }
    return loaded;
  };

  const collected = await collect(parsed.paths);
  // Inputs as typed; what the walk found inside them relative to the current folder.
  for (const u of collected.unreadable) io.err(`runbook: cannot read ${path.isAbsolute(u.path) ? shown(u.path) : u.path}: ${u.message}`);
  for (const t of collected.truncated) io.err(`runbook: warning: ${t}`);
  if (collected.unreadable.length > 0) failedInput = true;
  for (const u of collected.unknown) io.err(`runbook: ${u}: not a file kind runbook lint checks; skipped`);

  const reported: ReportedFinding[] = [];
  let filesChecked = 0;
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
    const { config } = await configFor(file);
    const lintOpts = { rules, maxBytes: CLI_MAX_BYTES, maxFindings: Infinity };
    if (parsed.fix) {
      const fixed = fixAll(text, file, config, lintOpts);
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
    let findings: Finding[];
    try {
      findings = lintText(text, file, config, lintOpts).findings;
    } catch (e) {
      // lintText does not throw by design; if it ever does, the other files still get checked.
      io.err(`runbook: internal error linting ${shown(file)}: ${fsErrorMessage(e)}`);
      failedInput = true;
      continue;
    }
    filesChecked++;
    const where = shown(file);
    for (const f of findings) reported.push({ path: where, finding: f });
  }

  switch (parsed.format) {
    case 'json':
      writeJsonReport(reported, filesChecked, io);
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
