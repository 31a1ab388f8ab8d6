// The lexical rules the SQL splitter (scanner.ts) and tokenizer (sqlTokenizer.ts) share: character
// classes, and where a quoted string, a comment or a dollar quote ends. Searches never throw and
// never read past the text: an unterminated string or comment runs to its end.

// Character classes for ASCII; everything >= 128 that is not a space is an identifier character.
export const WORD_START = 1;
export const WORD_PART = 2;
export const DIGIT = 4;
export const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  CLASS[c] = (letter ? WORD_START | WORD_PART : 0) | (digit ? WORD_PART | DIGIT : 0) | (c === 36 ? WORD_PART : 0);
}

export const isUnicodeSpace = (c: number): boolean =>
  c === 0xa0 || c === 0xfeff || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;

/** Index just past the closing quote `q` (doubled quotes are escapes), or the end of the text. */
export function skipQuoted(text: string, i: number, q: number, backslashEscapes: boolean): number {
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
export function skipBlockComment(text: string, i: number, nested: boolean): number {
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
export function dollarTagEnd(text: string, i: number): number {
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

export function lineEnd(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j;
}

/** A character that continues an identifier: ASCII letters, digits, `_`, `$`, and anything non-ASCII but a space. */
export function isWordChar(d: number): boolean {
  return d < 128 ? (CLASS[d] & WORD_PART) !== 0 : d === d && !isUnicodeSpace(d); // d === d: not NaN
}

/** End of an identifier whose first character is before j. */
export function wordEnd(text: string, j: number, n: number): number {
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d < 128 ? (CLASS[d] & WORD_PART) === 0 : isUnicodeSpace(d)) return j;
    j++;
  }
  return n;
}

/** For `'` at i: whether backslashes escape inside it (MySQL always; PostgreSQL only in E'...'). */
export function backslashString(text: string, i: number, mysql: boolean): boolean {
  if (mysql) return true;
  const p = text.charCodeAt(i - 1) | 0x20;
  return p === 101 && !isWordChar(text.charCodeAt(i - 2));
}

/** True when text[i..] starts with the lower-case ASCII word `lower`, ignoring case. */
export function wordAt(text: string, i: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = text.charCodeAt(i + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** True when text[i..] is the lower-case ASCII word `lower` as a whole word, ignoring case. */
export function wordIsAt(text: string, i: number, lower: string): boolean {
  return wordAt(text, i, lower) && !isWordChar(text.charCodeAt(i + lower.length));
}

/** The first `needle` in text[from, to), or -1; each step goes to the next `$`, so a miss costs the range, not the rest of the text. */
export function indexOfBefore(text: string, needle: string, from: number, to: number): number {
  const first = needle[0];
  let k = from;
  for (;;) {
    const j = text.indexOf(first, k);
    if (j < 0 || j + needle.length > to) return -1;
    if (text.startsWith(needle, j)) return j;
    k = j + 1;
  }
}
