// The SQL classifier: what a scanned statement is, in the statement model (statementModel.ts)
// that the linter's SQL rules and the destructive-command assessment both read. Only the shapes
// someone reasons about (index builds, ALTER TABLE actions, table creation, UPDATE/DELETE,
// TRUNCATE, DROP, lock_timeout, transactions); everything else is `other`. Two layers: the fast
// path (fastHeads.ts) for the plainest PostgreSQL heads, then this token reader. Works on tokens,
// so comments and strings are inert.
import { fastHead } from './fastHeads';
import { identName, isPunct, isTemplated, isWord, leadingWordIndex, lowerWord, type SqlStatement, type SqlToken } from './scanner';
import {
  CLASSIFIED_LEADING_WORDS,
  COLUMN_CONSTRAINT_WORDS,
  COLUMN_DEFINITION_WORDS,
  CONSTRAINT_KINDS,
  NON_VOLATILE_FUNCTIONS,
  SERIAL_TYPES,
  TABLE_PERSISTENCE_WORDS,
  UPDATE_DELETE_MODIFIERS,
  VOLATILE_FUNCTIONS,
  WHERE_END_WORDS,
} from './sqlWords';
import { TableRef, type AlterAction, type StatementInfo } from './statementModel';
import type { SqlDialect } from './types';
import { looksSelective } from './whereConditions';

/** Reads a possibly qualified name (`a`, `"A".b`, `` `db`.`t` ``) at k. */
export function parseTableRef(text: string, toks: SqlToken[], k: number): { ref: TableRef; next: number } | undefined {
  const first = toks[k];
  if (!first || (first.kind !== 'word' && first.kind !== 'quotedIdent')) return undefined;
  let name = identName(text, first);
  let bare = name;
  let last = first;
  let j = k + 1;
  while (isPunct(text, toks[j], '.') && toks[j + 1] && (toks[j + 1].kind === 'word' || toks[j + 1].kind === 'quotedIdent')) {
    last = toks[j + 1];
    bare = identName(text, last);
    name = `${name}.${bare}`;
    j += 2;
  }
  // A templated schema (`{{ .Schema }}.users`) still names the table; a templated table does not.
  if (isTemplated(text, last)) return undefined;
  return { ref: new TableRef(text, name, bare, first.start, last.end), next: j };
}


/** Parenthesis depth after the punctuation token `t`; a stray `)` never takes it below zero. */
function depthAfter(text: string, t: SqlToken, depth: number): number {
  const c = text.charCodeAt(t.start);
  return c === 40 ? depth + 1 : c === 41 ? Math.max(0, depth - 1) : depth;
}

/** Splits tokens on commas outside parentheses. */
function splitTopLevel(text: string, toks: SqlToken[], from: number): SqlToken[][] {
  const parts: SqlToken[][] = [];
  let cur: SqlToken[] = [];
  let depth = 0;
  for (let j = from; j < toks.length; j++) {
    const t = toks[j];
    if (t.kind === 'punct') {
      if (depth === 0 && text.charCodeAt(t.start) === 44) {
        if (cur.length) parts.push(cur);
        cur = [];
        continue;
      }
      depth = depthAfter(text, t, depth);
    }
    cur.push(t);
  }
  if (cur.length) parts.push(cur);
  return parts;
}

/** Index of the first top-level word `lower` at or after `from`, or -1. */
function findTopLevelWord(text: string, toks: SqlToken[], from: number, lower: string): number {
  let depth = 0;
  for (let j = from; j < toks.length; j++) {
    const t = toks[j];
    if (t.kind === 'punct') {
      depth = depthAfter(text, t, depth);
    } else if (depth === 0 && isWord(text, t, lower)) return j;
  }
  return -1;
}

function hasWordPair(text: string, toks: SqlToken[], a: string, b: string): boolean {
  for (let j = 0; j + 1 < toks.length; j++) if (isWord(text, toks[j], a) && isWord(text, toks[j + 1], b)) return true;
  return false;
}

const DEFINITION_WORDS = new Set(COLUMN_DEFINITION_WORDS);
const PERSISTENCE_WORDS = new Set(TABLE_PERSISTENCE_WORDS);

