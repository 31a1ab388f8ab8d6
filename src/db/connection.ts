// Database connections as the user writes them: URLs (the CLI), their redaction for messages,
// the key a connection is cached and its password stored under (the editor), and the one-line
// description messages use. Pure: no driver here, so the CLI parses a URL without loading
// dist/db.js (src/db/load.ts loads the drivers only to talk to a server).

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
export function connectionKey(c: Omit<DatabaseConnection, 'password'>): string {
  return `${c.kind}://${encodeURIComponent(c.user)}@${c.host}:${c.port}/${encodeURIComponent(c.database)}`;
}

/** "PostgreSQL at 127.0.0.1:5432 (database app, user runbook_lint)". */
export function describeConnection(c: Omit<DatabaseConnection, 'password'>): string {
  return `${c.kind === 'postgresql' ? 'PostgreSQL' : 'MySQL/MariaDB'} at ${c.host}:${c.port} (database ${c.database || '(none)'}, user ${c.user || '(none)'})`;
}

/** A URL that cannot be used; the message never contains the password. */
export class DatabaseUrlError extends Error {}

const URL_SHAPE = 'expected postgresql://user:password@host:port/database or mysql://user:password@host:port/database';

/**
 * postgres://, postgresql://, mysql:// or mariadb:// URLs: user, password, host, port, database;
 * `?sslmode=require` (PostgreSQL) or `?ssl=true` turns TLS on. Parsed as WHATWG URLs (as
 * browsers and Node do): the last `@` before the host ends the user and password, so a raw `@`
 * in the password works. Throws DatabaseUrlError.
 */
export function parseDatabaseUrl(text: string): DatabaseConnection {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DatabaseUrlError(`the database URL is not a URL (${URL_SHAPE}; write @ / ? # % in the password as %40 %2F %3F %23 %25)`);
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const kind = scheme === 'postgres' || scheme === 'postgresql' ? 'postgresql' : scheme === 'mysql' || scheme === 'mariadb' ? 'mysql' : undefined;
  if (!kind) throw new DatabaseUrlError(`unsupported database URL scheme "${scheme}:" (use postgresql:// or mysql://)`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new DatabaseUrlError('the database URL has no host');
  // An `@` after the host means a password with a raw `/`, `?` or `#` that ended the host early:
  // the parts would be wrong (and the password's tail taken for a database name).
  if (`${url.pathname}${url.search}${url.hash}`.includes('@')) {
    throw new DatabaseUrlError('the database URL has an "@" after the host: write / ? # in the password as %2F %3F %23');
  }
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[kind];
  const database = decodePart(url.pathname.replace(/^\//, ''), 'database name');
  if (!database) throw new DatabaseUrlError('the database URL names no database (…/database at the end)');
  const ssl = url.searchParams.get('sslmode') ?? url.searchParams.get('ssl');
  return {
    kind,
    host,
    port,
    database,
    user: decodePart(url.username, 'user name'),
    password: url.password ? decodePart(url.password, 'password') : undefined,
    ssl: ssl !== null && !/^(disable|false|0|prefer|allow)$/i.test(ssl),
  };
}

/** decodeURIComponent, with a usage error instead of "URI malformed" for a bad `%` escape. */
function decodePart(encoded: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new DatabaseUrlError(`the database URL's ${what} has a "%" that is not followed by two hex digits: write a literal % as %25`);
  }
}

/**
 * The URL for messages: the password replaced by `***`, in the user-info part and in a
 * `password=` query parameter. What is hidden runs to the LAST `@` of the text: for every URL
 * parseDatabaseUrl accepts that is where WHATWG parsing ends the user-info; for one it refuses
 * (a raw `/`, `?` or `#` in the password), hiding too much beats printing the password's tail.
 */
export function redactUrl(text: string): string {
  let out = text;
  const at = out.lastIndexOf('@');
  if (at >= 0) {
    // Without "//" (postgresql:user:pw@host) the first ":" is the scheme's: the user is hidden too.
    const slashes = out.indexOf('//');
    const colon = out.indexOf(':', slashes >= 0 && slashes < at ? slashes + 2 : 0);
    if (colon >= 0 && colon < at) out = `${out.slice(0, colon + 1)}***${out.slice(at)}`;
  }
  return out.replace(/([?&]password=)[^&#]*/gi, '$1***');
}
