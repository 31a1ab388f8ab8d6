// The schema a migration set builds, file after file: which tables the set created (and whether a
// later migration filled them), their columns' types, renames, primary keys and unique indexes.
// SchemaBuilder reads the files in the tool's order and hands out a snapshot (schemaModel.ts)
// before each. Pure: the files' texts come from the caller.
//
// Reading is deliberately narrow: CREATE TABLE / INDEX, ALTER TABLE, RENAME TABLE, DROP TABLE /
// INDEX, and the statements that put rows in a table (INSERT, COPY, UPDATE, ...). Anything not
// understood leaves the model as it was: a table or key the model does not know is "unknown",
// never "new" or "not a key" (see docs/migration-history.md).
import { normalizeType, typeEnd } from './columnTypeText';
import { createIndexHead, parseTableRef } from './classify';
import { identName, isPunct, isWord, lowerWord, splitSql, tokenizeSql, type SqlToken } from './scanner';
import { addKey, cloneTable, keyOf, newTable, removeKey, renameInKeys, SchemaSnapshot, type SchemaKnowledge, type TableModel } from './schemaModel';
import type { SqlDialect } from './types';

export type { SchemaKnowledge, TableName } from './schemaModel';

const DATA_WORDS = new Set(['insert', 'replace', 'copy', 'update', 'delete', 'merge', 'load', 'upsert', 'with']);
const SCHEMA_WORDS = new Set(['create', 'alter', 'drop', 'rename', 'select']);
/** Words that end a column's type in a definition. */
const DEFINITION_WORDS = new Set(['not', 'null', 'default', 'constraint', 'primary', 'unique', 'references', 'check', 'generated', 'collate', 'comment', 'auto_increment', 'first', 'after', 'on', 'identity', 'charset', 'visible', 'invisible', 'as', 'using', 'with']);
const TABLE_CONSTRAINT_WORDS = new Set(['constraint', 'primary', 'unique', 'foreign', 'check', 'exclude', 'key', 'index', 'fulltext', 'spatial', 'like']);

/**
 * Reads migrations in order and gives the schema before each. Copy on write: a snapshot shares
 * the tables no later migration changed, so a snapshot per file costs one map copy.
 */
export class SchemaBuilder {
  private tables = new Map<string, TableModel>();
  /** Tables this builder may change in place (none handed out in a snapshot yet). */
  private owned = new Set<TableModel>();
  /** Index name → table key, for DROP INDEX and USING INDEX. */
  private indexes = new Map<string, { table: string; columns: string[] }>();

  /** Settable: goose and dbmate are recognized by their files' markers, once read. */
  constructor(public tool: string) {}

  /** The schema as the migrations applied so far leave it. */
  snapshot(): SchemaKnowledge {
    this.owned.clear();
    return new SchemaSnapshot(this.tool, new Map(this.tables));
  }

  /** Applies one migration's (up) SQL. Never throws; what it does not understand changes nothing. */
  apply(text: string, dialect: SqlDialect): void {
    const split = splitSql(text, dialect);
    for (let k = 0; k < split.count; k++) {
      const start = split.starts[k];
      const end = split.terminators[k] >= 0 ? split.terminators[k] : text.length;
      const first = leadingWord(text, start);
      if (!DATA_WORDS.has(first) && !SCHEMA_WORDS.has(first)) continue;
      // CREATE TABLE bodies need every token; other statements only their head.
      const toks = tokenizeSql(text, start, end, dialect, first === 'create' || first === 'alter' || first === 'with' ? Infinity : 64);
      try {
        this.statement(text, toks, first, dialect);
      } catch {
        // A shape the reader did not expect: the statement is skipped, the model stays as it was.
      }
    }
  }

  private mutable(key: string): TableModel | undefined {
    const t = this.tables.get(key);
    if (!t || this.owned.has(t)) return t;
    const copy = cloneTable(t);
    this.tables.set(key, copy);
    this.owned.add(copy);
    return copy;
  }

  /** The table a later change applies to; one the set did not create is added as "not created". */
  private touch(name: string): TableModel {
    const key = keyOf(name);
    const t = this.mutable(key);
    if (t) return t;
    const fresh = newTable(false, false);
    this.tables.set(key, fresh);
    this.owned.add(fresh);
    return fresh;
  }

