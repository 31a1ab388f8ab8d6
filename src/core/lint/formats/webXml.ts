// web.xml, only what the rules need: `<session-timeout>` inside `<session-config>`, by a scan
// that skips XML comments and CDATA, with the exact range of the number.
import { lastTextMemo, type ConfigEntry } from './entries';

const SKIP = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g;
const ELEMENT = /<((?:[\w-]+:)?session-timeout)\s*>([^<]*)<\/\1\s*>/g;

export function parseWebXml(text: string): ConfigEntry[] {
  const skipped: [number, number][] = [];
  SKIP.lastIndex = 0;
  for (let m = SKIP.exec(text); m; m = SKIP.exec(text)) {
    skipped.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) SKIP.lastIndex++;
  }
  const entries: ConfigEntry[] = [];
  ELEMENT.lastIndex = 0;
  for (let m = ELEMENT.exec(text); m; m = ELEMENT.exec(text)) {
    const at = m.index;
    if (skipped.some(([s, e]) => at >= s && at < e)) continue;
    const inner = m[2];
    const lead = inner.length - inner.trimStart().length;
    const value = inner.trim();
    const keyStart = at + 1;
    const valueStart = at + m[1].length + 2 + lead;
    entries.push({
      key: 'session-config.session-timeout',
      keyStart,
      keyEnd: keyStart + m[1].length,
      value,
      valueStart,
      valueEnd: valueStart + value.length,
      verbatim: true,
    });
  }
  return entries;
}

export const readWebXml = lastTextMemo(parseWebXml);
