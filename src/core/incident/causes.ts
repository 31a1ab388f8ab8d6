// Causes lead to fixes: a step of kind `cause` is confirmed or ruled out with evidence, and the
// steps it names in `fixes:` follow from that. Everything here is derived from the record's
// runbook snapshot and state, so the checklist, the CLI and the postmortem agree.
// Pure: no `vscode` import; the protocol checks webview messages with `parseCauseResolution`.
import { CAUSE_VERDICTS, type CauseFinding, type CauseResolution, type CauseVerdict, type IncidentState, type RunbookSnapshot } from './incidentModel';

/** Evidence is one line a person types, or a finding's text with a few words around it. */
export const MAX_EVIDENCE = 1000;
export const MAX_FINDING_TEXT = 1000;
const MAX_FINDING_PATH = 1024;
const MAX_FINDING_LINE = 10_000_000;
const RULE_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

export function isCauseVerdict(v: unknown): v is CauseVerdict {
  return typeof v === 'string' && (CAUSE_VERDICTS as readonly string[]).includes(v);
}

/** "confirmed" / "ruled out", as a person reads it. */
export function verdictLabel(verdict: CauseVerdict): string {
  return verdict === 'confirmed' ? 'confirmed' : 'ruled out';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A workspace-relative path: forward slashes, not absolute, no `..` segment, no control characters. */
function isRelativePath(p: string): boolean {
  if (p === '' || p.length > MAX_FINDING_PATH || CONTROL.test(p) || p.includes('\\')) return false;
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '..' && seg !== '.');
}

function parseFinding(v: unknown): CauseFinding | string {
  if (!isRecord(v)) return 'The cited finding must be an object.';
  if (!Object.keys(v).every((k) => k === 'file' || k === 'line' || k === 'text' || k === 'ruleId')) return 'The cited finding has unknown fields.';
  const { file, line, text, ruleId } = v;
  if (typeof file !== 'string' || !isRelativePath(file)) return 'The cited finding\'s file must be a path inside the workspace (forward slashes, no "..").';
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > MAX_FINDING_LINE) return 'The cited finding\'s line must be a whole number from 1.';
  if (typeof text !== 'string' || text.length > MAX_FINDING_TEXT || CONTROL.test(text)) return `The cited finding's text must be at most ${MAX_FINDING_TEXT} characters, without control characters.`;
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) return 'The cited finding\'s rule id is not valid.';
  return { file, line, text: oneLine(text), ruleId };
}

/**
 * A cause's resolution from untrusted input (a webview message, a record line, a CLI flag):
 * exactly the fields of CauseResolution, the evidence folded onto one line; or why not, as a
 * sentence for a person. Never throws.
 */
export function parseCauseResolution(v: unknown): CauseResolution | string {
  if (!isRecord(v)) return 'A cause\'s verdict must be an object.';
  if (!Object.keys(v).every((k) => k === 'verdict' || k === 'evidence' || k === 'finding')) return 'A cause\'s verdict has unknown fields.';
  if (!isCauseVerdict(v.verdict)) return 'The verdict must be "confirmed" or "ruled-out".';
  if (typeof v.evidence !== 'string' || CONTROL.test(v.evidence.replace(/[\r\n\t]/g, ' '))) return 'The evidence must be text without control characters.';
  const evidence = oneLine(v.evidence);
  if (evidence === '') return v.verdict === 'confirmed' ? 'Say what confirms the cause.' : 'Say what rules the cause out.';
  if (evidence.length > MAX_EVIDENCE) return `The evidence is too long (${evidence.length} characters; at most ${MAX_EVIDENCE}).`;
  const out: CauseResolution = { verdict: v.verdict, evidence };
  if (v.finding !== undefined) {
    const finding = parseFinding(v.finding);
    if (typeof finding === 'string') return finding;
    out.finding = finding;
  }
  return out;
}

