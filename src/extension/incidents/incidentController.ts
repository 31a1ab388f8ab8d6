// What a person can do with an incident: start, tick steps, copy or insert commands, resolve,
// export. The checklist view, the tree, the palette and alert links all come through here, and
// every check that matters (Restricted Mode, destructive commands, control characters) is made
// here, in the handler, not only in the UI.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Runbook } from '../../core/model';
import type { IncidentAction, IncidentEvent } from '../../core/incident/model';
import type { WebviewMessage } from '../../shared/protocol';
import { loadCore } from '../loadCore';
import { askText, pickOne, type TextOptions } from '../quickInput';
import type { RunbookStore } from '../runbookStore';
import type { TreeNode } from '../runbookTree';
import { IncidentPanel, terminalAllowed } from './incidentPanel';
import type { IncidentStore, LoadedIncident } from './incidentStore';

/** Questions asked of the person; the integration tests answer them in place of the dialogs. */
export interface Prompter {
  /** A modal confirmation; resolves true only when `action` was chosen. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: TextOptions): Promise<string | undefined>;
  /** A non-modal notice with buttons; resolves with the button chosen. */
  notify(message: string, buttons: string[], kind?: 'info' | 'warning'): Promise<string | undefined>;
}

export const dialogPrompter: Prompter = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  input: (options) => askText(options),
  notify: (message, buttons, kind = 'info') =>
    Promise.resolve(kind === 'warning' ? vscode.window.showWarningMessage(message, ...buttons) : vscode.window.showInformationMessage(message, ...buttons)),
};

/** One terminal insertion, as the integration tests check it. */
export interface TerminalSend {
  incidentId: string;
  stepId: string;
  commandIndex: number;
  terminal: string;
  text: string;
  executed: boolean;
}

const ONE_LINE_MAX = 200;
const NUDGE_INTERVAL_MS = 15_000;

export class IncidentController implements vscode.Disposable {
  prompter: Prompter = dialogPrompter;
  private readonly sends: TerminalSend[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly nudgeTimer: NodeJS.Timeout;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly incidents: IncidentStore,
    private readonly runbooks: RunbookStore,
  ) {
    // Overdue phases are checked on a timer, so a nudge comes while the view is closed too.
    this.nudgeTimer = setInterval(() => void this.checkOverdue(), NUDGE_INTERVAL_MS);
    this.disposables.push(incidents.onDidChange(() => void this.checkOverdue()));
  }

  lastTerminalSends(): TerminalSend[] {
    return this.sends.map((s) => ({ ...s }));
  }

  open(incidentId: string): IncidentPanel {
    return IncidentPanel.show(this.extensionUri, { incidents: this.incidents, runbooks: this.runbooks, actions: this }, incidentId);
  }

