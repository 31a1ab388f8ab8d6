// What unbatched-backfill learns from the migration history (LintContext.history, built from the
// file's migration set: src/core/sql/migrationHistory.ts): whether a WHERE picks rows by a real
// key. The answer is "don't know" without a history, so a file linted alone is linted as before.
// (blocking-ddl-large-table asks the history for a column's type directly.)
import { identName, isPunct, isWord, lowerWord, tokenizeSql, type SqlToken } from '../sql/scanner';
import type { SchemaKnowledge, TableName } from '../sql/migrationSchema';
import type { SqlDialect } from './types';

/** A WHERE longer than this is not read for keys (the caller keeps its guess). */
const MAX_WHERE_TOKENS = 4096;

/** The column a name token chain ends with (`users.id`, `"users"."id"` → id), from tokens [k-?, k]. */
function columnAt(text: string, toks: SqlToken[], k: number): string | undefined {
  const t = toks[k];
  if (!t || (t.kind !== 'word' && t.kind !== 'quotedIdent')) return undefined;
  return identName(text, t);
}

function isValue(t: SqlToken | undefined): boolean {
  return t !== undefined && (t.kind === 'number' || t.kind === 'string' || t.kind === 'param');
}

/**
 * Whether a WHERE picks one row or a bounded key range by the table's real keys, as the history
 * knows them: equality (or IN) on columns that cover the primary key or a unique key, or a
 * range bounded on both sides over a key's leading column. Undefined when the history cannot
 * tell (no history, a table created before the set, a top-level OR): the caller keeps its guess.
 */
export function keyedSelectivity(history: SchemaKnowledge | undefined, text: string, dialect: SqlDialect, table: TableName, where: { start: number; end: number }): boolean | undefined {
  if (!history) return undefined;
  const toks = tokenizeSql(text, where.start, where.end, dialect, MAX_WHERE_TOKENS);
  if (toks.length >= MAX_WHERE_TOKENS) return undefined; // not read to its end: an OR may follow
  const equal: string[] = [];
  const lower = new Set<string>();
  const upper = new Set<string>();
  let depth = 0;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (isPunct(text, t, '(')) depth++;
    else if (isPunct(text, t, ')')) depth--;
    if (depth !== 0) continue;
    const w = lowerWord(text, t);
    if (w === 'or') return undefined;
    // `42 = id`: the value first.
    if (isValue(t) && isPunct(text, toks[k + 1], '=') && !isPunct(text, toks[k + 3], '.')) {
      const reversed = columnAt(text, toks, k + 2);
      if (reversed !== undefined) equal.push(reversed);
      continue;
    }
    const col = columnAt(text, toks, k);
    if (col === undefined || isPunct(text, toks[k + 1], '.')) continue;
    const op = toks[k + 1];
    if (isWord(text, op, 'in') || (isPunct(text, op, '=') && (isValue(toks[k + 2]) || isWord(text, toks[k + 2], 'any')))) equal.push(col);
    else if (isWord(text, op, 'between')) {
      lower.add(col);
      upper.add(col);
    } else if (isPunct(text, op, '>')) lower.add(col);
    else if (isPunct(text, op, '<') && !isPunct(text, toks[k + 2], '>')) upper.add(col); // `<>` bounds nothing
  }
  if (equal.length > 0 && history.isKey(table, equal)) return true;
  for (const c of lower) if (upper.has(c) && history.leadsKey(table, c)) return true;
  // "Not by a key" only when the set created the table, so that all its keys are known.
  return history.isKey(table, []) === false ? false : undefined;
}
