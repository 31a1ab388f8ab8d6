// Table sizes read from a live database, as the linter uses them: what a snapshot holds, how it
// merges under `.runbooklint.yaml` (the config file wins), and what the server's version changes
// for the rules. Pure: the queries, the drivers, connection URLs and failure messages are
// src/db/ (which the core never imports); the CLI and the editor adapter decide when to read.
import type { ResolvedLintConfig, SqlDialect } from './types';

export type DatabaseProduct = 'postgresql' | 'mysql' | 'mariadb';

export interface LiveTable {
  /** Schema (PostgreSQL) or database (MySQL) the table lives in. */
  schema: string;
  name: string;
  /** Estimated rows; undefined when the server has no statistics yet (never analyzed). */
  rows?: number;
  /** Table + indexes (+ TOAST on PostgreSQL), in bytes. */
  bytes: number;
  /** Number of partitions (or inheritance children) summed into this row. */
  partitions?: number;
}

export interface LiveSnapshot {
  product: DatabaseProduct;
  /** As the server reports it: "15.18 (Debian 15.18-0+deb12u1)", "10.11.19-MariaDB-0+deb12u1". */
  serverVersion: string;
  /** The database connected to. */
  database: string;
  tables: LiveTable[];
  /** Date.now() when the statistics were read. */
  fetchedAt: number;
}

export interface ServerInfo {
  product: DatabaseProduct;
  version: string;
}

// ---------------------------------------------------------------------------------------------
// Versions and what they change.

/** "15.18 (Debian …)" → [15, 18, 0]; "10.11.19-MariaDB" → [10, 11, 19]; undefined if unreadable. */
export function parseVersion(version: string | undefined): [number, number, number] | undefined {
  const m = version ? /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version) : null;
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

/**
 * PostgreSQL 11 made ADD COLUMN with a constant (non-volatile) DEFAULT metadata-only; before 11
 * any DEFAULT rewrites the table. Unknown version: the modern behaviour is assumed.
 */
export function postgresConstantDefaultRewrites(server: ServerInfo | undefined): boolean {
  if (!server || server.product !== 'postgresql') return false;
  const v = parseVersion(server.version);
  return v !== undefined && v[0] < 11;
}

/**
 * The MySQL version whose INSTANT rules apply, as mysql-online-ddl reads it (major*10000 +
 * minor*100 + patch): MySQL 8.0.12 added INSTANT ADD COLUMN (at the end), 8.0.29 INSTANT at any
 * position and INSTANT DROP COLUMN. MariaDB 10.3 has INSTANT ADD COLUMN at the end (like
 * 8.0.12), 10.4 INSTANT DROP and reordering (like 8.0.29). Undefined when not MySQL/MariaDB.
 */
export function mysqlInstantLevel(server: ServerInfo | undefined): number | undefined {
  if (!server || server.product === 'postgresql') return undefined;
  const v = parseVersion(server.version);
  if (!v) return undefined;
  if (server.product === 'mariadb') {
    const n = v[0] * 100 + v[1];
    return n >= 1004 ? 80029 : n >= 1003 ? 80012 : 80000;
  }
  return v[0] * 10000 + v[1] * 100 + v[2];
}

export function dialectOf(product: DatabaseProduct): SqlDialect {
  return product === 'postgresql' ? 'postgresql' : 'mysql';
}

export function productLabel(server: ServerInfo): string {
  const name = server.product === 'postgresql' ? 'PostgreSQL' : server.product === 'mariadb' ? 'MariaDB' : 'MySQL';
  const v = /\d+(?:\.\d+)*/.exec(server.version);
  return v ? `${name} ${v[0]}` : name;
}

// ---------------------------------------------------------------------------------------------
// Merging under the config file.

/**
 * The names a live table answers to in `tables` (lower case): always `schema.name`; also the bare
 * name for PostgreSQL's `public` schema, for MySQL's current database, and for a PostgreSQL
 * table whose name no other schema uses.
 */
export function liveTableKeys(snapshot: LiveSnapshot): Map<LiveTable, string[]> {
  const count = new Map<string, number>();
  for (const t of snapshot.tables) count.set(t.name.toLowerCase(), (count.get(t.name.toLowerCase()) ?? 0) + 1);
  const keys = new Map<LiveTable, string[]>();
  for (const t of snapshot.tables) {
    const bare = t.name.toLowerCase();
    const qualified = `${t.schema.toLowerCase()}.${bare}`;
    const own = [qualified];
    const isDefault = snapshot.product === 'postgresql' ? t.schema === 'public' : t.schema === snapshot.database;
    if (isDefault || count.get(bare) === 1) own.push(bare);
    if (snapshot.product === 'postgresql' && t.schema === 'public') own.push(`public.${bare}`);
    keys.set(t, [...new Set(own)]);
  }
  return keys;
}

