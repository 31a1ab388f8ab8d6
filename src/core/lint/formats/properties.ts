// `.properties` and `java.security`, read the way java.util.Properties.load does: `key=value`,
// `key: value`, `key value`, `#`/`!` comments, `\` line continuations and escapes. Offsets point
// into the original text; values keep their raw range even when escapes change their text.
import { lastTextMemo, type ConfigEntry } from './entries';

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 12;
}
function isEol(c: number): boolean {
  return c === 10 || c === 13;
}

const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) break;
    if (next === '\n' || next === '\r') {
      // Continuation: skip the line break and the next line's leading whitespace.
      i++;
      if (next === '\r' && raw[i + 1] === '\n') i++;
      while (i + 1 < raw.length && isWs(raw.charCodeAt(i + 1))) i++;
      continue;
    }
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    out += SIMPLE_ESCAPES[next] ?? next;
    i++;
  }
  return out;
}

export function parseProperties(text: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Start of a natural line: skip leading whitespace.
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (isEol(c)) {
      i++;
      continue;
    }
    if (c === 35 /* # */ || c === 33 /* ! */) {
      while (i < n && !isEol(text.charCodeAt(i))) i++;
      continue;
    }
    // Key: up to an unescaped separator or whitespace.
    const keyStart = i;
    let hasEscape = false;
    while (i < n) {
      const k = text.charCodeAt(i);
      if (k === 92 /* \ */) {
        hasEscape = true;
        i += 2;
        continue;
      }
      if (k === 61 || k === 58 || isWs(k) || isEol(k)) break;
      i++;
    }
    const keyEnd = Math.min(i, n);
    // Separator: whitespace, then at most one '=' or ':', then whitespace.
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i < n && (text.charCodeAt(i) === 61 || text.charCodeAt(i) === 58)) {
      i++;
      while (i < n && isWs(text.charCodeAt(i))) i++;
    }
    // Value: to the end of the logical line (an odd run of backslashes continues it).
    const valueStart = i;
    let valueEnd = i;
    while (i < n) {
      const v = text.charCodeAt(i);
      if (v === 92) {
        hasEscape = true;
        i += 2;
        if (text.charCodeAt(i - 1) === 13 && text.charCodeAt(i) === 10) i++;
        valueEnd = Math.min(i, n);
        continue;
      }
      if (isEol(v)) break;
      i++;
      if (!isWs(v)) valueEnd = i;
    }
    const rawKey = text.slice(keyStart, keyEnd);
    const rawValue = text.slice(valueStart, valueEnd);
    const value = hasEscape ? unescape(rawValue) : rawValue;
    entries.push({
      key: hasEscape ? unescape(rawKey) : rawKey,
      keyStart,
      keyEnd,
      value,
      valueStart,
      valueEnd,
      verbatim: value === rawValue,
    });
  }
  return entries;
}

export const readProperties = lastTextMemo(parseProperties);
