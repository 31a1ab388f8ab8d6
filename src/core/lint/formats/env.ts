// `.env` files as dotenv reads them: `KEY=value`, optional `export`, single/double/back quotes
// (double quotes may span lines), `# comments` after unquoted values.
import { lastTextMemo, type ConfigEntry } from './entries';

const LINE = /^([ \t]*(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/gm;

export function parseEnv(text: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  LINE.lastIndex = 0;
  let resumeAt = 0;
  for (let m = LINE.exec(text); m; m = LINE.exec(text)) {
    if (m.index < resumeAt) continue; // inside a multi-line quoted value
    const key = m[2];
    const keyStart = m.index + m[1].length;
    const keyEnd = keyStart + key.length;
    let i = m.index + m[0].length;
    const q = text[i];
    if (q === '"' || q === "'" || q === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== q) j += text[j] === '\\' && q === '"' ? 2 : 1;
      if (j >= text.length) {
        // Unterminated quote: dotenv takes the rest of the line literally.
        const eol = text.slice(i).search(/\r?\n|$/);
        entries.push(mk(key, keyStart, keyEnd, i, i + eol, text));
        continue;
      }
      const raw = text.slice(i + 1, j);
      const value = q === '"' ? raw.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : raw;
      entries.push({ key, keyStart, keyEnd, value, valueStart: i + 1, valueEnd: j, verbatim: value === raw });
      resumeAt = j + 1;
      LINE.lastIndex = j + 1;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') {
      // ` #` starts a comment after an unquoted value.
      if (text[end] === '#' && (end === i || text[end - 1] === ' ' || text[end - 1] === '\t')) break;
      end++;
    }
    while (end > i && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    entries.push(mk(key, keyStart, keyEnd, i, end, text));
  }
  return entries;
}

function mk(key: string, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, text: string): ConfigEntry {
  const value = text.slice(valueStart, valueEnd);
  return { key, keyStart, keyEnd, value, valueStart, valueEnd, verbatim: true };
}

export const readEnv = lastTextMemo(parseEnv);
