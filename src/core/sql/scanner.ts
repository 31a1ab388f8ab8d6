// A fast statement splitter and tokenizer for PostgreSQL and MySQL migrations.
//
// Two levels, because a 4 MB migration is mostly CREATE TABLE bodies, INSERT values and function
// bodies that no rule looks into:
// - `scanSql` walks the whole file once in a flat char-code loop, jumping over strings, quoted
//   identifiers, dollar-quoted bodies and comments with `indexOf`, and records each statement's
//   range and every comment. No token objects, no substrings. A plain PostgreSQL statement (no
//   comment, quoted identifier, dollar quote or E'' string) is matched whole by one pattern.
// - A statement's tokens are made on first use (`stmt.tokens`, or `stmt.head(k)` for the first k),
//   by `tokenizeSql` over that statement's range only, with the same lexical rules.
// Positions are offsets into the original text, so they are exact (CRLF included). Comments and
// the contents of strings never become word tokens, so rules cannot match inside them. Bad input
// never throws: an unterminated string or comment runs to the end of the file.
//
// Statements that run inside others are statements too (with `bodies`, as the analysis asks):
// those of a `DO $$ ... $$` block (run at once, unlike a function's), and those of a procedure
// the same file CALLs (MySQL `CREATE PROCEDURE ... BEGIN ... END`, with or without DELIMITER;
// PostgreSQL `CREATE PROCEDURE ... AS $$ ... $$`). They come after their container, each from
// its first SQL word (PL/pgSQL and SQL/PSM control words such as IF ... THEN stripped). Without
// DELIMITER, a MySQL CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT runs to the `;` after its last END.
// `COPY ... FROM stdin` data (pg_dump) is skipped up to its `\.` line. Templated names
// (`{{ .Schema }}`, `${schema}`, `:name`) are single word tokens.
import type { SqlDialect } from './types';

/**
 * - `word`: an unquoted keyword or identifier (SQL keywords are mostly non-reserved, so which one
 *   it is depends on its position; the classifier decides).
 * - `quotedIdent`: `"name"` (PostgreSQL) or `` `name` `` (MySQL).
 * - `string`: `'...'`, `E'...'`, `$tag$...$tag$`, MySQL `"..."`, and `B'..'`/`X'..'`/`N'..'`.
 * - `param`: `$1` (PostgreSQL positional parameter).
 * - `punct`: any other single character (`(`, `)`, `,`, `.`, `=`, ...).
 */
export type SqlTokenKind = 'word' | 'quotedIdent' | 'string' | 'number' | 'param' | 'punct';

export interface SqlToken {
  kind: SqlTokenKind;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface SqlComment {
  start: number;
  /** End of the comment; a line comment ends before its line break (and before a CR of CRLF). */
  end: number;
}

/**
 * A statement's range. Made only for the statements someone looks at (the analysis skips the
 * CREATE TABLE bodies, INSERTs and functions that no rule reads).
 */
export class SqlStatement {
  private cachedEnd = -1;
  constructor(
    private readonly text: string,
    readonly dialect: SqlDialect,
    private readonly split: SqlSplit,
    /** Position of the statement in the file (0-based). */
    readonly index: number,
  ) {}

  /** Start of the first token (leading comments and blank lines excluded). */
  get start(): number {
    return this.split.starts[this.index];
  }

  /** Offset of the `;` (or MySQL custom delimiter) that ends the statement; -1 at end of file. */
  get terminator(): number {
    return this.split.terminators[this.index];
  }

  /** End of the last token: the terminator, trailing whitespace and trailing comments excluded. */
  get end(): number {
    if (this.cachedEnd < 0) this.cachedEnd = statementEnd(this.text, this.split, this.index);
    return this.cachedEnd;
  }

  /** The statement's tokens, made on each access (keep the array if you need it twice). */
  get tokens(): SqlToken[] {
    return tokenizeSql(this.text, this.start, this.limit(), this.dialect);
  }

  /** The first `k` tokens, without making the rest: enough to classify a long CREATE TABLE. */
  head(k: number): SqlToken[] {
    return tokenizeSql(this.text, this.start, this.limit(), this.dialect, k);
  }

  /** Like `head(k)` (all tokens without k), but valid only until the next transient tokenization. */
  transientHead(k = Infinity): SqlToken[] {
    return tokenizeTransient(this.text, this.start, this.limit(), this.dialect, k);
  }

  private limit(): number {
    const t = this.terminator;
    return t >= 0 ? t : this.text.length;
  }
}

/**
 * The splitter's output in flat arrays (no object per statement or comment: a 4 MB migration
 * has tens of thousands of each, and retained objects are what makes a cold run slow).
 */
export interface SqlSplit {
  count: number;
  starts: Int32Array;
  /** -1 for a last statement without terminator; the end of a DO body for its last statement without `;`. */
  terminators: Int32Array;
  /** For a statement of a DO block's body: where the DO statement starts (the block runs as one transaction); else -1. */
  containers: Int32Array;
  /** Comments inside statement k are comments [commentFrom[k], commentTo[k]). */
  commentFrom: Int32Array;
  commentTo: Int32Array;
  commentCount: number;
  commentStarts: Int32Array;
  commentEnds: Int32Array;
}

/** End of statement k's last token: its terminator, trailing whitespace and trailing comments excluded. */
export function statementEnd(text: string, split: SqlSplit, k: number): number {
  const start = split.starts[k];
  const from = split.commentFrom[k];
  let pos = split.terminators[k] >= 0 ? split.terminators[k] : text.length;
  let c = split.commentTo[k] - 1;
  for (;;) {
    while (pos > start && (text.charCodeAt(pos - 1) <= 32 || isUnicodeSpace(text.charCodeAt(pos - 1)))) pos--;
    while (c >= from && split.commentEnds[c] > pos) c--;
    if (c >= from && split.commentEnds[c] === pos && pos > start) pos = split.commentStarts[c--];
    else break;
  }
  return pos;
}

export interface SqlScan {
  statements: SqlStatement[];
  comments: SqlComment[];
}

// Character classes for ASCII; everything >= 128 that is not a space is an identifier character.
const WORD_START = 1;
const WORD_PART = 2;
const DIGIT = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  CLASS[c] = (letter ? WORD_START | WORD_PART : 0) | (digit ? WORD_PART | DIGIT : 0) | (c === 36 ? WORD_PART : 0);
}