function classifyAddColumn(text: string, toks: SqlToken[], j: number, action: AlterAction): void {
  if (isWord(text, toks[j], 'column')) j++;
  if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'not') && isWord(text, toks[j + 2], 'exists')) j += 3;
  action.kind = 'add-column';
  setColumn(text, action, toks[j]);
  j++;
  if (SERIAL_TYPES.has(lowerWord(text, toks[j]))) action.serial = true;
  if (toks[j]) action.typeStart = toks[j].start;
  let depth = 0;
  // The type as the fast path reads it: every token up to the first definition word (a trailing
  // NULL or COLLATE is left to parseColumnType).
  let typeDone = false;
  for (let k = j; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === 'punct') {
      depth = depthAfter(text, t, depth);
      if (!typeDone) action.typeEnd = t.end;
      continue;
    }
    if (depth > 0 || t.kind !== 'word' || !DEFINITION_WORDS.has(lowerWord(text, t))) {
      if (!typeDone) action.typeEnd = t.end;
      continue; // part of the type
    }
    typeDone = true;
    const w = lowerWord(text, t);
    if (w === 'default') {
      action.hasDefault = true;
      // The expression runs to the next column-constraint keyword at this level.
      let d = 0;
      let m = k + 1;
      for (; m < toks.length; m++) {
        const u = toks[m];
        if (u.kind === 'punct') {
          const c = text.charCodeAt(u.start);
          if (c === 40) d++;
          else if (c === 41) d--;
          continue;
        }
        if (d === 0 && COLUMN_CONSTRAINT_WORDS.has(lowerWord(text, u))) break;
        const fn = lowerWord(text, u);
        if (fn && isPunct(text, toks[m + 1], '(') && !NON_VOLATILE_FUNCTIONS.has(fn) && (action.volatileDefault === undefined || (action.volatileAssumed && VOLATILE_FUNCTIONS.has(fn)))) {
          // A function not known to be stable or immutable: volatile for all the file tells. A known
          // volatile one is named over it (floor(random() * 10): random() is the reason).
          action.volatileDefault = `${text.slice(u.start, u.end)}()`;
          action.volatileAssumed = !VOLATILE_FUNCTIONS.has(fn);
        }
      }
      // MySQL: DEFAULT (expr) is an expression default, which INSTANT cannot add.
      if (isPunct(text, toks[k + 1], '(')) action.expressionDefault = true;
      k = m - 1;
    } else if (w === 'not' && isWord(text, toks[k + 1], 'null')) {
      action.notNull = true;
      k++;
    } else if (w === 'primary' && isWord(text, toks[k + 1], 'key')) {
      action.inlineIndex = 'primary key';
      action.notNull = true;
      k++;
    } else if (w === 'unique') action.inlineIndex ??= 'unique';
    else if (w === 'references') action.references = true;
    else if (w === 'generated') {
      // GENERATED ALWAYS AS (expr) STORED, or GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY.
      const asAt = findTopLevelWord(text, toks, k, 'as');
      if (asAt > 0 && isWord(text, toks[asAt + 1], 'identity')) action.identity = true;
      else if (findTopLevelWord(text, toks, k, 'stored') > 0) action.generatedStored = true;
    } else if (w === 'auto_increment') action.autoIncrement = true;
    else if (w === 'first' || w === 'after') action.positioned = true;
  }
  if (action.typeEnd === undefined) action.typeStart = undefined;
}

