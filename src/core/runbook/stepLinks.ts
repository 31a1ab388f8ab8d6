// A cause names the steps that test it (`checks:`) and the steps that fix it (`fixes:`). These
// links key on step ids, so each must name a step of the same runbook: a typo would silently
// leave a confirmed cause without its fix. The parsers report what this finds at the link's own
// line and column, and keep only the links that resolve.
import { closestMatch } from '../didYouMean';
import type { ProblemSeverity, Runbook, Step } from './runbookModel';

const STEP_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
/** Link problems reported per runbook; the rest are counted in one last problem. */
export const MAX_LINK_ISSUES = 100;
/** "Did you mean" costs a comparison with every step id: only for the first few unknown ids. */
const MAX_GUESSES = 20;

export type LinkField = 'checks' | 'fixes';

export interface StepLinkIssue {
  phaseIndex: number;
  stepIndex: number;
  field: LinkField;
  /** Index in the list; undefined when the issue is the whole field (links on a step that is not a cause). */
  itemIndex?: number;
  message: string;
  severity: ProblemSeverity;
  code: 'step-link';
}

/**
 * Checks every step's `checks:`/`fixes:` against the runbook's step ids and removes the links
 * that do not resolve (unknown ids, a step naming itself), in place. Links on a step that is not a
 * cause are kept but warned about: nothing follows them. Linear in steps + links.
 */
export function checkStepLinks(runbook: Runbook): StepLinkIssue[] {
  const issues: StepLinkIssue[] = [];
  let more = 0;
  let guesses = 0;
  const report = (issue: StepLinkIssue): void => {
    if (issues.length < MAX_LINK_ISSUES) issues.push(issue);
    else more++;
  };
  const ids: string[] = [];
  const known = new Set<string>();
  for (const p of runbook.phases) {
    for (const s of p.steps) {
      if (!known.has(s.id)) ids.push(s.id);
      known.add(s.id);
    }
  }
  runbook.phases.forEach((phase, phaseIndex) => {
    phase.steps.forEach((step, stepIndex) => {
      for (const field of ['checks', 'fixes'] as const) {
        const list = step[field];
        if (list === undefined) continue;
        if (step.kind !== 'cause' && list.length > 0) {
          report({ phaseIndex, stepIndex, field, message: `Step "${step.id}" has "${field}:" but is not of kind cause; only a cause's links are followed (add "kind: cause")`, severity: 'warning', code: 'step-link' });
        }
        const kept: string[] = [];
        list.forEach((id, itemIndex) => {
          // Not an id at all: the schema reports it; it is only dropped here.
          if (!STEP_ID.test(id)) return;
          const problem = linkProblem(step, field, id, known, issues.length < MAX_LINK_ISSUES && guesses < MAX_GUESSES ? ids : undefined);
          if (problem === undefined) kept.push(id);
          else {
            if (!known.has(id)) guesses++;
            report({ phaseIndex, stepIndex, field, itemIndex, message: problem, severity: 'error', code: 'step-link' });
          }
        });
        step[field] = kept;
      }
    });
  });
  if (more > 0) {
    const last = issues[issues.length - 1];
    issues.push({ ...last, message: `${more} more problems with step links in this runbook not shown`, severity: 'error' });
  }
  return issues;
}

/** What is wrong with one link, or undefined; `ids` (for a "did you mean") only while guesses are cheap enough. */
function linkProblem(step: Step, field: LinkField, id: string, known: Set<string>, ids: string[] | undefined): string | undefined {
  if (id === step.id) return `Step "${step.id}" names itself in "${field}:"; a cause ${field === 'checks' ? 'is tested by other steps' : 'is fixed by other steps'}`;
  if (known.has(id)) return undefined;
  const guess = ids && closestMatch(id, ids);
  return `"${field}:" of step "${step.id}" names "${id}", which is not a step of this runbook${guess ? `; did you mean "${guess}"?` : ''}`;
}

/** Another step as a link shows it (the protocol's StepLink). */
export interface LinkedStep {
  id: string;
  /** 1-based, counted across phases: the numbering both views use. */
  number: number;
  title: string;
}

export interface StepLinkSet {
  checks?: LinkedStep[];
  fixes?: LinkedStep[];
  checkedBy?: LinkedStep[];
  fixedBy?: LinkedStep[];
}

type LinkableStep = { id: string; title: string; kind?: string; checks?: string[]; fixes?: string[] };

/**
 * Each step's links both ways, resolved to numbered steps: a cause's `checks:`/`fixes:`, and for
 * a step the causes naming it. Only a cause's links count; ids that name no step are left out.
 * Steps without links are absent. Linear in steps + links.
 */
export function stepLinkMap(phases: readonly { steps: readonly LinkableStep[] }[]): Map<string, StepLinkSet> {
  const byId = new Map<string, LinkedStep>();
  let number = 0;
  for (const p of phases) {
    for (const s of p.steps) {
      number++;
      if (!byId.has(s.id)) byId.set(s.id, { id: s.id, number, title: s.title });
    }
  }
  const out = new Map<string, StepLinkSet>();
  const push = (id: string, key: keyof StepLinkSet, link: LinkedStep): void => {
    let set = out.get(id);
    if (set === undefined) out.set(id, (set = {}));
    (set[key] ??= []).push(link);
  };
  // A repeated step id counts once, as its first occurrence (like the checklist).
  const seen = new Set<string>();
  for (const p of phases) {
    for (const s of p.steps) {
      const self = byId.get(s.id);
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      if (s.kind !== 'cause' || self === undefined) continue;
      for (const [key, back, ids] of [['checks', 'checkedBy', s.checks], ['fixes', 'fixedBy', s.fixes]] as const) {
        for (const target of new Set(ids ?? [])) {
          const linked = byId.get(target);
          if (linked === undefined || target === s.id) continue;
          push(s.id, key, linked);
          push(target, back, self);
        }
      }
    }
  }
  return out;
}
