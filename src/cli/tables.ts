// `runbook tables [--format text|json] [--database-url URL] [--config FILE] [--write]`
//
// Prints the table sizes the linter would use: the config file's (source "config") and, with a
// database URL (or RUNBOOK_LINT_DATABASE_URL), the live statistics' (source "live") for tables
// the config does not name. `--write` records the live sizes in the config file (the nearest
// .runbooklint.yaml above the current folder, else --config FILE, else a new ./.runbooklint.yaml),
// keeping its comments and other keys: for teams that cannot reach production from a laptop.
//
// Exit codes: 0 ok, 2 usage error, unreadable or broken config file, or no live sizes (connection
// failed; the config's sizes are still printed).
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { LINT_CONFIG_FILE_NAMES } from '../core/lint/lintConfig';
import { findLintConfig, loadLintConfigFile } from '../core/lint/configDiscovery';
import { configKeyFor, mergeLiveSizes, productLabel, tableReport, type LiveSnapshot } from '../core/lint/liveSizes';
import { defaultLintConfig } from '../core/lint/lintConfig';
import { displayPath } from '../core/runbook/runbookJson';
import { duplicateKeyOffsets } from '../core/schema/yamlDuplicateKeys';
import { parseCommandArgs, reportingUsageErrors, UsageError, USAGE_HINT } from './cliArgs';
import { TABLES } from './commandSpecs';
import { databaseUrlFrom, formatBytes, parseTimeoutSeconds, readLiveSizes } from './liveDb';

export interface TablesIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

interface TablesArgs {
  format: 'text' | 'json';
  config?: string;
  databaseUrl?: string;
  timeoutMs?: number;
  write: boolean;
}

function parseArgs(args: string[]): TablesArgs {
  const { strings, flags } = parseCommandArgs(TABLES, args);
  const parsed: TablesArgs = {
    format: (strings.format ?? 'text') as TablesArgs['format'],
    config: strings.config,
    databaseUrl: strings['database-url'],
    write: flags.write === true,
  };
  const timeout = strings['database-timeout'];
  if (timeout !== undefined) {
    parsed.timeoutMs = parseTimeoutSeconds(timeout);
    if (parsed.timeoutMs === undefined) throw new UsageError(`--database-timeout needs a number of seconds (got "${timeout}")`);
  }
  return parsed;
}

/** Runs `runbook tables`; resolves to the exit code. */
export function tablesCommand(args: string[], io: TablesIo, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  return reportingUsageErrors(io, () => tablesWith(parseArgs(args), io, options));
}