const isUnicodeSpace = (c: number): boolean =>
  c === 0xa0 || c === 0xfeff || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;

/** Index just past the closing quote `q` (doubled quotes are escapes), or the end of the text. */
function skipQuoted(text: string, i: number, q: number, backslashEscapes: boolean): number {
  const n = text.length;
  if (!backslashEscapes) {
    const qs = q === 39 ? "'" : q === 34 ? '"' : '`';
    for (;;) {
      const j = text.indexOf(qs, i);
      if (j < 0) return n;
      if (text.charCodeAt(j + 1) === q) {
        i = j + 2;
        continue;
      }
      return j + 1;
    }
  }
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === q) {
      if (text.charCodeAt(i + 1) === q) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += d === 92 ? 2 : 1;
  }
  return n;
}

/** Index just past `*\/` of a block comment starting at i (nested in PostgreSQL), or the end. */
function skipBlockComment(text: string, i: number, nested: boolean): number {
  const n = text.length;
  if (!nested) {
    const j = text.indexOf('*/', i + 2);
    return j < 0 ? n : j + 2;
  }
  // From one `/*` or `*/` to the next, found by indexOf rather than character by character.
  let depth = 1;
  i += 2;
  let open = text.indexOf('/*', i);
  for (;;) {
    const close = text.indexOf('*/', i);
    if (close < 0) return n;
    if (open >= 0 && open < close) {
      depth++;
      i = open + 2;
      open = text.indexOf('/*', i);
      continue;
    }
    i = close + 2;
    if (--depth === 0) return i;
    if (open >= 0 && open < i) open = text.indexOf('/*', i);
  }
}

/** For `$` at i (PostgreSQL): the end of `$tag$` if a dollar-quote opener starts here, else -1. */
function dollarTagEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  if (j < n) {
    const c = text.charCodeAt(j);
    if (c === 36) return j + 1; // $$
    if (!(c < 128 ? CLASS[c] & WORD_START : !isUnicodeSpace(c))) return -1;
  }
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 36) return j + 1;
    // The tag may not contain `$`; any other identifier character is fine.
    if (!(c < 128 ? CLASS[c] & (WORD_PART | DIGIT) : !isUnicodeSpace(c))) return -1;
    j++;
  }
  return -1;
}

function lineEnd(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j;
}

/** A character that continues an identifier: ASCII letters, digits, `_`, `$`, and anything non-ASCII but a space. */
export function isWordChar(d: number): boolean {
  return d < 128 ? (CLASS[d] & WORD_PART) !== 0 : d === d && !isUnicodeSpace(d); // d === d: not NaN
}

/** End of an identifier whose first character is before j. */
function wordEnd(text: string, j: number, n: number): number {
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d < 128 ? (CLASS[d] & WORD_PART) === 0 : isUnicodeSpace(d)) return j;
    j++;
  }
  return n;
}

/**
 * Where a search for a placeholder's close already failed in the range being tokenized: a later
 * search from further on fails too, so it is not repeated (a statement of a million unclosed `{{`
 * would otherwise be read a million times). Reset by each tokenization.
 */
const templateMisses = { braces: Infinity, dollarUntil: -1, single: Infinity, double: Infinity };

function resetTemplateMisses(): void {
  templateMisses.braces = Infinity;
  templateMisses.dollarUntil = -1;
  templateMisses.single = Infinity;
  templateMisses.double = Infinity;
}

/**
 * For `{{`, `${` or `:` at i: the end of a template placeholder starting there, else -1. Go
 * templates (`{{ index .Options "Namespace" }}`), Flyway and Liquibase placeholders (`${schema}`,
 * `${flyway:defaultSchema}`), psql variables (`:schema`, `:'name'`, `:"name"`, but not `::type`).
 * Searches stop at `to` (one statement) and are not repeated after a miss: linear.
 */
function templateEnd(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  const m = templateMisses;
  if (c === 58) {
    if (text.charCodeAt(i - 1) === 58 || d === 58) return -1;
    if (d === 39 || d === 34) {
      if (i >= (d === 39 ? m.single : m.double)) return -1;
      const close = text.indexOf(d === 39 ? "'" : '"', i + 2);
      if (close >= 0 && close < to) return close + 1;
      if (d === 39) m.single = i;
      else m.double = i;
      return -1;
    }
    return d < 128 && CLASS[d] & WORD_START ? wordEnd(text, i + 2, to) : -1;
  }
  if (c === 123 && d === 123) {
    if (i >= m.braces) return -1;
    for (let j = i + 2; j + 1 < to; j++) if (text.charCodeAt(j) === 125 && text.charCodeAt(j + 1) === 125) return j + 2;
    m.braces = i;
    return -1;
  }
  if (c === 36 && d === 123) {
    if (i < m.dollarUntil) return -1;
    for (let j = i + 2; j < to; j++) {
      const e = text.charCodeAt(j);
      if (e === 125) return j > i + 2 ? j + 1 : -1;
      if (e === 10 || e === 59) {
        m.dollarUntil = j;
        return -1;
      }
    }
    m.dollarUntil = to;
  }
  return -1;
}

/** True for a word token holding a template placeholder (`{{ .Table }}`, `${table}`, `:table`, `t_{{ .Suffix }}`). */
export function isTemplated(text: string, tok: SqlToken): boolean {
  if (tok.kind !== 'word') return false;
  if (text.charCodeAt(tok.start) === 58) return true;
  const t = text.slice(tok.start, tok.end);
  return t.includes('{{') || t.includes('${');
}

/** End of a word that goes on at j with word characters or template placeholders (`tbl_{{ .Suffix }}`, `{{ .Prefix }}_users`). */
function templatedWordEnd(text: string, j: number, to: number): number {
  for (;;) {
    const t = templateEnd(text, j, to);
    if (t > 0) j = t;
    else if (j < to && isWordChar(text.charCodeAt(j))) j = wordEnd(text, j + 1, to);
    else return j;
  }
}

/** For `'` at i: whether backslashes escape inside it (MySQL always; PostgreSQL only in E'...'). */
function backslashString(text: string, i: number, mysql: boolean): boolean {
  if (mysql) return true;
  const p = text.charCodeAt(i - 1) | 0x20;
  return p === 101 && !isWordChar(text.charCodeAt(i - 2));
}