/** What a cause's verdict means for a step it links to. */
export interface StepOutlook {
  /** Confirmed causes listing this step in `fixes:`: the fix comes forward. */
  fixesConfirmed: string[];
  /**
   * Every cause listing this step in `fixes:` is ruled out (and none confirmed): the fix does not
   * apply. Empty while any of them is open or confirmed.
   */
  notApplicableBecause: string[];
  /** Causes listing this step in `checks:` (whatever their state): what the check tests. */
  checksCauses: string[];
}

/** For each step a cause links to, the causes linking to it, in runbook order. Ids of missing steps are left out. */
export function causeLinks(runbook: RunbookSnapshot): { fixedBy: Map<string, string[]>; checkedBy: Map<string, string[]> } {
  const ids = new Set<string>();
  for (const p of runbook.phases) for (const s of p.steps) ids.add(s.id);
  const fixedBy = new Map<string, string[]>();
  const checkedBy = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, target: string, cause: string): void => {
    if (!ids.has(target) || target === cause) return;
    const list = map.get(target);
    if (list === undefined) map.set(target, [cause]);
    else if (!list.includes(cause)) list.push(cause);
  };
  for (const p of runbook.phases) {
    for (const s of p.steps) {
      if (s.kind !== 'cause') continue;
      for (const target of s.fixes ?? []) add(fixedBy, target, s.id);
      for (const target of s.checks ?? []) add(checkedBy, target, s.id);
    }
  }
  return { fixedBy, checkedBy };
}

/**
 * What the causes' verdicts say about each linked step (fixes brought forward, fixes not
 * applicable, checks and what they test). Steps no cause links to are absent. Linear in the
 * number of steps and links.
 */
export function stepOutlooks(state: Pick<IncidentState, 'runbook' | 'steps'>): Map<string, StepOutlook> {
  const { fixedBy, checkedBy } = causeLinks(state.runbook);
  const out = new Map<string, StepOutlook>();
  const entry = (id: string): StepOutlook => {
    let o = out.get(id);
    if (o === undefined) out.set(id, (o = { fixesConfirmed: [], notApplicableBecause: [], checksCauses: [] }));
    return o;
  };
  for (const [fix, causes] of fixedBy) {
    const o = entry(fix);
    const verdicts = causes.map((c) => state.steps[c]?.cause?.verdict);
    o.fixesConfirmed = causes.filter((_, i) => verdicts[i] === 'confirmed');
    if (verdicts.every((v) => v === 'ruled-out')) o.notApplicableBecause = causes.slice();
  }
  for (const [check, causes] of checkedBy) entry(check).checksCauses = causes.slice();
  return out;
}

/** The steps confirmed causes bring forward, in runbook order, each once: what to do next. */
export function fixesBroughtForward(state: Pick<IncidentState, 'runbook' | 'steps'>): string[] {
  const outlooks = stepOutlooks(state);
  const out = new Set<string>();
  for (const p of state.runbook.phases) {
    for (const s of p.steps) if ((outlooks.get(s.id)?.fixesConfirmed.length ?? 0) > 0) out.add(s.id);
  }
  return [...out];
}

export interface CauseEntry {
  id: string;
  title: string;
  /** Absent while the cause is open. */
  resolution?: CauseResolution;
  /** When and by whom the verdict was given. */
  at?: string;
  by?: string;
}

/** The incident's causes with their verdicts, in runbook order, each once. */
export function causeSummary(state: Pick<IncidentState, 'runbook' | 'steps'>): CauseEntry[] {
  const out = new Map<string, CauseEntry>();
  for (const p of state.runbook.phases) {
    for (const s of p.steps) {
      const step = state.steps[s.id];
      if (s.kind !== 'cause' || step === undefined || out.has(s.id)) continue;
      out.set(s.id, step.cause ? { id: s.id, title: step.title, resolution: step.cause, at: step.changedAt, by: step.changedBy } : { id: s.id, title: step.title });
    }
  }
  return [...out.values()];
}