function classifyAddConstraint(text: string, toks: SqlToken[], j: number, action: AlterAction, mysql: boolean): boolean {
  if (isWord(text, toks[j], 'constraint')) {
    const nameTok = toks[j + 1];
    // `ADD CONSTRAINT CHECK (...)` (no name) is legal in MySQL.
    const unnamed = nameTok !== undefined && nameTok.kind === 'word' && CONSTRAINT_KINDS.has(lowerWord(text, nameTok)) && !isWord(text, nameTok, 'exclude');
    if (nameTok && !unnamed) {
      action.constraintName = identName(text, nameTok);
      action.constraintDisplay = text.slice(nameTok.start, nameTok.end);
      j += 2;
    } else j += 1;
  }
  const kind = CONSTRAINT_KINDS.get(lowerWord(text, toks[j]));
  if (!kind) return false;
  if (mysql && kind === 'unique') {
    action.kind = 'add-index';
    return true;
  }
  action.kind = 'add-constraint';
  action.constraint = kind;
  action.notValid = hasWordPair(text, toks, 'not', 'valid');
  action.usingIndex = hasWordPair(text, toks, 'using', 'index');
  if (kind === 'check') {
    // CHECK ( col IS NOT NULL ), or ((col IS NOT NULL)) as pg_dump writes it: the PostgreSQL 12+
    // shortcut for a cheap SET NOT NULL.
    let p = j + 1;
    let wraps = 0;
    while (isPunct(text, toks[p + 1], '(') && isPunct(text, toks[p], '(')) {
      p++;
      wraps++;
    }
    const closes = (k: number): boolean => {
      for (let n = 0; n < wraps; n++) if (!isPunct(text, toks[k + n], ')')) return false;
      return true;
    };
    if (
      closes(p + 6) &&
      isPunct(text, toks[p], '(') &&
      toks[p + 1] &&
      (toks[p + 1].kind === 'word' || toks[p + 1].kind === 'quotedIdent') &&
      isWord(text, toks[p + 2], 'is') &&
      isWord(text, toks[p + 3], 'not') &&
      isWord(text, toks[p + 4], 'null') &&
      isPunct(text, toks[p + 5], ')')
    )
      action.checksNotNullOf = identName(text, toks[p + 1]);
  }
  return true;
}

/** ALTER COLUMN ... TYPE t [COLLATE c] [USING expr]: where t is written, and whether USING is. */
function readNewType(text: string, toks: SqlToken[], from: number, action: AlterAction): void {
  let end = from;
  while (end < toks.length && !isWord(text, toks[end], 'using') && !isWord(text, toks[end], 'collate')) end++;
  if (end > from) {
    action.typeStart = toks[from].start;
    action.typeEnd = toks[end - 1].end;
  }
  if (end < toks.length && isWord(text, toks[end], 'using')) action.using = true;
}

function setColumn(text: string, action: AlterAction, tok: SqlToken | undefined): void {
  if (!tok || (tok.kind !== 'word' && tok.kind !== 'quotedIdent')) return;
  action.column = identName(text, tok);
  action.columnStart = tok.start;
  action.columnEnd = tok.end;
}