  private statement(text: string, toks: SqlToken[], first: string, dialect: SqlDialect): void {
    switch (first) {
      case 'create':
        return this.create(text, toks);
      case 'alter':
        return this.alter(text, toks, dialect);
      case 'drop':
        return this.drop(text, toks);
      case 'rename':
        return this.renameTables(text, toks, 1);
      case 'select':
        return this.selectInto(text, toks);
      case 'with': {
        // WITH ... AS (...) INSERT INTO t ...: the statement after the CTEs.
        const at = topLevelIndex(text, toks, (w) => DATA_WORDS.has(w) && w !== 'with');
        return at < 0 ? undefined : this.fill(text, toks.slice(at), lowerWord(text, toks[at]));
      }
      default:
        return this.fill(text, toks, first);
    }
  }

  private fill(text: string, toks: SqlToken[], first: string): void {
    // INSERT [IGNORE] INTO t, REPLACE INTO t, COPY t, MERGE INTO t, UPDATE [ONLY] t, DELETE FROM t, LOAD DATA ... INTO TABLE t.
    let j = 1;
    if (first === 'load') {
      while (j < toks.length && !(isWord(text, toks[j], 'into') && isWord(text, toks[j + 1], 'table'))) j++;
      j += 2;
    } else {
      while (j < toks.length && ['low_priority', 'delayed', 'high_priority', 'ignore', 'quick', 'into', 'from', 'only'].includes(lowerWord(text, toks[j]))) j++;
    }
    const r = parseTableRef(text, toks, j);
    if (!r) return;
    const t = this.tables.get(keyOf(r.ref.name));
    if (t && t.created && !t.filled) this.mutable(keyOf(r.ref.name))!.filled = true;
  }

  private selectInto(text: string, toks: SqlToken[]): void {
    // SELECT ... INTO new_table FROM ...: a new table, with rows.
    const into = toks.findIndex((t) => isWord(text, t, 'into'));
    if (into < 0) return;
    let j = into + 1;
    while (['temp', 'temporary', 'unlogged', 'table'].includes(lowerWord(text, toks[j]))) j++;
    const r = parseTableRef(text, toks, j);
    if (r) this.createTable(r.ref.name, true);
  }

  private createTable(name: string, filled: boolean): TableModel {
    const t = newTable(true, filled);
    this.tables.set(keyOf(name), t);
    this.owned.add(t);
    return t;
  }