  /** Starts (or, for the same runbook and title, focuses) an incident. */
  async start(
    runbook: Runbook,
    o: { title?: string; variables?: Record<string, string>; origin: string; askTitle?: boolean },
  ): Promise<LoadedIncident | undefined> {
    let title = o.title;
    if (o.askTitle) {
      title = await this.prompter.input({
        title: 'Start Incident',
        prompt: `Incident title (runbook: ${runbook.title}). You can rename it later.`,
        value: runbook.title,
        validateInput: (v) => validateOneLine(v, 'The title'),
      });
      if (title === undefined) return undefined;
    }
    try {
      const incident = await this.incidents.start(runbook, { title: title?.trim() || undefined, variables: o.variables, origin: o.origin });
      this.open(incident.state.id);
      return incident;
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not start the incident: ${errorText(err)}`);
      return undefined;
    }
  }

  /** An alert link: `vscode://runbook-assistant.runbook-assistant/start?runbook=ID&title=…&var.x=…`. */
  async handleUri(uri: vscode.Uri): Promise<LoadedIncident | undefined> {
    const { incidents } = loadCore();
    const query = new URLSearchParams(uri.query);
    if (uri.path === '/open') {
      const id = query.get('incident') ?? '';
      if (this.incidents.get(id)) this.open(id);
      else void vscode.window.showWarningMessage(`No incident "${id.slice(0, 80)}" in this window.`);
      return this.incidents.get(id);
    }
    if (uri.path !== '/start') {
      void vscode.window.showWarningMessage(`Runbook Assistant links are /start?runbook=ID or /open?incident=ID, not ${uri.path.slice(0, 80)}.`);
      return undefined;
    }
    await this.runbooks.whenLoaded();
    await this.incidents.whenLoaded();
    const runbookId = query.get('runbook') ?? '';
    const runbook = this.runbooks.find(runbookId);
    if (!runbook) {
      void vscode.window.showErrorMessage(`The alert link names the runbook "${runbookId.slice(0, 80)}", which is not in the Runbook Library.`);
      return undefined;
    }
    const title = query.get('title')?.trim() || undefined;
    if (title && validateOneLine(title, 'The title')) {
      void vscode.window.showErrorMessage(`The alert link's title is refused: ${validateOneLine(title, 'The title')}`);
      return undefined;
    }
    const variables: Record<string, string> = {};
    const refused: string[] = [];
    for (const [key, value] of query) {
      if (!key.startsWith('var.')) continue;
      const name = key.slice(4);
      const invalid = !incidents.isValidPlaceholderName(name) ? 'not a placeholder name' : incidents.validateVariableValue(value);
      if (invalid) refused.push(`${name.slice(0, 40)}: ${invalid}`);
      else variables[name] = value;
    }
    if (refused.length) void vscode.window.showWarningMessage(`Placeholder values from the alert link were refused: ${refused.join('; ')}`);
    // The same alert firing again focuses its incident instead of starting a second one.
    const existing = this.incidents
      .active()
      .find((i) => i.state.runbook.id === runbook.id && (title === undefined || i.state.title === title));
    if (existing) {
      for (const [name, value] of Object.entries(variables)) {
        if (this.incidents.values(existing)[name] !== value) await this.incidents.setVariable(existing.state.id, name, value);
      }
      this.open(existing.state.id);
      return this.incidents.get(existing.state.id);
    }
    return this.start(runbook, { title, variables, origin: 'alert link' });
  }

  /** Messages from the checklist view (already validated by the protocol parser). */
  async handle(incidentId: string, message: WebviewMessage): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    switch (message.type) {
      case 'checkStep':
        return this.act(incidentId, { type: 'check', stepId: message.stepId }, message.stepId);
      case 'reopenStep':
        return this.act(incidentId, { type: 'reopen-step', stepId: message.stepId }, message.stepId);
      case 'skipStep': {
        const reason =
          message.reason ??
          (await this.prompter.input({
            title: 'Skip Step',
            prompt: `Why is "${stepTitle(incident, message.stepId)}" skipped? (goes into the incident record)`,
            placeHolder: 'e.g. not applicable: sessions are not in Redis here',
            validateInput: (v) => validateOneLine(v, 'The reason'),
          }));
        if (reason === undefined) return this.refuse(incidentId, message.stepId, undefined);
        return this.act(incidentId, { type: 'skip', stepId: message.stepId, reason: reason.trim() }, message.stepId);
      }
      case 'addNote': {
        const text =
          message.text ??
          (await this.prompter.input({
            title: 'Add Note',
            prompt: message.stepId ? `Note on "${stepTitle(incident, message.stepId)}"` : `Note on the incident "${incident.state.title}"`,
            placeHolder: 'What you saw, what you decided, who you called…',
            validateInput: (v) => (v.trim() === '' ? 'A note cannot be empty.' : v.length > 4000 ? 'Keep a note under 4,000 characters.' : undefined),
          }));
        if (text === undefined) return;
        return this.act(incidentId, { type: 'note', stepId: message.stepId, text: text.trim() }, message.stepId);
      }
      case 'copyCommand':
        return this.copyCommand(incidentId, message.stepId, message.commandIndex);
      case 'insertCommand':
        return this.insertCommand(incidentId, message.stepId, message.commandIndex);
      case 'incidentCommand':
        switch (message.command) {
          case 'resolve':
            return this.resolve(incidentId);
          case 'reopen':
            return this.act(incidentId, { type: 'reopen' });
          case 'rename':
            return this.rename(incidentId);
          case 'setOwner':
            return this.setOwner(incidentId);
          case 'export':
            return void (await this.exportPostmortem(incidentId));
          case 'openRecord':
            return this.openRecord(incidentId);
          case 'setPlaceholders':
            return this.editPlaceholders(incidentId);
          case 'openRunbook':
            return void (await vscode.commands.executeCommand('runbookAssistant.openRunbook', incident.state.runbook.id));
        }
        return;
      default:
        return;
    }
  }

  async act(incidentId: string, action: IncidentAction, stepId?: string): Promise<void> {
    const result = await this.incidents.apply(incidentId, action);
    if (!result.ok) this.refuse(incidentId, stepId, result.message);
  }

  /** Tells the view an action did not happen (it undoes its optimistic tick); says why when there is a why. */
  private refuse(incidentId: string, stepId: string | undefined, message: string | undefined): void {
    IncidentPanel.get(incidentId)?.post({ type: 'actionFailed', ...(stepId ? { stepId } : {}), message: message ?? '' });
    if (message) void vscode.window.showWarningMessage(message);
  }

  async resolve(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const open = incident.state.totals.open;
    const resolution = await this.prompter.input({
      title: `Resolve "${incident.state.title}"`,
      prompt: `One line: what fixed it?${open ? ` (${open} step${open === 1 ? ' is' : 's are'} still open)` : ''} Resolving stops the clock.`,
      placeHolder: 'e.g. server.servlet.session.timeout set back to 30m and redeployed',
      validateInput: (v) => validateOneLine(v, 'The resolution'),
    });
    if (resolution === undefined) return;
    await this.act(incidentId, { type: 'resolve', resolution: resolution.trim() });
    const resolved = this.incidents.get(incidentId);
    if (resolved?.state.resolvedAt) {
      const choice = await this.prompter.notify(`Incident "${resolved.state.title}" resolved.`, ['Export Postmortem Draft']);
      if (choice === 'Export Postmortem Draft') await this.exportPostmortem(incidentId);
    }
  }

  private async rename(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const title = await this.prompter.input({ title: 'Rename Incident', value: incident.state.title, validateInput: (v) => validateOneLine(v, 'The title') });
    if (title !== undefined && title.trim() !== incident.state.title) await this.act(incidentId, { type: 'rename', title: title.trim() });
  }

  private async setOwner(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const owner = await this.prompter.input({ title: 'Incident Owner', value: incident.state.owner, validateInput: (v) => validateOneLine(v, 'The owner') });
    if (owner !== undefined && owner.trim() !== incident.state.owner) await this.act(incidentId, { type: 'set-owner', owner: owner.trim() });
  }

  /** Writes the postmortem draft (Markdown and HTML) next to the record and opens the Markdown. */
  async exportPostmortem(incidentId: string): Promise<{ markdown: vscode.Uri; html: vscode.Uri } | undefined> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return undefined;
    const { incidents } = loadCore();
    const runbook = this.runbooks.find(incident.state.runbook.id);
    const runbookChanges = runbook ? incidents.diffRunbook(incident.state.runbook, runbook).summary : [];
    const folder = vscode.Uri.joinPath(incident.uri, '..', 'postmortems');
    const base = path.basename(incident.uri.fsPath, '.md');
    const markdown = vscode.Uri.joinPath(folder, `${base}.md`);
    const html = vscode.Uri.joinPath(folder, `${base}.html`);
    try {
      await mkdir(folder.fsPath, { recursive: true });
      const now = Date.now();
      await writeFile(markdown.fsPath, incidents.postmortemMarkdown(incident.state, now, { runbookChanges }), 'utf8');
      await writeFile(html.fsPath, incidents.postmortemHtml(incident.state, now, { runbookChanges }), 'utf8');
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not write the postmortem draft: ${errorText(err)}`);
      return undefined;
    }
    await vscode.window.showTextDocument(markdown, { preview: false });
    void vscode.window.showInformationMessage(`Postmortem draft written: ${vscode.workspace.asRelativePath(markdown)} (and .html).`);
    return { markdown, html };
  }

  private async openRecord(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (incident) await vscode.window.showTextDocument(incident.uri, { preview: true });
  }

  /** Asks for each placeholder the runbook uses, showing the current value. */
  private async editPlaceholders(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const { incidents } = loadCore();
    const runbook = this.runbooks.find(incident.state.runbook.id);
    const names = runbook ? incidents.runbookPlaceholders(runbook) : Object.keys(incident.state.variables);
    if (names.length === 0) {
      void vscode.window.showInformationMessage('This runbook has no {{placeholders}} in its commands.');
      return;
    }
    const values = this.incidents.values(incident);
    const picked = await pickOne(
      names.map((name) => ({
        label: `{{${name}}}`,
        description: values[name] === undefined ? 'not set' : incidents.isSecretName(name) ? '•••• (secret)' : values[name],
        name,
      })),
      { title: 'Placeholder values for this incident', placeHolder: 'Pick one to set or change it' },
    );
    if (picked) await this.askVariable(incidentId, picked.name, values[picked.name]);
  }

  private async askVariable(incidentId: string, name: string, current?: string): Promise<string | undefined> {
    const { incidents } = loadCore();
    const secret = incidents.isSecretName(name);
    const value = await this.prompter.input({
      title: `Placeholder {{${name}}}`,
      prompt: secret
        ? `Value for {{${name}}}: kept in VS Code's secret storage, never written to the record or shown.`
        : `Value for {{${name}}}, used in every command of this incident (recorded in the incident record).`,
      value: secret ? undefined : current,
      password: secret,
      ignoreFocusOut: true,
      validateInput: (v) => (v === '' ? 'Enter a value (Escape cancels).' : incidents.validateVariableValue(v)),
    });
    if (value === undefined) return undefined;
    const result = await this.incidents.setVariable(incidentId, name, value);
    if (!result.ok) {
      void vscode.window.showErrorMessage(result.message);
      return undefined;
    }
    return value;
  }

  /**
   * The command text with every placeholder filled, asking once per incident for those not set.
   * Undefined when the person cancelled or the step/command does not exist.
   */
  private async resolveCommand(
    incidentId: string,
    stepId: string,
    commandIndex: number,
  ): Promise<{ incident: LoadedIncident; text: string; masked: string; language: string } | undefined> {
    const { incidents } = loadCore();
    let incident = this.incidents.get(incidentId);
    // The text comes from the host's own parsed runbook, looked up by id: never from the message.
    const step = this.runbooks
      .find(incident?.state.runbook.id ?? '')
      ?.phases.flatMap((p) => p.steps)
      .find((s) => s.id === stepId);
    const command = step?.commands[commandIndex];
    if (!incident || !step || !command) return undefined;
    for (const name of incidents.findPlaceholders(command.code)) {
      if (this.incidents.values(incident)[name] !== undefined) continue;
      if ((await this.askVariable(incidentId, name)) === undefined) return undefined;
      incident = this.incidents.get(incidentId) ?? incident;
    }
    const values = this.incidents.values(incident);
    const text = incidents.fillPlaceholders(command.code, values).text;
    return { incident, text, masked: incidents.maskSecrets(text, values, incident.state.secretVariables), language: command.language };
  }

  async copyCommand(incidentId: string, stepId: string, commandIndex: number): Promise<void> {
    const resolved = await this.resolveCommand(incidentId, stepId, commandIndex);
    if (!resolved) return;
    const { incidents } = loadCore();
    await vscode.env.clipboard.writeText(resolved.text);
    const risk = incidents.assessCommand(resolved.text, resolved.language);
    await this.record(incidentId, { type: 'command-copied', stepId, commandIndex, text: resolved.masked, destructive: risk.destructive });
    IncidentPanel.get(incidentId)?.post({ type: 'copied', stepId, commandIndex });
  }

  /**
   * Types the command into the active terminal (or a new one) WITHOUT pressing Enter. Refused in
   * Restricted Mode; destructive text needs a modal confirmation showing it exactly; multi-line
   * text and control characters are never sent (a terminal would run them as they arrive).
   */
  async insertCommand(incidentId: string, stepId: string, commandIndex: number): Promise<void> {
    if (!terminalAllowed()) {
      this.refuse(
        incidentId,
        stepId,
        'Restricted Mode: commands are not sent to a terminal until you trust this workspace. Copy it instead, or trust the workspace.',
      );
      return;
    }
    const resolved = await this.resolveCommand(incidentId, stepId, commandIndex);
    if (!resolved) return;
    const { incidents } = loadCore();
    const text = resolved.text.replace(/\n+$/, '');
    const risk = incidents.assessCommand(text, resolved.language);
    const shown = incidents.describeForConfirmation(incidents.maskSecrets(text, this.incidents.values(resolved.incident), resolved.incident.state.secretVariables));
    if (risk.controlCharacters.length || risk.multiline) {
      const why = risk.controlCharacters.length
        ? `It contains ${risk.controlCharacters.join(', ')}, which a terminal acts on as it arrives.`
        : 'It has several lines, and a terminal runs each line as it arrives.';
      const copy = await this.prompter.confirm(`This command is not sent to a terminal. ${why}`, shown, 'Copy to Clipboard');
      if (copy) await this.copyCommand(incidentId, stepId, commandIndex);
      return;
    }
    if (risk.destructive) {
      const ok = await this.prompter.confirm(
        `Destructive command: ${risk.reasons.join(' ')} It will be typed into the terminal; nothing runs until you press Enter there.`,
        shown,
        'Insert into Terminal',
      );
      if (!ok) {
        this.refuse(incidentId, stepId, undefined);
        return;
      }
    }
    const terminal = vscode.window.activeTerminal ?? vscode.window.createTerminal({ name: `Incident: ${resolved.incident.state.title.slice(0, 40)}` });
    // Direct execution is an opt-in for trusted workspaces, and never for a destructive command.
    const execute =
      !risk.destructive && terminalAllowed() && vscode.workspace.getConfiguration('runbookAssistant').get<boolean>('terminal.executeDirectly', false);
    terminal.show(false);
    terminal.sendText(text, execute);
    this.sends.push({ incidentId, stepId, commandIndex, terminal: terminal.name, text, executed: execute });
    await this.record(incidentId, {
      type: execute ? 'command-executed' : 'command-inserted',
      stepId,
      commandIndex,
      text: resolved.masked.replace(/\n+$/, ''),
      destructive: risk.destructive,
      terminal: terminal.name,
    });
    IncidentPanel.get(incidentId)?.post({ type: 'inserted', stepId, commandIndex, terminal: terminal.name });
  }

  private async record(incidentId: string, partial: DistributiveOmit<Extract<IncidentEvent, { stepId: string; commandIndex: number }>, 'at' | 'by'>): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const event = { ...partial, at: new Date().toISOString(), by: incident.state.owner } as IncidentEvent;
    const result = await this.incidents.append(incidentId, [event]);
    if (!result.ok) void vscode.window.showErrorMessage(result.message);
  }

  private overdueCheck: Promise<void> = Promise.resolve();

  /** Records overdue phases once each and gives one gentle notice per check, never a flood. */
  checkOverdue(): Promise<void> {
    // One check at a time: two overlapping checks would both see a phase as not yet nudged.
    this.overdueCheck = this.overdueCheck.then(() => this.recordOverdue()).catch(() => undefined);
    return this.overdueCheck;
  }

  private async recordOverdue(): Promise<void> {
    const active = this.incidents.active();
    // Without an incident the timer must not pull in the lazily loaded core bundle.
    if (active.length === 0) return;
    const { incidents } = loadCore();
    const now = Date.now();
    const overdue: { incident: LoadedIncident; phases: string[] }[] = [];
    for (const incident of active) {
      const events = incidents.dueNudges(incident.state, now, incident.state.owner);
      if (events.length === 0) continue;
      const result = await this.incidents.append(incident.state.id, events);
      if (result.ok) {
        overdue.push({ incident, phases: events.map((e) => (e.type === 'phase-overdue' ? `${e.phaseName} (${e.openSteps} open)` : '')) });
      }
    }
    if (overdue.length === 0) return;
    void this.nudge(overdue);
  }

  /** The notice is not awaited: the next check must not wait for the person to answer it. */
  private async nudge(overdue: { incident: LoadedIncident; phases: string[] }[]): Promise<void> {
    const first = overdue[0];
    const message =
      overdue.length === 1
        ? `"${first.incident.state.title}": ${first.phases.join(', ')} ${first.phases.length === 1 ? 'is' : 'are'} past ${first.phases.length === 1 ? 'its timebox' : 'their timeboxes'}.`
        : `${overdue.length} incidents have phases past their timeboxes.`;
    const choice = await this.prompter.notify(message, ['Open Checklist'], 'warning');
    if (choice === 'Open Checklist') this.open(first.incident.state.id);
  }

  dispose(): void {
    clearInterval(this.nudgeTimer);
    for (const d of this.disposables) d.dispose();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function stepTitle(incident: LoadedIncident, stepId: string): string {
  return incident.state.steps[stepId]?.title ?? stepId;
}

function validateOneLine(value: string, what: string): string | undefined {
  if (value.trim() === '') return `${what} cannot be empty.`;
  if (value.length > ONE_LINE_MAX) return `${what} must be one line of at most ${ONE_LINE_MAX} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${what} must be one line, without control characters.`;
  return undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Accepts what menus, links and tests pass for a runbook: a library tree node or an id. */
export function runbookFromArg(store: RunbookStore, arg: unknown): Runbook | undefined {
  if (typeof arg === 'string') return store.find(arg);
  const node = arg as TreeNode | undefined;
  if (node && typeof node === 'object' && node.type === 'runbook') return store.find(node.runbook.id);
  return undefined;
}
