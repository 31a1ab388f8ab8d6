// The incident model: an incident is a runbook being followed against the clock. Its record is
// an append-only list of events; every other fact (which steps are done, which phase is overdue,
// whether it is resolved) is derived from those events by `replay` (incidentState.ts), so the record
// file is the single source of truth and nothing else needs saving.
// No `vscode` import here: the extension, the CLI and the unit tests share this.
import type { StepKind } from '../runbook/runbookModel';

/** Format version written into every record; readers refuse newer major versions with a message. */
export const INCIDENT_RECORD_VERSION = 1;

export type StepStatus = 'open' | 'done' | 'skipped';

/** Incident severity, SEV1 the worst. A record without one shows "—". */
export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const CAUSE_VERDICTS = ['confirmed', 'ruled-out'] as const;
export type CauseVerdict = (typeof CAUSE_VERDICTS)[number];

/** A lint finding in the workspace cited as a cause's evidence. */
export interface CauseFinding {
  /** Workspace-relative path, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** What the finding says is there (the line's text or the finding's message). */
  text: string;
  /** The lint rule that found it. */
  ruleId: string;
}

/**
 * What a responder decided about a step of kind `cause`: it is the cause (confirmed) or it is not
 * (ruled out), and why. A cause is never "done" or "skipped": it is resolved with a verdict.
 */
export interface CauseResolution {
  verdict: CauseVerdict;
  /** Why, in the responder's words (one line); never empty. */
  evidence: string;
  /** A workspace finding cited as the evidence. */
  finding?: CauseFinding;
}

/** What the record keeps of the runbook at the start: enough to show the checklist if the runbook later changes or vanishes. */
export interface RunbookSnapshot {
  id: string;
  title: string;
  /** Hex SHA-256 of the runbook's content (runbookContentHash), to tell whether it changed since. */
  hash: string;
  phases: {
    name: string;
    timebox: { fromMinutes: number; toMinutes: number } | null;
    steps: {
      id: string;
      /** First line of the step's Markdown, markup stripped, at most 200 characters. */
      title: string;
      /** Number of commands in the step. */
      commands: number;
      /** The step's kind; absent when it has none, and in records written before kinds were kept. */
      kind?: StepKind;
      /** A cause's `checks:` and `fixes:` (step ids); absent when it has none or in older records. */
      checks?: string[];
      fixes?: string[];
    }[];
  }[];
}

interface EventBase {
  /** ISO 8601 UTC with milliseconds, e.g. 2026-11-24T14:32:05.123Z. */
  at: string;
  /** Who did it: the incident owner by default (git user.name, else the OS user). */
  by: string;
}

/** Every event, in the order appended. The union is closed: readers report unknown types. */
export type IncidentEvent =
  | (EventBase & {
      type: 'started';
      incidentId: string;
      title: string;
      owner: string;
      runbook: RunbookSnapshot;
      /** Placeholder values given at start (from an alert link, for example). Secret-looking names are never stored in clear (see placeholders.ts). */
      variables: Record<string, string>;
      /** Where it was started from: "tree", "palette", "view", "uri", "cli"... free text. */
      origin?: string;
      /** Set at start; absent in records written before severities existed. */
      severity?: IncidentSeverity;
      /** The incident commander at start; absent in older records. */
      commander?: string;
    })
  | (EventBase & { type: 'title-changed'; title: string })
  | (EventBase & { type: 'owner-changed'; owner: string })
  | (EventBase & { type: 'severity-set'; severity: IncidentSeverity })
  | (EventBase & { type: 'commander-set'; commander: string })
  | (EventBase & { type: 'step-done'; stepId: string })
  | (EventBase & { type: 'step-skipped'; stepId: string; reason: string })
  | (EventBase & { type: 'step-reopened'; stepId: string })
  /** A cause confirmed or ruled out; a later one replaces it, 'step-reopened' clears it. */
  | (EventBase & { type: 'cause-resolved'; stepId: string; resolution: CauseResolution })
  | (EventBase & { type: 'note'; stepId?: string; text: string })
  | (EventBase & { type: 'variable-set'; name: string; value: string; secret: boolean })
  | (EventBase & {
      type: 'command-copied' | 'command-inserted' | 'command-executed';
      stepId: string;
      commandIndex: number;
      /** The exact text after placeholders were filled (secret values masked as ••••). */
      text: string;
      destructive: boolean;
      /** Terminal name for inserted/executed. */
      terminal?: string;
    })
  | (EventBase & {
      /** A command line a shell ran in a terminal that received an incident command (seen through VS Code's shell integration); `at` is when it ended. */
      type: 'command-ran';
      /** The checklist command it came from, when its text matched one inserted (both or neither). */
      stepId?: string;
      commandIndex?: number;
      /** As the shell reported it, secrets masked by the caller. */
      commandLine: string;
      /** The working folder, when the shell reported it. */
      cwd?: string;
      /** Undefined when the shell did not report one. */
      exitCode?: number;
      startedAt: string;
      durationMs: number;
      /** An excerpt of the output (runs.ts outputExcerpt), secrets masked; absent when output capture is off. */
      output?: string;
      /** Lines or characters of the output were left out of the excerpt. */
      outputTruncated?: boolean;
      terminal: string;
    })
  /** A terminal that received an incident command has no shell integration: only insertions are recorded there. */
  | (EventBase & { type: 'shell-integration-unavailable'; terminal: string })
  | (EventBase & { type: 'phase-overdue'; phaseIndex: number; phaseName: string; openSteps: number })
  | (EventBase & { type: 'resolved'; resolution: string })
  | (EventBase & { type: 'reopened' });

