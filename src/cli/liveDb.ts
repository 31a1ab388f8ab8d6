// The command line's side of live table sizes: where the URL comes from (--database-url, else
// RUNBOOK_LINT_DATABASE_URL), reading the sizes with a short timeout, and the one warning when
// that fails. The drivers load only here, and only when a URL is given (src/db/load.ts).
import type { LiveSnapshot } from '../core/lint/liveSizes';
import { DatabaseUrlError, parseDatabaseUrl, redactUrl, type DatabaseConnection } from '../db/connection';

export const DATABASE_URL_ENV = 'RUNBOOK_LINT_DATABASE_URL';
export const DEFAULT_DB_TIMEOUT_MS = 5000;

export interface DbIo {
  err: (s: string) => void;
}

/** The URL in force: the option, else the environment variable; undefined when neither is set. */
export function databaseUrlFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = option ?? env[DATABASE_URL_ENV];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** Parses `--database-timeout SECONDS`. */
export function parseTimeoutSeconds(v: string): number | undefined {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 && n <= 300 ? Math.round(n * 1000) : undefined;
}

/** The connection for `url`, or a message (the URL shown without its password). */
function connectionFor(url: string): { conn: DatabaseConnection } | { error: string } {
  try {
    return { conn: parseDatabaseUrl(url) };
  } catch (e) {
    if (e instanceof DatabaseUrlError) return { error: `${e.message}: ${redactUrl(url)}` };
    throw e;
  }
}

/** A snapshot; or the failure, already printed as one warning; or a URL that is a usage error (not printed). */
export type LiveRead = { snapshot: LiveSnapshot } | { failure: string } | { usageError: string };

/** Reads the live sizes from `url`; the caller falls back to the config on a failure. */
export async function readLiveSizes(url: string, io: DbIo, timeoutMs = DEFAULT_DB_TIMEOUT_MS): Promise<LiveRead> {
  const target = connectionFor(url);
  if ('error' in target) return { usageError: target.error };
  const { loadDbClient } = await import('../db/load');
  const client = await loadDbClient();
  const r = await client.fetchLiveSizes(target.conn, { timeoutMs });
  if (r.ok) return { snapshot: r.snapshot };
  io.err(`runbook: warning: ${r.failure.message}`);
  return { failure: r.failure.message };
}

/** "1.2 GB", for the BYTES column of `runbook tables`. */
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