// The splitter only stops at these characters (plus a custom delimiter's first one); everything
// else belongs to the current statement as it is.
const SPLIT_PG = new Uint8Array(128);
const SPLIT_MY = new Uint8Array(128);
for (const ch of `;'"-/$`) SPLIT_PG[ch.charCodeAt(0)] = 1;
for (const ch of `;'"-/#\``) SPLIT_MY[ch.charCodeAt(0)] = 1;

/** A regular expression matching exactly the characters `splitSql` stops at inside a statement. */
function specialRegExp(split: Uint8Array, delim0: number): RegExp {
  let cls = '';
  for (let c = 0; c < 128; c++) if (split[c]) cls += `\\x${c.toString(16).padStart(2, '0')}`;
  if (delim0 >= 128) cls += `\\u${delim0.toString(16).padStart(4, '0')}`;
  return new RegExp(`[${cls}]`, 'g');
}
const SPECIAL_PG = specialRegExp(SPLIT_PG, 59);
const SPECIAL_MY = specialRegExp(SPLIT_MY, 59);

/**
 * The splitter's state. `scanSql`'s loop stays tiny (it compiles to fast code within a few
 * milliseconds of a cold start) and calls out here only between statements and at the few
 * characters that can start a string, a comment or a terminator.
 */
/** Rows of a few int32 columns, each a growable array (its filled part is handed out as a view, not copied). */
class IntColumns {
  cols: Int32Array[];
  count = 0;
  private capacity: number;
  constructor(width: number, capacity: number) {
    this.capacity = capacity;
    this.cols = Array.from({ length: width }, () => new Int32Array(capacity));
  }
  private grow(): void {
    this.capacity *= 2;
    this.cols = this.cols.map((c) => {
      const next = new Int32Array(this.capacity);
      next.set(c);
      return next;
    });
  }
  push2(a: number, b: number): void {
    if (this.count === this.capacity) this.grow();
    const r = this.count++;
    const cols = this.cols;
    cols[0][r] = a;
    cols[1][r] = b;
  }
  /** A statement row: start, terminator, comments from/to, container, body (see Splitter). */
  push6(a: number, b: number, c: number, d: number, e: number, f: number): number {
    if (this.count === this.capacity) this.grow();
    const r = this.count++;
    const cols = this.cols;
    cols[0][r] = a;
    cols[1][r] = b;
    cols[2][r] = c;
    cols[3][r] = d;
    cols[4][r] = e;
    cols[5][r] = f;
    return r;
  }
  column(k: number): Int32Array {
    return this.cols[k].subarray(0, this.count);
  }
}

/** Split tables and their patterns per custom delimiter's first character (a file may switch DELIMITER thousands of times). */
const DELIMITER_SPLITS = new Map<number, { split: Uint8Array; re: RegExp }>();
function delimiterSplit(delim0: number): { split: Uint8Array; re: RegExp } {
  let d = DELIMITER_SPLITS.get(delim0);
  if (d === undefined) {
    const split = SPLIT_MY.slice();
    split[59] = 0;
    if (delim0 < 128) split[delim0] = 1;
    d = { split, re: specialRegExp(split, delim0) };
    if (DELIMITER_SPLITS.size < 256) DELIMITER_SPLITS.set(delim0, d);
  }
  return d;
}

/** What kind of statement starts here, as far as the splitter cares. */
const PLAIN = 0;
const DO_BLOCK = 1;
const COPY = 2;
const PROCEDURE = 3;

/**
 * `CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] PROCEDURE|FUNCTION|TRIGGER|EVENT [IF NOT EXISTS] name`
 * at a statement start (MySQL), and the same for PostgreSQL procedures. Bounded pieces: a hostile
 * unclosed quote costs 200 characters, not the rest of the file.
 */
const Q = '(?:`[^`]{0,200}`|\'[^\']{0,200}\'|"[^"]{0,200}"|[\\w$.%-]{1,200})';
const NAME_PART = '(?:`[^`]{0,200}`|"[^"]{0,200}"|[\\w$]{1,200})';
const ROUTINE_NAME = `(${NAME_PART}(?:\\s*\\.\\s*${NAME_PART})?)`;
const MYSQL_ROUTINE = new RegExp(
  `create\\s+(?:or\\s+replace\\s+)?(?:definer\\s*=\\s*${Q}(?:\\s*@\\s*${Q})?\\s+)?(?:aggregate\\s+)?(procedure|function|trigger|event)\\s+(?:if\\s+not\\s+exists\\s+)?${ROUTINE_NAME}`,
  'iy',
);
const PG_PROCEDURE = new RegExp(`create\\s+(?:or\\s+replace\\s+)?procedure\\s+${ROUTINE_NAME}`, 'iy');
const CALL = new RegExp(`call\\s+${ROUTINE_NAME}`, 'iy');

/** A routine's name for matching CALLs: its last part, unquoted, lower-cased. */
function routineName(qualified: string): string {
  const parts = qualified.split('.');
  const last = parts[parts.length - 1].trim();
  const q = last.charCodeAt(0);
  return (q === 96 || q === 34 ? last.slice(1, -1) : last).toLowerCase();
}

/** Whether the next word from i (after spaces) starts with one of the lower-case `letters`: a cheap test before a pattern. */
function nextWordStartsWith(text: string, i: number, letters: string): boolean {
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const c = text.charCodeAt(i) | 0x20;
  return c >= 97 && c <= 122 && letters.includes(String.fromCharCode(c));
}

/** Words that open (DECLARE) and close (BEGIN) a PL/pgSQL block's declarations. */
const SECTION_WORDS = ['declare', 'begin'];

/** Words after END that close something BEGIN/CASE did not open (`END IF`, `END LOOP`...). */
const END_OF_OTHER = ['if', 'loop', 'while', 'repeat'];

