// What the incident handlers share (start and dispatch, placeholders, commands and terminals,
// export, nudges): the stores, the person's dialogs, and how an action reaches the record and the view.
import * as vscode from 'vscode';
import type { IncidentEvent } from '../../core/incident/incidentModel';
import { askText, pickOne, type TextOptions } from '../quickInput';
import type { RunbookStore } from '../runbookStore';
import type { IncidentStore, LoadedIncident } from './incidentStore';

/** Questions asked of the person; the integration tests answer them in place of the dialogs (test mode only). */
export interface Prompter {
  /** A modal confirmation; resolves true only when `action` was chosen. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: TextOptions): Promise<string | undefined>;
  /** A non-modal notice with buttons; resolves with the button chosen. */
  notify(message: string, buttons: string[], kind?: 'info' | 'warning'): Promise<string | undefined>;
  /** A pick of one item (which terminal commands go to). */
  pick<T extends vscode.QuickPickItem>(items: T[], options: { title: string; placeHolder: string }): Promise<T | undefined>;
}

export const dialogPrompter: Prompter = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  input: (options) => askText(options),
  notify: (message, buttons, kind = 'info') =>
    Promise.resolve(kind === 'warning' ? vscode.window.showWarningMessage(message, ...buttons) : vscode.window.showInformationMessage(message, ...buttons)),
  pick: (items, options) => pickOne(items, { ...options, matchOnDescription: true }),
};

/** A record event about one checklist command, without the time and author the host adds. */
export type CommandEvent = DistributiveOmit<Extract<IncidentEvent, { stepId: string; commandIndex: number }>, 'at' | 'by'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface IncidentHost {
  readonly incidents: IncidentStore;
  readonly runbooks: RunbookStore;
  readonly prompter: Prompter;
  /** Opens (or focuses) the incident's checklist. */
  open(incidentId: string): void;
  /** Tells the view an action did not happen (it undoes its optimistic tick); says why when there is a why. */
  refuse(incidentId: string, stepId: string | undefined, message: string | undefined): void;
  /** Appends a command event to the record, stamped now and by the incident's owner. */
  record(incidentId: string, event: CommandEvent): Promise<void>;
}

const ONE_LINE_MAX = 200;

export function validateOneLine(value: string, what: string): string | undefined {
  if (value.trim() === '') return `${what} cannot be empty.`;
  if (value.length > ONE_LINE_MAX) return `${what} must be one line of at most ${ONE_LINE_MAX} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${what} must be one line, without control characters.`;
  return undefined;
}

export function stepTitle(incident: LoadedIncident, stepId: string): string {
  return incident.state.steps[stepId]?.title ?? stepId;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