  private create(text: string, toks: SqlToken[]): void {
    let j = 1;
    let unique = false;
    for (;;) {
      const w = lowerWord(text, toks[j]);
      if (w === 'unique') unique = true;
      else if (!['or', 'replace', 'global', 'local', 'temp', 'temporary', 'unlogged'].includes(w)) break;
      j++;
    }
    if (isWord(text, toks[j], 'index')) return this.createIndex(text, toks, j + 1, unique);
    if (!isWord(text, toks[j], 'table')) return;
    j++;
    const ifNotExists = isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'not') && isWord(text, toks[j + 2], 'exists');
    if (ifNotExists) j += 3;
    const r = parseTableRef(text, toks, j);
    if (!r || (ifNotExists && this.tables.has(keyOf(r.ref.name)))) return;
    j = r.next;
    if (isWord(text, toks[j], 'as') || isWord(text, toks[j], 'select')) {
      // CREATE TABLE ... AS SELECT: rows from the query, unless WITH NO DATA.
      const noData = toks.some((t, k) => isWord(text, t, 'no') && isWord(text, toks[k + 1], 'data'));
      this.createTable(r.ref.name, !noData);
      return;
    }
    if (isWord(text, toks[j], 'like')) {
      // MySQL CREATE TABLE a LIKE b: b's columns and keys, no rows.
      this.copyShape(text, toks, j + 1, this.createTable(r.ref.name, false));
      return;
    }
    const t = this.createTable(r.ref.name, false);
    if (!isPunct(text, toks[j], '(')) return; // PARTITION OF parent, OF type: columns unknown
    const close = matching(text, toks, j);
    for (const part of splitTopLevel(text, toks, j + 1, close)) this.tableElement(text, toks, part[0], part[1], t);
    // CREATE TABLE ... (...) AS SELECT / SELECT (MySQL): filled.
    if (toks.slice(close + 1).some((u) => isWord(text, u, 'select'))) t.filled = true;
  }

  private copyShape(text: string, toks: SqlToken[], j: number, into: TableModel): void {
    const src = parseTableRef(text, toks, j);
    const from = src ? this.tables.get(keyOf(src.ref.name)) : undefined;
    if (!from) return;
    for (const [c, type] of from.columns) into.columns.set(c, type);
    for (const k of from.keys) into.keys.push(k);
  }

  /** One element of a CREATE TABLE body: a column, or a table constraint. */
  private tableElement(text: string, toks: SqlToken[], from: number, to: number, t: TableModel): void {
    const w = lowerWord(text, toks[from]);
    // Unquoted, these words start a constraint (a column named `key` is quoted in MySQL).
    if (toks[from]?.kind === 'word' && TABLE_CONSTRAINT_WORDS.has(w)) {
      if (w === 'like') return this.copyShape(text, toks, from + 1, t);
      return this.tableConstraint(text, toks, from, to, t);
    }
    const tok = toks[from];
    if (!tok || (tok.kind !== 'word' && tok.kind !== 'quotedIdent')) return;
    const column = identName(text, tok);
    const typeTo = typeEnd(text, toks, from + 1, to, (x) => DEFINITION_WORDS.has(x));
    // MySQL's `varchar(10) CHARACTER SET utf8mb4`: the character set is not part of the type's width.
    t.columns.set(column, normalizeType(text, toks, from + 1, typeTo)?.replace(/ character set .*$/, ''));
    for (let k = typeTo; k < to; k++) {
      if (isWord(text, toks[k], 'primary') && isWord(text, toks[k + 1], 'key')) addKey(t, [column], undefined, true);
      else if (isWord(text, toks[k], 'unique')) addKey(t, [column], undefined, false);
    }
  }

  /** PRIMARY KEY (a, b), UNIQUE [KEY|INDEX] [name] (a), CONSTRAINT name ...: the keys; other constraints change nothing. */
  private tableConstraint(text: string, toks: SqlToken[], from: number, to: number, t: TableModel, explicitName?: string): void {
    let j = from;
    let name = explicitName;
    if (isWord(text, toks[j], 'constraint')) {
      if (toks[j + 1] && !isWord(text, toks[j + 1], 'primary') && !isWord(text, toks[j + 1], 'unique')) name = identName(text, toks[j + 1]);
      j += name === undefined ? 1 : 2;
    }
    const primary = isWord(text, toks[j], 'primary');
    if (!primary && !isWord(text, toks[j], 'unique')) return;
    j += 1;
    if (isWord(text, toks[j], 'key') || isWord(text, toks[j], 'index')) j++;
    if (isWord(text, toks[j], 'using') && isWord(text, toks[j + 1], 'index')) {
      // ADD CONSTRAINT c PRIMARY KEY USING INDEX idx: the index's columns.
      const idx = toks[j + 2] ? this.indexes.get(identName(text, toks[j + 2])) : undefined;
      if (idx) addKey(t, idx.columns, name, primary);
      return;
    }
    // MySQL: UNIQUE KEY name [USING BTREE] (a): the name, then the column list.
    const nameTok = toks[j];
    if (name === undefined && j < to && nameTok && (nameTok.kind === 'word' || nameTok.kind === 'quotedIdent') && !isWord(text, nameTok, 'using')) name = identName(text, nameTok);
    while (j < to && !isPunct(text, toks[j], '(')) j++;
    const columns = columnList(text, toks, j);
    if (columns) addKey(t, columns, name, primary);
  }

  private createIndex(text: string, toks: SqlToken[], j: number, unique: boolean): void {
    const head = createIndexHead(text, toks, j);
    if (!head.table) return;
    j = head.next;
    if (isWord(text, toks[j], 'using')) j += 2;
    const columns = columnList(text, toks, j);
    if (!columns) return; // an expression index: no plain key
    const table = keyOf(head.table.name);
    const indexName = head.name?.bare;
    // A partial unique index (WHERE ...) is a key only for some rows: not one here.
    const partial = toks.some((t) => isWord(text, t, 'where'));
    if (indexName) this.indexes.set(indexName, { table, columns });
    if (unique && !partial) addKey(this.touch(head.table.name), columns, indexName, false);
  }

  private drop(text: string, toks: SqlToken[]): void {
    const what = lowerWord(text, toks[1]);
    let j = 2;
    if (what === 'index' && isWord(text, toks[j], 'concurrently')) j++;
    if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'exists')) j += 2;
    for (;;) {
      const r = parseTableRef(text, toks, j);
      if (!r) return;
      if (what === 'table') this.tables.delete(keyOf(r.ref.name));
      else if (what === 'index') this.dropIndex(r.ref.bare);
      else return;
      j = r.next;
      if (!isPunct(text, toks[j], ',')) return;
      j++;
    }
  }

  private dropIndex(name: string): void {
    const idx = this.indexes.get(name);
    if (!idx) return;
    this.indexes.delete(name);
    const t = this.mutable(idx.table);
    if (t) removeKey(t, name);
  }

  /** RENAME TABLE a TO b, c TO d (MySQL), from toks[j]. */
  private renameTables(text: string, toks: SqlToken[], j: number): void {
    if (isWord(text, toks[j], 'table')) j++;
    for (;;) {
      const a = parseTableRef(text, toks, j);
      if (!a || !isWord(text, toks[a.next], 'to')) return;
      const b = parseTableRef(text, toks, a.next + 1);
      if (!b) return;
      this.renameTable(a.ref.name, b.ref.name);
      j = b.next;
      if (!isPunct(text, toks[j], ',')) return;
      j++;
    }
  }

  private renameTable(from: string, to: string): void {
    const t = this.tables.get(keyOf(from));
    this.tables.delete(keyOf(from));
    if (t) this.tables.set(keyOf(to), t);
    for (const idx of this.indexes.values()) if (idx.table === keyOf(from)) idx.table = keyOf(to);
  }

  private alter(text: string, toks: SqlToken[], dialect: SqlDialect): void {
    let j = 1;
    while (dialect === 'mysql' && (isWord(text, toks[j], 'online') || isWord(text, toks[j], 'ignore'))) j++;
    if (!isWord(text, toks[j], 'table')) return;
    j++;
    if (isWord(text, toks[j], 'if') && isWord(text, toks[j + 1], 'exists')) j += 2;
    if (isWord(text, toks[j], 'only')) j++;
    const r = parseTableRef(text, toks, j);
    if (!r) return;
    let name = r.ref.name;
    for (const [from, to] of splitTopLevel(text, toks, r.next, toks.length)) {
      const renamed = this.alterAction(text, toks, from, to, name);
      if (renamed) name = renamed;
    }
  }

  /** One ALTER TABLE action; returns the table's new name after RENAME TO. */
  private alterAction(text: string, toks: SqlToken[], from: number, to: number, table: string): string | undefined {
    const w0 = lowerWord(text, toks[from]);
    const w1 = lowerWord(text, toks[from + 1]);
    if (w0 === 'rename') {
      if (w1 === 'to' || w1 === 'as') {
        const b = parseTableRef(text, toks, from + 2);
        if (b) this.renameTable(table, b.ref.name);
        return b?.ref.name;
      }
      if (w1 === 'index' || w1 === 'key' || w1 === 'constraint') return undefined;
      // RENAME [COLUMN] a TO b
      const a = w1 === 'column' ? from + 2 : from + 1;
      if (!toks[a] || !isWord(text, toks[a + 1], 'to') || !toks[a + 2]) return undefined;
      const t = this.touch(table);
      const old = identName(text, toks[a]);
      const now = identName(text, toks[a + 2]);
      t.columns.set(now, t.columns.get(old));
      t.columns.delete(old);
      renameInKeys(t, old, now);
      return undefined;
    }
    const t = this.touch(table);
    if (w0 === 'add') {
      if (w1 === 'constraint' || w1 === 'primary' || w1 === 'unique') return void this.tableConstraint(text, toks, from + 1, to, t);
      if (['foreign', 'check', 'index', 'key', 'fulltext', 'spatial', 'exclude', 'partition'].includes(w1)) return undefined;
      let c = w1 === 'column' ? from + 2 : from + 1;
      if (isWord(text, toks[c], 'if') && isWord(text, toks[c + 1], 'not') && isWord(text, toks[c + 2], 'exists')) c += 3;
      this.tableElement(text, toks, c, to, t);
      return undefined;
    }
    if (w0 === 'drop') {
      if (w1 === 'constraint' || w1 === 'index' || w1 === 'key') {
        const n = toks[from + 2] && isWord(text, toks[from + 2], 'if') ? from + 4 : from + 2;
        if (toks[n]) removeKey(t, identName(text, toks[n]));
      } else if (w1 === 'primary') {
        t.keys = t.keys.filter((k) => k !== t.keyNames.get('primary'));
      } else if (!['foreign', 'check', 'partition'].includes(w1)) {
        let c = w1 === 'column' ? from + 2 : from + 1;
        if (isWord(text, toks[c], 'if') && isWord(text, toks[c + 1], 'exists')) c += 2;
        if (toks[c]) {
          const col = identName(text, toks[c]);
          t.columns.delete(col);
          t.keys = t.keys.filter((k) => !k.includes(col));
        }
      }
      return undefined;
    }
    if (w0 === 'alter') {
      // ALTER [COLUMN] c TYPE x / SET DATA TYPE x
      const c = w1 === 'column' ? from + 2 : from + 1;
      let k = c + 1;
      if (isWord(text, toks[k], 'set') && isWord(text, toks[k + 1], 'data')) k += 2;
      if (!toks[c] || !isWord(text, toks[k], 'type')) return undefined;
      const end = typeEnd(text, toks, k + 1, to, (x) => x === 'using' || x === 'collate');
      t.columns.set(identName(text, toks[c]), normalizeType(text, toks, k + 1, end));
      return undefined;
    }
    if (w0 === 'modify' || w0 === 'change') {
      // MODIFY [COLUMN] c type ...; CHANGE [COLUMN] old new type ...
      let c = w1 === 'column' ? from + 2 : from + 1;
      if (w0 === 'change' && toks[c]) {
        const old = identName(text, toks[c]);
        c++;
        if (toks[c]) {
          t.columns.delete(old);
          renameInKeys(t, old, identName(text, toks[c]));
        }
      }
      if (toks[c]) this.tableElement(text, toks, c, to, t);
    }
    return undefined;
  }
}