class Splitter {
  // Sized from the text (a statement per ~64 characters, a comment per ~128, as migrations go),
  // so a big file does not copy its rows through a dozen doublings.
  readonly stmts: IntColumns; // start, terminator, commentFrom, commentTo, container, body
  readonly comments: IntColumns; // start, end
  readonly mysql: boolean;
  split: Uint8Array;
  /** Finds the next character the split table marks (global: `test` moves `lastIndex`, allocating nothing). */
  specialRe: RegExp;
  delimiter = ';';
  delim0 = 59;
  stmtStart = -1;
  commentFrom = 0;
  /** What the current statement is (PLAIN, DO_BLOCK, COPY, PROCEDURE); set only when `bodies`. */
  stmtKind = PLAIN;
  /** A container's row, reserved at its start so that it comes before its body's statements; else -1. */
  containerRow = -1;
  /** The body id of the current PostgreSQL procedure, -1 for a DO block's. */
  containerBody = -1;
  /** The current container's dollar-quoted body was read. */
  bodyRead = false;
  /** Procedure names by body id (lower case): their statements are kept only if the file CALLs them. */
  readonly bodyNames: string[] = [];
  /** After a MySQL routine without its END: read the rest as before (see `compound`). */
  noCompounds = false;
  /** Searches inside bodies that already failed, so that they are not repeated (see SearchMisses). */
  readonly misses: SearchMisses;
  constructor(
    readonly text: string,
    readonly dialect: SqlDialect,
    /** Whether to find the statements inside DO blocks and called procedures, and skip COPY data. */
    readonly bodies: boolean,
  ) {
    this.mysql = dialect === 'mysql';
    this.split = this.mysql ? SPLIT_MY : SPLIT_PG;
    this.specialRe = this.mysql ? SPECIAL_MY : SPECIAL_PG;
    this.stmts = new IntColumns(6, Math.max(256, text.length >> 6));
    this.misses = new SearchMisses(text);
    this.comments = new IntColumns(2, Math.max(256, text.length >> 7));
  }

