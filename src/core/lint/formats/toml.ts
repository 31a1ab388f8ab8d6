// TOML, the cheap part: `[table]` headers and one-line `key = value` pairs, flattened to dotted keys.
// Multi-line strings and arrays are skipped; no rule needs them.
import { lastTextMemo, lines, type ConfigEntry } from './entries';

const PAIR = /^([A-Za-z0-9_.-]+|"[^"]*")[ \t]*=[ \t]*/;

export function parseToml(text: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  let table = '';
  for (const { start, end } of lines(text)) {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.slice(lead);
    if (body === '' || body[0] === '#') continue;
    if (body[0] === '[') {
      const m = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(body);
      table = m ? m[1].replace(/"/g, '') : '';
      continue;
    }
    const m = PAIR.exec(body);
    if (!m) continue;
    const keyText = m[1].replace(/"/g, '');
    const keyStart = start + lead + (m[1].startsWith('"') ? 1 : 0);
    let vs = m[0].length;
    let ve = body.length;
    const q = body[vs];
    if (q === '"' || q === "'") {
      const close = body.indexOf(q, vs + 1);
      if (close < 0 || body.startsWith(q.repeat(3), vs)) continue;
      vs++;
      ve = close;
    } else {
      const hash = body.indexOf('#', vs);
      if (hash >= 0) ve = hash;
      while (ve > vs && /\s/.test(body[ve - 1])) ve--;
    }
    const value = body.slice(vs, ve);
    entries.push({
      key: table ? `${table}.${keyText}` : keyText,
      keyStart,
      keyEnd: keyStart + keyText.length,
      value,
      valueStart: start + lead + vs,
      valueEnd: start + lead + ve,
      verbatim: !(q === '"' && value.includes('\\')),
      section: table || undefined,
    });
  }
  return entries;
}

export const readToml = lastTextMemo(parseToml);
