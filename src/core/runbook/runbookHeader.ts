// What the library tree (and a first search) shows of a runbook, read from a YAML file's top-level
// keys by a line scanner instead of the YAML parser: the tree can list a thousand runbooks before
// any of them is parsed, validated and positioned (see RunbookStore and loadRunbookHeaders).
// Conservative on purpose: any construct it does not fully understand (anchors, tags, multi-line
// quoted strings, nested values, several documents...) returns undefined, and the caller parses
// the file the ordinary way. The full parse always follows and replaces the header.
import type { Runbook, RunbookSeverity, SourceKind } from './runbookModel';
import { RUNBOOK_ID, SEVERITIES } from './runbookModel';

/** The fields the tree shows and the search matches first: a full Runbook is one too. */
export type RunbookSummary = Pick<Runbook, 'id' | 'title' | 'symptom' | 'summary' | 'tags' | 'severity' | 'source'> & {
  /** Alert names and phrases responders use (`aliases:`), when the runbook declares them. */
  aliases?: string[];
};

const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
const SCALAR_KEYS = new Set(['id', 'title', 'symptom', 'summary', 'severity']);
const LIST_KEYS = new Set(['tags', 'aliases']);
/** Plain scalars YAML's core schema reads as null, booleans or numbers: not strings. */
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Larger files are rare and slow to scan line by line for nothing: parse them. */
const MAX_HEADER_SCAN_BYTES = 512 * 1024;

/** Thrown inside the scanner for "not sure": the caller gets undefined. */
class Unsure extends Error {}

/**
 * The summary of the one runbook in a YAML runbook file, or undefined when the file is not plainly a
 * single runbook with a string id, title and symptom (then only the full parse can tell).
 */
export function readRunbookHeader(text: string, file: string, kind: SourceKind): RunbookSummary | undefined {
  if (text.length > MAX_HEADER_SCAN_BYTES) return undefined;
  try {
    return scan(text, file, kind);
  } catch (e) {
    if (e instanceof Unsure) return undefined;
    throw e;
  }
}

function scan(text: string, file: string, kind: SourceKind): RunbookSummary | undefined {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  const values = new Map<string, { inline: string; body: string[]; line: number }>();
  let current: { inline: string; body: string[]; line: number } | undefined;
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || line[0] === ' ') {
      current?.body.push(line);
      continue;
    }
    if (line[0] === '#') {
      // A comment at column 0 ends a block scalar's body (it is less indented).
      current = undefined;
      continue;
    }
    if (line.startsWith('---') && !seenContent && /^---\s*(#.*)?$/.test(line)) continue;
    const m = TOP_LEVEL_KEY.exec(line);
    // A tab, a second document, a top-level list, a flow mapping, an anchor...: not this scanner's job.
    if (!m) throw new Unsure();
    seenContent = true;
    const key = m[1];
    if (values.has(key)) throw new Unsure(); // duplicate key: an error the parser reports
    // Only the header's keys keep their lines: the phases are most of the file.
    current = { inline: m[2] ?? '', body: [], line: i + 1 };
    values.set(key, current);
    if (!SCALAR_KEYS.has(key) && !LIST_KEYS.has(key)) current = undefined;
  }
  const scalar = (key: string): string | undefined => {
    const v = values.get(key);
    return v ? scalarValue(v.inline, v.body) : undefined;
  };
  const list = (key: string): string[] | undefined => {
    const v = values.get(key);
    return v ? listValue(v.inline, v.body) : undefined;
  };
  for (const key of values.keys()) {
    if (SCALAR_KEYS.has(key)) scalar(key);
    else if (LIST_KEYS.has(key)) list(key);
  }
  const id = scalar('id');
  const title = scalar('title');
  const symptom = scalar('symptom');
  if (id === undefined || !RUNBOOK_ID.test(id) || title === undefined || title.trim() === '' || symptom === undefined) return undefined;
  // A runbook needs phases; without the key the full parse reports it and shows nothing.
  if (!values.has('phases')) return undefined;
  const summary: RunbookSummary = {
    id,
    title,
    symptom,
    summary: scalar('summary') ?? '',
    tags: list('tags') ?? [],
    source: { kind, file, line: values.get('id')!.line },
  };
  const severity = scalar('severity');
  if (severity !== undefined && SEVERITIES.includes(severity as RunbookSeverity)) summary.severity = severity as RunbookSeverity;
  const aliases = list('aliases');
  if (aliases) summary.aliases = aliases;
  return summary;
}

/** Lines of a value's body without blank lines at the end, and their common indentation. */
function trimmedBody(body: string[]): { lines: string[]; indent: number } {
  let end = body.length;
  while (end > 0 && body[end - 1].trim() === '') end--;
  const lines = body.slice(0, end);
  let indent = Infinity;
  for (const l of lines) if (l.trim() !== '') indent = Math.min(indent, l.length - l.trimStart().length);
  return { lines, indent: indent === Infinity ? 0 : indent };
}