  /** Between statements, at a non-space character: skips comments, empty statements and client commands; otherwise starts a statement at i and returns i. */
  between(i: number, c: number): number {
    const { text, mysql } = this;
    const n = text.length;
    if (c >= 128 && isUnicodeSpace(c)) return i + 1; // BOM, no-break space
    if (c === 45 && text.charCodeAt(i + 1) === 45 && (!mysql || !(text.charCodeAt(i + 2) > 32))) return this.lineComment(i);
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = skipBlockComment(text, i, !mysql);
      this.comments.push2(i, end);
      return end;
    }
    if (c === 35 && mysql) return this.lineComment(i);
    if (c === this.delim0 && text.startsWith(this.delimiter, i)) return i + this.delimiter.length;
    if (c === 92 && !mysql) return lineEnd(text, i); // psql meta-command (`\set ON_ERROR_STOP on`)
    if (mysql && (c | 0x20) === 100 && wordAt(text, i, 'delimiter') && !isWordChar(text.charCodeAt(i + 9))) {
      // `DELIMITER //` is a client command up to the line break; `;` is ordinary until `DELIMITER ;`.
      let k = i + 9;
      while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
      let e = k;
      while (e < n && text.charCodeAt(e) > 32) e++;
      if (e > k) {
        this.delimiter = text.slice(k, e);
        this.delim0 = this.delimiter.charCodeAt(0);
        if (this.delimiter === ';') {
          this.split = SPLIT_MY;
          this.specialRe = SPECIAL_MY;
        } else {
          const d = delimiterSplit(this.delim0);
          this.split = d.split;
          this.specialRe = d.re;
        }
      }
      return lineEnd(text, e);
    }
    this.stmtStart = i;
    this.commentFrom = this.comments.count;
    this.stmtKind = PLAIN;
    if (this.bodies) {
      const lower = c | 0x20;
      if (lower === 99 || lower === 100) {
        const j = this.container(i, lower);
        if (j !== i) return j;
      }
    }
    return i;
  }

  /** At the start of a statement beginning with c or d: notes a DO block, COPY or procedure; a MySQL routine is read whole here (returns past it). */
  private container(i: number, lower: number): number {
    const text = this.text;
    if (!this.mysql) {
      if (lower === 100 && wordAt(text, i, 'do') && !isWordChar(text.charCodeAt(i + 2))) this.openContainer(DO_BLOCK, -1);
      else if (lower === 99 && wordAt(text, i, 'copy') && !isWordChar(text.charCodeAt(i + 4))) this.stmtKind = COPY;
      else if (lower === 99 && wordAt(text, i, 'create') && nextWordStartsWith(text, i + 6, 'po')) {
        PG_PROCEDURE.lastIndex = i;
        const m = PG_PROCEDURE.exec(text);
        if (m) this.openContainer(PROCEDURE, this.bodyNames.push(routineName(m[1])) - 1);
      }
      return i;
    }
    if (lower !== 99 || this.noCompounds || !wordAt(text, i, 'create') || !nextWordStartsWith(text, i + 6, 'doapfte')) return i;
    MYSQL_ROUTINE.lastIndex = i;
    const m = MYSQL_ROUTINE.exec(text);
    if (!m) return i;
    return this.compound(i, m[1].toLowerCase() === 'procedure' ? routineName(m[2]) : undefined);
  }

  private openContainer(kind: number, body: number): void {
    this.stmtKind = kind;
    this.containerBody = body;
    this.bodyRead = false;
    this.containerRow = this.stmts.push6(this.stmtStart, -1, this.commentFrom, this.commentFrom, -1, -1);
  }

  /** Ends the current statement at its terminator `at` (-1: the end of the text); returns where reading goes on. */
  endStatement(at: number): number {
    const row = this.containerRow;
    if (row >= 0) {
      this.stmts.cols[1][row] = at;
      this.stmts.cols[3][row] = this.comments.count;
      this.containerRow = -1;
    } else this.stmts.push6(this.stmtStart, at, this.commentFrom, this.comments.count, -1, -1);
    this.stmtStart = -1;
    if (at < 0) return this.text.length;
    const next = at + this.delimiter.length;
    return this.stmtKind === COPY ? this.afterCopyData(next) : next;
  }

  /** Inside a statement, at a character the split table marks: returns the next index. */
  special(i: number, c: number): number {
    const { text, mysql } = this;
    if (c === this.delim0 && (c === 59 || text.startsWith(this.delimiter, i))) return this.endStatement(i);
    switch (c) {
      case 39:
        return skipQuoted(text, i + 1, 39, backslashString(text, i, mysql));
      case 34:
        return skipQuoted(text, i + 1, 34, mysql);
      case 96:
        return skipQuoted(text, i + 1, 96, false);
      case 36: {
        // `$tag$...$tag$`, unless the `$` continues an identifier (`a$b`) or is a `$1` parameter.
        const tagEnd = isWordChar(text.charCodeAt(i - 1)) ? -1 : dollarTagEnd(text, i);
        if (tagEnd < 0) return i + 1;
        const closeAt = text.indexOf(text.slice(i, tagEnd), tagEnd);
        const close = closeAt < 0 ? text.length : closeAt;
        if (this.containerRow >= 0 && !this.bodyRead) {
          // The first dollar-quoted string of a DO block or procedure is its body.
          this.bodyRead = true;
          this.readBody(tagEnd, close);
        }
        return closeAt < 0 ? text.length : close + (tagEnd - i);
      }
      case 45:
        if (text.charCodeAt(i + 1) === 45 && (!mysql || !(text.charCodeAt(i + 2) > 32))) return this.lineComment(i);
        return i + 1;
      case 35:
        return this.lineComment(i);
      case 47:
        if (text.charCodeAt(i + 1) === 42) {
          const end = skipBlockComment(text, i, !mysql);
          this.comments.push2(i, end);
          return end;
        }
        return i + 1;
    }
    return i + 1;
  }

  lineComment(from: number): number {
    const text = this.text;
    const e = lineEnd(text, from);
    this.comments.push2(from, e > from && text.charCodeAt(e - 1) === 13 ? e - 1 : e);
    return e;
  }

  /**
   * A PostgreSQL body text[from, to) (PL/pgSQL or SQL): its statements, split at `;` outside
   * strings, quoted names, nested dollar quotes and comments (recorded as the file's comments).
   */
  private readBody(from: number, to: number): void {
    const text = this.text;
    this.declaring = false;
    const container = this.stmtStart;
    const body = this.containerBody;
    let piece = -1;
    let pieceComments = this.comments.count;
    let i = from;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c <= 32 || (c >= 128 && isUnicodeSpace(c))) {
        i++;
        continue;
      }
      if (c === 59) {
        if (piece >= 0) this.bodyStatement(piece, i, pieceComments, container, body);
        piece = -1;
        i++;
        continue;
      }
      if (c === 45 && text.charCodeAt(i + 1) === 45) {
        const e = Math.min(this.misses.lineEnd(i), to);
        this.comments.push2(i, e > i && text.charCodeAt(e - 1) === 13 ? e - 1 : e);
        i = e;
        continue;
      }
      if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const e = Math.min(this.misses.blockCommentEnd(i), to);
        this.comments.push2(i, e);
        i = e;
        continue;
      }
      if (piece < 0) {
        piece = i;
        pieceComments = this.comments.count;
      }
      if (c === 39) i = skipQuoted(text, i + 1, 39, backslashString(text, i, false));
      else if (c === 34) i = skipQuoted(text, i + 1, 34, false);
      else if (c === 36) {
        const tagEnd = isWordChar(text.charCodeAt(i - 1)) ? -1 : dollarTagEnd(text, i);
        if (tagEnd < 0 || tagEnd > to) i++;
        else {
          const close = indexOfBefore(text, text.slice(i, tagEnd), tagEnd, to);
          i = close < 0 ? to : close + (tagEnd - i);
        }
      } else i++;
    }
    if (piece >= 0) this.bodyStatement(piece, to, pieceComments, container, body);
  }

  /** In a PL/pgSQL DECLARE section (its declarations end at BEGIN). */
  private declaring = false;

  /** One statement of a body, text[from, end), kept from its first SQL word (control words stripped) if it has one. */
  private bodyStatement(from: number, end: number, commentFrom: number, container: number, body: number): void {
    if (!this.mysql) {
      const w = leadingWordIndex(this.text, from, end, 1, SECTION_WORDS);
      if (w >= 0) this.declaring = w === 0;
      else if (this.declaring) return;
    }
    const start = bodyStatementStart(this.text, from, end, this.dialect);
    if (start >= 0) this.stmts.push6(start, end, commentFrom, this.comments.count, body >= 0 ? -1 : container, body);
  }

  /**
   * A MySQL CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT from `i0`, read whole: up to the custom
   * delimiter, or without one to the `;` after the END that closes its BEGIN (BEGIN and CASE open,
   * END closes, END IF/LOOP/WHILE/REPEAT do not). A procedure's (`name` given) statements are
   * rows of its body. Returns where reading goes on; `i0` when a routine's END never comes (the
   * file is then read as before, split at every `;`, and no more routines are looked for: linear).
   */
  private compound(i0: number, name: string | undefined): number {
    const text = this.text;
    const n = text.length;
    const rowsBefore = this.stmts.count;
    const commentsBefore = this.comments.count;
    const namesBefore = this.bodyNames.length;
    this.openContainer(PROCEDURE, name === undefined ? -1 : this.bodyNames.push(name) - 1);
    const body = this.containerBody;
    const custom = this.delimiter !== ';';
    let depth = 0;
    let inBody = false;
    let piece = -1;
    let pieceComments = 0;
    let skipCase = false;
    let i = i0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c <= 32 || (c >= 128 && isUnicodeSpace(c))) {
        i++;
        continue;
      }
      if (custom ? c === this.delim0 && text.startsWith(this.delimiter, i) : c === 59 && depth <= 0) return this.endStatement(i);
      if (c === 59) {
        if (piece >= 0 && body >= 0) this.bodyStatement(piece, i, pieceComments, -1, body);
        piece = -1;
        i++;
        continue;
      }
      if ((c === 45 && text.charCodeAt(i + 1) === 45 && !(text.charCodeAt(i + 2) > 32)) || c === 35) {
        i = this.lineComment(i);
        continue;
      }
      if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const end = skipBlockComment(text, i, false);
        this.comments.push2(i, end);
        i = end;
        continue;
      }
      if (inBody && piece < 0) {
        piece = i;
        pieceComments = this.comments.count;
      }
      if (c === 39 || c === 34 || c === 96) {
        i = skipQuoted(text, i + 1, c, c !== 96);
        continue;
      }
      if (c < 128 ? (CLASS[c] & WORD_START) === 0 : false) {
        i++;
        continue;
      }
      const j = wordEnd(text, i + 1, n);
      const len = j - i;
      if (len === 5 && wordAt(text, i, 'begin')) {
        depth++;
        if (!inBody) {
          inBody = true;
          piece = -1;
        }
      } else if (len === 4 && wordAt(text, i, 'case')) {
        if (!skipCase) depth++;
      } else if (len === 3 && wordAt(text, i, 'end')) {
        let k = j;
        while (k < n && text.charCodeAt(k) <= 32) k++;
        if (!END_OF_OTHER.some((w) => wordIsAt(text, k, w))) depth--;
        skipCase = wordIsAt(text, k, 'case');
        i = j;
        continue;
      }
      skipCase = false;
      i = j;
    }
    if (!custom && depth > 0) {
      // Never closed: undo, and split this routine at its semicolons as before.
      this.stmts.count = rowsBefore;
      this.comments.count = commentsBefore;
      this.bodyNames.length = namesBefore;
      this.containerRow = -1;
      this.noCompounds = true;
      this.stmtKind = PLAIN;
      return i0;
    }
    return this.endStatement(-1);
  }

  /** After a `COPY ... FROM stdin` ending before `next`: the index past its data's `\.` line (or the end). */
  private afterCopyData(next: number): number {
    const text = this.text;
    const row = this.stmts.count - 1;
    const start = this.stmts.cols[0][row];
    const end = this.stmts.cols[1][row];
    if (!copiesFromStdin(text, start, end)) return next;
    // The data starts on the next line and ends at a line that is exactly `\.`.
    let from = text.indexOf('\n', next);
    if (from < 0) return text.length;
    from++;
    for (;;) {
      const at = text.indexOf('\\.', from);
      if (at < 0) return text.length;
      const after = text.charCodeAt(at + 2);
      if ((at === from || text.charCodeAt(at - 1) === 10) && (at + 2 >= text.length || after === 10 || after === 13)) return lineEnd(text, at);
      from = at + 2;
    }
  }

  finish(): SqlSplit {
    if (this.stmtStart >= 0) this.endStatement(-1);
    if (this.bodyNames.length > 0) this.dropUncalledBodies();
    const st = this.stmts;
    const cm = this.comments;
    return {
      count: st.count,
      starts: st.column(0),
      terminators: st.column(1),
      containers: st.column(4),
      commentFrom: st.column(2),
      commentTo: st.column(3),
      commentCount: cm.count,
      commentStarts: cm.column(0),
      commentEnds: cm.column(1),
    };
  }

  /** Removes the rows of procedures the file does not CALL (a routine defined for later is not run by this migration). */
  private dropUncalledBodies(): void {
    const text = this.text;
    const cols = this.stmts.cols;
    const count = this.stmts.count;
    const called = new Set<string>();
    for (let r = 0; r < count; r++) {
      if (cols[5][r] >= 0 || (text.charCodeAt(cols[0][r]) | 0x20) !== 99) continue;
      CALL.lastIndex = cols[0][r];
      const m = CALL.exec(text);
      if (m) called.add(routineName(m[1]));
    }
    let w = 0;
    for (let r = 0; r < count; r++) {
      const body = cols[5][r];
      if (body >= 0 && !called.has(this.bodyNames[body])) continue;
      if (w !== r) for (const col of cols) col[w] = col[r];
      w++;
    }
    this.stmts.count = w;
  }
}

