// Imports runbooks written in Markdown in the style of the incident-scenarios seed:
//   ## heading            → a runbook (first `>` quote = symptom)
//   ### heading (0–10 min) → a phase; list items → steps; fenced code → the step's commands
//   last `>` quote        → the insight
// Works on marked's token stream (never on regexes over the whole document) so nested lists and
// fenced code inside list items are understood the way every Markdown viewer shows them.
import { Marked, type MarkedToken, type Tokens } from 'marked';
import { compileVariablePattern, isSecretName, validateVariable, validateVariableValue } from '../incident/placeholders';
import { runbookWarnings } from './runbookWarnings';
import { slugify } from './slug';

export { slugify } from './slug';
import type {
  Command,
  ParseResult,
  Phase,
  Problem,
  Runbook,
  SourceKind,
  Step,
  StepKind,
  Timebox,
  VariableDeclaration,
} from './runbookModel';

// A dedicated instance: other code calling `marked.use()` must not change how runbooks import.
const markdown = new Marked({ gfm: true });

const STEP_ID_MAX = 40;
const RUNBOOK_ID_MAX = 60;
const TITLE_MAX = 70;

interface Located {
  token: MarkedToken;
  /** 1-based line where the token starts. */
  line: number;
}

interface Section {
  heading: Located;
  body: Located[];
}

export function parseMarkdownRunbooks(text: string, file: string, kind: SourceKind): ParseResult {
  const problems: Problem[] = [];
  // marked normalises line endings itself; doing it first keeps our offsets equal to its raws.
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let tokens: MarkedToken[];
  try {
    tokens = markdown.lexer(src) as MarkedToken[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    problems.push(problem(file, 1, `Could not read the Markdown: ${message}`, 'error', 'markdown-syntax'));
    return { runbooks: [], problems };
  }

  const runbooks: Runbook[] = [];
  const runbookIds = new Set<string>();
  const fences = new FenceFinder(src);
  for (const section of splitSections(locate(src, tokens))) {
    const runbook = buildRunbook(section, file, kind, problems, fences);
    if (!runbook) continue;
    runbook.id = uniqueId(runbook.id, runbookIds);
    runbooks.push(runbook);
    problems.push(...runbookWarnings(runbook));
  }
  return { runbooks, problems };
}

/**
 * Lines of fenced code blocks. marked gives no positions, and the text of a code block inside a
 * list item is de-indented, so each command's block is found again among the file's fences: the
 * next one, from where the previous one was found, with the same info string and first line.
 * The fences are listed once; a search looks at most MAX_FENCE_LOOKAHEAD fences ahead, so a
 * file of unmatched blocks costs linear time, not quadratic.
 */
const MAX_FENCE_LOOKAHEAD = 50;
// marked removes backslashes before punctuation in an info string; so do we before comparing.
const unescapeInfo = (info: string): string => info.trim().replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\]\\^_`{|}~])/g, '$1');

class FenceFinder {
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
function locate(src: string, tokens: MarkedToken[]): Located[] {
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

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** `##` starts a section; `#` ends one (a document title is not a runbook). */
function splitSections(tokens: Located[]): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const located of tokens) {
    const t = located.token;
    if (t.type === 'heading' && t.depth <= 2) {
      current = t.depth === 2 ? { heading: located, body: [] } : undefined;
      if (current) sections.push(current);
    } else if (current) {
      current.body.push(located);
    }
  }
  return sections;
}

interface SubSection {
  heading: Located & { token: Tokens.Heading };
  body: MarkedToken[];
  /** 1-based line of each body token. */
  lines: number[];
}

