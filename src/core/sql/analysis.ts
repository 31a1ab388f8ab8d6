// One scan and classification per file, shared by every SQL rule (five rules would otherwise
// scan a 4 MB migration five times): the statements the classifier recognizes, the tables and
// indexes the file creates, and which statements run inside a transaction.
import { classifyStatement } from './classify';
import { splitSql, SqlStatement } from './scanner';
import { CLASSIFIED_LEADING_WORDS } from './sqlWords';
import { isNamed, type NamedStatementInfo, type TableRef } from './statementModel';
import type { SqlDialect } from './types';

export interface AnalyzedStatement {
  index: number;
  stmt: SqlStatement;
  /** Only statements whose target is named are kept. */
  info: NamedStatementInfo;
  /** Start offset of the BEGIN / START TRANSACTION this statement runs inside, or -1. */
  inTransaction: number;
}

/** A statement and what the classifier made of it, in one object (a big migration has tens of thousands). */
class AnalyzedSqlStatement extends SqlStatement implements AnalyzedStatement {
  info: NamedStatementInfo = OTHER_INFO;
  inTransaction = -1;
  get stmt(): SqlStatement {
    return this;
  }
}

const OTHER_INFO: NamedStatementInfo = Object.freeze({ type: 'other' });

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

/** The classifier's leading words grouped by first letter (lower case), so a statement's first word is matched by char codes; any other statement is skipped unread. */
const LEADING_BY_LETTER: string[][] = Array.from({ length: 26 }, (_, i) => CLASSIFIED_LEADING_WORDS.filter((w) => w.charCodeAt(0) === 97 + i));

/** The leading word that text[start, end) is, ignoring case, or undefined. Allocates nothing. */
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
  // With the statements of DO blocks and called procedures (scanner.ts).
  const split = splitSql(text, dialect, true, true);
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
    if (info.type === 'other' || !isNamed(info)) continue;
    if (info.type === 'begin') tx = stmt.start;
    if (info.type === 'create-table') {
      // Only needed for lookups: not kept as a statement.
      noteTable(createdTables, info.table, index);
      continue;
    }
    if (info.type === 'create-index' && info.indexName) analysis.noteIndex(info.indexName, index);
    stmt.info = info;
    // A DO block runs as one transaction: its statements are inside one even without BEGIN.
    stmt.inTransaction = tx >= 0 ? tx : split.containers[index];
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