/**
 * Line and block comment ends inside bodies, remembered: a body ends at its closing tag, so a
 * search that ran past it is repeated by the next body's comment unless remembered (a single line
 * of a hundred thousand `DO $$ -- $$;` would read the rest of the line each time).
 */
class SearchMisses {
  private newlineFrom = -1;
  private newlineAt = -1;
  private noBlockEndFrom = Infinity;
  constructor(private readonly text: string) {}

  /** lineEnd(text, i), reusing the last search when it covers i. */
  lineEnd(i: number): number {
    if (i >= this.newlineFrom && i <= this.newlineAt) return this.newlineAt;
    this.newlineFrom = i;
    this.newlineAt = lineEnd(this.text, i);
    return this.newlineAt;
  }

  /** skipBlockComment(text, i, nested), the end of the text without searching again once no `*\/` follows. */
  blockCommentEnd(i: number): number {
    if (i >= this.noBlockEndFrom) return this.text.length;
    const e = skipBlockComment(this.text, i, true);
    if (e === this.text.length && !this.text.endsWith('*/')) this.noBlockEndFrom = i;
    return e;
  }
}

/** The first `needle` in text[from, to), or -1; each step goes to the next `$`, so a miss costs the range, not the rest of the text. */
function indexOfBefore(text: string, needle: string, from: number, to: number): number {
  const first = needle[0];
  let k = from;
  for (;;) {
    const j = text.indexOf(first, k);
    if (j < 0 || j + needle.length > to) return -1;
    if (text.startsWith(needle, j)) return j;
    k = j + 1;
  }
}

/** Whether the COPY statement text[start, end) reads its rows FROM STDIN (they follow it in the file). */
function copiesFromStdin(text: string, start: number, end: number): boolean {
  const toks = tokenizeTransient(text, start, end < 0 ? text.length : end, 'postgresql', 4096);
  for (let k = 1; k < toks.length - 1; k++) if (isWord(text, toks[k], 'from') && isWord(text, toks[k + 1], 'stdin')) return true;
  return false;
}

/**
 * A whole PostgreSQL statement up to its `;`, when it holds no comment, quoted identifier, dollar
 * quote or E'' string (whose backslashes escape): words, numbers, punctuation and plain '...'
 * strings only, which is most of a migration. One test per statement instead of a stop at every
 * quote and at the terminator. Each part is maximal (a run of plain characters cannot be split
 * two ways), so a statement that does not match fails in linear time.
 */
const PLAIN_STATEMENT = /(?:[^;'"\-/$]+(?![^;'"\-/$])|(?<![eE])'[^']*'|-(?!-)|\/(?!\*))*;/y;

/**
 * Splits the text into statements and collects its comments, in flat arrays. Never throws.
 * `plainStatements: false` splits every statement character by character (what the plain-statement
 * pattern must agree with: test/unit/lint-sql-fast-heads.test.ts).
 */
export function splitSql(text: string, dialect: SqlDialect, plainStatements = true, bodies = false): SqlSplit {
  const sp = new Splitter(text, dialect, bodies);
  const n = text.length;
  const plain = plainStatements && dialect === 'postgresql';
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      i++;
      continue;
    }
    if (sp.stmtStart < 0) {
      const j = sp.between(i, c);
      if (j !== i) {
        i = j;
        continue;
      }
      if (plain && plainStatementEnd(text, i) > 0) {
        i = sp.endStatement(PLAIN_STATEMENT.lastIndex - 1);
        continue;
      }
    }
    if (c < 128 ? sp.split[c] === 0 : c !== sp.delim0) {
      // Inside a statement, up to the next string, comment or terminator: most of a migration's
      // characters, skipped by the regular expression engine rather than one by one here.
      const re = sp.specialRe;
      re.lastIndex = i + 1;
      if (!re.test(text)) break;
      i = re.lastIndex - 1;
    } else i = sp.special(i, c);
  }
  return sp.finish();
}