function buildRunbook(section: Section, file: string, kind: SourceKind, problems: Problem[], fences: FenceFinder): Runbook | undefined {
  const heading = section.heading.token as Tokens.Heading;
  const line = section.heading.line;

  const preamble: MarkedToken[] = [];
  const allSubs: SubSection[] = [];
  for (const located of section.body) {
    const t = located.token;
    if (t.type === 'heading' && t.depth === 3) allSubs.push({ heading: { token: t, line: located.line }, body: [], lines: [] });
    else if (allSubs.length > 0) {
      allSubs[allSubs.length - 1].body.push(t);
      allSubs[allSubs.length - 1].lines.push(located.line);
    } else preamble.push(t);
  }
  // `### Variables` declares the placeholders; it is neither a phase nor part of the summary.
  const variableSubs = allSubs.filter(isVariablesSection);
  const subs = allSubs.filter((sub) => !isVariablesSection(sub));
  const variables = buildVariables(variableSubs, file, problems);

  let symptom = '';
  const summaryParts: string[] = [];
  for (const t of preamble) {
    if (!symptom && t.type === 'blockquote') symptom = unwrapStrong(t.tokens).trim();
    else pushBlock(summaryParts, t);
  }

  // `###` sections before the first phase that hold no steps (the seed's "Strong Answer") are
  // part of the summary; from the first phase on, every `###` is a phase.
  const phaseSubs: SubSection[] = [];
  for (const sub of subs) {
    const hasTimebox = parsePhaseHeading(sub.heading.token).timebox !== undefined;
    if (phaseSubs.length === 0 && !hasTimebox && !sub.body.some(isStepBearing)) {
      for (const t of sub.body) pushBlock(summaryParts, t);
    } else {
      phaseSubs.push(sub);
    }
  }
  if (phaseSubs.length === 0) return undefined; // "Summary", "Pro Insight" and the like

  // The closing quote of the last phase is the runbook's lesson, not a step.
  let insight: string | undefined;
  const last = phaseSubs[phaseSubs.length - 1].body;
  const lastIndex = findLastIndex(last, (t) => t.type !== 'space' && t.type !== 'hr');
  const closing = lastIndex >= 0 ? last[lastIndex] : undefined;
  if (closing?.type === 'blockquote' && !RISK_LINE.test(closing.text.trim())) {
    insight = stripEnclosingQuotes(closing.text.trim());
    last.splice(lastIndex, 1);
  }

  const stepIds = new Set<string>();
  const phases: Phase[] = [];
  for (const sub of phaseSubs) {
    fences.seek(sub.heading.line);
    const parsed = parsePhaseHeading(sub.heading.token);
    if (parsed.problem) {
      problems.push(problem(file, sub.heading.line, parsed.problem, 'warning', 'timebox'));
    }
    const steps = buildSteps(sub.body, parsed.name, stepIds, fences);
    if (steps.length === 0) {
      // A heading that only introduced the insight is not worth a warning.
      if (parsed.timebox !== undefined) {
        problems.push(problem(file, sub.heading.line, `Phase "${parsed.name}" has no steps.`, 'warning', 'empty-phase'));
      }
      continue;
    }
    phases.push({ name: parsed.name, timebox: parsed.timebox ?? null, steps });
  }
  if (phases.length === 0) return undefined;

  let title = stripDecoration(plainInline(heading.tokens));
  if (!/\p{L}/u.test(title)) title = symptom ? titleFromSymptom(symptom) : '';
  if (!title) title = `Untitled runbook (line ${line})`;
  if (!symptom) {
    problems.push(problem(file, line, `Runbook "${title}" has no symptom: add a "> ..." quote under its heading.`, 'warning', 'missing-symptom'));
  }

  const summary = summaryParts.join('\n\n');
  return {
    id: slugify(title, RUNBOOK_ID_MAX) || 'runbook',
    title,
    symptom,
    summary,
    tags: deriveTags([title, symptom, summary].join('\n')),
    phases,
    ...(insight ? { insight } : {}),
    lintRules: [],
    variables,
    source: { kind, file, line },
  };
}

// ---------------------------------------------------------------- variables

