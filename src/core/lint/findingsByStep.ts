// Lint findings turned round: the linter links each finding to the runbook step that explains it;
// here a runbook collects, step by step, the findings of the open workspace that link to it, so a
// step can say "In this workspace: `application.properties:7` sets `server.servlet.session.timeout=30`".
// Pure: the extension lints the files and passes the findings in (src/extension/lint/workspaceFindings.ts).
import type { FileKind, Finding, LintSeverity, RunbookLink } from './types';

/** A finding of a workspace file, as evidence: where, what the line says, what it means. */
export interface WorkspaceFinding {
  /** Workspace-relative path with `/` separators (the folder's name first in a multi-root workspace). */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  kind: FileKind;
  ruleId: string;
  severity: LintSeverity;
  message: string;
  /** The finding's line as written, trimmed and capped (findingLineText). */
  text: string;
  runbook: RunbookLink;
}

/** A finding at a step: the finding and the id the views send back for it (never its text). */
export interface StepEvidence extends Omit<WorkspaceFinding, 'runbook'> {
  key: string;
}

export interface RunbookEvidence {
  runbookId: string;
  /** Per step id, sorted by file then line; at most `maxPerStep` each. */
  byStep: Record<string, StepEvidence[]>;
  /** Findings beyond the cap, per step id (absent when none). */
  omitted: Record<string, number>;
  /** Findings that link to the runbook but to no step of it (no step id, or one it no longer has); capped too. */
  general: StepEvidence[];
  /** How many findings link to this runbook in all. */
  total: number;
}

export const MAX_EVIDENCE_PER_STEP = 10;
/** A line longer than this is cut around the finding: a minified file must not fill the view. */
export const MAX_LINE_TEXT = 160;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The line holding the finding's start, trimmed, control characters and bidi overrides replaced,
 * cut to MAX_LINE_TEXT characters around the finding with `…`. Linear in the line's length.
 */
export function findingLineText(text: string, start: number): string {
  const at = Math.max(0, Math.min(start, text.length));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = text.length;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  let from = lineStart;
  let to = lineEnd;
  // Cut a long line to a window around the finding before looking at its characters.
  if (to - from > MAX_LINE_TEXT * 2) {
    from = Math.max(lineStart, at - MAX_LINE_TEXT / 2);
    to = Math.min(lineEnd, from + MAX_LINE_TEXT * 2);
  }
  let line = text.slice(from, to).replace(/\t/g, ' ').replace(CONTROL, '�').trim();
  let cutStart = from > lineStart;
  let cutEnd = to < lineEnd;
  if (line.length > MAX_LINE_TEXT) {
    const offset = Math.max(0, Math.min(at - from - MAX_LINE_TEXT / 4, line.length - MAX_LINE_TEXT));
    cutStart ||= offset > 0;
    cutEnd ||= offset + MAX_LINE_TEXT < line.length;
    line = line.slice(offset, offset + MAX_LINE_TEXT);
  }
  return `${cutStart ? '…' : ''}${line}${cutEnd ? '…' : ''}`;
}

/**
 * The workspace findings of one file's lint: the ones linked to a runbook, with their line's text
 * (and the message, which may quote it) passed through `mask` (the extension masks credentials: a flagged JDBC URL may carry a password,
 * and the line is shown on screens and may be cited into a committed record).
 */
export function workspaceFindingsOf(
  file: string,
  kind: FileKind,
  text: string,
  findings: readonly Finding[],
  mask: (line: string) => string = (line) => line,
): WorkspaceFinding[] {
  const out: WorkspaceFinding[] = [];
  for (const f of findings) {
    if (!f.runbook) continue;
    out.push({
      // A file may be named with control characters: shown, never used to find the file again.
      file: file.replace(CONTROL, '�'),
      line: f.line,
      column: f.column,
      kind,
      ruleId: f.ruleId,
      severity: f.severity,
      message: mask(f.message),
      text: mask(findingLineText(text, f.start)),
      runbook: { ...f.runbook },
    });
  }
  return out;
}

/**
 * The id a view sends back for a finding: the same finding keeps it across refreshes, a changed
 * one gets another, so a click on a finding that has since changed is refused, not misapplied.
 * Matches the protocol's id pattern.
 */
