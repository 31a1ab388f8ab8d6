// The runbook model shared by the extension, the webview host, the CLI and the tests.
// No `vscode` import may ever appear under src/core (a unit test enforces it).

/** Where a runbook came from; shown in the tree and used to decide trust. */
export type SourceKind = 'bundled' | 'workspace' | 'setting' | 'cli';

export const STEP_KINDS = ['cause', 'check', 'action', 'fix', 'verify', 'note'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type RunbookSeverity = (typeof SEVERITIES)[number];

export interface Command {
  /** Fence language: bash, sql, redis, java, ... ("text" when unknown). */
  language: string;
  code: string;
}

export interface Step {
  /** Unique within its runbook; stable across edits so a checklist can key on it. */
  id: string;
  /** Markdown. */
  text: string;
  kind?: StepKind;
  commands: Command[];
}

export interface Timebox {
  /** Minutes from the start of the incident. */
  fromMinutes: number;
  toMinutes: number;
}

export interface Phase {
  name: string;
  timebox: Timebox | null;
  steps: Step[];
}

export interface RunbookSource {
  kind: SourceKind;
  /** Absolute path of the file the runbook was read from. */
  file: string;
  /** 1-based line where the runbook starts in that file. */
  line: number;
}

export interface Runbook {
  id: string;
  title: string;
  /** What the page / alert says, in the reporter's words. */
  symptom: string;
  summary: string;
  tags: string[];
  severity?: RunbookSeverity;
  phases: Phase[];
  /** The closing lesson (Markdown). */
  insight?: string;
  /** Ids of lint rules whose findings this runbook explains. */
  lintRules: string[];
  source: RunbookSource;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** A problem in a runbook file; line and column are 1-based. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: ProblemSeverity;
  /** Short machine-readable kind: yaml-syntax, schema, unknown-field, duplicate-id, too-large, ... */
  code: string;
}

export interface ParseResult {
  runbooks: Runbook[];
  problems: Problem[];
}