function isVariablesSection(sub: SubSection): boolean {
  return /^(?:variables|placeholders)$/i.test(stripDecoration(plainInline(sub.heading.token.tokens)));
}

const VARIABLE_ITEM = /^`\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,99})\s*\}\}`\s*(?:[—–:-]+\s*)?([\s\S]*)$/;

/**
 * `### Variables` list items: `` `{{name}}` — description (e.g. `example`; pattern `^[0-9]+$`;
 * default `x`; secret; raw) ``. The parenthesised attributes are optional; a final group with
 * anything else in it stays part of the description.
 */
/** As many as the YAML schema allows. */
const MAX_VARIABLES = 100;

function buildVariables(subs: SubSection[], file: string, problems: Problem[]): VariableDeclaration[] {
  const out: VariableDeclaration[] = [];
  const names = new Set<string>();
  for (const sub of subs) {
    sub.body.forEach((t, k) => {
      if (t.type !== 'list') return;
      let line = sub.lines[k];
      for (const item of t.items) {
        const itemLine = line;
        line += countNewlines(item.raw, 0, item.raw.length);
        const text = item.text.trim().replace(/\s*\n\s*/g, ' ');
        const m = VARIABLE_ITEM.exec(text);
        if (!m) {
          problems.push(problem(file, itemLine, 'A Variables item must start with the placeholder in backticks: `{{name}}` — what to enter (e.g. `value`).', 'warning', 'variable-syntax'));
          continue;
        }
        const [, name, rest] = m;
        if (names.has(name)) {
          problems.push(problem(file, itemLine, `Variable "${name}" is declared twice.`, 'error', 'duplicate-variable'));
          continue;
        }
        names.add(name);
        if (out.length >= MAX_VARIABLES) {
          problems.push(problem(file, itemLine, `More than ${MAX_VARIABLES} variables: "${name}" and the ones after it are ignored.`, 'error', 'schema'));
          return;
        }
        const declaration = parseVariableItem(name, rest, itemLine);
        // An unusable pattern or default is dropped; the rest of the declaration stays.
        if (declaration.pattern !== undefined) {
          const compiled = compileVariablePattern(declaration.pattern);
          if (typeof compiled === 'string') {
            problems.push(problem(file, itemLine, `Variable "${name}": ${compiled}`, 'error', 'variable-pattern'));
            delete declaration.pattern;
          }
        }
        if (declaration.default !== undefined) {
          const invalid = validateVariable(declaration, declaration.default);
          if (invalid) {
            problems.push(problem(file, itemLine, `Variable "${name}": the default is not a valid value: ${invalid}`, 'error', 'variable-default'));
            delete declaration.default;
          }
        }
        if (declaration.example !== undefined) {
          const invalid = validateVariableValue(declaration.example) ?? validateVariable(declaration, declaration.example);
          if (invalid) problems.push(problem(file, itemLine, `Variable "${name}": the example is not a valid value: ${invalid}`, 'warning', 'variable-example'));
        }
        out.push(declaration);
      }
    });
  }
  return out;
}