/** What one comma-separated ALTER TABLE action does. */
export function classifyAlterAction(text: string, toks: SqlToken[], dialect: SqlDialect): AlterAction {
  const mysql = dialect === 'mysql';
  const action: AlterAction = { kind: 'other', start: toks[0].start, end: toks[toks.length - 1].end };
  const w0 = lowerWord(text, toks[0]);
  const w1 = lowerWord(text, toks[1]);
  switch (w0) {
    case 'add': {
      if (classifyAddConstraint(text, toks, 1, action, mysql)) break;
      if (mysql && (w1 === 'index' || w1 === 'key' || w1 === 'fulltext' || w1 === 'spatial')) {
        action.kind = 'add-index';
        action.fulltext = w1 === 'fulltext' || w1 === 'spatial';
        break;
      }
      classifyAddColumn(text, toks, 1, action);
      break;
    }
    case 'drop': {
      // DROP FOREIGN KEY / CHECK / INDEX / KEY are MySQL's; in PostgreSQL they are no column drop either.
      if (w1 === 'constraint' || w1 === 'foreign' || w1 === 'check') action.kind = 'drop-constraint';
      else if (w1 === 'primary') action.kind = mysql ? 'drop-primary-key' : 'drop-constraint';
      else if (w1 === 'index' || w1 === 'key') action.kind = 'drop-index';
      else if (w1 === 'partition') action.kind = 'drop-partition';
      else {
        action.kind = 'drop-column';
        let j = w1 === 'column' ? 2 : 1;
        if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'exists')) j += 2;
        setColumn(text, action, toks[j]);
      }
      break;
    }
    case 'alter': {
      if (w1 === 'constraint' || w1 === 'index' || w1 === 'check') break; // constraint attributes, index visibility
      const j = w1 === 'column' ? 2 : 1;
      setColumn(text, action, toks[j]);
      const a = lowerWord(text, toks[j + 1]);
      const b = lowerWord(text, toks[j + 2]);
      if (a === 'type' || (a === 'set' && b === 'data')) {
        action.kind = 'alter-column-type';
        readNewType(text, toks, a === 'type' ? j + 2 : j + 4, action);
      }
      else if (a === 'set' && b === 'not') action.kind = 'set-not-null';
      else if (a === 'drop' && b === 'not') action.kind = 'drop-not-null';
      else if (a === 'set' && b === 'default') action.kind = 'set-default';
      else if (a === 'drop' && b === 'default') action.kind = 'drop-default';
      break;
    }
    case 'rename':
      action.kind = 'rename';
      break;
    case 'truncate':
      if (w1 === 'partition') action.kind = 'truncate-partition';
      break;
    case 'validate':
      action.kind = 'validate-constraint';
      if (toks[2]) {
        action.constraintName = identName(text, toks[2]);
        action.constraintDisplay = text.slice(toks[2].start, toks[2].end);
      }
      break;
    case 'set':
      if (w1 === 'tablespace') action.kind = 'set-tablespace';
      else if (w1 === 'logged' || w1 === 'unlogged') action.kind = 'set-logged';
      break;
    case 'modify':
    case 'change': {
      action.kind = w0 === 'modify' ? 'modify-column' : 'change-column';
      const j = w1 === 'column' ? 2 : 1;
      setColumn(text, action, toks[j]);
      break;
    }
    case 'convert':
      action.kind = 'convert-charset';
      break;
    case 'engine':
    case 'force':
    case 'row_format':
    case 'key_block_size':
      action.kind = 'rebuild';
      break;
    case 'order':
      if (mysql) action.kind = 'rebuild';
      break;
    case 'algorithm':
    case 'lock': {
      action.kind = w0;
      const v = toks.find((t, k) => k > 0 && t.kind === 'word');
      if (v) action.value = text.slice(v.start, v.end).toUpperCase();
      break;
    }
  }
  return action;
}

/** The statement after a leading `WITH ... AS (...)` list, as an index into toks. */
function skipWith(text: string, toks: SqlToken[]): number {
  if (!isWord(text, toks[0], 'with')) return 0;
  let depth = 0;
  for (let j = 1; j < toks.length; j++) {
    const t = toks[j];
    if (t.kind === 'punct') {
      depth = depthAfter(text, t, depth);
    } else if (depth === 0) {
      const w = lowerWord(text, t);
      if (w === 'update' || w === 'delete' || w === 'insert' || w === 'select' || w === 'merge') return j;
    }
  }
  return 0;
}

function parseTableList(text: string, toks: SqlToken[], j: number): TableRef[] {
  const out: TableRef[] = [];
  for (;;) {
    while (isWord(text, toks[j], 'if') || isWord(text, toks[j], 'exists') || isWord(text, toks[j], 'only') || isWord(text, toks[j], 'table')) j++;
    const r = parseTableRef(text, toks, j);
    if (!r) return out;
    out.push(r.ref);
    j = r.next;
    if (isPunct(text, toks[j], '*')) j++;
    if (!isPunct(text, toks[j], ',')) return out;
    j++;
  }
}

const OTHER: StatementInfo = { type: 'other' };
const TABLE_OR_INDEX = ['table', 'index'];
const LEADING_WORDS = new Set(CLASSIFIED_LEADING_WORDS);
/** Words that start an ALTER TABLE action (classifyAlterAction's cases). */
const ALTER_ACTION_WORDS = new Set(['add', 'drop', 'alter', 'rename', 'truncate', 'validate', 'set', 'modify', 'change', 'convert', 'engine', 'force', 'row_format', 'key_block_size', 'order', 'algorithm', 'lock']);

