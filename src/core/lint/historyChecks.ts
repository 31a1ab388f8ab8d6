// What the SQL rules learn from the migration history (LintContext.history, built from the
// file's migration set: src/core/sql/migrationHistory.ts): whether a column type change only
// widens, and whether a WHERE picks rows by a real key. Each answer is "don't know" without a
// history, so a file linted alone is linted exactly as before.
import { isBinaryCoercibleWidening, normalizeType, typeEnd } from '../sql/columnTypes';
import { identName, isPunct, isWord, lowerWord, tokenizeSql, type SqlToken } from '../sql/scanner';
import type { SchemaKnowledge, TableName } from '../sql/migrationSchema';
import type { AlterAction } from '../sql/statementModel';
import type { SqlDialect } from './types';

/** A WHERE longer than this is not read for keys (the caller keeps its guess). */
const MAX_WHERE_TOKENS = 4096;

/** Words that end a column's type in ADD COLUMN / MODIFY (its constraints and options). */
const AFTER_TYPE = new Set(['not', 'null', 'default', 'constraint', 'primary', 'unique', 'references', 'check', 'generated', 'collate', 'comment', 'auto_increment', 'first', 'after']);

/**
 * Column types as the history left them, updated by the ALTER TABLE actions of the file read so
 * far: a rule asks `widens` for an ALTER COLUMN ... TYPE, then `note`s every action.
 */
export class ColumnTypeTracker {
  /** "table.column" → the file's ADD COLUMN / TYPE action that set it last, or null when unknown. */
  private readonly changed = new Map<string, AlterAction | null>();

  constructor(
    private readonly history: SchemaKnowledge | undefined,
    private readonly text: string,
    private readonly dialect: SqlDialect,
  ) {}

  /** Whether this ALTER COLUMN ... TYPE keeps the data as it is (varchar(64) → varchar(255), varchar → text). */
  widens(table: TableName, action: AlterAction): boolean {
    if (action.kind !== 'alter-column-type' || !action.column || this.dialect !== 'postgresql') return false;
    const to = this.typeOf(action);
    if (to === undefined) return false;
    const key = `${table.name}.${action.column}`;
    const set = this.changed.get(key);
    const from = set === undefined ? this.history?.columnType(table, action.column) : set === null ? undefined : this.typeOf(set);
    return from !== undefined && isBinaryCoercibleWidening(from, to);
  }

  /** Records what the action does to a column's type. Allocates only for column actions. */
  note(table: TableName, action: AlterAction): void {
    switch (action.kind) {
      case 'add-column':
      case 'alter-column-type':
        if (action.column) this.changed.set(`${table.name}.${action.column}`, action);
        break;
      case 'drop-column':
      case 'modify-column':
      case 'change-column':
        if (action.column) this.changed.set(`${table.name}.${action.column}`, null);
        break;
      case 'rename':
        // RENAME [COLUMN] a TO b: both names' types are no longer known here.
        for (const c of renamedColumns(this.text, action, this.dialect)) this.changed.set(`${table.name}.${c}`, null);
        break;
    }
  }

  /** The type an ADD COLUMN or ALTER COLUMN ... TYPE action writes; undefined with a USING clause (a conversion, rewritten). */
  private typeOf(action: AlterAction): string | undefined {
    if (action.columnEnd === undefined) return undefined;
    const toks = tokenizeSql(this.text, action.columnEnd, action.end, this.dialect);
    if (action.kind === 'add-column') return normalizeType(this.text, toks, 0, typeEnd(this.text, toks, 0, toks.length, (w) => AFTER_TYPE.has(w)));
    let k = 0;
    if (isWord(this.text, toks[k], 'set') && isWord(this.text, toks[k + 1], 'data')) k += 2;
    if (!isWord(this.text, toks[k], 'type')) return undefined;
    const end = typeEnd(this.text, toks, k + 1, toks.length, (w) => w === 'using' || w === 'collate');
    if (isWord(this.text, toks[end], 'using')) return undefined;
    return normalizeType(this.text, toks, k + 1, end);
  }
}

function renamedColumns(text: string, action: AlterAction, dialect: SqlDialect): string[] {
  const toks = tokenizeSql(text, action.start, action.end, dialect);
  const a = isWord(text, toks[1], 'column') ? 2 : 1;
  if (!toks[a] || !isWord(text, toks[a + 1], 'to') || !toks[a + 2]) return [];
  return [identName(text, toks[a]), identName(text, toks[a + 2])];
}

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
