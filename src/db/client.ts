// Reads table sizes and the server version from a live PostgreSQL or MySQL/MariaDB server: one
// short, read-only session per refresh. No `vscode` here (the CLI uses it too). This module and
// its drivers (pg, mysql2) are bundled on their own as dist/db.js and loaded only when a database
// is configured (src/db/load.ts), so neither `runbook lint` nor the extension's activation pays
// for them otherwise.
//
// Bounded in time everywhere: the driver's connect timeout, a statement timeout on the server,
// and an overall deadline that destroys the socket, so a server that accepts and never answers
// still ends within `timeoutMs`.
import { parseVersion, type LiveSnapshot } from '../core/lint/liveSizes';
import type { DatabaseConnection } from './connection';
import { describeDbError, type DbFailure } from './dbFailures';
import { MYSQL_SIZES_SQL, MYSQL_VERSION_SQL, parseMysqlSizes, parsePostgresSizes, POSTGRES_SIZES_SQL, POSTGRES_VERSION_SQL, productOfMysqlVersion } from './sizeQueries';

export type FetchResult = { ok: true; snapshot: LiveSnapshot } | { ok: false; failure: DbFailure };

export interface FetchOptions {
  /** The whole session: connect, authenticate, two queries. Default 5000 ms. */
  timeoutMs?: number;
}

class DeadlineError extends Error {
  code = 'RUNBOOK_TIMEOUT';
}

/** Reads the sizes; never throws: a failure is one classified message. */
export async function fetchLiveSizes(conn: DatabaseConnection, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let abort: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort?.();
      reject(new DeadlineError(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const work = conn.kind === 'postgresql' ? fetchPostgres(conn, timeoutMs, (a) => (abort = a)) : fetchMysql(conn, timeoutMs, (a) => (abort = a));
    // The loser of the race must not become an unhandled rejection.
    work.catch(() => {});
    const snapshot = await Promise.race([work, deadline]);
    return { ok: true, snapshot };
  } catch (err) {
    return { ok: false, failure: describeDbError(err, conn, timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}

async function fetchPostgres(conn: DatabaseConnection, timeoutMs: number, onAbort: (a: () => void) => void): Promise<LiveSnapshot> {
  const { Client } = await import('pg');
  const client = new Client({
    host: conn.host,
    port: conn.port,
    database: conn.database,
    user: conn.user,
    password: conn.password ?? '',
    ssl: conn.ssl ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'runbook-lint',
    // Read-only whatever the role's defaults are.
    options: '-c default_transaction_read_only=on',
  });
  client.on('error', () => {}); // a socket error after the deadline must not crash the process
  onAbort(() => {
    void client.end().catch(() => {});
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  });
  try {
    await client.connect();
    const v = await client.query(POSTGRES_VERSION_SQL);
    const sizes = await client.query(POSTGRES_SIZES_SQL);
    const row = (v.rows[0] ?? {}) as Record<string, unknown>;
    return {
      product: 'postgresql',
      serverVersion: String(row.version ?? ''),
      database: String(row.database ?? conn.database),
      tables: parsePostgresSizes(sizes.rows as Record<string, unknown>[]),
      fetchedAt: Date.now(),
    };
  } finally {
    void client.end().catch(() => {});
  }
}

async function fetchMysql(conn: DatabaseConnection, timeoutMs: number, onAbort: (a: () => void) => void): Promise<LiveSnapshot> {
  const mysql = await import('mysql2/promise');
  let connection: Awaited<ReturnType<typeof mysql.createConnection>> | undefined;
  let aborted = false;
  onAbort(() => {
    aborted = true;
    connection?.destroy();
  });
  try {
    connection = await mysql.createConnection({
      host: conn.host,
      port: conn.port,
      database: conn.database,
      user: conn.user,
      password: conn.password ?? '',
      ssl: conn.ssl ? { rejectUnauthorized: true } : undefined,
      connectTimeout: timeoutMs,
      // Big numbers as strings, never rounded silently.
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    if (aborted) connection.destroy();
    connection.on('error', () => {});
    const [vRows] = await connection.query({ sql: MYSQL_VERSION_SQL, timeout: timeoutMs });
    const vRow = ((vRows as Record<string, unknown>[])[0] ?? {}) as Record<string, unknown>;
    const serverVersion = String(vRow.version ?? vRow.VERSION ?? '');
    const product = productOfMysqlVersion(serverVersion);
    // MySQL 8 caches information_schema statistics for a day by default: ask for current ones.
    const v = parseVersion(serverVersion);
    if (product === 'mysql' && v && v[0] >= 8) await connection.query('SET SESSION information_schema_stats_expiry = 0').catch(() => {});
    const [rows] = await connection.query({ sql: MYSQL_SIZES_SQL, timeout: timeoutMs });
    return {
      product,
      serverVersion,
      database: String(vRow.database_name ?? conn.database),
      tables: parseMysqlSizes(rows as Record<string, unknown>[]),
      fetchedAt: Date.now(),
    };
  } finally {
    void connection?.end().catch(() => connection?.destroy());
  }
}
