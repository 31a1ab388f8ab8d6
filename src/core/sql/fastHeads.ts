// The classifier's fast layer: its answer for the plainest PostgreSQL statements a migration is
// made of (CREATE INDEX, CREATE TABLE, a single ALTER TABLE ... ADD COLUMN, UPDATE ... SET ...
// WHERE, DELETE FROM ... WHERE), read by one regular expression each instead of from tokens.
// classifyStatement asks `fastHead` first and hands everything it declines to the token reader.
// The patterns are built from the token reader's own word lists (sqlWords.ts) and give their
// answer in the same statement model (statementModel.ts, whereConditions.ts).
//
// Why: a CLI run classifies tens of thousands of statements while V8 still interprets the
// tokenizer; its regular-expression engine runs compiled code almost at once (measured cold: 6 ms
// to read every CREATE INDEX head of an 80,000-line migration, against about 30 ms to tokenize
// the heads). One `exec` per statement: more, smaller patterns per statement measured slower.
// Anything but the plain shape (a comment or a quoted name, a non-ASCII character, a three-part
// name, a modifier other than UNIQUE, TEMP[ORARY] or UNLOGGED, MySQL) gets `undefined`, and the
// token-based classifier answers. Each pattern matches only where that classifier reads the same
// words: an optional keyword that is absent is asserted absent (`(?!kw\b)`), so no backtracking
// can read it as a name. test/unit/lint-sql-fast-heads.test.ts checks the two layers agree on
// every statement of the fixtures, the examples, a generated migration, near misses and seeded
// random statements. Without this layer a whole-process lint of the benchmark's 80,000-line
// migration took 1.3 to 1.8 times as long in interleaved runs (0.31-0.37 of Squawk's time
// instead of 0.16-0.24): over the 1/5 goal.
import { isWordChar, tokenizeTransient } from './scanner';
import { COLUMN_DEFINITION_WORDS, CONSTRAINT_KINDS, SERIAL_TYPES, TABLE_PERSISTENCE_WORDS, UPDATE_DELETE_MODIFIERS, WHERE_END_WORDS } from './sqlWords';
import { TableRef, type AlterAction, type StatementInfo } from './statementModel';
import { looksSelective } from './whereConditions';

/**
 * The classifier's answer for a plain PostgreSQL statement at `start` whose first word is `w0`
 * (lower case), or undefined: then the token classifier answers.
 */
export function fastHead(text: string, start: number, w0: string): StatementInfo | undefined {
  switch (w0) {
    case 'create': {
      // The word after CREATE says which pattern to try first (TABLE, TEMP..., else INDEX/UNIQUE...).
      let i = start + 6;
      while (text.charCodeAt(i) <= 32) i++;
      if ((text.charCodeAt(i) | 0x20) === 116) return fastTable(text, start) ?? fastCreateIndex(text, start);
      return fastCreateIndex(text, start) ?? fastTable(text, start);
    }
    case 'alter':
      return fastAlterTable(text, start);
    case 'update':
    case 'delete':
      return fastUpdateDelete(text, start);
  }
  return undefined;
}

function fastTable(text: string, start: number): StatementInfo | undefined {
  const table = fastCreateTable(text, start);
  return table === undefined ? undefined : { type: 'create-table', table };
}

/** Whitespace as the tokenizer sees it: any character up to U+0020. */
const WS = '[\\x00-\\x20]+';
/** After a word: no character the tokenizer would take as part of it (non-ASCII ones included). */
const WORD_END = '(?![\\w$\\x80-\\uffff])';
/** A name of one or two unquoted ASCII parts (`orders`, `public.orders`). */
const NAME = '[A-Za-z_][\\w$]*(?:\\.[A-Za-z_][\\w$]*)?';
/**
 * After a name: neither a longer word, nor a quote (`e'..'` is a string), nor, past any
 * whitespace, a further `.part` or a comment (which could hide one): those are left to the tokens.
 */
const NAME_END = "(?![\\w$\\x80-\\uffff'])(?![\\x00-\\x20]*(?:\\.|/\\*|--))";
/** Optional keyword sequence `words`, consumed with the whitespace after it, or asserted absent. */
const optional = (words: string): string => {
  const seq = words.split(' ').join(WS);
  return `(?:${seq}${WS}|(?!${seq}${WORD_END}))`;
};

/**
 * `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table`. Groups: 1 up to the
 * end of INDEX (where CONCURRENTLY goes), 2 and 3 empty when UNIQUE and CONCURRENTLY are written
 * (no string made for them), 4 the index's name, 5 empty when ONLY is written, 6 the table.
 */
