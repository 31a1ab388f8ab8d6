// The typed protocol between the extension host and the runbook webview.
// Both sides import these declarations; the host checks every incoming message with
// `parseWebviewMessage` because a webview showing a stranger's runbook is untrusted input.
import type { RunbookSeverity, StepKind, Timebox } from '../core/runbook/runbookModel';
import type { CauseResolution, IncidentState } from '../core/incident/incidentModel';
import { parseCauseResolution } from '../core/incident/causes';
import type { TimelineEntry } from '../core/incident/timeline';
import type { RunbookEvidence, StepEvidence } from '../core/lint/findingsByStep';

export interface RenderedCommand {
  /** Position in the step's `commands`: the webview sends (step id, index), never the code. */
  index: number;
  language: string;
  /** Plain text: the webview renders it as a text node. */
  code: string;
  /** The detector finds it destructive, or the runbook declares it so. */
  destructive?: boolean;
  /** The runbook author's sentence on what it risks (plain text). */
  risk?: string;
}

export interface RenderedStep {
  id: string;
  /**
   * 1-based and counted across the whole runbook, not per phase: the checklist numbers its steps
   * the same way, so "step 7" names one step in both views and on a call.
   */
  number: number;
  kind?: StepKind;
  /** Sanitized HTML made by the host's renderer (src/core/runbook/render.ts). */
  html: string;
  commands: RenderedCommand[];
  /** Sanitized HTML (inline) of a heading above the step: a Markdown runbook's label line or `####` heading. */
  headingHtml?: string;
  /** A cause's `checks:` and `fixes:`, resolved to the steps they name (absent when it has none). */
  checks?: StepLink[];
  fixes?: StepLink[];
  /** The causes naming this step in their `checks:` / `fixes:` (absent when none do). */
  checkedBy?: StepLink[];
  fixedBy?: StepLink[];
}

/** Another step of the same runbook, as a link shows it. */
export interface StepLink {
  id: string;
  /** Its number in the same numbering as RenderedStep.number. */
  number: number;
  /** Plain text (the step's first line). */
  title: string;
}

export interface RenderedPhase {
  name: string;
  timebox: Timebox | null;
  /** "0–10 min", or "" without a timebox. */
  timeboxLabel: string;
  steps: RenderedStep[];
}

/** What the host posts to its webview: plain data, HTML fields already sanitized. */
export interface RenderedRunbook {
  id: string;
  /** Plain text. */
  title: string;
  symptomHtml: string;
  summaryHtml: string;
  /** "" when the runbook has no insight. */
  insightHtml: string;
  severity?: RunbookSeverity;
  tags: string[];
  /** e.g. "incident-scenarios.md:6 (bundled)". */
  sourceLabel?: string;
  phases: RenderedPhase[];
}

/** A command as the checklist shows it: placeholders filled, risks assessed by the host. */
export interface ChecklistCommand extends RenderedCommand {
  /** Secret placeholder values masked; unfilled placeholders left as `{{name}}`. */
  display: string;
  destructive: boolean;
  /** Why it is destructive, why it cannot be sent as it is (multi-line, control characters). */
  risks: string[];
  multiline: boolean;
  missingPlaceholders: string[];
  /** A shell runs this language, so Insert is offered; otherwise Copy and "Open in Editor". */
  insertable: boolean;
  /** The runbook author declared it destructive (`destructive: true`), whatever the detector says. */
  declaredDestructive: boolean;
  /** The author's sentence on what it risks (`risk:`), plain text. */
  risk?: string;
}

/** The terminal incident commands go to, as the checklist header names it. */
export interface TerminalTarget {
  name: string;
  /** undefined: not known yet; false: not available, so only insertions are recorded, not what ran. */
  shellIntegration: boolean | undefined;
}

/** Numbered by the checklist view itself, in order across phases (like RenderedStep.number), with steps only the record still has. */
export interface ChecklistStep extends Omit<RenderedStep, 'commands' | 'number'> {
  commands: ChecklistCommand[];
  /** The step is in the incident's record but no longer in the runbook (shown from the record). */
  removedFromRunbook?: boolean;
}

export interface ChecklistPhase extends Omit<RenderedPhase, 'steps'> {
  steps: ChecklistStep[];
}

/** The incident as the checklist view needs it: the derived state without its event list. */
export type IncidentSnapshot = Omit<IncidentState, 'events'> & {
  /** The record file, as a person reads it ("…/.runbooks/incidents/x.md"). */
  recordLabel: string;
  /** Problems found reading the record back ("line 14: …"). */
  recordProblems: string[];
  eventCount: number;
  /** The record's events for the timeline panel, newest first (core/incident/timeline.ts). */
  timeline: TimelineEntry[];
};

