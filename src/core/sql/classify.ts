// A light classifier over scanned statements: only the statement shapes the SQL rules reason
// about (index builds, ALTER TABLE actions, table creation, UPDATE/DELETE, lock_timeout,
// transactions). Everything else is `other`. Works on tokens, so comments and strings are inert.
import type { SqlDialect } from '../lint/types';
import { fastAlterTable, fastCreateIndex, fastCreateTable, fastUpdateDelete } from './fastHeads';
import { identName, isPunct, isWord, leadingWordIndex, lowerWord, tokenizeSql, type SqlStatement, type SqlToken } from './scanner';

/** A table named in a statement. Lean on purpose: the analysis keeps one per DDL statement. */
export class TableRef {
  constructor(
    private readonly text: string,
    /** Lower-cased, quotes removed, schema-qualified as written: "public.orders" or "orders". */
    readonly name: string,
    /** The last part: "orders". */
    readonly bare: string,
    readonly start: number,
    readonly end: number,
  ) {}

  /** The name as written in the file (quotes included), for messages and generated SQL. */
  get display(): string {
    return this.text.slice(this.start, this.end);
  }

  /** The parts with quotes removed, case kept (MySQL table names are case-sensitive on Linux). */
  get parts(): string[] {
    const toks = tokenizeSql(this.text, this.start, this.end, 'mysql').filter((t) => t.kind !== 'punct');
    return toks.map((t) => unquote(this.text, t));
  }
}

export type ConstraintKind = 'check' | 'foreign-key' | 'primary-key' | 'unique' | 'exclude';

export interface AlterAction {
  kind:
    | 'add-column'
    | 'add-constraint'
    | 'add-index'
    | 'drop-column'
    | 'drop-constraint'
    | 'drop-index'
    | 'drop-primary-key'
    | 'alter-column-type'
    | 'set-not-null'
    | 'drop-not-null'
    | 'set-default'
    | 'drop-default'
    | 'rename'
    | 'validate-constraint'
    | 'set-tablespace'
    | 'set-logged'
    | 'modify-column'
    | 'change-column'
    | 'convert-charset'
    | 'rebuild'
    | 'algorithm'
    | 'lock'
    | 'other';
  start: number;
  end: number;
  /** The column named by ADD/ALTER/DROP/MODIFY/CHANGE COLUMN, lower-cased; its range as written. */
  column?: string;
  columnStart?: number;
  columnEnd?: number;
  /** ADD CONSTRAINT name / VALIDATE CONSTRAINT name, lower-cased; display form kept in constraintDisplay. */
  constraintName?: string;
  constraintDisplay?: string;
  constraint?: ConstraintKind;
  notValid?: boolean;
  usingIndex?: boolean;
  /** For a CHECK constraint of the form `CHECK (col IS NOT NULL)`: that column. */
  checksNotNullOf?: string;
  /** ADD COLUMN details. */
  hasDefault?: boolean;
  volatileDefault?: string;
  notNull?: boolean;
  serial?: boolean;
  identity?: boolean;
  generatedStored?: boolean;
  inlineIndex?: 'primary key' | 'unique';
  autoIncrement?: boolean;
  /** MySQL ADD COLUMN ... FIRST / AFTER x. */
  positioned?: boolean;
  /** MySQL ADD FULLTEXT / SPATIAL index. */
  fulltext?: boolean;
  /** ALGORITHM= / LOCK= value, upper-cased. */
  value?: string;
}

