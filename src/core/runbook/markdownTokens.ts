// marked's tokens located in the source: the 1-based line of each token, the `###` sub-sections
// of a runbook, and the fenced code blocks (marked does not keep their lines).
import type { MarkedToken, Tokens } from 'marked';

export interface Located {
  token: MarkedToken;
  /** 1-based line where the token starts. */
  line: number;
}

export interface SubSection {
  heading: Located & { token: Tokens.Heading };
  body: MarkedToken[];
  /** 1-based line of each body token. */
  lines: number[];
}

const MAX_FENCE_LOOKAHEAD = 50;
// marked removes backslashes before punctuation in an info string; so do we before comparing.
const unescapeInfo = (info: string): string => info.trim().replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\]\\^_`{|}~])/g, '$1');

export class FenceFinder {
  private readonly fences: { line: number; info: string; first: string }[] = [];
  private next = 0;

  constructor(src: string) {
    const lines = src.split('\n');
    let open: { char: string; length: number } | undefined;
    lines.forEach((text, i) => {
      const m = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})(.*)$/.exec(text);
      if (!m) return;
      if (!open) {
        if (m[1][0] === '`' && m[2].includes('`')) return; // not a fence: an inline code span
        this.fences.push({ line: i + 1, info: unescapeInfo(m[2]), first: (lines[i + 1] ?? '').trim() });
        open = { char: m[1][0], length: m[1].length };
      } else if (m[1][0] === open.char && m[1].length >= open.length && m[2].trim() === '') {
        open = undefined;
      }
    });
  }

  /** Searches from this 1-based line on (never backwards). */
  seek(line: number): void {
    while (this.next < this.fences.length && this.fences[this.next].line < line) this.next++;
  }

  /** 1-based line of the first line of the block's code (the line after its opening fence). */
  lineOf(t: Tokens.Code): number | undefined {
    if (t.codeBlockStyle === 'indented') return undefined;
    const info = (t.lang ?? '').trim();
    const first = (t.text.split('\n')[0] ?? '').trim();
    const end = Math.min(this.fences.length, this.next + MAX_FENCE_LOOKAHEAD);
    for (let j = this.next; j < end; j++) {
      const fence = this.fences[j];
      if (fence.info !== info || (first !== '' && fence.first !== first)) continue;
      this.next = j + 1;
      return fence.line + 1;
    }
    return undefined;
  }
}

/** Line numbers from the raw lengths; `indexOf` resyncs if a raw ever differs from the source. */
export function locate(src: string, tokens: MarkedToken[]): Located[] {
  const out: Located[] = [];
  let offset = 0;
  let line = 1;
  for (const token of tokens) {
    const found = token.raw ? src.indexOf(token.raw, offset) : -1;
    const start = found >= 0 ? found : offset;
    line += countNewlines(src, offset, start);
    out.push({ token, line });
    const end = Math.min(src.length, start + token.raw.length);
    line += countNewlines(src, start, end);
    offset = end;
  }
  return out;
}

export function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