/**
 * Classifies one statement of a file. Cheap for everything but the shapes someone reasons about.
 * In PostgreSQL the plainest heads are read by the fast path (fastHeads.ts); the rest by tokens.
 *
 * One small function per statement kind, not one big switch: a cold CLI run classifies tens of
 * thousands of statements while V8 is still compiling, and a single large function took V8's
 * optimizing compiler 30 to 140 ms (measured with --trace-opt), during which it ran unoptimized.
 */
export function classifyStatement(text: string, stmt: SqlStatement, dialect: SqlDialect, firstWord?: string): StatementInfo {
  const w0 = firstWord ?? lowerWord(text, stmt.head(1)[0]);
  if (!LEADING_WORDS.has(w0)) return OTHER;
  if (dialect === 'postgresql') {
    const fast = fastHead(text, stmt.start, w0);
    if (fast !== undefined) return fast;
  }
  // CREATE TABLE bodies and functions are most of a migration's tokens; only a head matters here.
  if (w0 === 'create') return classifyCreateByTokens(text, stmt, dialect);
  return classifyTokens(text, stmt.transientHead(), dialect, w0);
}

/**
 * Classifies the statement whose tokens are `toks` (its first word first): a whole statement,
 * or one inside another (a data-modifying CTE, EXPLAIN ANALYZE's statement, a PL/pgSQL body's).
 */
export function classifyTokens(text: string, toks: SqlToken[], dialect: SqlDialect, firstWord = lowerWord(text, toks[0])): StatementInfo {
  const w0 = firstWord;
  const mysql = dialect === 'mysql';
  switch (w0) {
    case 'create':
      return classifyCreate(text, toks);
    case 'drop':
      return classifyDrop(text, toks);
    case 'alter':
      return classifyAlter(text, toks, dialect);
    case 'truncate':
      return { type: 'truncate', tables: parseTableList(text, toks, 1) };
    case 'with':
    case 'update':
    case 'delete':
      return classifyUpdateDelete(text, toks);
    case 'set':
      return classifySet(text, toks);
    case 'reset':
      return isWord(text, toks[1], 'lock_timeout') ? { type: 'set-lock-timeout', disables: true } : { type: 'other' };
    case 'select': {
      // SELECT set_config('lock_timeout', '5s', false)
      if (isWord(text, toks[1], 'set_config') && toks[3] && text.slice(toks[3].start, toks[3].end).toLowerCase() === "'lock_timeout'") {
        return lockTimeoutValue(text, toks[5]);
      }
      return { type: 'other' };
    }
    case 'begin':
      // MySQL `BEGIN` also starts a transaction; `BEGIN ATOMIC` bodies are not handled here.
      return { type: 'begin' };
    case 'start':
      return isWord(text, toks[1], 'transaction') ? { type: 'begin' } : { type: 'other' };
    case 'commit':
    case 'end':
    case 'abort':
      return { type: 'commit' };
    case 'rollback':
      return isWord(text, toks[1], 'to') ? { type: 'other' } : { type: 'commit' };
    case 'vacuum':
      return classifyVacuum(text, toks);
    case 'reindex':
      return mysql ? OTHER : classifyReindex(text, toks);
    case 'cluster': {
      if (mysql) return { type: 'other' };
      const j = isWord(text, toks[1], 'verbose') ? 2 : 1;
      const r = parseTableRef(text, toks, j);
      return r ? { type: 'cluster', table: r.ref } : { type: 'other' };
    }
  }
  return { type: 'other' };
}

/** classifyStatement of a CREATE statement, from its tokens (what fastHeads.ts must agree with). */
export function classifyCreateByTokens(text: string, stmt: SqlStatement, dialect: SqlDialect = 'postgresql'): StatementInfo {
  const which = leadingWordIndex(text, stmt.start, stmt.terminator >= 0 ? stmt.terminator : text.length, 6, TABLE_OR_INDEX);
  if (which < 0) return OTHER;
  const info = classifyCreate(text, stmt.transientHead(which === 0 ? 12 : 16));
  // MySQL: CREATE INDEX ... ALGORITHM=COPY LOCK=SHARED, after the column list.
  return dialect === 'mysql' && info.type === 'create-index' ? withIndexOptions(text, stmt.transientHead(), info) : info;
}