/** lastIndex after a plain statement starting at i (see PLAIN_STATEMENT), or 0. */
function plainStatementEnd(text: string, i: number): number {
  PLAIN_STATEMENT.lastIndex = i;
  try {
    return PLAIN_STATEMENT.test(text) ? PLAIN_STATEMENT.lastIndex : 0;
  } catch {
    // A statement of millions of parts exhausts the pattern's backtracking stack: split it by characters.
    return 0;
  }
}

/** Splits the text into statements (objects, those of DO blocks and called procedures included) and collects its comments. Never throws. */
export function scanSql(text: string, dialect: SqlDialect): SqlScan {
  const split = splitSql(text, dialect, true, true);
  const statements: SqlStatement[] = [];
  for (let k = 0; k < split.count; k++) statements.push(new SqlStatement(text, dialect, split, k));
  const comments: SqlComment[] = [];
  for (let k = 0; k < split.commentCount; k++) comments.push({ start: split.commentStarts[k], end: split.commentEnds[k] });
  return { statements, comments };
}

/**
 * Which of the first `maxWords` words of text[from, to) equals one of `lowers` (lower case):
 * its index in `lowers`, or -1. Stops at the first token that is not a plain word. Allocates
 * nothing: the analysis asks this of every CREATE statement.
 */
export function leadingWordIndex(text: string, from: number, to: number, maxWords: number, lowers: readonly string[]): number {
  let i = from;
  for (let w = 0; w < maxWords; w++) {
    for (;;) {
      while (i < to && text.charCodeAt(i) <= 32) i++;
      if (text.charCodeAt(i) === 45 && text.charCodeAt(i + 1) === 45) i = lineEnd(text, i);
      else if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) i = skipBlockComment(text, i, true);
      else break;
    }
    if (i >= to) return -1;
    const c = text.charCodeAt(i);
    if (c >= 128 || !(CLASS[c] & WORD_START)) return -1;
    const j = wordEnd(text, i + 1, to);
    for (let k = 0; k < lowers.length; k++) if (lowers[k].length === j - i && wordAt(text, i, lowers[k])) return k;
    i = j;
  }
  return -1;
}

/**
 * Tokens of text[from, to), at most `max`. Comments are skipped; strings, quoted identifiers and
 * dollar-quoted bodies are single tokens. `;` inside the range is punctuation (MySQL bodies under
 * a custom DELIMITER).
 */
export function tokenizeSql(text: string, from: number, to: number, dialect: SqlDialect, max = Infinity): SqlToken[] {
  const out: SqlToken[] = [];
  tokenizeInto(text, from, to, dialect, max, out, false);
  return out;
}

/** Token objects reused by `tokenizeTransient`. */
const POOL: SqlToken[] = [];
const TRANSIENT: SqlToken[] = [];

/**
 * `tokenizeSql` into one reused array of reused token objects: valid only until the next call.
 * For the classifier, which reads a statement's tokens once and keeps none of them (a 4 MB
 * migration would otherwise allocate hundreds of thousands of short-lived tokens).
 */
export function tokenizeTransient(text: string, from: number, to: number, dialect: SqlDialect, max = Infinity): SqlToken[] {
  tokenizeInto(text, from, to, dialect, max, TRANSIENT, true);
  return TRANSIENT;
}

function put(out: SqlToken[], n: number, pooled: boolean, kind: SqlTokenKind, start: number, end: number): number {
  if (pooled) {
    let t = POOL[n];
    if (t === undefined) POOL[n] = t = { kind, start, end };
    else {
      t.kind = kind;
      t.start = start;
      t.end = end;
    }
    out[n] = t;
  } else out.push({ kind, start, end });
  return n + 1;
}

function tokenizeInto(text: string, from: number, to: number, dialect: SqlDialect, max: number, out: SqlToken[], pooled: boolean): void {
  const mysql = dialect === 'mysql';
  resetTemplateMisses();
  let n = 0;
  let i = from;
  while (i < to && n < max) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      i++;
      continue;
    }
    if (c >= 128) {
      if (isUnicodeSpace(c)) {
        i++;
        continue;
      }
      const j = wordEnd(text, i + 1, to); // non-ASCII letters start identifiers
      n = put(out, n, pooled, 'word', i, j);
      i = j;
      continue;
    }
    const cls = CLASS[c];
    if ((c === 123 || c === 36 || c === 58) && templateEnd(text, i, to) > 0) {
      // `{{ .Schema }}.users`, `${schema}.orders`, `:schema.orders`: an opaque name, with any word characters around it.
      const j = templatedWordEnd(text, i, to);
      n = put(out, n, pooled, 'word', i, j);
      i = j;
      continue;
    }
    if (cls & WORD_START || (c === 36 && mysql)) {
      let j = wordEnd(text, i + 1, to);
      const e = text.charCodeAt(j);
      // A placeholder right after the word (`orders_{{ .Suffix }}`, `tbl${n}`) is part of it.
      if (e === 123 || e === 58) j = templatedWordEnd(text, e === 123 && text.charCodeAt(j - 1) === 36 ? j - 1 : j, to);
      if (j === i + 1 && text.charCodeAt(j) === 39) {
        const p = c | 0x20;
        if (p === 101 || p === 98 || p === 120 || p === 110) {
          // E'..' (PostgreSQL, backslash escapes), B'..', X'..', N'..'.
          const end = Math.min(to, skipQuoted(text, j + 1, 39, mysql || p === 101));
          n = put(out, n, pooled, 'string', i, end);
          i = end;
          continue;
        }
      }
      n = put(out, n, pooled, 'word', i, j);
      i = j;
      continue;
    }
    if (cls & DIGIT || (c === 46 && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)) {
      // Number: digits, fraction, exponent; trailing identifier characters (0x1F, 1_000) join it.
      let j = i + 1;
      while (j < to) {
        const d = text.charCodeAt(j);
        if (d < 128 && (CLASS[d] & WORD_PART || d === 46)) j++;
        else if ((d === 43 || d === 45) && (text.charCodeAt(j - 1) | 0x20) === 101 && j - 1 > i) j++;
        else break;
      }
      n = put(out, n, pooled, 'number', i, j);
      i = j;
      continue;
    }
    let end = -1;
    let kind: SqlTokenKind = 'string';
    switch (c) {
      case 39:
        end = skipQuoted(text, i + 1, 39, mysql);
        break;
      case 34:
        end = skipQuoted(text, i + 1, 34, mysql);
        if (!mysql) kind = 'quotedIdent'; // MySQL (without ANSI_QUOTES): a string
        break;
      case 96:
        if (mysql) {
          end = skipQuoted(text, i + 1, 96, false);
          kind = 'quotedIdent';
        }
        break;
      case 36: {
        const d = text.charCodeAt(i + 1);
        if (d >= 48 && d <= 57) {
          let j = i + 2;
          while (j < to && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
          n = put(out, n, pooled, 'param', i, j);
          i = j;
          continue;
        }
        const tagEnd = dollarTagEnd(text, i);
        if (tagEnd >= 0) {
          // Searched within the range only: a body's statements may each hold an unclosed tag of their own.
          const close = indexOfBefore(text, text.slice(i, tagEnd), tagEnd, to);
          end = close < 0 ? text.length : close + (tagEnd - i);
        }
        break;
      }
      case 45:
        if (text.charCodeAt(i + 1) === 45 && (!mysql || !(text.charCodeAt(i + 2) > 32))) {
          i = lineEnd(text, i);
          continue;
        }
        break;
      case 35:
        if (mysql) {
          i = lineEnd(text, i);
          continue;
        }
        break;
      case 47:
        if (text.charCodeAt(i + 1) === 42) {
          i = skipBlockComment(text, i, !mysql);
          continue;
        }
        break;
    }
    if (end >= 0) {
      end = Math.min(end, to);
      n = put(out, n, pooled, kind, i, end);
      i = end;
      continue;
    }
    n = put(out, n, pooled, 'punct', i, i + 1);
    i++;
  }
  out.length = n;
}

