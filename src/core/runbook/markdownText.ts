// Text helpers of the Markdown import: plain text of marked's inline tokens, decoration and code
// spans, titles and tags derived from the reporter's words, ids made unique.
import type { MarkedToken } from 'marked';
import type { Problem } from './runbookModel';

const TITLE_MAX = 70;

/** Plain text of inline tokens (headings): formatting dropped, code spans kept as their text. */
export function plainInline(tokens: readonly unknown[]): string {
  let out = '';
  for (const t of tokens as MarkedToken[]) {
    switch (t.type) {
      case 'strong':
      case 'em':
      case 'del':
      case 'link':
        out += plainInline(t.tokens);
        break;
      case 'codespan':
      case 'text':
      case 'escape':
        out += t.text;
        break;
      case 'image':
        out += t.text;
        break;
      case 'br':
        out += ' ';
        break;
      default:
        break; // raw inline HTML is not part of a title
    }
  }
  return out;
}

/** Markdown of a quote's content with `**bold**` markers removed (the seed bolds whole symptoms). */
export function unwrapStrong(tokens: readonly unknown[]): string {
  return (tokens as MarkedToken[])
    .map((t) => {
      if (t.type === 'strong') return unwrapStrong(t.tokens);
      if (t.type === 'paragraph') return unwrapStrong(t.tokens).trim() + '\n\n';
      if (t.type === 'text' && t.tokens) return unwrapStrong(t.tokens);
      return t.raw;
    })
    .join('')
    .replace(/ +\n/g, '\n');
}

/** Drops leading emoji/punctuation and "7." style numbering, and a trailing colon. */
export function stripDecoration(s: string): string {
  return s
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/^#?\d+[.):]?(?=\s|$)/, '')
    .replace(/^[^\p{L}\p{N}`]+/u, '')
    .replace(/[\s:]+$/, '')
    .trim();
}

export function stripEnclosingQuotes(s: string): string {
  const m = /^["“]([^"“”]*)["”]$/.exec(s);
  return m ? m[1].trim() : s;
}

/** Good enough to slug Markdown: ids only need to be stable and readable. */
export function stripMarkdown(s: string): string {
  return s.replace(/\]\([^)]*\)/g, '').replace(/[`*~[\]]+/g, '').replace(/_+/g, ' ');
}

/**
 * A short title from the reporter's words, e.g. "Users report they're being logged out every
 * 30 seconds. Session data is stored in Redis." → "Users logged out every 30 seconds (session
 * data in Redis)". Question sentences ("What do you check?") are not part of a title.
 */
export function titleFromSymptom(symptom: string): string {
  const plain = stripMarkdown(symptom).replace(/\s+/g, ' ').trim();
  const sentences = plain.split(/(?<=[.!?])\s+/).filter(Boolean);
  const statements = sentences.filter((s) => !s.endsWith('?'));
  const pick = statements.length ? statements : sentences;
  if (pick.length === 0) return '';
  const clean = (s: string): string =>
    s
      .replace(/[.!?]+$/, '')
      .replace(/^(\w+)\s+(?:report|reports|say|says|complain|complains)\s+(?:that\s+)?(?:they[’']re|they are)\s+(?:being\s+)?/i, '$1 ')
      .replace(/^your\s+/i, '')
      .replace(/\byour\b/gi, 'the')
      .replace(/\s+is stored in\s+/i, ' in ')
      .trim();
  let title = upperFirst(clean(pick[0]));
  if (pick[1]) {
    const withContext = `${title} (${lowerFirst(clean(pick[1]))})`;
    if (withContext.length <= TITLE_MAX) title = withContext;
  }
  return shorten(title, TITLE_MAX);
}

export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Lowercases a leading ordinary word, not an acronym or a name like "Redis". */
export function lowerFirst(s: string): string {
  return /^[A-Z][a-z]+\b/.test(s) && !/^(?:Redis|Kafka|Postgre\w*|MySQL|Java)\b/.test(s)
    ? s.charAt(0).toLowerCase() + s.slice(1)
    : s;
}

export function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/** The last parenthesised group, when the text ends with it and it is outside code spans. */
export function trailingGroup(text: string): { before: string; inner: string } | undefined {
  if (!text.endsWith(')')) return undefined;
  let depth = 0;
  let open = -1;
  const inCode = codeMask(text);
  for (let i = 0; i < text.length; i++) {
    if (inCode[i]) continue;
    if (text[i] === '(') {
      if (depth === 0) open = i;
      depth++;
    } else if (text[i] === ')' && depth > 0) {
      depth--;
      if (depth === 0 && i === text.length - 1) return { before: text.slice(0, open), inner: text.slice(open + 1, i) };
    }
  }
  return undefined;
}

/** For each character: is it inside a Markdown code span (backtick runs of equal length)? */
export function codeMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  const runs = /`+/g;
  let m: RegExpExecArray | null;
  let open: RegExpExecArray | undefined;
  while ((m = runs.exec(text))) {
    if (!open) open = m;
    else if (m[0].length === open[0].length) {
      mask.fill(1, open.index, m.index + m[0].length);
      open = undefined;
    }
  }
  return mask;
}

export function splitOutsideCode(text: string, separator: string): string[] {
  const inCode = codeMask(text);
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === separator && !inCode[i]) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const TAG_WORDS: readonly [tag: string, pattern: RegExp][] = [
  ['redis', /\bredis\b/i],
  ['postgresql', /\bpostgres(?:ql)?\b|\bpg_/i],
  ['mysql', /\bmysql\b/i],
  ['database', /\bdatabase\b|\bDB\b|\btable\b/i],
  ['kafka', /\bkafka\b/i],
  ['kubernetes', /\bkubernetes\b|\bk8s\b|\bkubectl\b/i],
  ['dns', /\bdns\b/i],
  ['cache', /\bcach(?:e|es|ing)\b/i],
  ['session', /\bsessions?\b/i],
  ['auth', /\blog(?:ged)? ?(?:in|out)\b|\bauth/i],
  ['cron', /\bcron\b/i],
  ['concurrency', /\bconcurren|\boverlap|\block(?:ing)?\b/i],
  ['migration', /\bmigrat/i],
  ['replication', /\breplica(?:tion|s)?\b/i],
  ['failover', /\bfailover\b/i],
  ['connection-pool', /\bconnection pool/i],
  ['performance', /\bslow\b|\blatency\b|\boptimi[sz]e/i],
];

export function deriveTags(text: string): string[] {
  return TAG_WORDS.filter(([, pattern]) => pattern.test(text)).map(([tag]) => tag);
}

/**
 * Ids made unique by a suffix: `step`, `step-2`, `step-3`... The next suffix is remembered per
 * base, so a thousand steps with the same text cost a thousand lookups, not half a million.
 */
export class UniqueIds {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  take(base: string): string {
    let id = base;
    let n = this.nextSuffix.get(base) ?? 2;
    if (this.taken.has(id)) {
      do id = `${base}-${n++}`;
      while (this.taken.has(id));
    }
    this.nextSuffix.set(base, n);
    this.taken.add(id);
    return id;
  }
}

export function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}

export function problem(file: string, line: number, message: string, severity: Problem['severity'], code: string): Problem {
  return { file, line, column: 1, message, severity, code };
}