const CREATE_INDEX = new RegExp(
  `(create${WS}(?:unique()${WS}|(?!unique${WORD_END}))index)${WORD_END}${WS}(?:concurrently()${WS}|(?!concurrently${WORD_END}))${optional('if not exists')}(?:(?!on${WORD_END})(${NAME})${WS})?on${WS}(?:only()${WS}|(?!only${WORD_END}))(${NAME})${NAME_END}`,
  'iy',
);
/** Alternatives of a pattern: `(?:a|b|c)`. */
const anyOf = (words: Iterable<string>): string => `(?:${[...words].join('|')})`;
const PERSISTENCE = anyOf(TABLE_PERSISTENCE_WORDS);
/** `CREATE [TEMP|TEMPORARY|UNLOGGED] TABLE [IF NOT EXISTS] name`. */
const CREATE_TABLE = new RegExp(
  `create${WS}(?:${PERSISTENCE}${WS}|(?!${PERSISTENCE}${WORD_END}))table${WS}${optional('if not exists')}(${NAME})${NAME_END}`,
  'iy',
);

function tableRef(text: string, written: string, end: number): TableRef {
  const name = written.toLowerCase();
  const dot = name.indexOf('.');
  return new TableRef(text, name, dot < 0 ? name : name.slice(dot + 1), end - written.length, end);
}

/** The classifier's answer for a plain PostgreSQL CREATE INDEX head at `start`, or undefined. */
export function fastCreateIndex(text: string, start: number): Extract<StatementInfo, { type: 'create-index' }> | undefined {
  CREATE_INDEX.lastIndex = start;
  const m = CREATE_INDEX.exec(text);
  if (m === null) return undefined;
  return {
    type: 'create-index',
    table: tableRef(text, m[6], CREATE_INDEX.lastIndex),
    indexName: m[4] === undefined ? undefined : m[4].toLowerCase(),
    unique: m[2] !== undefined,
    concurrently: m[3] !== undefined,
    only: m[5] !== undefined,
    indexEnd: start + m[1].length,
  };
}

/**
 * The table a plain PostgreSQL CREATE TABLE head at `start` creates, as the classifier names it,
 * or undefined.
 */
export function fastCreateTable(text: string, start: number): TableRef | undefined {
  CREATE_TABLE.lastIndex = start;
  const m = CREATE_TABLE.exec(text);
  return m === null ? undefined : tableRef(text, m[1], CREATE_TABLE.lastIndex);
}

/** Words an ADD COLUMN definition reacts to (DEFAULT, NOT NULL, PRIMARY KEY, ...): such a definition is left to the tokens. */
const FLAGGED = anyOf(COLUMN_DEFINITION_WORDS);
/** A word that starts a constraint after ADD (ADD CHECK ..., ADD UNIQUE ...), when COLUMN is not written. */
const CONSTRAINT_WORD = anyOf(['constraint', ...CONSTRAINT_KINDS.keys()]);
/** A type: plain words (`bigint`, `timestamp with time zone`), then optionally `(n)` or `(n, m)`. */
const TYPE_WORD = `(?!${FLAGGED}${WORD_END})[A-Za-z_][\\w$]*`;
const SP = '[\\x00-\\x20]*';
const TYPE = `${TYPE_WORD}(?:${WS}${TYPE_WORD})*(?:${SP}\\(${SP}\\d+(?:${SP},${SP}\\d+)?${SP}\\))?`;
/**
 * `ALTER TABLE [IF EXISTS] [ONLY] name ADD [COLUMN] [IF NOT EXISTS] column type` and nothing more
 * up to the terminator. Groups: 1 table, 2 ADD, 3 column, 4 type (with `d`: their ranges).
 */
const ALTER_ADD_COLUMN = new RegExp(
  `(alter${WS}table${WS}${optional('if exists')}${optional('only')})(${NAME})${NAME_END}(${WS})add` +
    `(${WS}(?:column${WS}${optional('if not exists')}|(?!(?:column|if${WS}not${WS}exists|${CONSTRAINT_WORD})${WORD_END})))` +
    `([A-Za-z_][\\w$]*)(${WS})(${TYPE})${SP}(?=;|$)`,
  'iy',
);

/** The classifier's answer for a plain PostgreSQL single ADD COLUMN (no default, no constraint) at `start`, or undefined. */
export function fastAlterTable(text: string, start: number): Extract<StatementInfo, { type: 'alter-table' }> | undefined {
  ALTER_ADD_COLUMN.lastIndex = start;
  const m = ALTER_ADD_COLUMN.exec(text);
  if (m === null) return undefined;
  // The groups tile the match up to the type, so their lengths give the positions (the `d` flag's
  // indices cost a runtime call per match, 1-3 µs on a cold start).
  const tableEnd = start + m[1].length + m[2].length;
  const addStart = tableEnd + m[3].length;
  const columnStart = addStart + 3 + m[4].length;
  const columnEnd = columnStart + m[5].length;
  const type = m[7];
  const typeStart = columnEnd + m[6].length;
  const action: AlterAction = { kind: 'add-column', start: addStart, end: typeStart + type.length, column: m[5].toLowerCase(), columnStart, columnEnd, typeStart, typeEnd: typeStart + type.length };
  let firstWordEnd = 0;
  while (firstWordEnd < type.length && isWordChar(type.charCodeAt(firstWordEnd))) firstWordEnd++;
  if (SERIAL_TYPES.has(type.slice(0, firstWordEnd).toLowerCase())) action.serial = true;
  return { type: 'alter-table', table: tableRef(text, m[2], tableEnd), actions: [action], algorithm: undefined, lock: undefined };
}

