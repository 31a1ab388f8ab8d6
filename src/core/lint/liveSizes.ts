// Table sizes read from a live database: the pure half. What to ask (the statistics queries), how
// to read the answer, how live sizes merge under `.runbooklint.yaml` (the config file wins), the
// cache with its expiry, connection URLs, and the one clear message for each way a connection
// fails. No network and no `vscode` here: src/db/client.ts does the talking, the CLI and the
// editor adapter decide when.
//
// Sizes always come from the statistics the server already keeps (never a COUNT(*), never a scan):
//   PostgreSQL      pg_class.reltuples (the planner's row estimate, set by ANALYZE / autovacuum)
//                   and pg_total_relation_size (table + indexes + TOAST), partitions summed into
//                   their parent through pg_inherits
//   MySQL/MariaDB   information_schema.tables: table_rows and data_length + index_length, for the
//                   connection's current database
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
// Queries. Exported so the README and the tests quote exactly what runs.

/**
 * Every ordinary and partitioned table outside the system schemas, with its descendants
 * (partitions, inheritance children) summed in. `never_analyzed`: reltuples is -1 (PostgreSQL 14+
 * before the first ANALYZE) or 0 with no pages counted while the table has data (before 14).
 */
export const POSTGRES_SIZES_SQL = `WITH RECURSIVE tree AS (
  SELECT c.oid AS root, c.oid AS rel
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  UNION ALL
  SELECT t.root, i.inhrelid FROM tree t JOIN pg_catalog.pg_inherits i ON i.inhparent = t.rel
)
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       count(*) - 1 AS partitions,
       sum(CASE WHEN d.relkind = 'p' OR d.reltuples < 0 THEN 0 ELSE d.reltuples END)::float8 AS rows,
       bool_or(d.relkind <> 'p' AND (d.reltuples < 0 OR (d.reltuples = 0 AND d.relpages = 0 AND pg_catalog.pg_relation_size(d.oid) > 0))) AS never_analyzed,
       sum(pg_catalog.pg_total_relation_size(d.oid))::float8 AS bytes
FROM tree t
JOIN pg_catalog.pg_class c ON c.oid = t.root
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class d ON d.oid = t.rel
GROUP BY n.nspname, c.relname
ORDER BY 1, 2`;

export const POSTGRES_VERSION_SQL = `SELECT current_setting('server_version') AS version, current_database() AS database`;

/** Base tables of the current database (views have no size). */
export const MYSQL_SIZES_SQL = `SELECT table_schema AS schema_name, table_name AS table_name, table_rows AS table_rows,
       COALESCE(data_length, 0) + COALESCE(index_length, 0) AS bytes
FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
ORDER BY table_name`;

export const MYSQL_VERSION_SQL = `SELECT VERSION() AS version, DATABASE() AS database_name`;

// ---------------------------------------------------------------------------------------------
// Reading the answers. Drivers return numbers as strings, bigints or numbers depending on the
// column type: everything goes through toCount.

function toCount(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
  if (typeof v === 'bigint') return v >= 0n ? Number(v) : undefined;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?(e\+?\d+)?\s*$/i.test(v)) return toCount(Number(v));
  return undefined;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return v === null || v === undefined ? '' : String(v);
}

/** Rows of POSTGRES_SIZES_SQL. */
export function parsePostgresSizes(rows: readonly Record<string, unknown>[]): LiveTable[] {
  const out: LiveTable[] = [];
  for (const r of rows) {
    const schema = toText(r.schema_name);
    const name = toText(r.table_name);
    if (!schema || !name) continue;
    const rowsSum = toCount(r.rows) ?? 0;
    const neverAnalyzed = r.never_analyzed === true || r.never_analyzed === 't';
    const partitions = toCount(r.partitions) ?? 0;
    out.push({
      schema,
      name,
      // Never analyzed and nothing counted: unknown, not "0 rows" (which would read as small).
      rows: neverAnalyzed && rowsSum === 0 ? undefined : rowsSum,
      bytes: toCount(r.bytes) ?? 0,
      ...(partitions > 0 ? { partitions } : {}),
    });
  }
  return out;
}

/** Rows of MYSQL_SIZES_SQL (column names may come back upper-case from MySQL 8). */
export function parseMysqlSizes(rows: readonly Record<string, unknown>[]): LiveTable[] {
  const out: LiveTable[] = [];
  for (const raw of rows) {
    const r: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) r[k.toLowerCase()] = v;
    const schema = toText(r.schema_name);
    const name = toText(r.table_name);
    if (!schema || !name) continue;
    // table_rows is NULL for engines without statistics.
    out.push({ schema, name, rows: toCount(r.table_rows), bytes: toCount(r.bytes) ?? 0 });
  }
  return out;
}