export type SizeSource = 'config' | 'live';

/** The config a file is linted with: the discovered config with the live sizes under it. */
export interface MergedSizes {
  config: ResolvedLintConfig;
  /** Where each key of config.tables came from. */
  sources: Record<string, SizeSource>;
  /** The snapshot merged in, when there is one (its bytes and unanalyzed tables feed tableReport). */
  live?: LiveSnapshot;
}

// Per discovered config, per snapshot: the CLI asks once per file and the editor once per lint,
// each time with the same two objects (both cache the config they discovered).
const mergedCache = new WeakMap<ResolvedLintConfig, WeakMap<LiveSnapshot, MergedSizes>>();

/**
 * The one place "config for this file plus live sizes" is assembled (CLI lint, CLI tables and the
 * editor): `config` (the file's `.runbooklint.yaml`, or the defaults) with the live sizes added
 * under it. A table the config file names (by any of its names) keeps the config's number; the
 * others get the live estimate. Tables without statistics are left out (unknown stays unknown).
 * The server's dialect applies unless the config sets `sql.dialect`, and its version is recorded
 * for the version-dependent rules. Neither argument is changed; the answer is memoized.
 */
export function mergeLiveSizes(config: ResolvedLintConfig, snapshot: LiveSnapshot | undefined): MergedSizes {
  if (!snapshot) return { config, sources: Object.fromEntries(Object.keys(config.tables).map((k) => [k, 'config' as const])) };
  let bySnapshot = mergedCache.get(config);
  if (!bySnapshot) mergedCache.set(config, (bySnapshot = new WeakMap()));
  let merged = bySnapshot.get(snapshot);
  if (!merged) bySnapshot.set(snapshot, (merged = merge(config, snapshot)));
  return merged;
}

function merge(config: ResolvedLintConfig, snapshot: LiveSnapshot): MergedSizes {
  const sources: Record<string, SizeSource> = {};
  const tables: Record<string, number> = {};
  for (const [t, keys] of liveTableKeys(snapshot)) {
    if (t.rows === undefined) continue;
    if (keys.some((k) => Object.hasOwn(config.tables, k))) continue; // the config file wins
    for (const k of keys) {
      if (Object.hasOwn(tables, k)) continue;
      tables[k] = t.rows;
      sources[k] = 'live';
    }
  }
  Object.assign(tables, config.tables);
  for (const k of Object.keys(config.tables)) sources[k] = 'config';
  return {
    config: {
      ...config,
      tables,
      sqlDialect: config.sqlDialect ?? dialectOf(snapshot.product),
      // The database's product is a fallback only: the path or text of a migration says more (sqlDialect.ts).
      sqlDialectFrom: config.sqlDialect !== undefined ? config.sqlDialectFrom : 'database',
      server: config.server ?? { product: snapshot.product, version: snapshot.serverVersion },
    },
    sources,
    live: snapshot,
  };
}

export interface TableRow {
  table: string;
  rows?: number;
  bytes?: number;
  source: SizeSource;
  large: boolean;
}

/**
 * What `runbook tables` prints, from what the linter would use (mergeLiveSizes): one line per
 * table, the config file's tables named as written, the live ones by the key --write would record
 * (bare in the default schema), tables without statistics included as unknown; sorted by name.
 */
export function tableReport({ config, sources, live }: MergedSizes): TableRow[] {
  const rows: TableRow[] = [];
  const liveKeys = live ? liveTableKeys(live) : new Map<LiveTable, string[]>();
  const liveByKey = new Map<string, LiveTable>();
  for (const [t, keys] of liveKeys) for (const k of keys) if (!liveByKey.has(k)) liveByKey.set(k, t);
  const claimed = new Set<LiveTable>();
  for (const [key, n] of Object.entries(config.tables)) {
    if (sources[key] !== 'config') continue;
    const t = liveByKey.get(key) ?? (key.includes('.') ? undefined : liveByKey.get(`public.${key}`));
    if (t) claimed.add(t);
    rows.push({ table: key, rows: n, bytes: t?.bytes, source: 'config', large: n >= config.largeTableRows });
  }
  for (const t of liveKeys.keys()) {
    if (claimed.has(t) || !live) continue;
    rows.push({ table: configKeyFor(live, t), rows: t.rows, bytes: t.bytes, source: 'live', large: t.rows !== undefined && t.rows >= config.largeTableRows });
  }
  return rows.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}

/** The key `runbook tables --write` records a live table under: bare in the default schema. */
export function configKeyFor(snapshot: LiveSnapshot, t: LiveTable): string {
  const isDefault = snapshot.product === 'postgresql' ? t.schema === 'public' : t.schema === snapshot.database;
  return isDefault ? t.name.toLowerCase() : `${t.schema.toLowerCase()}.${t.name.toLowerCase()}`;
}