/** `(a, "B", c)` at toks[j]: the lower-cased names; undefined if an element is not a plain name. */
function columnList(text: string, toks: SqlToken[], j: number): string[] | undefined {
  if (!isPunct(text, toks[j], '(')) return undefined;
  const out: string[] = [];
  const close = matching(text, toks, j);
  for (const [from, to] of splitTopLevel(text, toks, j + 1, close)) {
    const t = toks[from];
    if (!t || (t.kind !== 'word' && t.kind !== 'quotedIdent')) return undefined;
    // `col ASC`, `col(10)` (a MySQL prefix: not the whole value), `lower(col)`: only `col [ASC|DESC]` counts.
    for (let k = from + 1; k < to; k++) if (!['asc', 'desc', 'nulls', 'first', 'last'].includes(lowerWord(text, toks[k]))) return undefined;
    out.push(identName(text, t));
  }
  return out.length > 0 ? out : undefined;
}

/** Index of the first top-level word `accept` takes, or -1. */
function topLevelIndex(text: string, toks: SqlToken[], accept: (word: string) => boolean): number {
  let depth = 0;
  for (let k = 0; k < toks.length; k++) {
    if (isPunct(text, toks[k], '(')) depth++;
    else if (isPunct(text, toks[k], ')')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && accept(lowerWord(text, toks[k]))) return k;
  }
  return -1;
}

/** Index of the `)` matching the `(` at toks[open], or toks.length. */
function matching(text: string, toks: SqlToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    if (isPunct(text, toks[k], '(')) depth++;
    else if (isPunct(text, toks[k], ')') && --depth === 0) return k;
  }
  return toks.length;
}

/** [from, to) token ranges between top-level commas of toks[from, to). */
function splitTopLevel(text: string, toks: SqlToken[], from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (t.kind !== 'punct') continue;
    if (isPunct(text, t, '(')) depth++;
    else if (isPunct(text, t, ')')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && isPunct(text, t, ',')) {
      if (k > start) parts.push([start, k]);
      start = k + 1;
    }
  }
  if (to > start) parts.push([start, to]);
  return parts;
}

/** The statement's first word, lower-cased ('' when it does not start with one). */
function leadingWord(text: string, start: number): string {
  let e = start;
  while (e < text.length && e - start < 12 && /[A-Za-z]/.test(text[e])) e++;
  return text.slice(start, e).toLowerCase();
}
