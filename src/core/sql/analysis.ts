// One scan and classification per file, shared by every SQL rule (five rules would otherwise
// scan a 4 MB migration five times), plus the table-size lookups the rules have in common.
import type { LintContext, RuleFinding, SqlDialect, TextEdit } from '../lint/types';
import { classifyStatement, type StatementInfo, type TableRef } from './classify';
import { splitSql, SqlStatement } from './scanner';

export interface AnalyzedStatement {
  index: number;
  stmt: SqlStatement;
  info: StatementInfo;
  /** Start offset of the BEGIN / START TRANSACTION this statement runs inside, or -1. */
  inTransaction: number;
}

/** A statement and what the classifier made of it, in one object (a big migration has tens of thousands). */
class AnalyzedSqlStatement extends SqlStatement implements AnalyzedStatement {
  info: StatementInfo = OTHER_INFO;
  inTransaction = -1;
  get stmt(): SqlStatement {
    return this;
  }
}

const OTHER_INFO: StatementInfo = Object.freeze({ type: 'other' });

export interface SqlAnalysis {
  statements: AnalyzedStatement[];
  /** Tables created by CREATE TABLE in this file (qualified and bare names) → statement index; while streaming, the ones read so far. */
  createdTables: Map<string, number>;
  /** Indexes created in this file (lower-cased name) → statement index. */
  readonly createdIndexes: Map<string, number>;
}

/**
 * The analysis, with `createdIndexes` made on first use: only a DROP INDEX asks for it, and a
 * big migration creates thousands of indexes. Filled as the statements are read: a streamed pass
 * (`streamSql`) sees the indexes created so far, which are all the ones it may compare with.
 */
class Analysis implements SqlAnalysis {
  private indexes: Map<string, number> | undefined;
  /** Indexes created so far (name, statement index), not yet in `indexes`. */
  private indexNames: string[] = [];
  private indexAt: number[] = [];
  private indexedUpTo = 0;
  constructor(
    readonly statements: AnalyzedStatement[],
    readonly createdTables: Map<string, number>,
  ) {}

  noteIndex(name: string, index: number): void {
    this.indexNames.push(name);
    this.indexAt.push(index);
  }

  get createdIndexes(): Map<string, number> {
    const indexes = (this.indexes ??= new Map<string, number>());
    for (; this.indexedUpTo < this.indexNames.length; this.indexedUpTo++) {
      const name = this.indexNames[this.indexedUpTo];
      if (!indexes.has(name)) indexes.set(name, this.indexAt[this.indexedUpTo]);
    }
    return indexes;
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
  const statements: AnalyzedStatement[] = [];
  const analysis = walkSql(text, dialect, statements, undefined);
  cache = { text, dialect, analysis };
  return analysis;
}

/** A SQL rule's look at the statements, one at a time, front to back. */
export interface SqlPass {
  /** Called for each classified statement, in file order; `analysis` knows the file's tables and the indexes created so far. */
  statement(s: AnalyzedStatement, analysis: SqlAnalysis): void;
  /** The statement types `statement` looks at (it returns at once for any other); all when absent. */
  readonly types?: readonly StatementInfo['type'][];
  /** The findings, complete after the last statement. */
  readonly findings: RuleFinding[];
}

/** Whether `pass` looks at statements of this type (see SqlPass.types). */
export function passTakes(pass: SqlPass, type: StatementInfo['type']): boolean {
  return pass.types === undefined || pass.types.includes(type);
}

/** A rule's check done through its pass over the whole (cached) analysis. */
export function checkWithPass(ctx: LintContext, pass: SqlPass | undefined): RuleFinding[] {
  if (!pass) return [];
  const analysis = analyzeSql(ctx.text, ctx.dialect);
  for (const s of analysis.statements) if (passTakes(pass, s.info.type)) pass.statement(s, analysis);
  return pass.findings;
}

/**
 * Splits and classifies the text once, handing each statement to `visit` and then dropping it:
 * what several rules' passes see together, without keeping tens of thousands of statements alive
 * (a big migration's analysis otherwise outlives several garbage collections). The same
 * statements, in the same order, with the same analysis answers as `analyzeSql`.
 */
export function streamSql(text: string, dialect: SqlDialect, visit: (s: AnalyzedStatement, analysis: SqlAnalysis) => void): void {
  walkSql(text, dialect, undefined, visit);
}

function walkSql(text: string, dialect: SqlDialect, keep: AnalyzedStatement[] | undefined, visit: ((s: AnalyzedStatement, analysis: SqlAnalysis) => void) | undefined): Analysis {
  const split = splitSql(text, dialect);
  // Tables are noted as their CREATE TABLE is read: tableSize only counts a table as new for the
  // statements after its creation, which are all read later.
  const createdTables = new Map<string, number>();
  const analysis = new Analysis(keep ?? [], createdTables);
  let tx = -1;
  for (let index = 0; index < split.count; index++) {
    const word = leadingWordOf(text, split.starts[index]);
    if (word === undefined) continue;
    const stmt = new AnalyzedSqlStatement(text, dialect, split, index);
    const info = classifyStatement(text, stmt, dialect, word);
    if (info.type === 'other') continue;
    if (info.type === 'begin') tx = stmt.start;
    if (info.type === 'create-table') {
      // Only needed for lookups: not kept as a statement.
      noteTable(createdTables, info.table, index);
      continue;
    }
    if (info.type === 'create-index' && info.indexName) analysis.noteIndex(info.indexName, index);
    stmt.info = info;
    stmt.inTransaction = tx;
    const s: AnalyzedStatement = stmt;
    if (keep) keep.push(s);
    if (visit) visit(s, analysis);
    if (info.type === 'commit') tx = -1;
  }
  return analysis;
}

function noteTable(createdTables: Map<string, number>, table: TableRef, index: number): void {
  if (!createdTables.has(table.name)) createdTables.set(table.name, index);
  if (!createdTables.has(table.bare)) createdTables.set(table.bare, index);
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