async function tablesWith(parsed: TablesArgs, io: TablesIo, options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const url = databaseUrlFrom(parsed.databaseUrl, options.env);
  if (parsed.write && url === undefined) {
    io.err(`runbook: --write records live sizes: give --database-url URL or set RUNBOOK_LINT_DATABASE_URL`);
    return 2;
  }

  // The config: --config FILE, else the nearest one above the current folder.
  const configFile = parsed.config !== undefined ? path.resolve(cwd, parsed.config) : await findLintConfig(path.join(cwd, '_'));
  let failed = false;
  let config = defaultLintConfig();
  let configExists = false;
  if (configFile) {
    try {
      await readFile(configFile);
      configExists = true;
    } catch {
      if (!parsed.write) {
        io.err(`runbook: cannot read ${displayPath(configFile, cwd)}`);
        return 2;
      }
    }
    if (configExists) {
      const loaded = await loadLintConfigFile(configFile);
      config = loaded.config;
      for (const p of loaded.problems) io.err(`${displayPath(p.file, cwd)}:${p.line}:${p.column}: error: ${p.message} [config]`);
      if (loaded.problems.length > 0) failed = true;
    }
  }

  let live: LiveSnapshot | undefined;
  let liveError: string | undefined;
  if (url !== undefined) {
    const read = await readLiveSizes(url, io, parsed.timeoutMs);
    if ('usageError' in read) {
      io.err(`runbook: ${read.usageError}`);
      io.err(USAGE_HINT);
      return 2;
    }
    if ('snapshot' in read) live = read.snapshot;
    else liveError = read.failure;
  }

  if (parsed.write) {
    if (!live) return 2; // the warning is printed; nothing is written
    const target = configFile ?? path.join(cwd, LINT_CONFIG_FILE_NAMES[0]);
    const r = await writeLiveSizes(target, configExists, live);
    if ('error' in r) {
      io.err(`runbook: cannot write ${displayPath(target, cwd)}: ${r.error}`);
      return 2;
    }
    io.err(`${displayPath(target, cwd)}: recorded ${r.written} table size${r.written === 1 ? '' : 's'} from ${productLabel({ product: live.product, version: live.serverVersion })}${r.skipped ? ` (${r.skipped} without statistics skipped: run ANALYZE)` : ''}`);
    return failed ? 2 : 0;
  }

  const rows = tableReport(mergeLiveSizes(config, live));
  if (parsed.format === 'json') {
    io.out(
      JSON.stringify(
        {
          server: live ? { product: live.product, version: live.serverVersion, database: live.database } : null,
          error: liveError ?? null,
          configFile: configExists && configFile ? displayPath(configFile, cwd) : null,
          largeTableRows: config.largeTableRows,
          tables: rows.map((r) => ({ table: r.table, rows: r.rows ?? null, bytes: r.bytes ?? null, source: r.source, large: r.large })),
        },
        null,
        2,
      ),
    );
  } else {
    const table = [
      ['TABLE', 'ROWS', 'BYTES', 'SOURCE'],
      ...rows.map((r) => [r.table, r.rows === undefined ? 'unknown' : r.rows.toLocaleString('en-US'), formatBytes(r.bytes), r.source]),
    ];
    const widths = [0, 1, 2].map((c) => Math.max(...table.map((row) => row[c].length)));
    for (const row of table) io.out(`${row[0].padEnd(widths[0])}  ${row[1].padStart(widths[1])}  ${row[2].padStart(widths[2])}  ${row[3]}`.trimEnd());
    const from = live ? `${productLabel({ product: live.product, version: live.serverVersion })}, database ${live.database}` : 'no database';
    io.err(`${rows.length} table${rows.length === 1 ? '' : 's'} (${from}; config ${configExists && configFile ? displayPath(configFile, cwd) : 'none'}); large from ${config.largeTableRows.toLocaleString('en-US')} rows`);
  }
  return failed || (url !== undefined && !live) ? 2 : 0;
}

/**
 * Sets `tables.<name>: rows` for every live table with statistics, in place: comments, key
 * order and every other key of the file are kept (the yaml Document API). An existing entry
 * for the same table (by any of its names) is updated where it is.
 */
async function writeLiveSizes(file: string, exists: boolean, live: LiveSnapshot): Promise<{ written: number; skipped: number } | { error: string }> {
  let text = '';
  if (exists) {
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }
  // yaml's own duplicate-key check is quadratic in a map's size; ours is linear.
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: false });
  if (doc.errors.length > 0) return { error: `it does not parse (${doc.errors[0].message.split('\n')[0]}); fix it first` };
  if (duplicateKeyOffsets(doc).length > 0) return { error: 'it has a key written twice in one mapping; fix it first' };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents)) return { error: 'its top level is not a mapping' };
  let tables = doc.get('tables', true);
  if (!isMap(tables)) {
    tables = doc.createNode({}) as YAMLMap;
    (tables as YAMLMap).commentBefore = ` Row counts from ${productLabel({ product: live.product, version: live.serverVersion })} statistics (runbook tables --write); sizes here win over live ones.`;
    doc.set('tables', tables);
  }
  const map = tables as YAMLMap;
  const existingKey = (names: string[]): unknown => map.items.find((p) => isScalar(p.key) && typeof p.key.value === 'string' && names.includes(p.key.value.toLowerCase()))?.key;
  let written = 0;
  let skipped = 0;
  for (const t of live.tables) {
    if (t.rows === undefined) {
      skipped++;
      continue;
    }
    const key = configKeyFor(live, t);
    const qualified = `${t.schema.toLowerCase()}.${t.name.toLowerCase()}`;
    const found = existingKey(key === qualified ? [qualified] : [key, qualified]);
    map.set(found ?? key, t.rows);
    written++;
  }
  try {
    await writeFile(file, doc.toString(), 'utf8');
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return { written, skipped };
}
