// One shape for a key/value setting, whatever file it came from. Ranges are UTF-16 offsets into
// the original text, so rules can report and fix exactly what is written.

export interface ConfigEntry {
  /** The key as the format spells it after unescaping: dotted for nested YAML/TOML/JSON. */
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value after unquoting/unescaping (what the program reads). */
  value: string;
  /** Source range of the value (inside quotes for quoted values). */
  valueStart: number;
  valueEnd: number;
  /** True when `text.slice(valueStart, valueEnd) === value`: safe to search inside the value by offset. */
  verbatim: boolean;
  /** The INI/TOML section (`[mysqld]`) when there is one. */
  section?: string;
}

/** `text.slice(start, end)` offsets of a match of `re` inside an entry's value, when offsets are meaningful. */
export function findInValue(text: string, entry: ConfigEntry, re: RegExp): { start: number; end: number; match: RegExpExecArray }[] {
  if (!entry.verbatim) return [];
  const raw = text.slice(entry.valueStart, entry.valueEnd);
  const flags = re.flags.includes('g') ? re.flags : re.flags + 'g';
  const g = new RegExp(re.source, flags);
  const out: { start: number; end: number; match: RegExpExecArray }[] = [];
  for (let m = g.exec(raw); m; m = g.exec(raw)) {
    out.push({ start: entry.valueStart + m.index, end: entry.valueStart + m.index + m[0].length, match: m });
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

/**
 * A one-entry memo per reader: every rule of a lint pass reads the same text, so each format is
 * parsed once per text instead of once per rule.
 */
export function lastTextMemo<T>(read: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastValue: T | undefined;
  return (text: string): T => {
    if (lastText !== text || lastValue === undefined) {
      lastValue = read(text);
      lastText = text;
    }
    return lastValue;
  };
}

/** Start offsets of each line (index 0 is line 1). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Iterates lines as [start, end) without the line terminator. */
export function* lines(text: string): Generator<{ start: number; end: number; next: number }> {
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = start;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    let next = end;
    if (next < n) next += text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1;
    else next = n + 1;
    yield { start, end, next };
    start = next;
  }
}