/** A MySQL CREATE INDEX's ALGORITHM= and LOCK= options, read from its top-level words. */
function withIndexOptions(text: string, toks: SqlToken[], info: Extract<StatementInfo, { type: 'create-index' }>): StatementInfo {
  const value = (word: string): string | undefined => {
    const at = findTopLevelWord(text, toks, 0, word);
    if (at < 0) return undefined;
    const v = isPunct(text, toks[at + 1], '=') ? toks[at + 2] : toks[at + 1];
    return v && v.kind === 'word' ? text.slice(v.start, v.end).toUpperCase() : undefined;
  };
  const algorithm = value('algorithm');
  const lock = value('lock');
  return algorithm === undefined && lock === undefined ? info : { ...info, algorithm, lock };
}

/** classifyStatement of an UPDATE or DELETE statement, from its tokens (what fastHeads.ts must agree with). */
export function classifyUpdateDeleteByTokens(text: string, stmt: SqlStatement): StatementInfo {
  return classifyUpdateDelete(text, stmt.transientHead());
}

/** classifyStatement of an ALTER statement, from its tokens (what fastHeads.ts must agree with). */
export function classifyAlterByTokens(text: string, stmt: SqlStatement, dialect: SqlDialect): StatementInfo {
  return classifyAlter(text, stmt.transientHead(), dialect);
}

function classifyCreate(text: string, toks: SqlToken[]): StatementInfo {
  let j = 1;
  // CREATE [OR REPLACE] [GLOBAL|LOCAL] [TEMP|TEMPORARY|UNLOGGED] TABLE / [UNIQUE|FULLTEXT|SPATIAL] INDEX
  let unique = false;
  for (;;) {
    const w = lowerWord(text, toks[j]);
    if (w === 'or' || w === 'replace' || w === 'global' || w === 'local' || PERSISTENCE_WORDS.has(w) || w === 'fulltext' || w === 'spatial') j++;
    else if (w === 'unique') {
      unique = true;
      j++;
    } else break;
  }
  if (isWord(text, toks[j], 'table')) {
    j++;
    if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'not') && isWord(text, toks[j + 2], 'exists')) j += 3;
    const r = parseTableRef(text, toks, j);
    return r ? { type: 'create-table', table: r.ref } : { type: 'other' };
  }
  if (!isWord(text, toks[j], 'index')) return { type: 'other' };
  const indexEnd = toks[j].end;
  const { name, table, concurrently, only } = createIndexHead(text, toks, j + 1);
  return { type: 'create-index', table, indexName: name?.name, unique, concurrently, only, indexEnd };
}

/**
 * `CREATE [UNIQUE] INDEX` from the token after INDEX: `[CONCURRENTLY] [IF NOT EXISTS] [name]
 * [USING method] ON [ONLY] table`; `next` is the token after the table. For the classifier and the
 * migration history's schema model (which reads the columns from there).
 */
export function createIndexHead(text: string, toks: SqlToken[], j: number): { name?: TableRef; table?: TableRef; concurrently: boolean; only: boolean; next: number } {
  let concurrently = false;
  if (isWord(text, toks[j], 'concurrently')) {
    concurrently = true;
    j++;
  }
  if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'not') && isWord(text, toks[j + 2], 'exists')) j += 3;
  let name: TableRef | undefined;
  if (!isWord(text, toks[j], 'on')) {
    const r = parseTableRef(text, toks, j);
    if (r) {
      name = r.ref;
      j = r.next;
    }
    // MySQL: CREATE INDEX name USING BTREE ON t
    if (isWord(text, toks[j], 'using')) j += 2;
  }
  let table: TableRef | undefined;
  let only = false;
  if (isWord(text, toks[j], 'on')) {
    j++;
    if (isWord(text, toks[j], 'only')) {
      only = true;
      j++;
    }
    const r = parseTableRef(text, toks, j);
    if (r) {
      table = r.ref;
      j = r.next;
    }
  }
  return { name, table, concurrently, only, next: j };
}

