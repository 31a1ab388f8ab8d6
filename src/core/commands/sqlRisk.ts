// Which SQL statements destroy data or sessions. Statements and tokens come from the linter's
// scanner (src/core/sql/scanner.ts), so comments and string literals never count: only what
// the server would run. Also read: a `DO $$ ... $$` block's body (it runs at once, unlike a
// CREATE FUNCTION's), the text of MySQL executable comments (`/*!50000 DROP TABLE t */` runs on
// MySQL), and string literals handed to EXECUTE inside such a body.
import { isPunct, lowerWord, splitSql, stringValue, tokenizeSql, type SqlToken } from '../sql/scanner';
import type { SqlDialect } from '../sql/types';

/** Reasons found are added to `reasons`; nested bodies are read down to a fixed depth. */
export function assessSql(text: string, dialect: SqlDialect, reasons: Set<string>, depth = 0): void {
  if (depth > 4) return;
  const sql = openExecutableComments(text);
  const split = splitSql(sql, dialect);
  for (let k = 0; k < split.count; k++) {
    const end = split.terminators[k] >= 0 ? split.terminators[k] : sql.length;
    assessStatement(sql, tokenizeSql(sql, split.starts[k], end, dialect), dialect, reasons, depth);
  }
}

/** `/*!50000 X *\/` and MariaDB's `/*M!100100 X *\/` become ` X `: MySQL runs their text. */
function openExecutableComments(text: string): string {
  if (!text.includes('/*!') && !text.includes('/*M!')) return text;
  return text.replace(/\/\*M?!\d{0,6}([\s\S]*?)\*\//g, (_m, body: string) => ` ${body} `);
}

// A verb starts a statement at the beginning, after a CTE's `)`, inside `(` (a data-modifying
// CTE), after EXPLAIN ANALYZE (which runs it), or inside a PL/pgSQL body; elsewhere DELETE and
// UPDATE are ON DELETE, FOR UPDATE, GRANT DELETE...
const STATEMENT_START_AFTER = new Set(['', '(', ')', 'analyze', 'analyse', 'begin', 'then', 'else', 'loop']);

// Functions whose call ends sessions or drops server state.
const SQL_FUNCTIONS: Record<string, string> = {
  pg_terminate_backend: 'pg_terminate_backend disconnects the session and rolls back its open transaction',
  pg_drop_replication_slot: 'pg_drop_replication_slot deletes a replication slot: its replica or CDC consumer loses its place and must be rebuilt',
  pg_replication_origin_drop: 'pg_replication_origin_drop deletes a replication origin and its progress',
  pg_promote: 'pg_promote turns the standby into a primary; it stops following the old primary for good',
  pg_wal_replay_pause: 'pg_wal_replay_pause stops the standby from applying changes (it falls behind until resumed)',
  lo_unlink: 'lo_unlink deletes a large object',
};
// pg_cancel_backend is left out on purpose: it cancels the running query only, the session stays.

function assessStatement(text: string, tokens: SqlToken[], dialect: SqlDialect, reasons: Set<string>, depth: number): void {
  const first = lowerWord(text, tokens[0]);
  const second = lowerWord(text, tokens[1]);
  switch (first) {
    case 'purge':
      if (second === 'binary' || second === 'master') reasons.add('PURGE BINARY LOGS deletes binary logs: replicas and point-in-time recovery that still need them break');
      break;
    case 'reset':
      if (second === 'master' || second === 'binary') reasons.add('RESET MASTER deletes every binary log and resets the GTID history');
      else if (second === 'replica' || second === 'slave') reasons.add(`RESET ${second.toUpperCase()} makes the server forget its replication position${lowerWord(text, tokens[2]) === 'all' ? ' and its connection settings' : ''}`);
      break;
    case 'kill':
      // KILL QUERY stops the statement only, like pg_cancel_backend.
      if (second !== 'query') reasons.add('KILL disconnects the session and rolls back its open transaction');
      break;
    case 'shutdown':
      reasons.add('SHUTDOWN stops the database server');
      break;
    case 'do':
      for (const t of tokens.slice(1)) {
        const body = t.kind === 'string' ? dollarBody(text, t) : undefined;
        if (body !== undefined) assessSql(body, dialect, reasons, depth + 1);
      }
      break;
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const word = lowerWord(text, t);
    if (word === '') continue;
    if (isPunct(text, tokens[i + 1], '(') && SQL_FUNCTIONS[word] !== undefined) {
      reasons.add(SQL_FUNCTIONS[word]);
      continue;
    }
    const prevTok = tokens[i - 1];
    const prev = i === 0 ? '' : prevTok.kind === 'punct' ? text[prevTok.start] : lowerWord(text, prevTok);
    if (word === 'execute' && depth > 0) {
      // EXECUTE 'DROP TABLE ' || name inside a DO body: read the literal parts.
      for (let k = i + 1; k < tokens.length && k <= i + 20; k++) {
        const s = stringValue(text, tokens[k]);
        if (s !== undefined) assessSql(s, dialect, reasons, depth + 1);
      }
    }
    if (!STATEMENT_START_AFTER.has(prev)) continue;
    const name = objectName(text, tokens, i + 1);
    switch (word) {
      case 'delete':
      case 'update': {
        const where = whereOf(text, tokens, i);
        if (where !== 'real') {
          const how = where === 'none' ? 'without WHERE' : 'with an always-true WHERE';
          reasons.add(`${word.toUpperCase()} ${how} ${word === 'delete' ? 'deletes' : 'changes'} every row of ${name ?? 'the table'}`);
        }
        break;
      }
      case 'truncate':
        reasons.add(`TRUNCATE deletes every row of ${name ?? 'the table'}`);
        break;
      case 'drop': {
        const kind = lowerWord(text, tokens[i + 1]).toUpperCase() || 'object';
        const what = kind === 'TABLE' ? 'the table and all its rows' : kind === 'DATABASE' || kind === 'SCHEMA' ? `the ${kind.toLowerCase()} and every table in it` : `the ${kind.toLowerCase()}`;
        reasons.add(`DROP ${kind} deletes ${what}`);
        break;
      }
      case 'alter':
        if (i === 0 || first === 'alter') alterDrops(text, tokens, i, reasons);
        break;
    }
  }
}

/** The body of a `$tag$ ... $tag$` string, or undefined for other strings. */
function dollarBody(text: string, t: SqlToken): string | undefined {
  const s = text.slice(t.start, t.end);
  const m = /^(\$[A-Za-z_0-9]*\$)([\s\S]*?)(?:\1)?$/.exec(s);
  return m === null ? undefined : m[2];
}

/** The name after DELETE FROM / UPDATE / TRUNCATE [TABLE] [ONLY], for the message. */
function objectName(text: string, tokens: SqlToken[], from: number): string | undefined {
  let i = from;
  while (i < tokens.length && ['from', 'table', 'only', 'low_priority', 'quick', 'ignore'].includes(lowerWord(text, tokens[i]))) i++;
  const t = tokens[i];
  if (t === undefined || (t.kind !== 'word' && t.kind !== 'quotedIdent')) return undefined;
  let name = text.slice(t.start, t.end);
  while (isPunct(text, tokens[i + 1], '.') && tokens[i + 2] !== undefined) {
    name += `.${text.slice(tokens[i + 2].start, tokens[i + 2].end)}`;
    i += 2;
  }
  return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}

/**
 * Whether the DELETE/UPDATE at `at` has a WHERE of its own (same parenthesis depth, before the
 * CTE or statement ends) that is not trivially true (`WHERE true`, `1 = 1`, `'a' = 'a'`, `... OR 1=1`).
 */
function whereOf(text: string, tokens: SqlToken[], at: number): 'real' | 'none' | 'always-true' {
  let depth = 0;
  for (let i = at + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (isPunct(text, t, '(')) depth++;
    else if (isPunct(text, t, ')')) {
      if (--depth < 0) return 'none';
    } else if (depth === 0 && lowerWord(text, t) === 'where') return alwaysTrue(text, tokens, i + 1) ? 'always-true' : 'real';
  }
  return 'none';
}

/** A WHERE one of whose top-level OR branches is a constant truth. */
function alwaysTrue(text: string, tokens: SqlToken[], from: number): boolean {
  let branch: SqlToken[] = [];
  let depth = 0;
  for (let i = from; i <= tokens.length; i++) {
    const t = tokens[i];
    const w = lowerWord(text, t);
    if (t === undefined || (depth === 0 && (w === 'or' || ['returning', 'order', 'limit', 'group'].includes(w) || isPunct(text, t, ')')))) {
      if (trueBranch(text, branch)) return true;
      if (t === undefined || w !== 'or') return false;
      branch = [];
      continue;
    }
    if (isPunct(text, t, '(')) depth++;
    else if (isPunct(text, t, ')')) depth--;
    branch.push(t);
  }
  return false;
}

function trueBranch(text: string, b: SqlToken[]): boolean {
  // Strip wrapping parentheses: WHERE (1=1).
  while (b.length >= 2 && isPunct(text, b[0], '(') && isPunct(text, b[b.length - 1], ')')) b = b.slice(1, -1);
  const src = (t: SqlToken): string => text.slice(t.start, t.end).toLowerCase();
  if (b.length === 1) return src(b[0]) === 'true' || (b[0].kind === 'number' && Number(src(b[0])) !== 0);
  if (b.length === 2 && lowerWord(text, b[0]) === 'not') return src(b[1]) === 'false' || src(b[1]) === '0';
  if (b.length === 3 && (isPunct(text, b[1], '=') || lowerWord(text, b[1]) === 'is')) {
    // 1 = 1, 'a' = 'a', x = x (true wherever x is not null): the same constant or name on both sides.
    return b[0].kind !== 'param' && src(b[0]) === src(b[2]);
  }
  if (b.length === 4 && isPunct(text, b[1], '=') && isPunct(text, b[2], '=')) return src(b[0]) === src(b[3]); // `==` in SQLite/MySQL
  return false;
}

/** ALTER TABLE ... DROP [COLUMN] x / DROP PARTITION deletes data; DROP DEFAULT / NOT NULL / CONSTRAINT does not. */
function alterDrops(text: string, tokens: SqlToken[], at: number, reasons: Set<string>): void {
  if (lowerWord(text, tokens[at + 1]) !== 'table') return;
  let depth = 0;
  for (let i = at + 2; i < tokens.length; i++) {
    if (isPunct(text, tokens[i], '(')) depth++;
    else if (isPunct(text, tokens[i], ')')) depth--;
    else if (depth === 0 && lowerWord(text, tokens[i]) === 'drop') {
      const next = lowerWord(text, tokens[i + 1]);
      if (next === 'partition') reasons.add('ALTER TABLE ... DROP PARTITION deletes the partition and its rows');
      else if (next === 'column' || (tokens[i + 1] !== undefined && !['default', 'not', 'constraint', 'identity', 'expression', 'index', 'key', 'primary', 'foreign', 'check'].includes(next))) {
        reasons.add('ALTER TABLE ... DROP COLUMN deletes the column and its data');
      }
    } else if (depth === 0 && lowerWord(text, tokens[i]) === 'truncate' && lowerWord(text, tokens[i + 1]) === 'partition') {
      reasons.add('ALTER TABLE ... TRUNCATE PARTITION deletes every row of the partition');
    }
  }
}
