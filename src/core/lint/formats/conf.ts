// `.ini` / `.conf` files of several dialects, line by line:
//   redis.conf      `maxmemory-policy volatile-lru` (space-separated), also `CONFIG SET key value`
//   nginx           `proxy_read_timeout 30s;` (a trailing `;`, blocks in braces)
//   my.cnf / ini    `[mysqld]` sections, `key = value`, `;` and `#` comments
//   postgresql.conf `lock_timeout = '5s'   # comment`
// gunicorn.conf.py is Python and never reaches this reader.
import { lastTextMemo, lines, type ConfigEntry } from './entries';

const CONFIG_SET = /^(?:redis-cli\b[^\n]*?\s)?config\s+set\s+/i;
const DIRECTIVE = /^([A-Za-z_][\w.-]*)(?:[ \t]*=[ \t]*|[ \t]+)/;

export function parseConf(text: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  let section: string | undefined;
  for (const { start, end } of lines(text)) {
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= end) continue;
    const first = text[i];
    if (first === '#' || first === ';') continue;
    if (first === '[') {
      const close = text.indexOf(']', i);
      if (close > i && close < end) section = text.slice(i + 1, close).trim();
      continue;
    }
    let line = text.slice(i, end);
    const set = CONFIG_SET.exec(line);
    if (set) {
      i += set[0].length;
      line = line.slice(set[0].length);
    }
    // nginx may hold several directives on one line: `a 1; b 2;`.
    let offset = i;
    for (const segment of line.split(';')) {
      const entry = directive(segment, offset, section);
      if (entry) entries.push(entry);
      offset += segment.length + 1;
      if (segment.includes('#') || segment.includes('{') || segment.includes('}')) break;
    }
  }
  return entries;
}

function directive(segment: string, offset: number, section: string | undefined): ConfigEntry | undefined {
  const lead = segment.length - segment.trimStart().length;
  const body = segment.slice(lead);
  const m = DIRECTIVE.exec(body);
  if (!m) {
    // A bare flag (`skip-name-resolve`) has no value worth reading.
    return undefined;
  }
  const keyStart = offset + lead;
  let vs = m[0].length;
  let ve = body.length;
  // An unquoted `#` after whitespace starts a comment (postgresql.conf, my.cnf).
  const hash = body.slice(vs).search(/(^|[ \t])#/);
  if (hash >= 0) ve = vs + hash;
  const brace = body.slice(vs, ve).search(/[{}]/);
  if (brace >= 0) return undefined; // `location / {` opens a block, it is no setting
  while (ve > vs && (body[ve - 1] === ' ' || body[ve - 1] === '\t')) ve--;
  let value = body.slice(vs, ve);
  if (value.length >= 2 && (value[0] === "'" || value[0] === '"') && value[value.length - 1] === value[0]) {
    vs++;
    ve--;
    value = body.slice(vs, ve);
  }
  return {
    key: m[1],
    keyStart,
    keyEnd: keyStart + m[1].length,
    value,
    valueStart: offset + lead + vs,
    valueEnd: offset + lead + ve,
    verbatim: true,
    section,
  };
}

export const readConf = lastTextMemo(parseConf);