function scalarValue(inline: string, body: string[]): string {
  const block = /^([|>])([-+]?)\s*(?:#.*)?$/.exec(inline);
  if (block) return blockScalar(block[1] === '>', block[2], body);
  const { lines } = trimmedBody(body);
  if (inline === '') {
    // A value on the following lines: a nested mapping or list, or a multi-line plain scalar.
    if (lines.length === 0) throw new Unsure();
    const first = lines.find((l) => l.trim() !== '')!.trim();
    if (/^(?:- |-$|[[{"'|>&*!%@`?]|[^#]*:(?: |$))/.test(first)) throw new Unsure();
    return plainScalar(lines.map((l) => l.trim()));
  }
  if (inline[0] === '"') {
    if (lines.length) throw new Unsure();
    return doubleQuoted(inline);
  }
  if (inline[0] === "'") {
    if (lines.length) throw new Unsure();
    const m = /^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(inline);
    if (!m) throw new Unsure();
    return m[1].replace(/''/g, "'");
  }
  if (/^[[{&*!%@`|>?,]/.test(inline) || /^-(?:\s|$)/.test(inline)) throw new Unsure();
  // A comment after a one-line plain scalar ends it.
  const comment = lines.length ? -1 : inline.search(/\s#/);
  return plainScalar([comment === -1 ? inline : inline.slice(0, comment).trimEnd(), ...lines.map((l) => l.trim())]);
}

/** A plain scalar over one or more lines: lines folded with spaces, a blank line is a newline. */
function plainScalar(parts: string[]): string {
  const words: string[] = [];
  let text = '';
  for (const raw of parts) {
    // " #" starts a comment; ": " would make it a mapping (a YAML error here).
    if (/\s#/.test(raw) || raw.startsWith('#') || /:(?:\s|$)/.test(raw)) throw new Unsure();
    if (raw === '') {
      text += (words.length ? words.join(' ') : '') + '\n';
      words.length = 0;
      continue;
    }
    words.push(raw);
  }
  const value = (text + words.join(' ')).trim();
  if (NOT_A_STRING.test(value) || value === '') throw new Unsure();
  return value;
}

function doubleQuoted(inline: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(inline);
  if (!m) throw new Unsure();
  // JSON's escapes are YAML's too; YAML's others (\x, \e, \N, ...) go to the parser.
  if (/\\[^"\\/bfnrtu]/.test(m[1])) throw new Unsure();
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    throw new Unsure();
  }
}

/** `|` keeps line breaks; `>` folds a break between two ordinary lines into a space. */
function blockScalar(folded: boolean, chomp: string, body: string[]): string {
  // Keeping trailing blank lines (`|+`) depends on what follows: rare in runbooks, left to the parser.
  if (chomp === '+') throw new Unsure();
  const { lines, indent } = trimmedBody(body);
  if (lines.length === 0 || indent === 0) throw new Unsure();
  const content = lines.map((l) => l.slice(indent));
  let value = content[0];
  // More-indented lines and the breaks next to them are kept as they are, as are blank lines.
  const ordinary = (l: string): boolean => l !== '' && l[0] !== ' ' && l[0] !== '\t';
  let lastText = content[0];
  for (let i = 1; i < content.length; i++) {
    const line = content[i];
    if (line === '') {
      value += '\n';
      continue;
    }
    if (!folded) value += '\n';
    else if (content[i - 1] === '') value += ordinary(lastText) && ordinary(line) ? '' : '\n';
    else value += ordinary(content[i - 1]) && ordinary(line) ? ' ' : '\n';
    value += line;
    lastText = line;
  }
  return chomp === '-' ? value : value + '\n';
}

function listValue(inline: string, body: string[]): string[] {
  const { lines, indent } = trimmedBody(body);
  if (inline.startsWith('[')) {
    const flow = [inline, ...lines.map((l) => l.trim())].join(' ');
    const m = /^\[(.*)\]\s*(?:#.*)?$/.exec(flow);
    if (!m || /[[\]{}]/.test(m[1])) throw new Unsure();
    if (m[1].trim() === '') return [];
    return splitFlow(m[1]).map((item) => scalarValue(item.trim(), []));
  }
  if (inline !== '' || lines.length === 0) throw new Unsure();
  const items: string[] = [];
  for (const l of lines) {
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    const m = /^( *)- (.*)$/.exec(l);
    // Only one item per line, all at the same indentation: anything else goes to the parser.
    if (!m || m[1].length !== indent) throw new Unsure();
    items.push(scalarValue(m[2].trim(), []));
  }
  return items;
}

/** Splits a flow sequence's items at commas outside quotes. */
function splitFlow(s: string): string[] {
  const items: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ',') {
      items.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw new Unsure();
  const last = s.slice(start);
  if (last.trim() !== '') items.push(last);
  return items;
}