/** MySQL's VERSION() says "-MariaDB" for MariaDB; anything else is MySQL. */
export function productOfMysqlVersion(version: string): DatabaseProduct {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
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

export interface MergedSizes {
  config: ResolvedLintConfig;
  /** Where each key of config.tables came from. */
  sources: Record<string, SizeSource>;
}

/**
 * `config` with the live sizes added under it: a table the config file names (by any of its
 * names) keeps the config's number; the others get the live estimate. Tables without statistics
 * are left out (unknown stays unknown). The server's dialect applies unless the config sets
 * `sql.dialect`, and its version is recorded for the version-dependent rules.
 */
export function mergeLiveSizes(config: ResolvedLintConfig, snapshot: LiveSnapshot | undefined): MergedSizes {
  const sources: Record<string, SizeSource> = {};
  for (const k of Object.keys(config.tables)) sources[k] = 'config';
  if (!snapshot) return { config, sources };
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
  return {
    config: {
      ...config,
      tables,
      sqlDialect: config.sqlDialect ?? dialectOf(snapshot.product),
      server: config.server ?? { product: snapshot.product, version: snapshot.serverVersion },
    },
    sources,
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
 * What `runbook tables` prints: one line per table, the config file's tables first named as
 * written, then the live ones by their qualified name (bare in the default schema).
 */
export function tableReport(config: ResolvedLintConfig, snapshot: LiveSnapshot | undefined): TableRow[] {
  const rows: TableRow[] = [];
  const live = snapshot ? liveTableKeys(snapshot) : new Map<LiveTable, string[]>();
  const liveByKey = new Map<string, LiveTable>();
  for (const [t, keys] of live) for (const k of keys) if (!liveByKey.has(k)) liveByKey.set(k, t);
  const claimed = new Set<LiveTable>();
  for (const [key, n] of Object.entries(config.tables)) {
    const t = liveByKey.get(key) ?? (key.includes('.') ? undefined : liveByKey.get(`public.${key}`));
    if (t) claimed.add(t);
    rows.push({ table: key, rows: n, bytes: t?.bytes, source: 'config', large: n >= config.largeTableRows });
  }
  for (const t of live.keys()) {
    if (claimed.has(t) || !snapshot) continue;
    rows.push({ table: configKeyFor(snapshot, t), rows: t.rows, bytes: t.bytes, source: 'live', large: t.rows !== undefined && t.rows >= config.largeTableRows });
  }
  return rows.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}

/** The key `runbook tables --write` records a live table under: bare in the default schema. */
export function configKeyFor(snapshot: LiveSnapshot, t: LiveTable): string {
  const isDefault = snapshot.product === 'postgresql' ? t.schema === 'public' : t.schema === snapshot.database;
  return isDefault ? t.name.toLowerCase() : `${t.schema.toLowerCase()}.${t.name.toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------------
// The cache: one snapshot per connection, trusted until it expires. Expired entries are still
// returned (marked stale) so a caller can use them while a refresh runs.

export interface CachedSnapshot {
  snapshot: LiveSnapshot;
  stale: boolean;
}

export class LiveSizeCache {
  private readonly entries = new Map<string, LiveSnapshot>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): CachedSnapshot | undefined {
    const snapshot = this.entries.get(key);
    if (!snapshot) return undefined;
    return { snapshot, stale: this.now() - snapshot.fetchedAt >= this.ttlMs };
  }

  set(key: string, snapshot: LiveSnapshot): void {
    this.entries.set(key, snapshot);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** For persisting (the editor keeps it in globalState). */
  toJSON(): Record<string, LiveSnapshot> {
    return Object.fromEntries(this.entries);
  }

  /** Restores what toJSON wrote; anything malformed is dropped, never trusted. */
  load(value: unknown): void {
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const s = validSnapshot(v);
      if (s) this.entries.set(k, s);
    }
  }
}

function validSnapshot(v: unknown): LiveSnapshot | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as Partial<LiveSnapshot>;
  if (s.product !== 'postgresql' && s.product !== 'mysql' && s.product !== 'mariadb') return undefined;
  if (typeof s.serverVersion !== 'string' || typeof s.database !== 'string' || typeof s.fetchedAt !== 'number' || !Array.isArray(s.tables)) return undefined;
  const tables: LiveTable[] = [];
  for (const t of s.tables as unknown[]) {
    const x = t as Partial<LiveTable>;
    if (!x || typeof x.schema !== 'string' || typeof x.name !== 'string' || typeof x.bytes !== 'number') return undefined;
    if (x.rows !== undefined && (typeof x.rows !== 'number' || !Number.isFinite(x.rows) || x.rows < 0)) return undefined;
    tables.push({ schema: x.schema, name: x.name, rows: x.rows, bytes: x.bytes, ...(typeof x.partitions === 'number' ? { partitions: x.partitions } : {}) });
  }
  return { product: s.product, serverVersion: s.serverVersion, database: s.database, fetchedAt: s.fetchedAt, tables };
}

// ---------------------------------------------------------------------------------------------
// Connections.

export interface DatabaseConnection {
  kind: 'postgresql' | 'mysql';
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  ssl?: boolean;
}

export const DEFAULT_PORTS = { postgresql: 5432, mysql: 3306 } as const;

/** Identifies a connection for the cache and SecretStorage; never includes the password. */
export function connectionKey(c: DatabaseConnection): string {
  return `${c.kind}://${encodeURIComponent(c.user)}@${c.host}:${c.port}/${encodeURIComponent(c.database)}`;
}

/** "PostgreSQL at 127.0.0.1:5432 (database app, user runbook_lint)". */
export function describeConnection(c: DatabaseConnection): string {
  return `${c.kind === 'postgresql' ? 'PostgreSQL' : 'MySQL/MariaDB'} at ${c.host}:${c.port} (database ${c.database || '(none)'}, user ${c.user || '(none)'})`;
}

export class DatabaseUrlError extends Error {}

/**
 * postgres://, postgresql://, mysql:// or mariadb:// URLs: user, password, host, port, database;
 * `?sslmode=require` (PostgreSQL) or `?ssl=true` turns TLS on. Throws DatabaseUrlError.
 */
export function parseDatabaseUrl(text: string): DatabaseConnection {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DatabaseUrlError('the database URL is not a URL (expected postgresql://user@host:port/database or mysql://user@host:port/database)');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const kind = scheme === 'postgres' || scheme === 'postgresql' ? 'postgresql' : scheme === 'mysql' || scheme === 'mariadb' ? 'mysql' : undefined;
  if (!kind) throw new DatabaseUrlError(`unsupported database URL scheme "${scheme}:" (use postgresql:// or mysql://)`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new DatabaseUrlError('the database URL has no host');
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[kind];
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new DatabaseUrlError('the database URL names no database (…/database at the end)');
  const ssl = url.searchParams.get('sslmode') ?? url.searchParams.get('ssl');
  return {
    kind,
    host,
    port,
    database,
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    ssl: ssl !== null && !/^(disable|false|0|prefer|allow)$/i.test(ssl),
  };
}

/** The URL without its password, for messages. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

// ---------------------------------------------------------------------------------------------
// Errors: one clear sentence per way a connection fails.

export type DbFailureKind = 'refused' | 'timeout' | 'auth' | 'permission' | 'no-database' | 'host-not-found' | 'tls' | 'other';

export interface DbFailure {
  kind: DbFailureKind;
  message: string;
}

const FALLBACK = 'Table sizes come from .runbooklint.yaml only until it works.';

/** Classifies a driver error (pg: `code` SQLSTATE; mysql2: `code` name and `errno`; Node: `code`). */
export function describeDbError(err: unknown, c: DatabaseConnection, timeoutMs: number): DbFailure {
  const e = (err ?? {}) as { code?: unknown; errno?: unknown; message?: unknown; sqlMessage?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const errno = typeof e.errno === 'number' ? e.errno : undefined;
  const raw = typeof e.sqlMessage === 'string' ? e.sqlMessage : typeof e.message === 'string' ? e.message : String(err);
  const where = describeConnection(c);
  const mk = (kind: DbFailureKind, what: string): DbFailure => ({ kind, message: `${where}: ${what} ${FALLBACK}` });
  if (code === 'ECONNREFUSED') return mk('refused', 'connection refused. Is the server running and listening on that host and port?');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return mk('host-not-found', `host "${c.host}" not found.`);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'RUNBOOK_TIMEOUT' || /timeout|timed out/i.test(raw))
    return mk('timeout', `no answer within ${formatSeconds(timeoutMs)}. Check the host, the port and any firewall or VPN in between.`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return mk('refused', 'host unreachable (no route).');
  if (code === 'ECONNRESET' || code === 'EPIPE' || /connection terminated|closed the connection|server closed/i.test(raw))
    return mk('refused', `the server closed the connection (${raw}). Is it the right port, and does it want TLS (runbookAssistant.database.ssl / ?sslmode=require)?`);
  // PostgreSQL SQLSTATEs; MySQL error names and numbers.
  if (code === '28P01' || code === '28000' || code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR' || errno === 1045)
    return mk('auth', `login refused for user "${c.user}": wrong password, or the user may not log in from here (${raw}).`);
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR' || errno === 1049) return mk('no-database', `database "${c.database}" does not exist.`);
  if (code === '42501' || code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_TABLEACCESS_DENIED_ERROR' || code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR' || errno === 1044 || errno === 1142 || errno === 1227)
    return mk('permission', `user "${c.user}" lacks a permission the size query needs (${raw}); see the README's read-only role.`);
  if (/ssl|tls|certificate/i.test(raw) || code.startsWith('ERR_TLS') || code === 'HANDSHAKE_SSL_ERROR' || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
    return mk('tls', `TLS failed (${raw}).`);
  return mk('other', `${raw}${code ? ` (${code})` : ''}.`);
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** "1.2 GB" */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
