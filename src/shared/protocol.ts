// The typed protocol between the extension host and the runbook webview.
// Both sides import these declarations; the host checks every incoming message with
// `parseWebviewMessage` because a webview showing a stranger's runbook is untrusted input.
import type { RunbookSeverity, StepKind, Timebox } from '../core/model';

export interface RenderedCommand {
  /** Position in the step's `commands`: the webview sends (step id, index), never the code. */
  index: number;
  language: string;
  /** Plain text: the webview renders it as a text node. */
  code: string;
}

export interface RenderedStep {
  id: string;
  kind?: StepKind;
  /** Sanitized HTML made by the host's renderer (src/core/render.ts). */
  html: string;
  commands: RenderedCommand[];
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

/** Messages the host posts to the webview. */
export type HostMessage =
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
  | { type: 'copyCommand'; stepId: string; commandIndex: number }
  | { type: 'openSource' }
  /** The answer to 'revealStep': whether the step exists in the rendered runbook. */
  | { type: 'stepRevealed'; stepId: string; found: boolean };

/** State the webview keeps with `setState` so the serializer can restore the panel. */
export interface RunbookViewState {
  runbookId: string;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
      return hasOnlyKeys(value, ['type']) ? { type: value.type } : undefined;
    case 'copyCommand': {
      const { stepId, commandIndex } = value;
      if (!hasOnlyKeys(value, ['type', 'stepId', 'commandIndex'])) return undefined;
      if (typeof stepId !== 'string' || !ID_PATTERN.test(stepId)) return undefined;
      if (typeof commandIndex !== 'number' || !Number.isInteger(commandIndex) || commandIndex < 0 || commandIndex > 1000) {
        return undefined;
      }
      return { type: 'copyCommand', stepId, commandIndex };
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