export type StatementInfo =
  | { type: 'create-table'; table: TableRef }
  | {
      type: 'create-index';
      table?: TableRef;
      indexName?: string;
      unique: boolean;
      concurrently: boolean;
      /** End of the INDEX keyword: where CONCURRENTLY goes. */
      indexEnd: number;
    }
  | { type: 'drop-index'; concurrently: boolean; indexEnd: number; names: string[]; cascade: boolean; table?: TableRef }
  | { type: 'alter-table'; table: TableRef; actions: AlterAction[]; algorithm?: string; lock?: string }
  | { type: 'drop-table'; tables: TableRef[] }
  | { type: 'truncate'; tables: TableRef[] }
  | {
      type: 'update' | 'delete';
      table: TableRef;
      /** The WHERE condition's range (the keyword excluded), if any. */
      where?: { start: number; end: number };
      /** The WHERE picks one row or a bounded key range (`id = 42`, `id BETWEEN a AND b`). */
      selective: boolean;
      /** UPDATE: the SET clause's range. */
      set?: { start: number; end: number };
      limit: boolean;
    }
  | { type: 'set-lock-timeout'; value?: SqlToken; disables: boolean }
  | { type: 'begin' }
  | { type: 'commit' }
  | { type: 'vacuum-full' | 'cluster'; table: TableRef }
  | { type: 'other' };

/** Known volatile functions: as a column default they force a rewrite (now() is stable: it does not). */
export const VOLATILE_FUNCTIONS = new Set([
  'clock_timestamp',
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'nextval',
  'timeofday',
  'gen_random_bytes',
]);

export const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** Words that end a DEFAULT expression inside a column definition. */
const COLUMN_CONSTRAINT_WORDS = new Set([
  'not',
  'null',
  'constraint',
  'primary',
  'unique',
  'references',
  'check',
  'generated',
  'collate',
  'comment',
  'first',
  'after',
  'on',
  'auto_increment',
  'visible',
  'invisible',
]);

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
  return { ref: new TableRef(text, name, bare, first.start, last.end), next: j };
}

function unquote(text: string, tok: SqlToken): string {
  if (tok.kind !== 'quotedIdent') return text.slice(tok.start, tok.end);
  const q = text[tok.start];
  const closed = tok.end - tok.start >= 2 && text[tok.end - 1] === q;
  return text.slice(tok.start + 1, closed ? tok.end - 1 : tok.end).split(q + q).join(q);
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

function classifyAddColumn(text: string, toks: SqlToken[], j: number, action: AlterAction): void {
  if (isWord(text, toks[j], 'column')) j++;
  if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'not') && isWord(text, toks[j + 2], 'exists')) j += 3;
  action.kind = 'add-column';
  setColumn(text, action, toks[j]);
  j++;
  if (SERIAL_TYPES.has(lowerWord(text, toks[j]))) action.serial = true;
  let depth = 0;
  for (let k = j; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === 'punct') {
      depth = depthAfter(text, t, depth);
      continue;
    }
    if (depth > 0 || t.kind !== 'word') continue;
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
        if (fn && VOLATILE_FUNCTIONS.has(fn) && isPunct(text, toks[m + 1], '(')) action.volatileDefault ??= `${text.slice(u.start, u.end)}()`;
      }
      k = m - 1;
    } else if (w === 'not' && isWord(text, toks[k + 1], 'null')) {
      action.notNull = true;
      k++;
    } else if (w === 'primary' && isWord(text, toks[k + 1], 'key')) {
      action.inlineIndex = 'primary key';
      action.notNull = true;
      k++;
    } else if (w === 'unique') action.inlineIndex ??= 'unique';
    else if (w === 'generated') {
      // GENERATED ALWAYS AS (expr) STORED, or GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY.
      const asAt = findTopLevelWord(text, toks, k, 'as');
      if (asAt > 0 && isWord(text, toks[asAt + 1], 'identity')) action.identity = true;
      else if (findTopLevelWord(text, toks, k, 'stored') > 0) action.generatedStored = true;
    } else if (w === 'auto_increment') action.autoIncrement = true;
    else if (w === 'first' || w === 'after') action.positioned = true;
  }
}

