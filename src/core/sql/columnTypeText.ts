// A column type as the migration history keeps it: the tokens of a column definition's type,
// normalized (lower case, one space between words, synonyms resolved), so that an earlier
// migration's `CHARACTER VARYING(64)` and a later `varchar(64)` compare equal. Which changes of
// type rewrite a table is columnTypes.ts's question.
import { TYPE_SYNONYMS } from './columnTypes';
import { isPunct, lowerWord, type SqlToken } from './scanner';

/** A real type is a few tokens (`timestamp(3) with time zone`); anything longer is not one the rules compare. */
const MAX_TYPE_TOKENS = 32;

/**
 * A type written as tokens (text[from, to) of `toks`), normalized: lower case, one space between
 * words, none around punctuation, synonyms resolved: `CHARACTER VARYING ( 64 )` → `varchar(64)`.
 * Undefined when there are no tokens.
 */
export function normalizeType(text: string, toks: readonly SqlToken[], from: number, to: number): string | undefined {
  // A real type is a few tokens (`timestamp(3) with time zone`); anything longer is not one the rules compare.
  if (from >= to || to - from > MAX_TYPE_TOKENS) return undefined;
  let out = '';
  let spaceBefore = false;
  for (let k = from; k < to; k++) {
    const t = toks[k];
    const piece = t.kind === 'word' ? lowerWord(text, t) : text.slice(t.start, t.end).toLowerCase();
    const isWordLike = t.kind !== 'punct';
    if (isWordLike && spaceBefore) out += ' ';
    out += piece;
    // A word after a word or after `)` is spaced: `varchar(8) character set x`.
    spaceBefore = isWordLike || piece === ')';
  }
  const m = /^([a-z ]+?)(\(.*)?$/.exec(out);
  if (!m) return out;
  return (TYPE_SYNONYMS.get(m[1]) ?? m[1]) + (m[2] ?? '');
}

/** Index of the first token in [from, to), at parenthesis depth 0, that `stop` accepts; `to` if none. */
export function typeEnd(text: string, toks: readonly SqlToken[], from: number, to: number, stop: (word: string) => boolean): number {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (t.kind === 'punct') {
      if (isPunct(text, t, '(')) depth++;
      else if (isPunct(text, t, ')')) depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 0 && stop(lowerWord(text, t))) return k;
  }
  return to;
}