export interface ShowIncidentMessage {
  type: 'showIncident';
  runbook: Omit<RenderedRunbook, 'phases'> & { phases: ChecklistPhase[] };
  incident: IncidentSnapshot;
  /** The host's clock when it posted: the view corrects its own clock by the difference. */
  hostNow: number;
  /** What changed in the runbook since the incident started ([] when unchanged). */
  runbookChanges: string[];
  /** True in Restricted Mode: commands can be copied, never sent to a terminal. */
  restricted: boolean;
  /** runbookAssistant.terminal.executeDirectly, in a trusted workspace. */
  executeDirectly: boolean;
  /** Where Insert sends commands; undefined: a new terminal is opened for the first one. */
  terminal: TerminalTarget | undefined;
  /** Whether runs' output is captured (a setting); false: runs show without output. */
  captureOutput: boolean;
}

/**
 * The workspace's lint findings at the runbook's steps, posted after each drawing of the runbook or
 * checklist and whenever they change (src/extension/lint/workspaceFindings.ts). The view sends back
 * a finding's key only.
 */
export interface EvidenceMessage {
  type: 'evidence';
  evidence: RunbookEvidence;
  /** Said under the findings: the scan was cut short ("Only the first 5,000 files were checked."). */
  note?: string;
  /**
   * Per step of kind `cause`: the findings at it, at its `checks:` and at its `fixes:`, each once;
   * drawn at the cause in place of its own (absent when no cause has any).
   */
  causes?: Record<string, StepEvidence[]>;
  /**
   * Causes whose findings may be cited ("Confirm with this finding…" opens the cause's Confirm form
   * with the finding as its evidence, src/webview/causeView.ts): open causes of a running incident.
   */
  citable?: string[];
}

/** Messages the host posts to the webview. */
export type HostMessage =
  | EvidenceMessage
  | ShowIncidentMessage
  /** The incident changed (a step ticked here or in another window): the view patches itself. */
  | { type: 'incidentUpdated'; incident: IncidentSnapshot; hostNow: number }
  | { type: 'incidentMissing'; incidentId: string }
  /** An action the host refused (invalid transition, Restricted Mode, a write that failed). */
  | { type: 'actionFailed'; stepId?: string; message: string }
  | { type: 'inserted'; stepId: string; commandIndex: number; terminal: string }
  /** The terminal commands go to changed (chosen, closed, its shell integration now known): the header line is redrawn. */
  | { type: 'terminalChanged'; terminal: TerminalTarget | undefined }
  | {
      type: 'showRunbook';
      runbook: RenderedRunbook;
      /** "Bundled", "Workspace: .runbooks/x.yaml", ... */
      sourceLabel: string;
      /** True in Restricted Mode for workspace runbooks: nothing can be sent to a terminal. */
      restricted: boolean;
      /** Problems found in the runbook's file, shown above the phases. */
      problems: string[];
    }
  | { type: 'runbookMissing'; runbookId: string }
  | { type: 'copied'; stepId: string; commandIndex: number }
  /** Scroll to a step and highlight it briefly; always posted after 'showRunbook'. */
  | { type: 'revealStep'; stepId: string };

/** Messages the webview posts to the host. Ids only: the host looks up any text itself. */
export type WebviewMessage =
  | { type: 'ready' }
  /** From the runbook view: start an incident with this runbook. */
  | { type: 'startIncident' }
  /** Checklist: tick, untick or skip a step. `reason`/`text` absent: the host asks for them. */
  | { type: 'checkStep'; stepId: string }
  | { type: 'reopenStep'; stepId: string }
  | { type: 'skipStep'; stepId: string; reason?: string }
  /** Checklist: confirm or rule out a step of kind `cause`, with evidence (and a workspace finding it cites). */
  | { type: 'resolveCause'; stepId: string; resolution: CauseResolution }
  | { type: 'addNote'; stepId?: string; text?: string }
  | { type: 'insertCommand'; stepId: string; commandIndex: number }
  | { type: 'incidentCommand'; command: IncidentCommandName }
  | { type: 'copyCommand'; stepId: string; commandIndex: number }
  /** A block no shell runs (SQL, Java...): open it in an untitled editor in its language. */
  | { type: 'openCommandInEditor'; stepId: string; commandIndex: number }
  | { type: 'openSource' }
  /** Open the file of a workspace finding shown at a step, at its line (the key of EvidenceMessage). */
  | { type: 'openEvidence'; key: string }
  /** The answer to 'revealStep': whether the step exists in the rendered runbook and is in view after scrolling to it. */
  | { type: 'stepRevealed'; stepId: string; found: boolean };

