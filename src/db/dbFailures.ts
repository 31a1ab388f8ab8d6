// One clear sentence per way a connection fails, from whatever the driver threw.
import { describeConnection, type DatabaseConnection } from './connection';

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