export type IncidentEventType = IncidentEvent['type'];

export interface StepState {
  id: string;
  phaseIndex: number;
  title: string;
  /** From the record's snapshot; absent in older records. */
  kind?: StepKind;
  status: StepStatus;
  /** When the status last changed (undefined while never touched). */
  changedAt?: string;
  changedBy?: string;
  /** Present while skipped. */
  skipReason?: string;
  /**
   * Present while a cause is confirmed or ruled out. Its status is then 'done' (closed, for the
   * counts and the clocks); views show the verdict instead of "done".
   */
  cause?: CauseResolution;
  /** Notes on this step, in order. */
  notes: { at: string; by: string; text: string }[];
  /** Commands run from this step's commands, in order. */
  runs: CommandRun[];
}

/** One command a shell ran, from a 'command-ran' event (see there for each field). */
export interface CommandRun {
  /** When it ended. */
  at: string;
  startedAt: string;
  by: string;
  stepId?: string;
  commandIndex?: number;
  commandLine: string;
  cwd?: string;
  exitCode?: number;
  durationMs: number;
  output?: string;
  outputTruncated?: boolean;
  terminal: string;
}

export interface PhaseState {
  index: number;
  name: string;
  timebox: { fromMinutes: number; toMinutes: number } | null;
  stepIds: string[];
  done: number;
  skipped: number;
  open: number;
  /** done + skipped of total, 0..1 (a phase without steps is 1). */
  progress: number;
  /** Time of the first step change in this phase (ISO), if any. */
  firstActivityAt?: string;
  /** When the last open step was closed (ISO); undefined while any step is open. */
  completedAt?: string;
  /** How long this phase was current in spans that have ended (ms); see clock.ts for "current". */
  currentMs: number;
  /** A 'phase-overdue' event was recorded for it (the nudge is given once). */
  nudged: boolean;
}

/** The incident as derived from its events. */
export interface IncidentState {
  id: string;
  title: string;
  owner: string;
  /** Undefined in records that never set one (shown as "—"). */
  severity?: IncidentSeverity;
  commander?: string;
  startedAt: string;
  runbook: RunbookSnapshot;
  variables: Record<string, string>;
  /** Names whose values are secret: shown masked, stored masked. */
  secretVariables: string[];
  steps: Record<string, StepState>;
  phases: PhaseState[];
  /** Notes not attached to a step. */
  notes: { at: string; by: string; text: string }[];
  /** Every command run, in order, whether or not it matched a step's command. */
  runs: CommandRun[];
  resolvedAt?: string;
  resolution?: string;
  /**
   * The phase that is current and since when (ISO), while the clock runs; after a resolve only
   * `phaseIndex` is kept, so a reopen makes the same phase current again. Undefined when the
   * runbook has no steps.
   */
  current?: { phaseIndex: number; since?: string };
  /** Total steps and closed (done + skipped). */
  totals: { steps: number; done: number; skipped: number; open: number; progress: number };
  events: IncidentEvent[];
}

/** The clock of one phase at a moment: all times in ms. */
export interface PhaseClock {
  index: number;
  /** Absolute window of the timebox (epoch ms) or undefined without a timebox. */
  windowStart?: number;
  windowEnd?: number;
  /**
   * 'upcoming' before its window, 'active' inside it, 'overdue' past its end with open steps,
   * 'complete' all steps closed, 'untimed' no timebox, 'stopped' the incident is resolved with
   * steps of this phase open (no countdown: nothing is due any more).
   */
  status: 'upcoming' | 'active' | 'overdue' | 'complete' | 'untimed' | 'stopped';
  /** Time this phase was current (see clock.ts for the exact rule); the phases' sum never exceeds the incident's duration. */
  spentMs: number;
  /** Time left in the window (0 when past); undefined without a timebox or once the incident is resolved. */
  remainingMs?: number;
}

/** A change a person makes; `applyAction` validates it against the state and returns the event to append. */
export type IncidentAction =
  | { type: 'check'; stepId: string }
  | { type: 'skip'; stepId: string; reason: string }
  | { type: 'reopen-step'; stepId: string }
  /** Confirm or rule out a step of kind `cause` (see CauseResolution). */
  | { type: 'resolve-cause'; stepId: string; resolution: CauseResolution }
  | { type: 'note'; stepId?: string; text: string }
  | { type: 'rename'; title: string }
  | { type: 'set-owner'; owner: string }
  | { type: 'set-severity'; severity: IncidentSeverity }
  | { type: 'set-commander'; commander: string }
  | { type: 'resolve'; resolution: string }
  | { type: 'reopen' };

/** What reading a record file gives: everything valid up to the first bad line, and what was wrong. */
export interface ReadRecordResult {
  /** Undefined when not even the 'started' event could be read. */
  state?: IncidentState;
  events: IncidentEvent[];
  /** Problems, each with its 1-based line: "line 14: unreadable event (truncated?); the record is read up to line 13". */
  problems: { line: number; message: string }[];
}

/** What a destructive-command check says about one command text. */
export interface CommandRisk {
  destructive: boolean;
  /** Plain reasons, e.g. "FLUSHALL deletes every key in every database". */
  reasons: string[];
  /**
   * The parser read the whole command and every part of it was followed: false on a syntax
   * error, or where the effect is only known at run time (`eval "$x"`, `$cmd args`,
   * `bash -c "$(curl ...)"`, a script or SQL file). Nothing runs without Enter unless
   * readable && !destructive.
   */
  readable: boolean;
  /** More than one non-empty line. */
  multiline: boolean;
  /** Control characters (other than \n and \t), ANSI escapes or bidi overrides, each named. */
  controlCharacters: string[];
}
