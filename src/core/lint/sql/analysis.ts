// One scan and classification per file, shared by every SQL rule (five rules would otherwise
// scan a 4 MB migration five times), plus the table-size lookups the rules have in common.
import type { LintContext, SqlDialect, TextEdit } from '../types';
import { classifyStatement, type StatementInfo, type TableRef } from './classify';
import { splitSql, SqlStatement } from './scanner';

export interface AnalyzedStatement {
  index: number;
  stmt: SqlStatement;
  info: StatementInfo;
  /** Start offset of the BEGIN / START TRANSACTION this statement runs inside, or -1. */
  inTransaction: number;
}

export interface SqlAnalysis {
  statements: AnalyzedStatement[];
  /** Tables created by CREATE TABLE in this file (qualified and bare names) → statement index. */
  createdTables: Map<string, number>;
  /** Indexes created in this file (lower-cased name) → statement index. */
  readonly createdIndexes: Map<string, number>;
}

/**
 * The analysis, with `createdIndexes` made on first use: only a DROP INDEX asks for it, and a
 * big migration creates thousands of indexes.
 */
class Analysis implements SqlAnalysis {
  private indexes: Map<string, number> | undefined;
  constructor(
    readonly statements: AnalyzedStatement[],
    readonly createdTables: Map<string, number>,
  ) {}

  get createdIndexes(): Map<string, number> {
    if (this.indexes === undefined) {
      const indexes = new Map<string, number>();
      for (const s of this.statements) {
        const info = s.info;
        if (info.type === 'create-index' && info.indexName && !indexes.has(info.indexName)) indexes.set(info.indexName, s.index);
      }
      this.indexes = indexes;
    }
    return this.indexes;
  }
}

let cache: { text: string; dialect: SqlDialect; analysis: SqlAnalysis } | undefined;

/** Lower-case first words of the statements the classifier knows; anything else is skipped unread. */
const LEADING = ['create', 'drop', 'alter', 'truncate', 'with', 'update', 'delete', 'set', 'reset', 'select', 'begin', 'start', 'commit', 'end', 'abort', 'rollback', 'vacuum', 'cluster'];
/** LEADING grouped by first letter (lower case), so a statement's first word is matched by char codes. */
const LEADING_BY_LETTER: string[][] = Array.from({ length: 26 }, (_, i) => LEADING.filter((w) => w.charCodeAt(0) === 97 + i));

/** The entry of LEADING that text[start, end) is, ignoring case, or undefined. Allocates nothing. */
function leadingWord(text: string, start: number, end: number): string | undefined {
  const first = text.charCodeAt(start) | 0x20;
  if (first < 97 || first > 122) return undefined;
  const candidates = LEADING_BY_LETTER[first - 97];
  for (let k = 0; k < candidates.length; k++) {
    const w = candidates[k];
    if (w.length !== end - start) continue;
    let i = 1;
    while (i < w.length && (text.charCodeAt(start + i) | 0x20) === w.charCodeAt(i)) i++;
    if (i === w.length) return w;
  }
  return undefined;
}

/**
 * Splits, classifies and remembers what the SQL rules need. Only statements the classifier
 * recognizes are kept (most of a big migration is CREATE TABLE bodies, INSERTs and functions).
 */
export function analyzeSql(text: string, dialect: SqlDialect): SqlAnalysis {
  if (cache && cache.dialect === dialect && cache.text === text) return cache.analysis;
  const split = splitSql(text, dialect);
  const statements: AnalyzedStatement[] = [];
  const createdTables = new Map<string, number>();
  let tx = -1;
  for (let index = 0; index < split.count; index++) {
    const word = leadingWordOf(text, split.starts[index]);
    if (word === undefined) continue;
    const stmt = new SqlStatement(text, dialect, split, index);
    const info = classifyStatement(text, stmt, dialect, word);
    if (info.type === 'other') continue;
    if (info.type === 'begin') tx = stmt.start;
    if (info.type === 'create-table') {
      // Only needed for lookups: not kept as a statement.
      if (!createdTables.has(info.table.name)) createdTables.set(info.table.name, index);
      if (!createdTables.has(info.table.bare)) createdTables.set(info.table.bare, index);
      continue;
    }
    statements.push({ index, stmt, info, inTransaction: tx });
    if (info.type === 'commit') tx = -1;
  }
  const analysis = new Analysis(statements, createdTables);
  cache = { text, dialect, analysis };
  return analysis;
}

/** The statement's first word if the classifier knows it (most of a big migration's statements it does not), else undefined. */
function leadingWordOf(text: string, start: number): string | undefined {
  let e = start;
  while (e < text.length && e - start < 9 && isAsciiLetter(text.charCodeAt(e))) e++;
  if (e === start || (e < text.length && isWordChar(text.charCodeAt(e)))) return undefined;
  return leadingWord(text, start, e);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A character that would continue the first word (`update_log` is not UPDATE). */
function isWordChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}

const NEW_TABLE: TableSize = Object.freeze({ kind: 'new' });
const UNKNOWN_SIZE: TableSize = Object.freeze({ kind: 'unknown' });

export type TableSize =
  | { kind: 'new' } // created earlier in this file: empty, nobody reads it yet
  | { kind: 'unknown' }
  | { kind: 'small'; rows: number }
  | { kind: 'large'; rows: number };

/** Whether `for...in` sees any key (own or inherited enumerable: what `tables[name]` could find). */
function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** How big a table is, as far as the file and `.runbooklint.yaml` tell. */
export function tableSize(ctx: LintContext, analysis: SqlAnalysis, ref: TableRef, stmtIndex: number): TableSize {
  const created = analysis.createdTables.get(ref.name) ?? analysis.createdTables.get(ref.bare);
  if (created !== undefined && created < stmtIndex) return NEW_TABLE;
  const tables = ctx.config.tables;
  // Most configs declare no table: then no name needs looking up (nor `public.x` built).
  if (!hasKeys(tables)) return UNKNOWN_SIZE;
  const rows = tables[ref.name] ?? tables[ref.bare] ?? (ref.name === ref.bare ? tables[`public.${ref.bare}`] : undefined);
  if (typeof rows !== 'number' || !Number.isFinite(rows)) return UNKNOWN_SIZE;
  return rows >= ctx.config.largeTableRows ? { kind: 'large', rows } : { kind: 'small', rows };
}

export function formatRows(rows: number): string {
  return `${Math.round(rows).toLocaleString('en-US')} row${rows === 1 ? '' : 's'}`;
}

/** "Declare its size ..." advice for a table whose size is unknown. */
export function declareSizeHint(ref: TableRef): string {
  return `Declare its size in .runbooklint.yaml (tables: { ${ref.bare}: 500000000 }) to get a precise finding, or none for a small table.`;
}

/** Statement text with runs of whitespace collapsed, for messages and generated commands. */
export function oneLine(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

/** An edit appending `newText` right after the statement's terminator (adding one if missing). */
export function insertAfterStatement(stmt: SqlStatement, newText: string): TextEdit[] {
  if (stmt.terminator >= 0) return [{ start: stmt.terminator + 1, end: stmt.terminator + 1, newText: `\n${newText}` }];
  return [{ start: stmt.end, end: stmt.end, newText: `;\n${newText}` }];
}

/** The whitespace between the start of the statement's line and the statement. */
export function indentationOf(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
  return text.slice(s, offset);
}

/** 1-based line of an offset, memoized per call site through the given map. */
export function lineOf(text: string, offset: number, memo: Map<number, number>): number {
  let line = memo.get(offset);
  if (line === undefined) {
    line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    memo.set(offset, line);
  }
  return line;
}
