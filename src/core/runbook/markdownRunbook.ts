// Imports runbooks written in Markdown in the style of the incident-scenarios seed:
//   ## heading            → a runbook (first `>` quote = symptom)
//   ### heading (0–10 min) → a phase; list items → steps; fenced code → the step's commands
//   last `>` quote        → the insight
//   ### Aliases           → list items are the aliases (alert names, error messages, phrases)
// Works on marked's token stream (never on regexes over the whole document) so nested lists and
// fenced code inside list items are understood the way every Markdown viewer shows them.
import { Marked, type MarkedToken, type Tokens } from 'marked';
import { runbookWarnings } from './runbookWarnings';
import { slugify } from './slug';
import { FenceFinder, locate, type Located, type SubSection } from './markdownTokens';
import { buildVariables, isVariablesSection } from './markdownVariables';
import { RISK_LINE, buildSteps, parsePhaseHeading } from './markdownSteps';
import { deriveTags, findLastIndex, plainInline, problem, stripDecoration, stripEnclosingQuotes, titleFromSymptom, UniqueIds, unwrapStrong } from './markdownText';
import { MAX_MARKDOWN_NESTING, findTooDeepNesting } from './markdownNesting';

export { slugify } from './slug';
export { titleFromSymptom } from './markdownText';
import type {
  ParseResult,
  Phase,
  Problem,
  Runbook,
  SourceKind,
} from './runbookModel';

// A dedicated instance: other code calling `marked.use()` must not change how runbooks import.
const markdown = new Marked({ gfm: true });

const RUNBOOK_ID_MAX = 60;

interface Section {
  heading: Located;
  body: Located[];
}

export function parseMarkdownRunbooks(text: string, file: string, kind: SourceKind): ParseResult {
  const problems: Problem[] = [];
  // marked normalises line endings itself; doing it first keeps our offsets equal to its raws.
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const tooDeep = findTooDeepNesting(src);
  if (tooDeep) {
    const message = `Lists and quotes are nested more than ${MAX_MARKDOWN_NESTING} levels deep here; the file is not imported (a runbook needs a few levels).`;
    problems.push({ file, line: tooDeep.line, column: tooDeep.column, message, severity: 'error', code: 'markdown-nesting' });
    return { runbooks: [], problems };
  }
  let tokens: MarkedToken[];
  try {
    tokens = markdown.lexer(src) as MarkedToken[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    problems.push(problem(file, 1, `Could not read the Markdown: ${message}`, 'error', 'markdown-syntax'));
    return { runbooks: [], problems };
  }

  const runbooks: Runbook[] = [];
  const runbookIds = new UniqueIds();
  const fences = new FenceFinder(src);
  for (const section of splitSections(locate(src, tokens))) {
    const runbook = buildRunbook(section, file, kind, problems, fences);
    if (!runbook) continue;
    runbook.id = runbookIds.take(runbook.id);
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
  // `### Variables` declares the placeholders and `### Aliases` the other names of the problem;
  // neither is a phase nor part of the summary.
  const variableSubs = allSubs.filter(isVariablesSection);
  const aliasSubs = allSubs.filter(isAliasesSection);
  const subs = allSubs.filter((sub) => !isVariablesSection(sub) && !isAliasesSection(sub));
  const variables = buildVariables(variableSubs, file, problems);
  const aliases = buildAliases(aliasSubs);

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

  const stepIds = new UniqueIds();
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
    aliases,
    phases,
    ...(insight ? { insight } : {}),
    lintRules: [],
    variables,
    source: { kind, file, line },
  };
}

function isAliasesSection(sub: SubSection): boolean {
  return /^(?:aliases|also known as)$/i.test(stripDecoration(plainInline(sub.heading.token.tokens)));
}

/** As many as the YAML schema allows, each as long. */
const MAX_ALIASES = 100;
const MAX_ALIAS_CHARS = 300;

/** `### Aliases` list items, one alias each: `- KubePodCrashLooping`, `` - `x509: certificate has expired` ``, `- "kicked out"`. */
function buildAliases(subs: SubSection[]): string[] {
  const aliases = new Set<string>();
  for (const t of subs.flatMap((sub) => sub.body)) {
    if (t.type !== 'list') continue;
    for (const item of t.items) {
      const text = stripEnclosingQuotes(plainInline(item.tokens.flatMap((x) => ('tokens' in x && x.tokens ? x.tokens : [x]))).trim().replace(/\s+/g, ' '));
      if (text && text.length <= MAX_ALIAS_CHARS && aliases.size < MAX_ALIASES) aliases.add(text);
    }
  }
  return [...aliases];
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

