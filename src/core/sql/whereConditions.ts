// What a WHERE condition says, read from its tokens: whether it picks a row or a bounded key range
// (the linter's unbatched-backfill rule), and whether it is always true (the command assessment).
import { isWord, lowerWord, type SqlToken } from './scanner';

/** A WHERE that already picks a row or a bounded key range (`id = 42`, `id BETWEEN a AND b`). */
export function looksSelective(text: string, where: SqlToken[]): boolean {
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
    const w = lowerWord(text, t);
    if (w === 'between') return true;
    if (!(w === 'id' || w.endsWith('_id') || w === 'uuid')) continue;
    const op = where[j + 1];
    if (isWord(text, op, 'in')) return true; // id IN (...)
    if (!op || op.kind !== 'punct') continue;
    const c = text.charCodeAt(op.start);
    const next = where[j + 2];
    if (c === 61 && next && (next.kind === 'number' || next.kind === 'string' || next.kind === 'param')) return true; // id = 42
    if (c === 61 && isWord(text, next, 'any')) return true; // id = ANY($1)
    if (c === 62) lower = true;
    else if (c === 60) upper = true;
  }
  return lower && upper;
}
