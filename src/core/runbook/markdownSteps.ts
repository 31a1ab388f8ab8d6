// Phases and steps of a Markdown runbook: a `###` heading with its timebox, list items as steps
// (their kind from the phase or from a label line), fenced code as the step's commands.
import type { MarkedToken, Tokens } from 'marked';
import type { FenceFinder } from './markdownTokens';
import { plainInline, stripDecoration, stripMarkdown, type UniqueIds } from './markdownText';
import { slugify } from './slug';
import type { Command, Step, StepKind, Timebox } from './runbookModel';

const STEP_ID_MAX = 40;

export interface PhaseHeading {
  name: string;
  /** undefined: the heading has no timebox; null: it has one we could not use. */
  timebox: Timebox | null | undefined;
  problem?: string;
}

const TIMEBOX = /[([]?\s*(\d+)\s*(?:m|mins?|minutes?)?\s*[–—-]\s*(\d+)\s*(?:m|mins?|minutes?)\s*[)\]]?\s*$/i;

export function parsePhaseHeading(heading: Tokens.Heading): PhaseHeading {
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

export interface StepDraft {
  text: string;
  kind: StepKind;
  commands: Command[];
  heading?: string;
}

export function buildSteps(tokens: MarkedToken[], phaseName: string, ids: UniqueIds, fences: FenceFinder): Step[] {
  const phaseKind = kindForPhase(phaseName);
  const drafts: StepDraft[] = [];
  // Set by a label line ("Likely causes:", "Check:") or reset by a `####` heading.
  let labelKind: StepKind | undefined;
  // A label line or `####` heading waiting for the step it heads (it is not a step itself).
  let heading: string | undefined;
  const push = (draft: StepDraft): void => {
    if (heading !== undefined) draft.heading = heading;
    heading = undefined;
    drafts.push(draft);
  };
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
        if (isLabel(text)) {
          // A label heads the steps after it and sets their kind; it is not a step to tick.
          labelKind = kindForLabel(text);
          heading = joinHeadings(heading, text);
        } else push({ text, kind: 'note', commands: [] });
        break;
      }
      case 'heading':
        // `#### Option A: ...` heads a group of steps.
        labelKind = undefined;
        heading = joinHeadings(heading, t.text.trim());
        break;
      case 'list':
        for (const item of t.items) {
          const draft = itemToDraft(item, labelKind ?? phaseKind, fences);
          if (draft) push(draft);
        }
        break;
      case 'blockquote': {
        // `> Risk: …` right after a command declares it destructive, with that risk.
        const last = lastDraft()?.commands.at(-1);
        if (last && wasCode && attachRisk(last, t)) break;
        const text = t.raw.trim();
        if (text) push({ text, kind: 'note', commands: [] });
        break;
      }
      case 'code': {
        const command = toCommand(t, fences);
        const previous = lastDraft();
        if (previous && previous.kind !== 'note' && heading === undefined) previous.commands.push(command);
        else push({ text: commandLabel(command), kind: labelKind ?? phaseKind, commands: [command] });
        break;
      }
      default: {
        // Quotes, tables, raw HTML: kept verbatim (the renderer sanitizes) as notes.
        const text = t.raw.trim();
        if (text) push({ text, kind: 'note', commands: [] });
      }
    }
  }
  // A label with nothing after it in its phase: kept as a note, so no text is lost.
  if (heading !== undefined) drafts.push({ text: heading, kind: 'note', commands: [] });

  // A phase made only of notes is not a checklist; callers drop it.
  if (!drafts.some((d) => d.kind !== 'note')) return [];
  return drafts.map((d) => ({
    id: ids.take(slugify(stripMarkdown(d.text), STEP_ID_MAX) || 'step'),
    text: d.text,
    kind: d.kind,
    commands: d.commands,
    ...(d.heading !== undefined ? { heading: d.heading } : {}),
  }));
}

/** Two labels in a row ("#### Option B" then "Check:") head the same step, on separate lines. */
function joinHeadings(before: string | undefined, next: string): string {
  return before === undefined ? next : `${before}\n${next}`;
}

export function itemToDraft(item: Tokens.ListItem, kind: StepKind, fences: FenceFinder): StepDraft | undefined {
  const commands: Command[] = [];
  const text = itemMarkdown(item, commands, fences);
  if (!text && commands.length === 0) return undefined;
  return { text: text || commandLabel(commands[0]), kind, commands };
}

/** The item's own text plus its sub-items as a nested Markdown list; code goes to `commands`. */
export function itemMarkdown(item: Tokens.ListItem, commands: Command[], fences: FenceFinder): string {
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

export function listMarkdown(list: Tokens.List, commands: Command[], fences: FenceFinder): string {
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
export function toCommand(t: Tokens.Code, fences: FenceFinder): Command {
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

export const RISK_LINE = /^(?:\*\*|__)?risk\s*:\s*(?:\*\*|__)?\s*/i;

/** `> Risk: …` (or `> **Risk:** …`) after a command: its risk sentence, and destructive unless said otherwise. */
export function attachRisk(command: Command | undefined, quote: Tokens.Blockquote): boolean {
  const text = quote.text.trim();
  if (!command || !RISK_LINE.test(text)) return false;
  const risk = text.replace(RISK_LINE, '').replace(/\s*\n\s*/g, ' ').trim();
  if (!risk) return false;
  command.risk = risk;
  command.destructive ??= true;
  return true;
}

/** Text for a step that is only a code block: its first line, as code. */
export function commandLabel(command: Command): string {
  const lines = command.code.split('\n');
  const first = lines.find((l) => l.trim())?.trim() ?? command.language;
  const shown = lines.filter((l) => l.trim()).length > 1 ? `${first} …` : first;
  const fence = shown.includes('`') ? '``' : '`';
  const pad = shown.includes('`') ? ' ' : '';
  return `Run ${fence}${pad}${shown}${pad}${fence}`;
}

export function isLabel(text: string): boolean {
  return !text.includes('\n') && text.endsWith(':') && text.length <= 80;
}

export function kindForLabel(label: string): StepKind | undefined {
  const l = label.toLowerCase();
  if (/cause|suspect|hypothes|suspicion/.test(l)) return 'cause';
  if (/verif|validat/.test(l)) return 'verify';
  if (/check|confirm|inspect|look at|investigat|diagnos/.test(l)) return 'check';
  if (/fix|mitigat|remed|resolv|workaround/.test(l)) return 'fix';
  if (/note|context|background/.test(l)) return 'note';
  return undefined;
}

export function kindForPhase(name: string): StepKind {
  const l = name.toLowerCase();
  // Verify first: "Verify the fix" is a verification.
  if (/verif|validat|confirm|monitor|follow[- ]?up/.test(l)) return 'verify';
  if (/fix|mitigat|remed|resolv|recover|roll ?back|repair|restore/.test(l)) return 'fix';
  if (/triage|stabili|assess|isolat|diagnos|investigat|detect|identif/.test(l)) return 'check';
  return 'action';
}