function parseVariableItem(name: string, rest: string, line: number): VariableDeclaration {
  const declaration: VariableDeclaration = { name, secret: isSecretName(name), raw: false, line };
  let description = rest.trim();
  const group = trailingGroup(description);
  if (group) {
    const attributes: Partial<VariableDeclaration> = {};
    const recognised = splitOutsideCode(group.inner, ';').every((part) => {
      const a = part.trim();
      let m: RegExpExecArray | null;
      if ((m = /^(?:e\.\s?g\.|example:?)\s*(`+)\s?([\s\S]*?)\s?\1$/i.exec(a))) attributes.example = m[2];
      else if ((m = /^(?:pattern|matches):?\s*(`+)\s?([\s\S]*?)\s?\1$/i.exec(a))) attributes.pattern = m[2];
      else if ((m = /^default:?\s*(`+)\s?([\s\S]*?)\s?\1$/i.exec(a))) attributes.default = m[2];
      else if (/^secret$/i.test(a)) attributes.secret = true;
      else if (/^not secret$/i.test(a)) attributes.secret = false;
      else if (/^raw$/i.test(a)) attributes.raw = true;
      else return false;
      return true;
    });
    if (recognised) {
      Object.assign(declaration, attributes);
      description = group.before.trim();
    }
  }
  description = description.replace(/[\s.;:,]+$/, '');
  if (description) declaration.description = description;
  return declaration;
}

/** The last parenthesised group, when the text ends with it and it is outside code spans. */
function trailingGroup(text: string): { before: string; inner: string } | undefined {
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
function codeMask(text: string): Uint8Array {
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

function splitOutsideCode(text: string, separator: string): string[] {
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

function isStepBearing(t: MarkedToken): boolean {
  return t.type === 'list' || t.type === 'code' || (t.type === 'heading' && t.depth >= 4);
}

/** Summary text: quotes lose their `>` (the view shows the summary as a callout anyway). */
function pushBlock(parts: string[], t: MarkedToken): void {
  if (t.type === 'space' || t.type === 'hr') return;
  const text = t.type === 'blockquote' ? stripEnclosingQuotes(t.text.trim()) : t.raw.trim();
  if (text) parts.push(text);
}

// ---------------------------------------------------------------- phases and steps

interface PhaseHeading {
  name: string;
  /** undefined: the heading has no timebox; null: it has one we could not use. */
  timebox: Timebox | null | undefined;
  problem?: string;
}

const TIMEBOX = /[([]?\s*(\d+)\s*(?:m|mins?|minutes?)?\s*[–—-]\s*(\d+)\s*(?:m|mins?|minutes?)\s*[)\]]?\s*$/i;

function parsePhaseHeading(heading: Tokens.Heading): PhaseHeading {
  let text = plainInline(heading.tokens).trim();
  let timebox: Timebox | null | undefined;
  let problemText: string | undefined;
  const match = TIMEBOX.exec(text);
  if (match) {
    text = text.slice(0, match.index);
    const fromMinutes = Number(match[1]);
    const toMinutes = Number(match[2]);
    if (toMinutes > fromMinutes) {
      timebox = { fromMinutes, toMinutes };
    } else {
      timebox = null;
      problemText = `Timebox "${match[0].trim()}" ends before it starts; it is ignored.`;
    }
  }
  let name = stripDecoration(text).replace(/^(?:step|phase|stage)\s*\d+\s*[:.)–—-]?\s*/i, '');
  name = stripDecoration(name);
  return { name: name || 'Steps', timebox, problem: problemText };
}

interface StepDraft {
  text: string;
  kind: StepKind;
  commands: Command[];
}

function buildSteps(tokens: MarkedToken[], phaseName: string, ids: Set<string>, fences: FenceFinder): Step[] {
  const phaseKind = kindForPhase(phaseName);
  const drafts: StepDraft[] = [];
  // Set by a label line ("Likely causes:", "Check:") or reset by a `####` heading.
  let labelKind: StepKind | undefined;
  const lastDraft = (): StepDraft | undefined => drafts[drafts.length - 1];
  let previousWasCode = false;

  for (const t of tokens) {
    // Blank lines between a code block and its `> Risk:` line do not separate them.
    const wasCode: boolean = previousWasCode;
    previousWasCode = t.type === 'code' || (t.type === 'space' && wasCode);
    switch (t.type) {
      case 'space':
      case 'hr':
      case 'def':
        break;
      case 'paragraph': {
        const text = t.text.trim();
        if (isLabel(text)) labelKind = kindForLabel(text);
        // Label lines stay as note steps so the checklist keeps the seed's grouping.
        drafts.push({ text, kind: 'note', commands: [] });
        break;
      }
      case 'heading':
        // `#### Option A: ...` introduces a group of steps; it stays as a note above them.
        labelKind = undefined;
        drafts.push({ text: t.text.trim(), kind: 'note', commands: [] });
        break;
      case 'list':
        for (const item of t.items) {
          const draft = itemToDraft(item, labelKind ?? phaseKind, fences);
          if (draft) drafts.push(draft);
        }
        break;
      case 'blockquote': {
        // `> Risk: …` right after a command declares it destructive, with that risk.
        const last = lastDraft()?.commands.at(-1);
        if (last && wasCode && attachRisk(last, t)) break;
        const text = t.raw.trim();
        if (text) drafts.push({ text, kind: 'note', commands: [] });
        break;
      }
      case 'code': {
        const command = toCommand(t, fences);
        const previous = lastDraft();
        if (previous && previous.kind !== 'note') previous.commands.push(command);
        else drafts.push({ text: commandLabel(command), kind: labelKind ?? phaseKind, commands: [command] });
        break;
      }
      default: {
        // Quotes, tables, raw HTML: kept verbatim (the renderer sanitizes) as notes.
        const text = t.raw.trim();
        if (text) drafts.push({ text, kind: 'note', commands: [] });
      }
    }
  }

  // A phase made only of notes is not a checklist; callers drop it.
  if (!drafts.some((d) => d.kind !== 'note')) return [];
  return drafts.map((d) => ({
    id: uniqueId(slugify(stripMarkdown(d.text), STEP_ID_MAX) || 'step', ids),
    text: d.text,
    kind: d.kind,
    commands: d.commands,
  }));
}

function itemToDraft(item: Tokens.ListItem, kind: StepKind, fences: FenceFinder): StepDraft | undefined {
  const commands: Command[] = [];
  const text = itemMarkdown(item, commands, fences);
  if (!text && commands.length === 0) return undefined;
  return { text: text || commandLabel(commands[0]), kind, commands };
}

/** The item's own text plus its sub-items as a nested Markdown list; code goes to `commands`. */
function itemMarkdown(item: Tokens.ListItem, commands: Command[], fences: FenceFinder): string {
  const own: string[] = [];
  const nested: string[] = [];
  let previousWasCode = false;
  for (const child of item.tokens as MarkedToken[]) {
    if (child.type === 'checkbox' || child.type === 'space') continue;
    const wasCode: boolean = previousWasCode;
    previousWasCode = child.type === 'code';
    if (child.type === 'code') commands.push(toCommand(child, fences));
    else if (child.type === 'blockquote' && wasCode && attachRisk(commands[commands.length - 1], child)) continue;
    else if (child.type === 'list') nested.push(listMarkdown(child, commands, fences));
    else own.push(child.raw.trim());
  }
  const head = own.filter(Boolean).join(item.loose ? '\n\n' : '\n');
  // An ordered list not starting at 1 cannot interrupt a paragraph: separate it.
  const separator = nested.length && /^\d+\. /.test(nested[0]) && !nested[0].startsWith('1. ') ? '\n\n' : '\n';
  return [head, nested.join('\n')].filter(Boolean).join(separator);
}

function listMarkdown(list: Tokens.List, commands: Command[], fences: FenceFinder): string {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, i) => {
      const marker = list.ordered ? `${start + i}. ` : '- ';
      const body = itemMarkdown(item, commands, fences);
      const pad = ' '.repeat(marker.length);
      return marker + body.split('\n').map((l, j) => (j === 0 || !l ? l : pad + l)).join('\n');
    })
    .join('\n');
}

/**
 * A fenced block as a command. Words after the language in the info string declare it:
 * ```` ```bash destructive ```` (or `safe` for destructive: false, to tell the detector it is wrong).
 */
function toCommand(t: Tokens.Code, fences: FenceFinder): Command {
  const [first, ...words] = (t.lang ?? '').trim().split(/\s+/);
  const command: Command = { language: first.toLowerCase() || 'text', code: t.text };
  for (const word of words.map((w) => w.toLowerCase())) {
    if (word === 'destructive') command.destructive = true;
    else if (word === 'safe' || word === 'not-destructive') command.destructive = false;
  }
  const line = fences.lineOf(t);
  if (line !== undefined) command.line = line;
  return command;
}

const RISK_LINE = /^(?:\*\*|__)?risk\s*:\s*(?:\*\*|__)?\s*/i;

/** `> Risk: …` (or `> **Risk:** …`) after a command: its risk sentence, and destructive unless said otherwise. */
function attachRisk(command: Command | undefined, quote: Tokens.Blockquote): boolean {
  const text = quote.text.trim();
  if (!command || !RISK_LINE.test(text)) return false;
  const risk = text.replace(RISK_LINE, '').replace(/\s*\n\s*/g, ' ').trim();
  if (!risk) return false;
  command.risk = risk;
  command.destructive ??= true;
  return true;
}

/** Text for a step that is only a code block: its first line, as code. */
function commandLabel(command: Command): string {
  const lines = command.code.split('\n');
  const first = lines.find((l) => l.trim())?.trim() ?? command.language;
  const shown = lines.filter((l) => l.trim()).length > 1 ? `${first} …` : first;
  const fence = shown.includes('`') ? '``' : '`';
  const pad = shown.includes('`') ? ' ' : '';
  return `Run ${fence}${pad}${shown}${pad}${fence}`;
}

function isLabel(text: string): boolean {
  return !text.includes('\n') && text.endsWith(':') && text.length <= 80;
}

function kindForLabel(label: string): StepKind | undefined {
  const l = label.toLowerCase();
  if (/cause|suspect|hypothes|suspicion/.test(l)) return 'cause';
  if (/verif|validat/.test(l)) return 'verify';
  if (/check|confirm|inspect|look at|investigat|diagnos/.test(l)) return 'check';
  if (/fix|mitigat|remed|resolv|workaround/.test(l)) return 'fix';
  if (/note|context|background/.test(l)) return 'note';
  return undefined;
}

function kindForPhase(name: string): StepKind {
  const l = name.toLowerCase();
  // Verify first: "Verify the fix" is a verification.
  if (/verif|validat|confirm|monitor|follow[- ]?up/.test(l)) return 'verify';
  if (/fix|mitigat|remed|resolv|recover|roll ?back|repair|restore/.test(l)) return 'fix';
  if (/triage|stabili|assess|isolat|diagnos|investigat|detect|identif/.test(l)) return 'check';
  return 'action';
}

// ---------------------------------------------------------------- text helpers

/** Plain text of inline tokens (headings): formatting dropped, code spans kept as their text. */
function plainInline(tokens: readonly unknown[]): string {
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
function unwrapStrong(tokens: readonly unknown[]): string {
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
function stripDecoration(s: string): string {
  return s
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/^#?\d+[.):]?(?=\s|$)/, '')
    .replace(/^[^\p{L}\p{N}`]+/u, '')
    .replace(/[\s:]+$/, '')
    .trim();
}

function stripEnclosingQuotes(s: string): string {
  const m = /^["“]([^"“”]*)["”]$/.exec(s);
  return m ? m[1].trim() : s;
}

/** Good enough to slug Markdown: ids only need to be stable and readable. */
function stripMarkdown(s: string): string {
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

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Lowercases a leading ordinary word, not an acronym or a name like "Redis". */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]+\b/.test(s) && !/^(?:Redis|Kafka|Postgre\w*|MySQL|Java)\b/.test(s)
    ? s.charAt(0).toLowerCase() + s.slice(1)
    : s;
}

function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}


function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
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

function deriveTags(text: string): string[] {
  return TAG_WORDS.filter(([, pattern]) => pattern.test(text)).map(([tag]) => tag);
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}

function problem(file: string, line: number, message: string, severity: Problem['severity'], code: string): Problem {
  return { file, line, column: 1, message, severity, code };
}