function classifyDrop(text: string, toks: SqlToken[]): StatementInfo {
  if (isWord(text, toks[1], 'table')) return { type: 'drop-table', tables: parseTableList(text, toks, 2) };
  if (!isWord(text, toks[1], 'index')) return { type: 'drop-other', object: lowerWord(text, toks[1]) };
  let j = 2;
  let concurrently = false;
  if (isWord(text, toks[j], 'concurrently')) {
    concurrently = true;
    j++;
  }
  if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'exists')) j += 2;
  const names = parseTableList(text, toks, j).map((r) => r.name);
  let table: TableRef | undefined;
  const on = findTopLevelWord(text, toks, j, 'on');
  if (on > 0) table = parseTableRef(text, toks, on + 1)?.ref;
  const cascade = findTopLevelWord(text, toks, j, 'cascade') > 0;
  return { type: 'drop-index', concurrently, indexEnd: toks[1].end, names, cascade, table };
}

function classifyAlter(text: string, toks: SqlToken[], dialect: SqlDialect): StatementInfo {
  const mysql = dialect === 'mysql';
  let j = 1;
  while (mysql && (isWord(text, toks[j], 'online') || isWord(text, toks[j], 'ignore'))) j++;
  if (!isWord(text, toks[j], 'table')) return { type: 'other' };
  j++;
  if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'exists')) j += 2;
  if (isWord(text, toks[j], 'only')) j++;
  const r = parseTableRef(text, toks, j);
  if (r) j = r.next;
  else {
    // An unreadable name (`{{table}}`): the actions start at the first word that starts one.
    while (j < toks.length && !ALTER_ACTION_WORDS.has(lowerWord(text, toks[j]))) j++;
    if (j === toks.length) return OTHER;
  }
  if (isPunct(text, toks[j], '*')) j++;
  const actions = splitTopLevel(text, toks, j).map((a) => classifyAlterAction(text, a, dialect));
  const algorithm = actions.find((a) => a.kind === 'algorithm')?.value;
  const lock = actions.find((a) => a.kind === 'lock')?.value;
  return { type: 'alter-table', table: r?.ref, actions, algorithm, lock };
}

function classifyUpdateDelete(text: string, toks: SqlToken[]): StatementInfo {
  const s = skipWith(text, toks);
  const kw = lowerWord(text, toks[s]);
  if (kw !== 'update' && kw !== 'delete') return { type: 'other' };
  let j = s + 1;
  // MySQL modifiers, and DELETE FROM.
  while (UPDATE_DELETE_MODIFIERS.includes(lowerWord(text, toks[j]))) j++;
  if (kw === 'delete' && !isWord(text, toks[j], 'from')) {
    // MySQL multi-table DELETE t1 FROM t1 JOIN ...: the first table after FROM.
    const from = findTopLevelWord(text, toks, j, 'from');
    if (from >= 0) j = from;
  }
  if (isWord(text, toks[j], 'from')) j++;
  if (isWord(text, toks[j], 'only')) j++;
  // An unreadable name (`{{table}}`, `:table`) leaves the table undefined; the clauses are still read.
  const r = parseTableRef(text, toks, j);
  const afterTable = r === undefined ? j : r.next;
  const whereAt = findTopLevelWord(text, toks, afterTable, 'where');
  let where: { start: number; end: number } | undefined;
  let selective = false;
  let e = toks.length;
  for (const stop of WHERE_END_WORDS) {
    const k = findTopLevelWord(text, toks, (whereAt >= 0 ? whereAt : afterTable) + 1, stop);
    if (k >= 0 && k < e) e = k;
  }
  if (whereAt >= 0 && whereAt + 1 < e) {
    where = { start: toks[whereAt + 1].start, end: toks[e - 1].end };
    selective = looksSelective(text, toks.slice(whereAt + 1, e));
  }
  let set: { start: number; end: number } | undefined;
  const setAt = kw === 'update' ? findTopLevelWord(text, toks, afterTable, 'set') : -1;
  if (setAt >= 0) {
    const setEnd = whereAt > setAt ? whereAt : e;
    if (setEnd > setAt + 1) set = { start: toks[setAt].start, end: toks[setEnd - 1].end };
  }
  const limit = toks.some((t) => isWord(text, t, 'limit'));
  return { type: kw, table: r?.ref, where, selective, set, limit };
}