/**
 * The tokens of a plain UPDATE or DELETE clause, each one atomic (a word, number, string or
 * parameter cannot end where the tokenizer would go on, so there is no backtracking into them):
 * no comment, quoted identifier, dollar quote, E'' string, non-ASCII word, and none of the words
 * the classifier looks for in a clause (WHERE, RETURNING, ORDER, LIMIT).
 */
const CLAUSE_WORD = `(?!${anyOf(['where', ...WHERE_END_WORDS])}(?![\\w$]))[A-Za-z_][\\w$]*(?![\\w$\\x80-\\uffff'])`;
const CLAUSE_TOKEN = `(?:${CLAUSE_WORD}|\\d[\\w$.]*(?![\\w$.])|'(?:[^'\\\\]|'')*'(?!')|\\$\\d+(?!\\d)|[=<>!+*%^&|~,.:()\\[\\]?]|-(?!-)|/(?!\\*))`;
const CLAUSE = `${CLAUSE_TOKEN}(?:${SP}${CLAUSE_TOKEN})*`;
/** Words the classifier would skip or stop at where the table's name goes. */
const NOT_A_TABLE = `(?!${anyOf([...UPDATE_DELETE_MODIFIERS, 'from', 'where', ...WHERE_END_WORDS, 'set'])}${WORD_END})`;
/**
 * `UPDATE name SET clause WHERE clause` or `DELETE FROM name WHERE clause`, up to the terminator.
 * The groups tile the match, so their lengths give the positions: 1-5 UPDATE (keyword, table,
 * space, SET clause with its keyword, space), 6-8 DELETE (keywords, table, space), 9 WHERE and
 * the space after it, 10 the condition.
 */
const UPDATE_DELETE = new RegExp(
  `(?:(update${WS}${NOT_A_TABLE})(${NAME})${NAME_END}(${WS})(set${WS}${CLAUSE})(${WS})|(delete${WS}from${WS}${NOT_A_TABLE})(${NAME})${NAME_END}(${WS}))(where${WS})(${CLAUSE})${SP}(?=;|$)`,
  'iy',
);

/**
 * The classifier's answer for a plain PostgreSQL UPDATE ... SET ... WHERE or DELETE FROM ... WHERE
 * at `start`, or undefined. Whether the WHERE is selective is decided by the classifier's own
 * `looksSelective`, on the condition's tokens only, and only when asked: a rule reads it for a
 * table declared large, and tokenizing every condition of a big migration cost more than the
 * rest of reading it.
 */
export function fastUpdateDelete(text: string, start: number): Extract<StatementInfo, { type: 'update' | 'delete' }> | undefined {
  UPDATE_DELETE.lastIndex = start;
  const m = UPDATE_DELETE.exec(text);
  if (m === null) return undefined;
  const update = m[1] !== undefined;
  const tableStart = start + (update ? m[1].length : m[6].length);
  const written = update ? m[2] : m[7];
  const tableEnd = tableStart + written.length;
  const setStart = update ? tableEnd + m[3].length : -1;
  const setEnd = update ? setStart + m[4].length : -1;
  const whereStart = (update ? setEnd + m[5].length : tableEnd + m[8].length) + m[9].length;
  return new PlainUpdateDelete(
    text,
    update ? 'update' : 'delete',
    tableRef(text, written, tableEnd),
    { start: whereStart, end: whereStart + m[10].length },
    update ? { start: setStart, end: setEnd } : undefined,
  );
}

/**
 * A plain UPDATE or DELETE, its `selective` worked out on first read. A class, not an object
 * literal with a getter: such a literal costs a closure and a runtime call to define the accessor
 * for each of a big migration's thousands of UPDATEs.
 */
class PlainUpdateDelete {
  readonly limit = false;
  private selectiveWhere: boolean | undefined = undefined;
  constructor(
    private readonly text: string,
    readonly type: 'update' | 'delete',
    readonly table: TableRef,
    readonly where: { start: number; end: number },
    readonly set: { start: number; end: number } | undefined,
  ) {}

  get selective(): boolean {
    return (this.selectiveWhere ??= looksSelective(this.text, tokenizeTransient(this.text, this.where.start, this.where.end, 'postgresql')));
  }
}
