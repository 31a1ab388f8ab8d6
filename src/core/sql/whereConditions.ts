// What a WHERE condition says, read from its tokens: whether it picks a row or a bounded key range
// (the linter's unbatched-backfill rule), and whether it is always true (the command assessment).
import { identName, isPunct, isWord, lowerWord, type SqlToken } from './scanner';

/** A WHERE that already picks a row or a bounded key range (`id = 42`, `id BETWEEN a AND b`). */
export function looksSelective(text: string, where: SqlToken[]): boolean {
  // WHERE ("t"."id" BETWEEN 1 AND 1000): parentheses around the whole condition, as ORMs write it.
  for (let n = 0; n < 3 && wrapped(text, where); n++) where = where.slice(1, -1);
  let lower = false;
  let upper = false;
  let depth = 0;
  for (let j = 0; j < where.length; j++) {
    const t = where[j];
    if (t.kind === 'punct') {
      const c = text.charCodeAt(t.start);
      if (c === 40) depth++;
      else if (c === 41) depth--;
      continue;
    }
    if (depth !== 0) continue;
    // A quoted name counts as written unquoted: "users"."id" >= 1 is a key bound too.
    const w = t.kind === 'quotedIdent' ? identName(text, t) : lowerWord(text, t);
    if (w === 'between' && t.kind === 'word') return true;
    if (!(w === 'id' || w.endsWith('_id') || w === 'uuid')) continue;
    const op = where[j + 1];
    if (isWord(text, op, 'in')) return true; // id IN (...)
    if (!op || op.kind !== 'punct') continue;
    const c = text.charCodeAt(op.start);
    const next = where[j + 2];
    if (c === 61 && next && (next.kind === 'number' || next.kind === 'param' || (next.kind === 'string' && keyLikeString(text, next)))) return true; // id = 42
    if (c === 61 && isWord(text, next, 'any')) return true; // id = ANY($1)
    if (c === 62) lower = true;
    else if (c === 60) upper = true;
  }
  return lower && upper;
}

/** Whether the first token opens a parenthesis that the last token closes. */
function wrapped(text: string, toks: SqlToken[]): boolean {
  if (toks.length < 2 || !isPunct(text, toks[0], '(') || !isPunct(text, toks[toks.length - 1], ')')) return false;
  let depth = 0;
  for (let j = 0; j < toks.length - 1; j++) {
    if (isPunct(text, toks[j], '(')) depth++;
    else if (isPunct(text, toks[j], ')') && --depth === 0) return false;
  }
  return depth === 1;
}

/**
 * A string that can be one row's key ('42', a UUID, 'cus_123'), not a value many rows share: a
 * URL (`ap_id = 'https://example.com/users/1'` in an ActivityPub server names an actor, an origin
 * or a collection that thousands of rows point to), a path or text with spaces.
 */
function keyLikeString(text: string, tok: SqlToken): boolean {
  for (let i = tok.start + 1; i < tok.end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c <= 32 || c === 37) return false; // '/', whitespace, '%'
  }
  return true;
}

/**
 * A WHERE condition that holds for every row: one of its top-level OR branches is a constant
 * truth (`true`, `1`, `NOT false`, `1 = 1`, `'a' = 'a'`, `x = x`, MySQL's `1 == 1`), parentheses
 * around it or not.
 */
export function isAlwaysTrue(text: string, where: SqlToken[]): boolean {
  let branch: SqlToken[] = [];
  let depth = 0;
  for (let i = 0; i <= where.length; i++) {
    const t = where[i];
    const w = lowerWord(text, t);
    if (t === undefined || (depth === 0 && (w === 'or' || w === 'group' || isPunct(text, t, ')')))) {
      if (trueBranch(text, branch)) return true;
      if (t === undefined || w !== 'or') return false;
      branch = [];
      continue;
    }
    if (isPunct(text, t, '(')) depth++;
    else if (isPunct(text, t, ')')) depth--;
    branch.push(t);
  }
  return false;
}

function trueBranch(text: string, b: SqlToken[]): boolean {
  // Strip wrapping parentheses: WHERE (1=1).
  while (b.length >= 2 && isPunct(text, b[0], '(') && isPunct(text, b[b.length - 1], ')')) b = b.slice(1, -1);
  const src = (t: SqlToken): string => text.slice(t.start, t.end).toLowerCase();
  if (b.length === 1) return src(b[0]) === 'true' || (b[0].kind === 'number' && Number(src(b[0])) !== 0);
  if (b.length === 2 && lowerWord(text, b[0]) === 'not') return src(b[1]) === 'false' || src(b[1]) === '0';
  if (b.length === 3 && (isPunct(text, b[1], '=') || lowerWord(text, b[1]) === 'is')) {
    // 1 = 1, 'a' = 'a', x = x (true wherever x is not null): the same constant or name on both sides.
    return b[0].kind !== 'param' && src(b[0]) === src(b[2]);
  }
  if (b.length === 4 && isPunct(text, b[1], '=') && isPunct(text, b[2], '=')) return src(b[0]) === src(b[3]); // `==` in SQLite/MySQL
  return false;
}
