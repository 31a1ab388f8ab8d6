// Which SQL statements destroy data or sessions. Statements and tokens come from the scanner the
// linter uses (src/core/sql/scanner.ts), so comments and string literals never count: only what
// the server would run. What a DELETE, UPDATE, TRUNCATE, DROP or ALTER TABLE does is the SQL
// classifier's statement model (src/core/sql/statementModel.ts), the one the linter reads: this
// file only words its verdict. Also read: a `DO $$ ... $$` block's body (it runs at once, unlike
// a CREATE FUNCTION's), the text of MySQL executable comments (`/*!50000 DROP TABLE t */` runs
// on MySQL), string literals handed to EXECUTE inside such a body, and the session and server
// commands no migration holds (KILL, RESET MASTER, pg_terminate_backend()...).
import { classifyTokens } from '../sql/classify';
import { isPunct, lowerWord, splitSql, stringValue, tokenizeSql, type SqlToken } from '../sql/scanner';
import type { StatementInfo, TableRef } from '../sql/statementModel';
import type { SqlDialect } from '../sql/types';
import { isAlwaysTrue } from '../sql/whereConditions';

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
  let budget = CLASSIFIED_TOKENS_PER_STATEMENT;
  let ends: Int32Array | undefined;
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
    if (!STATEMENT_START_AFTER.has(prev) || !DESTRUCTIVE_VERBS.has(word)) continue;
    ends ??= statementEnds(text, tokens);
    budget -= ends[i] - i;
    if (budget < 0) {
      // Thousands of nested statements (`(DELETE ... (DELETE ...`) would take minutes to read one by one.
      reasons.add(`${word.toUpperCase()} in a statement too large to read whole: not checked`);
      continue;
    }
    const statement = i === 0 && ends[i] === tokens.length ? tokens : tokens.slice(i, ends[i]);
    addDestruction(text, classifyTokens(text, statement, dialect, word), dialect, reasons);
  }
}

// Tokens the classifier reads for one statement's nested statements, at most: a few milliseconds.
const CLASSIFIED_TOKENS_PER_STATEMENT = 200_000;

// The verbs whose statements the classifier's model says enough about to tell what they destroy.
const DESTRUCTIVE_VERBS = new Set(['delete', 'update', 'truncate', 'drop', 'alter']);

/**
 * For each token, where a statement starting there ends: at the `)` that closes the parenthesis
 * around it (a CTE's body), or at an unmatched `)`, else at the end. One pass for all tokens.
 */
function statementEnds(text: string, tokens: SqlToken[]): Int32Array {
  const ends = new Int32Array(tokens.length).fill(tokens.length);
  // Per open parenthesis (and the top level), the tokens inside it whose end is not known yet.
  const levels: number[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    levels[levels.length - 1].push(i);
    if (isPunct(text, tokens[i], '(')) levels.push([]);
    else if (isPunct(text, tokens[i], ')')) {
      levels[levels.length - 1].pop(); // the `)` itself belongs to the level around
      const inside = levels.length > 1 ? levels.pop()! : levels[0].splice(0);
      for (const k of inside) ends[k] = i;
      levels[levels.length - 1].push(i);
    }
  }
  return ends;
}

/** What the classified statement destroys, in words, added to `reasons`. */
function addDestruction(text: string, info: StatementInfo, dialect: SqlDialect, reasons: Set<string>): void {
  switch (info.type) {
    case 'delete':
    case 'update': {
      const how = info.where === undefined ? 'without WHERE' : isAlwaysTrue(text, tokenizeSql(text, info.where.start, info.where.end, dialect)) ? 'with an always-true WHERE' : undefined;
      if (how !== undefined) reasons.add(`${info.type.toUpperCase()} ${how} ${info.type === 'delete' ? 'deletes' : 'changes'} every row of ${nameOf(info.table)}`);
      break;
    }
    case 'truncate':
      reasons.add(`TRUNCATE deletes every row of ${nameOf(info.tables[0])}`);
      break;
    case 'drop-table':
      reasons.add('DROP TABLE deletes the table and all its rows');
      break;
    case 'drop-index':
      reasons.add('DROP INDEX deletes the index');
      break;
    case 'drop-other': {
      const kind = info.object.toUpperCase() || 'object';
      const what = kind === 'DATABASE' || kind === 'SCHEMA' ? `the ${info.object} and every table in it` : `the ${kind.toLowerCase()}`;
      reasons.add(`DROP ${kind} deletes ${what}`);
      break;
    }
    case 'alter-table':
      for (const action of info.actions) {
        if (action.kind === 'drop-column') reasons.add('ALTER TABLE ... DROP COLUMN deletes the column and its data');
        else if (action.kind === 'drop-partition') reasons.add('ALTER TABLE ... DROP PARTITION deletes the partition and its rows');
        else if (action.kind === 'truncate-partition') reasons.add('ALTER TABLE ... TRUNCATE PARTITION deletes every row of the partition');
      }
      break;
  }
}

/** A table's name as written, for a message (long ones cut), or "the table" when it cannot be read. */
function nameOf(table: TableRef | undefined): string {
  if (table === undefined) return 'the table';
  const name = table.display;
  return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}

/** The body of a `$tag$ ... $tag$` string, or undefined for other strings. */
function dollarBody(text: string, t: SqlToken): string | undefined {
  const s = text.slice(t.start, t.end);
  const m = /^(\$[A-Za-z_0-9]*\$)([\s\S]*?)(?:\1)?$/.exec(s);
  return m === null ? undefined : m[2];
}
