// What the splitter (scanner.ts) needs to read statements inside statements: which CREATE starts
// a routine and what it is called, which CALL runs one, where a PL/pgSQL or SQL/PSM statement
// starts past its control words, and whether a COPY's rows follow it in the file.
import { lineEnd, skipBlockComment } from './sqlLexical';
import { isPunct, isWord, lowerWord, tokenizeTransient } from './sqlTokenizer';
import type { SqlDialect } from './types';

/**
 * `CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] PROCEDURE|FUNCTION|TRIGGER|EVENT [IF NOT EXISTS] name`
 * at a statement start (MySQL), and the same for PostgreSQL procedures. Bounded pieces: a hostile
 * unclosed quote costs 200 characters, not the rest of the file.
 */
const Q = '(?:`[^`]{0,200}`|\'[^\']{0,200}\'|"[^"]{0,200}"|[\\w$.%-]{1,200})';
const NAME_PART = '(?:`[^`]{0,200}`|"[^"]{0,200}"|[\\w$]{1,200})';
const ROUTINE_NAME = `(${NAME_PART}(?:\\s*\\.\\s*${NAME_PART})?)`;
export const MYSQL_ROUTINE = new RegExp(
  `create\\s+(?:or\\s+replace\\s+)?(?:definer\\s*=\\s*${Q}(?:\\s*@\\s*${Q})?\\s+)?(?:aggregate\\s+)?(procedure|function|trigger|event)\\s+(?:if\\s+not\\s+exists\\s+)?${ROUTINE_NAME}`,
  'iy',
);
export const PG_PROCEDURE = new RegExp(`create\\s+(?:or\\s+replace\\s+)?procedure\\s+${ROUTINE_NAME}`, 'iy');
export const CALL = new RegExp(`call\\s+${ROUTINE_NAME}`, 'iy');

/** A routine's name for matching CALLs: its last part, unquoted, lower-cased. */
export function routineName(qualified: string): string {
  const parts = qualified.split('.');
  const last = parts[parts.length - 1].trim();
  const q = last.charCodeAt(0);
  return (q === 96 || q === 34 ? last.slice(1, -1) : last).toLowerCase();
}

/** Whether the next word from i (after spaces) starts with one of the lower-case `letters`: a cheap test before a pattern. */
export function nextWordStartsWith(text: string, i: number, letters: string): boolean {
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const c = text.charCodeAt(i) | 0x20;
  return c >= 97 && c <= 122 && letters.includes(String.fromCharCode(c));
}

/** Words that open (DECLARE) and close (BEGIN) a PL/pgSQL block's declarations. */
export const SECTION_WORDS = ['declare', 'begin'];

/** Words after END that close something BEGIN/CASE did not open (`END IF`, `END LOOP`...). */
export const END_OF_OTHER = ['if', 'loop', 'while', 'repeat'];

/**
 * Line and block comment ends inside bodies, remembered: a body ends at its closing tag, so a
 * search that ran past it is repeated by the next body's comment unless remembered (a single line
 * of a hundred thousand `DO $$ -- $$;` would read the rest of the line each time).
 */
export class SearchMisses {
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

/** Whether the COPY statement text[start, end) reads its rows FROM STDIN (they follow it in the file). */
export function copiesFromStdin(text: string, start: number, end: number): boolean {
  const toks = tokenizeTransient(text, start, end < 0 ? text.length : end, 'postgresql', 4096);
  for (let k = 1; k < toks.length - 1; k++) if (isWord(text, toks[k], 'from') && isWord(text, toks[k + 1], 'stdin')) return true;
  return false;
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