function classifySet(text: string, toks: SqlToken[]): StatementInfo {
  let j = 1;
  const scope = lowerWord(text, toks[j]);
  if (scope === 'session' || scope === 'local') j++;
  if (!isWord(text, toks[j], 'lock_timeout')) return { type: 'other' };
  j++;
  if (isWord(text, toks[j], 'to') || isPunct(text, toks[j], '=')) j++;
  return lockTimeoutValue(text, toks[j]);
}

/**
 * A parenthesized option list at j (`(FULL FALSE, ANALYZE)`): whether the boolean option `word` is
 * on — written bare, TRUE, ON or 1, not FALSE, OFF or 0 — and the index after the list.
 */
function booleanOption(text: string, toks: SqlToken[], j: number, word: string): { on: boolean; next: number } {
  let on = false;
  if (!isPunct(text, toks[j], '(')) return { on, next: j };
  for (j++; j < toks.length && !isPunct(text, toks[j], ')'); j++) if (isWord(text, toks[j], word)) on = !isFalse(text, toks[j + 1]);
  return { on, next: j + 1 };
}

function classifyVacuum(text: string, toks: SqlToken[]): StatementInfo {
  const options = booleanOption(text, toks, 1, 'full');
  let j = options.next;
  let full = options.on;
  for (;;) {
    const w = lowerWord(text, toks[j]);
    if (w === 'full') full = true;
    else if (w !== 'freeze' && w !== 'verbose' && w !== 'analyze' && w !== 'analyse') break;
    j++;
  }
  const r = full ? parseTableRef(text, toks, j) : undefined;
  return r ? { type: 'vacuum-full', table: r.ref } : { type: 'other' };
}

/** A boolean option's value that turns it off: FALSE, OFF, 0. */
function isFalse(text: string, tok: SqlToken | undefined): boolean {
  if (tok === undefined) return false;
  const v = text.slice(tok.start, tok.end).toLowerCase();
  return v === 'false' || v === 'off' || v === '0' || v === "'false'" || v === "'off'";
}

const REINDEX_TARGETS = new Set(['index', 'table', 'schema', 'database', 'system']);

/** REINDEX [ ( option, ... ) ] { INDEX | TABLE | SCHEMA | DATABASE | SYSTEM } [ CONCURRENTLY ] [ name ]. */
function classifyReindex(text: string, toks: SqlToken[]): StatementInfo {
  // PostgreSQL 14+: REINDEX (CONCURRENTLY) TABLE t, (CONCURRENTLY false), (VERBOSE).
  const options = booleanOption(text, toks, 1, 'concurrently');
  let j = options.next;
  let concurrently = options.on;
  const target = lowerWord(text, toks[j]);
  if (!REINDEX_TARGETS.has(target)) return OTHER;
  const targetEnd = toks[j].end;
  j++;
  if (isWord(text, toks[j], 'concurrently')) {
    concurrently = true;
    j++;
  }
  const name = parseTableRef(text, toks, j)?.ref;
  return { type: 'reindex', target: target as 'index', name, concurrently, targetEnd };
}

function lockTimeoutValue(text: string, tok: SqlToken | undefined): StatementInfo {
  if (!tok) return { type: 'set-lock-timeout', disables: false };
  const raw = text.slice(tok.start, tok.end).replace(/^'|'$/g, '').trim().toLowerCase();
  // 0 (any unit) and DEFAULT (the server default, usually 0) mean "wait forever".
  const disables = raw === 'default' || /^0+(\.0*)?\s*[a-z]*$/.test(raw);
  // A copy: the classifier's tokens are reused for the next statement.
  return { type: 'set-lock-timeout', value: { kind: tok.kind, start: tok.start, end: tok.end }, disables };
}
