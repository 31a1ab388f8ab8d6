// Finds the comments of a file in its own syntax, so that ignore comments are recognised only
// where the format has a comment, never inside a string literal or a value. Minimal lexers: they
// know strings and comments, nothing else.
import { commentSyntax } from './fileKinds';
import { scanSql } from '../sql/scanner';
import type { FileKind, SqlDialect } from './types';

export interface CommentToken {
  /** The whole comment, delimiters included: [start, end), never including the line break. */
  start: number;
  end: number;
  /** The text between the delimiters. */
  bodyStart: number;
  bodyEnd: number;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  let end = nl === -1 ? text.length : nl;
  if (end > from && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

function sqlComments(text: string, dialect: SqlDialect): CommentToken[] {
  // The SQL rules' own tokenizer, so an ignore comment is a comment exactly where the rules see one.
  return scanSql(text, dialect).comments.map((c) => {
    if (text.startsWith('/*', c.start)) {
      const closed = c.end - c.start >= 4 && text.startsWith('*/', c.end - 2);
      return { start: c.start, end: c.end, bodyStart: c.start + 2, bodyEnd: closed ? c.end - 2 : c.end };
    }
    return { start: c.start, end: c.end, bodyStart: c.start + (text[c.start] === '#' ? 1 : 2), bodyEnd: c.end };
  });
}

/** Where a double-quoted string that takes backslash escapes ends (just past the closing quote). */
function quotedEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return text.length;
}

/** JSON with comments (JSONC): strings with backslash escapes, // and block comments. */
function jsonComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  const re = /"|\/\/|\/\*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    if (m[0] === '"') {
      re.lastIndex = quotedEnd(text, start);
    } else if (m[0] === '//') {
      const end = lineEnd(text, start);
      out.push({ start, end, bodyStart: start + 2, bodyEnd: end });
      re.lastIndex = end;
    } else {
      const close = text.indexOf('*/', start + 2);
      const end = close === -1 ? text.length : close + 2;
      out.push({ start, end, bodyStart: start + 2, bodyEnd: close === -1 ? end : close });
      re.lastIndex = end;
    }
  }
  return out;
}

/** XML comments; CDATA sections are text, so a `<!--` inside one is not a comment. */
function xmlComments(text: string): CommentToken[] {
  const out: CommentToken[] = [];
  const re = /<!--|<!\[CDATA\[/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    if (m[0] === '<!--') {
      const close = text.indexOf('-->', start + 4);
      const end = close === -1 ? text.length : close + 3;
      out.push({ start, end, bodyStart: start + 4, bodyEnd: close === -1 ? end : close });
      re.lastIndex = end;
    } else {
      const close = text.indexOf(']]>', start);
      re.lastIndex = close === -1 ? text.length : close + 3;
    }
  }
  return out;
}

/**
 * Line-oriented formats: a comment starts a line (after indentation) or, where the format allows
 * trailing comments, follows whitespace outside a quoted value. Only lines that contain `needle`
 * are looked at: ignore comments are rare, files are not.
 */
function lineComments(text: string, kind: FileKind, needle: string): CommentToken[] {
  const syntax = commentSyntax(kind);
  const out: CommentToken[] = [];
  let from = 0;
  while (from < text.length) {
    const hit = text.indexOf(needle, from);
    if (hit === -1) break;
    const ls = text.lastIndexOf('\n', hit - 1) + 1;
    const le = lineEnd(text, hit);
    const token = commentOnLine(text, ls, le, syntax.line, syntax.trailing);
    if (token) out.push(token);
    from = le + 1;
  }
  return out;
}

function commentOnLine(text: string, ls: number, le: number, prefixes: readonly string[], trailing: boolean): CommentToken | undefined {
  let i = ls;
  while (i < le && (text[i] === ' ' || text[i] === '\t')) i++;
  const at = (pos: number): string | undefined => prefixes.find((p) => text.startsWith(p, pos));
  const own = at(i);
  if (own !== undefined) return { start: i, end: le, bodyStart: i + own.length, bodyEnd: le };
  if (!trailing) return undefined;
  // A quote opens a quoted value only where a value starts; `it's` in a plain value is text.
  let quote: string | undefined;
  for (let j = i; j < le; j++) {
    const c = text[j];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') j++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && (j === i || /[\s:=[{,]/.test(text[j - 1]))) {
      quote = c;
      continue;
    }
    const p = /\s/.test(text[j - 1] ?? '') ? at(j) : undefined;
    if (p !== undefined) return { start: j, end: le, bodyStart: j + p.length, bodyEnd: le };
  }
  return undefined;
}

/**
 * The comments of `text` that contain `needle` (all comments when needle is empty), in order.
 * `dialect` matters for SQL only (MySQL's `#` comments and backslash escapes).
 */
export function findComments(text: string, kind: FileKind, needle: string, dialect: SqlDialect = 'postgresql'): CommentToken[] {
  if (needle && !text.includes(needle)) return [];
  let all: CommentToken[];
  switch (kind) {
    case 'sql':
      all = sqlComments(text, dialect);
      break;
    case 'json':
      all = jsonComments(text);
      break;
    case 'web-xml':
      all = xmlComments(text);
      break;
    default:
      return lineComments(text, kind, needle);
  }
  return needle ? all.filter((c) => text.slice(c.bodyStart, c.bodyEnd).includes(needle)) : all;
}
