// The runbook model shared by the extension, the webview host, the CLI and the tests.
// No `vscode` import may ever appear under src/core (a unit test enforces it).

/** Where a runbook came from; shown in the tree and used to decide trust. */
export type SourceKind = 'bundled' | 'workspace' | 'setting' | 'cli';

export const STEP_KINDS = ['cause', 'check', 'action', 'fix', 'verify', 'note'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** A runbook id: what the schema allows, and what the header reader accepts without the parser. */
export const RUNBOOK_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type RunbookSeverity = (typeof SEVERITIES)[number];

export interface Command {
  /** Fence language: bash, sql, redis, java, ... ("text" when unknown). */
  language: string;
  code: string;
  /** The author says this command destroys or loses something (`destructive: true`); false: they say it does not. */
  destructive?: boolean;
  /** One sentence: what is lost or what else breaks if this runs. */
  risk?: string;
  /** 1-based line of the command's code in its file (the first line of the code, not of its key or fence). */
  line?: number;
}

/**
 * A placeholder (`{{name}}`) declared in the runbook's `variables:` list: what the responder is
 * asked for, and how the value is checked and inserted.
 */
export interface VariableDeclaration {
  /** The placeholder name, as in `{{name}}`. */
  name: string;
  /** What to enter, shown in the prompt. */
  description?: string;
  /** A typical value, shown as "e.g. …" in the prompt. */
  example?: string;
  /** A JavaScript regular expression (source text) the whole value must match. */
  pattern?: string;
  /** Masked on screen and in the record. Always set: from the declaration, else from the name (isSecretName). */
  secret: boolean;
  /** Pre-filled value. */
  default?: string;
  /** Inserted unquoted: the value is shell syntax itself (a list of flags). */
  raw: boolean;
  /** 1-based line of the declaration in its file, when known. */
  line?: number;
}

export interface Step {
  /** Unique within its runbook; stable across edits so a checklist can key on it. */
  id: string;
  /** Markdown. */
  text: string;
  kind?: StepKind;
  commands: Command[];
  /**
   * For a step of kind `cause`: ids of the steps that test it (`checks:`), every one a step of
   * this runbook (unknown ids are reported and left out). Absent when the file gives none.
   */
  checks?: string[];
  /** For a step of kind `cause`: ids of the steps that fix it (`fixes:`); validated like `checks`. */
  fixes?: string[];
  /**
   * Markdown of a heading shown above this step: the label line ("Likely causes:", "Check:") or
   * `####` heading ("Option A: Let it finish") that introduced it in a Markdown runbook.
   */
  heading?: string;
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
  /**
   * Other names of this problem, for search: alert names (KubePodCrashLooping), error messages,
   * what responders say in chat ("everyone got kicked out"); [] when the runbook gives none.
   */
  aliases: string[];
  severity?: RunbookSeverity;
  phases: Phase[];
  /** The closing lesson (Markdown). */
  insight?: string;
  /** Ids of lint rules whose findings this runbook explains. */
  lintRules: string[];
  /** Declared placeholders, in file order; [] when the runbook declares none. */
  variables: VariableDeclaration[];
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
  /**
   * The search terms of each runbook, in the order of `runbooks`: computed with the parse, so that
   * they are kept in the parse cache and the bundled index and the search index is built without
   * reading the runbooks' text again (src/core/search/runbookTerms.ts).
   */
  searchTerms?: RunbookSearchTerms[];
}

/** The distinct, normalised search terms of a runbook's long fields (src/core/search/searchTerms.ts). */
export interface RunbookSearchTerms {
  summary: string[];
  steps: string[];
  commands: string[];
}