function classifyAddConstraint(text: string, toks: SqlToken[], j: number, action: AlterAction, mysql: boolean): boolean {
  if (isWord(text, toks[j], 'constraint')) {
    const nameTok = toks[j + 1];
    // `ADD CONSTRAINT CHECK (...)` (no name) is legal in MySQL.
    if (nameTok && !isWord(text, nameTok, 'check') && !isWord(text, nameTok, 'foreign') && !isWord(text, nameTok, 'primary') && !isWord(text, nameTok, 'unique')) {
      action.constraintName = identName(text, nameTok);
      action.constraintDisplay = text.slice(nameTok.start, nameTok.end);
      j += 2;
    } else j += 1;
  }
  const w = lowerWord(text, toks[j]);
  let kind: ConstraintKind | undefined;
  if (w === 'check') kind = 'check';
  else if (w === 'foreign') kind = 'foreign-key';
  else if (w === 'primary') kind = 'primary-key';
  else if (w === 'unique') kind = 'unique';
  else if (w === 'exclude') kind = 'exclude';
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
    // CHECK ( col IS NOT NULL ): the PostgreSQL 12+ shortcut for a cheap SET NOT NULL.
    const p = j + 1;
    if (
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
      if (w1 === 'constraint' || (mysql && (w1 === 'foreign' || w1 === 'check'))) action.kind = 'drop-constraint';
      else if (w1 === 'primary') action.kind = mysql ? 'drop-primary-key' : 'drop-constraint';
      else if (mysql && (w1 === 'index' || w1 === 'key')) action.kind = 'drop-index';
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
      if (a === 'type' || (a === 'set' && b === 'data')) action.kind = 'alter-column-type';
      else if (a === 'set' && b === 'not') action.kind = 'set-not-null';
      else if (a === 'drop' && b === 'not') action.kind = 'drop-not-null';
      else if (a === 'set' && b === 'default') action.kind = 'set-default';
      else if (a === 'drop' && b === 'default') action.kind = 'drop-default';
      break;
    }
    case 'rename':
      action.kind = 'rename';
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

/** A WHERE that already picks a row or a bounded key range (`id = 42`, `id BETWEEN a AND b`). */
export function looksSelective(text: string, where: SqlToken[]): boolean {
  let lower = false;
  let upper = false;
  let depth = 0;
  for (let j = 0; j < where.length; j++) {
    const t = where[j];
    if (t.kind === 'punct') {
      const c = text.charCodeAt(t.start);
      if (c === 40) depth++;
      else if (c === 41) depth--;
      continue;
    }
    if (depth !== 0) continue;
    const w = lowerWord(text, t);
    if (w === 'between') return true;
    if (!(w === 'id' || w.endsWith('_id') || w === 'uuid')) continue;
    const op = where[j + 1];
    if (isWord(text, op, 'in')) return true; // id IN (...)
    if (!op || op.kind !== 'punct') continue;
    const c = text.charCodeAt(op.start);
    const next = where[j + 2];
    if (c === 61 && next && (next.kind === 'number' || next.kind === 'string' || next.kind === 'param')) return true; // id = 42
    if (c === 61 && isWord(text, next, 'any')) return true; // id = ANY($1)
    if (c === 62) lower = true;
    else if (c === 60) upper = true;
  }
  return lower && upper;
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
const LEADING_WORDS = new Set([
  'create',
  'drop',
  'alter',
  'truncate',
  'with',
  'update',
  'delete',
  'set',
  'reset',
  'select',
  'begin',
  'start',
  'commit',
  'end',
  'abort',
  'rollback',
  'vacuum',
  'cluster',
]);

/**
 * Classifies one statement. Cheap for everything but the shapes the rules care about.
 *
 * One small function per statement kind, not one big switch: a cold CLI run classifies tens of
 * thousands of statements while V8 is still compiling, and a single large function took V8's
 * optimizing compiler 30 to 140 ms (measured with --trace-opt), during which it ran unoptimized.
 */
export function classifyStatement(text: string, stmt: SqlStatement, dialect: SqlDialect, firstWord?: string): StatementInfo {
  const w0 = firstWord ?? lowerWord(text, stmt.head(1)[0]);
  if (!LEADING_WORDS.has(w0)) return OTHER;
  // CREATE TABLE bodies and functions are most of a migration's tokens; only a head matters here.
  if (w0 === 'create') {
    if (dialect === 'postgresql') {
      const fast = fastCreate(text, stmt.start);
      if (fast !== undefined) return fast;
    }
    return classifyCreateByTokens(text, stmt);
  }
  if (dialect === 'postgresql') {
    const fast = w0 === 'alter' ? fastAlterTable(text, stmt.start) : w0 === 'update' || w0 === 'delete' ? fastUpdateDelete(text, stmt.start) : undefined;
    if (fast !== undefined) return fast;
  }
  const toks = stmt.transientHead();
  const mysql = dialect === 'mysql';
  switch (w0) {
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
export function classifyCreateByTokens(text: string, stmt: SqlStatement): StatementInfo {
  const which = leadingWordIndex(text, stmt.start, stmt.terminator >= 0 ? stmt.terminator : text.length, 6, TABLE_OR_INDEX);
  if (which < 0) return OTHER;
  return classifyCreate(text, stmt.transientHead(which === 0 ? 12 : 16));
}

/** classifyStatement of an UPDATE or DELETE statement, from its tokens (what fastHeads.ts must agree with). */
export function classifyUpdateDeleteByTokens(text: string, stmt: SqlStatement): StatementInfo {
  return classifyUpdateDelete(text, stmt.transientHead());
}

/** classifyStatement of an ALTER statement, from its tokens (what fastHeads.ts must agree with). */
export function classifyAlterByTokens(text: string, stmt: SqlStatement, dialect: SqlDialect): StatementInfo {
  return classifyAlter(text, stmt.transientHead(), dialect);
}

/** A plain PostgreSQL CREATE INDEX or CREATE TABLE head, read without tokens (fastHeads.ts), or undefined. */
function fastCreate(text: string, start: number): StatementInfo | undefined {
  // The word after CREATE says which pattern to try first (TABLE, TEMP..., else INDEX/UNIQUE...).
  let i = start + 6;
  while (text.charCodeAt(i) <= 32) i++;
  if ((text.charCodeAt(i) | 0x20) === 116) return fastTable(text, start) ?? fastCreateIndex(text, start);
  return fastCreateIndex(text, start) ?? fastTable(text, start);
}

function fastTable(text: string, start: number): StatementInfo | undefined {
  const table = fastCreateTable(text, start);
  return table === undefined ? undefined : { type: 'create-table', table };
}

function classifyCreate(text: string, toks: SqlToken[]): StatementInfo {
  let j = 1;
  // CREATE [OR REPLACE] [GLOBAL|LOCAL] [TEMP|TEMPORARY|UNLOGGED] TABLE / [UNIQUE|FULLTEXT|SPATIAL] INDEX
  let unique = false;
  for (;;) {
    const w = lowerWord(text, toks[j]);
    if (w === 'or' || w === 'replace' || w === 'global' || w === 'local' || w === 'temp' || w === 'temporary' || w === 'unlogged' || w === 'fulltext' || w === 'spatial') j++;
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
  const indexEnd = toks[j++].end;
  let concurrently = false;
  if (isWord(text, toks[j], 'concurrently')) {
    concurrently = true;
    j++;
  }
  if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'not') && isWord(text, toks[j + 2], 'exists')) j += 3;
  let indexName: string | undefined;
  if (!isWord(text, toks[j], 'on')) {
    const r = parseTableRef(text, toks, j);
    if (r) {
      indexName = r.ref.name;
      j = r.next;
    }
    // MySQL: CREATE INDEX name USING BTREE ON t
    if (isWord(text, toks[j], 'using')) j += 2;
  }
  let table: TableRef | undefined;
  if (isWord(text, toks[j], 'on')) {
    j++;
    if (isWord(text, toks[j], 'only')) j++;
    table = parseTableRef(text, toks, j)?.ref;
  }
  return { type: 'create-index', table, indexName, unique, concurrently, indexEnd };
}

function classifyDrop(text: string, toks: SqlToken[]): StatementInfo {
  if (isWord(text, toks[1], 'table')) return { type: 'drop-table', tables: parseTableList(text, toks, 2) };
  if (!isWord(text, toks[1], 'index')) return { type: 'other' };
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
  if (!r) return { type: 'other' };
  j = r.next;
  if (isPunct(text, toks[j], '*')) j++;
  const actions = splitTopLevel(text, toks, j).map((a) => classifyAlterAction(text, a, dialect));
  const algorithm = actions.find((a) => a.kind === 'algorithm')?.value;
  const lock = actions.find((a) => a.kind === 'lock')?.value;
  return { type: 'alter-table', table: r.ref, actions, algorithm, lock };
}

function classifyUpdateDelete(text: string, toks: SqlToken[]): StatementInfo {
  const s = skipWith(text, toks);
  const kw = lowerWord(text, toks[s]);
  if (kw !== 'update' && kw !== 'delete') return { type: 'other' };
  let j = s + 1;
  // MySQL modifiers, and DELETE FROM.
  while (['low_priority', 'quick', 'ignore', 'only'].includes(lowerWord(text, toks[j]))) j++;
  if (kw === 'delete' && !isWord(text, toks[j], 'from')) {
    // MySQL multi-table DELETE t1 FROM t1 JOIN ...: the first table after FROM.
    const from = findTopLevelWord(text, toks, j, 'from');
    if (from < 0) return { type: 'other' };
    j = from;
  }
  if (isWord(text, toks[j], 'from')) j++;
  if (isWord(text, toks[j], 'only')) j++;
  const r = parseTableRef(text, toks, j);
  if (!r) return { type: 'other' };
  const whereAt = findTopLevelWord(text, toks, r.next, 'where');
  let where: { start: number; end: number } | undefined;
  let selective = false;
  let e = toks.length;
  for (const stop of ['returning', 'order', 'limit']) {
    const k = findTopLevelWord(text, toks, (whereAt >= 0 ? whereAt : r.next) + 1, stop);
    if (k >= 0 && k < e) e = k;
  }
  if (whereAt >= 0 && whereAt + 1 < e) {
    where = { start: toks[whereAt + 1].start, end: toks[e - 1].end };
    selective = looksSelective(text, toks.slice(whereAt + 1, e));
  }
  let set: { start: number; end: number } | undefined;
  const setAt = kw === 'update' ? findTopLevelWord(text, toks, r.next, 'set') : -1;
  if (setAt >= 0) {
    const setEnd = whereAt > setAt ? whereAt : e;
    if (setEnd > setAt + 1) set = { start: toks[setAt].start, end: toks[setEnd - 1].end };
  }
  const limit = toks.some((t) => isWord(text, t, 'limit'));
  return { type: kw, table: r.ref, where, selective, set, limit };
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

function classifyVacuum(text: string, toks: SqlToken[]): StatementInfo {
  let j = 1;
  let full = false;
  if (isPunct(text, toks[j], '(')) {
    for (j++; j < toks.length && !isPunct(text, toks[j], ')'); j++) if (isWord(text, toks[j], 'full')) full = true;
    j++;
  }
  for (;;) {
    const w = lowerWord(text, toks[j]);
    if (w === 'full') full = true;
    else if (w !== 'freeze' && w !== 'verbose' && w !== 'analyze' && w !== 'analyse') break;
    j++;
  }
  const r = full ? parseTableRef(text, toks, j) : undefined;
  return r ? { type: 'vacuum-full', table: r.ref } : { type: 'other' };
}

function lockTimeoutValue(text: string, tok: SqlToken | undefined): StatementInfo {
  if (!tok) return { type: 'set-lock-timeout', disables: false };
  const raw = text.slice(tok.start, tok.end).replace(/^'|'$/g, '').trim().toLowerCase();
  // 0 (any unit) and DEFAULT (the server default, usually 0) mean "wait forever".
  const disables = raw === 'default' || /^0+(\.0*)?\s*[a-z]*$/.test(raw);
  // A copy: the classifier's tokens are reused for the next statement.
  return { type: 'set-lock-timeout', value: { kind: tok.kind, start: tok.start, end: tok.end }, disables };
}
