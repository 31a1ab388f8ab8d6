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
import { CALL, copiesFromStdin, END_OF_OTHER, MYSQL_ROUTINE, nextWordStartsWith, PG_PROCEDURE, routineName, SearchMisses, SECTION_WORDS, bodyStatementStart } from './sqlBodies';
import { backslashString, CLASS, dollarTagEnd, indexOfBefore, isUnicodeSpace, isWordChar, lineEnd, skipBlockComment, skipQuoted, WORD_START, wordAt, wordEnd, wordIsAt } from './sqlLexical';
import { leadingWordIndex, tokenizeSql, tokenizeTransient, type SqlToken } from './sqlTokenizer';
import type { SqlDialect } from './types';

// The tokenizer and the lexical helpers callers use, from where they always were.
export { isWordChar } from './sqlLexical';
export * from './sqlTokenizer';
export { bodyStatementStart } from './sqlBodies';

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
