// SQL tokens: made on demand for one statement's range (scanner.ts hands out ranges), with the
// same lexical rules as the splitter (sqlLexical.ts). Comments are skipped; strings, quoted names,
// dollar-quoted bodies and template placeholders (`{{ .Schema }}`, `${schema}`, `:name`) are
// single tokens.
import { CLASS, DIGIT, dollarTagEnd, indexOfBefore, isUnicodeSpace, isWordChar, lineEnd, skipBlockComment, skipQuoted, WORD_PART, WORD_START, wordAt, wordEnd } from './sqlLexical';
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

