// Column types as a migration history knows them, and which type changes PostgreSQL makes without
// rewriting the table: the binary-coercible ones its documentation names for ALTER COLUMN TYPE
// ("changing varchar(n) to varchar(m) with m > n, or to text"; numeric precision raised with the
// same scale since 9.2). Any other change, or a type not known, is left to the rules as a rewrite.
import { isPunct, lowerWord, type SqlToken } from './scanner';

/** Spellings of the same type, to one name: `character varying` → varchar. */
const SYNONYMS = new Map<string, string>([
  ['character varying', 'varchar'],
  ['char varying', 'varchar'],
  ['character', 'char'],
  ['bpchar', 'char'],
  ['decimal', 'numeric'],
  ['int', 'integer'],
  ['int4', 'integer'],
  ['int8', 'bigint'],
  ['int2', 'smallint'],
]);

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
  return (SYNONYMS.get(m[1]) ?? m[1]) + (m[2] ?? '');
}

const MAX_TYPE_TOKENS = 32;

interface Parsed {
  base: string;
  args: number[];
}

function parse(type: string): Parsed | undefined {
  const m = /^([a-z][a-z ]*)(?:\((\d+)(?:,(\d+))?\))?$/.exec(type);
  if (!m) return undefined; // arrays, precision words, anything unusual
  return { base: m[1], args: m[2] === undefined ? [] : m[3] === undefined ? [Number(m[2])] : [Number(m[2]), Number(m[3])] };
}

/**
 * Whether PostgreSQL changes `from` to `to` without a rewrite or an index rebuild:
 * varchar(n) → varchar(m ≥ n), varchar(n) → varchar, varchar → text, text → varchar (no limit),
 * numeric(p, s) → numeric(q ≥ p, s), numeric(p, s) → numeric, and the same type unchanged.
 */
export function isBinaryCoercibleWidening(from: string, to: string): boolean {
  if (from === to) return true;
  const a = parse(from);
  const b = parse(to);
  if (!a || !b) return false;
  if (a.base === 'varchar' && b.base === 'text') return true;
  if (a.base === 'text' && b.base === 'varchar') return b.args.length === 0;
  if (a.base !== b.base) return false;
  if (a.base === 'varchar') return b.args.length === 0 || (a.args.length === 1 && b.args[0] >= a.args[0]);
  if (a.base === 'numeric') {
    if (b.args.length === 0) return true;
    if (a.args.length === 0) return false;
    return (a.args[1] ?? 0) === (b.args[1] ?? 0) && b.args[0] >= a.args[0];
  }
  return false;
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