/** True when text[i..] starts with the lower-case ASCII word `lower`, ignoring case. */
function wordAt(text: string, i: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = text.charCodeAt(i + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** True when text[i..] is the lower-case ASCII word `lower` as a whole word, ignoring case. */
function wordIsAt(text: string, i: number, lower: string): boolean {
  return wordAt(text, i, lower) && !isWordChar(text.charCodeAt(i + lower.length));
}

/** Control words that open a clause ending at THEN, LOOP or DO, before the statement they guard. */
const GUARDS = new Set(['if', 'elsif', 'elseif', 'while', 'for', 'foreach', 'case', 'when']);
const GUARD_ENDS = new Set(['then', 'loop', 'do']);
/** Control words that stand alone before a statement. */
const PREFIXES = new Set(['begin', 'else', 'loop', 'repeat', 'exception']);
/** Tokens read to find where a body statement starts (an IF's condition may be long; a longer one is not read). */
const MAX_GUARD_TOKENS = 4096;

/**
 * Where the SQL statement in a PL/pgSQL or SQL/PSM piece text[from, end) starts, past the control
 * words before it (`BEGIN`, `IF ... THEN`, `ELSE`, `FOR ... LOOP`, `WHILE ... DO`, `EXCEPTION WHEN
 * ... THEN`, `<<label>>`, `label:`); -1 for a declaration, an `END ...`, or nothing left.
 */
export function bodyStatementStart(text: string, from: number, end: number, dialect: SqlDialect): number {
  const toks = tokenizeTransient(text, from, end, dialect, MAX_GUARD_TOKENS);
  let k = 0;
  while (k < toks.length) {
    const t = toks[k];
    if (isPunct(text, t, '<') && isPunct(text, toks[k + 1], '<')) {
      // <<label>>
      k += 2;
      while (k < toks.length && !(isPunct(text, toks[k], '>') && isPunct(text, toks[k + 1], '>'))) k++;
      k += 2;
      continue;
    }
    if (t.kind !== 'word') return t.start;
    if (isPunct(text, toks[k + 1], ':') && !isPunct(text, toks[k + 2], '=') && toks[k + 1].start === t.end) {
      k += 2; // label: BEGIN
      continue;
    }
    const w = lowerWord(text, t);
    if (w === 'declare' || w === 'end') return -1;
    if (PREFIXES.has(w)) {
      k++;
      if (w === 'begin' && isWord(text, toks[k], 'not') && isWord(text, toks[k + 1], 'atomic')) k += 2;
      continue;
    }
    if (GUARDS.has(w)) {
      k++;
      while (k < toks.length && !GUARD_ENDS.has(lowerWord(text, toks[k]))) k++;
      if (k >= toks.length) return -1;
      k++;
      continue;
    }
    return t.start;
  }
  return -1;
}

/** True when the token is the unquoted word `lower` (given in lower case), in any case. */
export function isWord(text: string, tok: SqlToken | undefined, lower: string): boolean {
  return tok !== undefined && tok.kind === 'word' && tok.end - tok.start === lower.length && wordAt(text, tok.start, lower);
}

/** True when the token is the punctuation character `ch`. */
export function isPunct(text: string, tok: SqlToken | undefined, ch: string): boolean {
  return tok !== undefined && tok.kind === 'punct' && text.charCodeAt(tok.start) === ch.charCodeAt(0);
}

/** The lower-cased text of a word token; '' for any other kind (so switch statements skip them). */
export function lowerWord(text: string, tok: SqlToken | undefined): string {
  return tok !== undefined && tok.kind === 'word' ? text.slice(tok.start, tok.end).toLowerCase() : '';
}

export function tokenText(text: string, tok: SqlToken): string {
  return text.slice(tok.start, tok.end);
}

/**
 * An identifier's name for lookups: quotes removed (doubled quotes undone) and lower-cased, since
 * table sizes in `.runbooklint.yaml` are keyed in lower case.
 */
export function identName(text: string, tok: SqlToken): string {
  if (tok.kind !== 'quotedIdent') return text.slice(tok.start, tok.end).toLowerCase();
  const q = text[tok.start];
  const closed = tok.end - tok.start >= 2 && text[tok.end - 1] === q;
  return text
    .slice(tok.start + 1, closed ? tok.end - 1 : tok.end)
    .split(q + q)
    .join(q)
    .toLowerCase();
}

/** The value of a plain string literal ('...' with doubled quotes); undefined for other tokens. */
export function stringValue(text: string, tok: SqlToken): string | undefined {
  if (tok.kind !== 'string' || text.charCodeAt(tok.start) !== 39) return undefined;
  const closed = tok.end - tok.start >= 2 && text.charCodeAt(tok.end - 1) === 39;
  return text.slice(tok.start + 1, closed ? tok.end - 1 : tok.end).split("''").join("'");
}