/** Incident-level buttons of the checklist; each maps to a host command of the same meaning. */
export const INCIDENT_COMMANDS = ['resolve', 'reopen', 'rename', 'setOwner', 'setSeverity', 'setCommander', 'export', 'openRecord', 'setPlaceholders', 'openRunbook', 'chooseTerminal'] as const;
export type IncidentCommandName = (typeof INCIDENT_COMMANDS)[number];

/** State the webview keeps with `setState` so the serializer can restore the panel. */
export interface RunbookViewState {
  runbookId: string;
}

export interface IncidentViewState {
  incidentId: string;
}

/** Free text a person typed in the view (a skip reason, a note): one bounded string, no control characters. */
const MAX_TEXT = 4000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
function isPersonText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT && !CONTROL.test(value);
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

function isCommandIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000;
}

function hasOnlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((k) => keys.includes(k));
}

/** Returns the message when it is exactly one of the known shapes, otherwise undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
    case 'openSource':
    case 'startIncident':
      return hasOnlyKeys(value, ['type']) ? { type: value.type } : undefined;
    case 'checkStep':
    case 'reopenStep': {
      if (!hasOnlyKeys(value, ['type', 'stepId']) || !isId(value.stepId)) return undefined;
      return { type: value.type, stepId: value.stepId };
    }
    case 'skipStep': {
      const { stepId, reason } = value;
      if (!hasOnlyKeys(value, ['type', 'stepId', 'reason']) || !isId(stepId)) return undefined;
      if (reason !== undefined && !isPersonText(reason)) return undefined;
      return reason === undefined ? { type: 'skipStep', stepId } : { type: 'skipStep', stepId, reason };
    }
    case 'resolveCause': {
      const { stepId } = value;
      if (!hasOnlyKeys(value, ['type', 'stepId', 'resolution']) || !isId(stepId)) return undefined;
      const resolution = parseCauseResolution(value.resolution);
      return typeof resolution === 'string' ? undefined : { type: 'resolveCause', stepId, resolution };
    }
    case 'addNote': {
      const { stepId, text } = value;
      if (!hasOnlyKeys(value, ['type', 'stepId', 'text'])) return undefined;
      if (stepId !== undefined && !isId(stepId)) return undefined;
      if (text !== undefined && !isPersonText(text)) return undefined;
      return { type: 'addNote', ...(stepId !== undefined ? { stepId } : {}), ...(text !== undefined ? { text } : {}) };
    }
    case 'insertCommand': {
      const { stepId, commandIndex } = value;
      if (!hasOnlyKeys(value, ['type', 'stepId', 'commandIndex']) || !isId(stepId) || !isCommandIndex(commandIndex)) return undefined;
      return { type: 'insertCommand', stepId, commandIndex };
    }
    case 'incidentCommand': {
      const { command } = value;
      if (!hasOnlyKeys(value, ['type', 'command'])) return undefined;
      if (typeof command !== 'string' || !(INCIDENT_COMMANDS as readonly string[]).includes(command)) return undefined;
      return { type: 'incidentCommand', command: command as IncidentCommandName };
    }
    case 'copyCommand':
    case 'openCommandInEditor': {
      const { stepId, commandIndex } = value;
      if (!hasOnlyKeys(value, ['type', 'stepId', 'commandIndex']) || !isId(stepId) || !isCommandIndex(commandIndex)) return undefined;
      return { type: value.type, stepId, commandIndex };
    }
    case 'openEvidence': {
      if (!hasOnlyKeys(value, ['type', 'key']) || !isId(value.key)) return undefined;
      return { type: 'openEvidence', key: value.key };
    }
    case 'stepRevealed': {
      const { stepId, found } = value;
      if (!hasOnlyKeys(value, ['type', 'stepId', 'found'])) return undefined;
      if (typeof stepId !== 'string' || !ID_PATTERN.test(stepId) || typeof found !== 'boolean') return undefined;
      return { type: 'stepRevealed', stepId, found };
    }
    default:
      return undefined;
  }
}

/** Validates state handed back by VS Code when a panel is restored after a reload. */
export function parseRunbookViewState(value: unknown): RunbookViewState | undefined {
  if (!isRecord(value) || typeof value.runbookId !== 'string' || !ID_PATTERN.test(value.runbookId)) return undefined;
  return { runbookId: value.runbookId };
}

export function parseIncidentViewState(value: unknown): IncidentViewState | undefined {
  if (!isRecord(value) || !isId(value.incidentId)) return undefined;
  return { incidentId: value.incidentId };
}