export function evidenceKey(f: Omit<WorkspaceFinding, 'runbook'>): string {
  const s = `${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.ruleId}\u0000${f.text}\u0000${f.message}`;
  // FNV-1a, 32 bits, twice with different seeds: 64 bits are plenty for the findings of one runbook.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `ev-${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

function compareEvidence(a: StepEvidence, b: StepEvidence): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * The findings that link to `runbookId`, placed at their steps. A finding whose step the runbook
 * does not have (renamed, or the link names none) is listed with the runbook as a whole. The same
 * finding twice (two scans of one file) counts once.
 */
export function findingsByStep(
  findings: Iterable<WorkspaceFinding>,
  runbookId: string,
  stepIds: Iterable<string>,
  maxPerStep = MAX_EVIDENCE_PER_STEP,
): RunbookEvidence {
  const steps = new Set(stepIds);
  const placed = new Map<string, StepEvidence[]>();
  const general: StepEvidence[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const f of findings) {
    if (f.runbook.runbookId !== runbookId) continue;
    const { runbook, ...rest } = f;
    const key = evidenceKey(rest);
    if (seen.has(key)) continue;
    seen.add(key);
    total++;
    const item: StepEvidence = { ...rest, key };
    const stepId = runbook.stepId;
    if (stepId !== undefined && steps.has(stepId)) {
      const list = placed.get(stepId);
      if (list) list.push(item);
      else placed.set(stepId, [item]);
    } else general.push(item);
  }
  const byStep: Record<string, StepEvidence[]> = {};
  const omitted: Record<string, number> = {};
  for (const [stepId, list] of placed) {
    list.sort(compareEvidence);
    byStep[stepId] = list.slice(0, maxPerStep);
    if (list.length > maxPerStep) omitted[stepId] = list.length - maxPerStep;
  }
  general.sort(compareEvidence);
  return { runbookId, byStep, omitted, general: general.slice(0, maxPerStep), total };
}

/** A step of kind `cause` and the steps whose findings bear on it: itself, its `checks:`, its `fixes:`. */
export interface CauseSubject {
  id: string;
  related: readonly string[];
}

/** The causes among a runbook's steps (a Runbook's or a record snapshot's), in order. */
export function causeSubjects(steps: Iterable<{ id: string; kind?: string; checks?: readonly string[]; fixes?: readonly string[] }>): CauseSubject[] {
  const out: CauseSubject[] = [];
  for (const s of steps) if (s.kind === 'cause') out.push({ id: s.id, related: [s.id, ...(s.checks ?? []), ...(s.fixes ?? [])] });
  return out;
}

/** The findings at any of `stepIds` (a cause with its checks and fixes), each once, in that order of steps. */
export function evidenceAt(evidence: RunbookEvidence, stepIds: readonly string[]): StepEvidence[] {
  const out: StepEvidence[] = [];
  const seen = new Set<string>();
  for (const id of stepIds) {
    for (const e of evidence.byStep[id] ?? []) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      out.push(e);
    }
  }
  return out;
}

/** The finding with this key, at a step or with the runbook as a whole. */
export function findEvidence(evidence: RunbookEvidence, key: string): StepEvidence | undefined {
  for (const list of Object.values(evidence.byStep)) {
    const found = list.find((e) => e.key === key);
    if (found) return found;
  }
  return evidence.general.find((e) => e.key === key);
}

/** What the line does, by the kind of file: a setting is set, a migration runs, a cron line schedules. */
export function evidenceVerb(kind: FileKind): string {
  if (kind === 'sql') return 'runs';
  if (kind === 'crontab') return 'schedules';
  return 'sets';
}

/** `src/app.properties:7` */
export function evidenceLocation(e: Pick<WorkspaceFinding, 'file' | 'line'>): string {
  return `${e.file}:${e.line}`;
}

/**
 * One line of plain text for a cause's evidence (the record and the postmortem escape Markdown, so
 * no backticks): "src/app.properties:7 sets server.servlet.session.timeout=30 — Spring Boot reads…"
 */
export function evidenceSentence(e: Pick<WorkspaceFinding, 'file' | 'line' | 'kind' | 'text' | 'message'>): string {
  return `${evidenceLocation(e)} ${evidenceVerb(e.kind)} ${e.text} — ${e.message}`;
}
