// What a person can do with an incident: start, tick steps, copy or insert commands, resolve,
// export. The checklist view, the tree, the palette and alert links all come through here, and
// every check that matters (Restricted Mode, destructive commands, control characters) is made
// in the handlers, not only in the UI. The handlers live beside this file, one concern each:
// incidentCommands.ts (copy, insert, terminals: the core's terminal policy carried out),
// incidentPlaceholders.ts, incidentExport.ts, incidentNudges.ts, alertLink.ts.
import * as vscode from 'vscode';
import type { Runbook } from '../../core/runbook/runbookModel';
import type { IncidentAction, IncidentEvent, IncidentSeverity } from '../../core/incident/incidentModel';
import { loadLazyBundle } from '../loadLazyBundle';
import type { WebviewMessage } from '../../shared/protocol';
import type { RunbookStore } from '../runbookStore';
import type { TreeNode } from '../runbookTree';
import { handleAlertLink } from './alertLink';
import { IncidentCommands } from './incidentCommands';
import { exportPostmortem } from './incidentExport';
import { type CommandEvent, type IncidentHost, type Prompter, dialogPrompter, errorText, stepTitle, validateOneLine } from './incidentHost';
import { OverdueNudges } from './incidentNudges';
import { IncidentPanel } from './incidentPanel';
import { IncidentPlaceholders } from './incidentPlaceholders';
import type { IncidentStore, LoadedIncident } from './incidentStore';
import type { TerminalInfo } from './incidentTerminals';

const SEVERITY_MEANING: Record<IncidentSeverity, string> = {
  SEV1: 'critical: many users or data at risk',
  SEV2: 'major: a key feature down',
  SEV3: 'minor: degraded, a workaround exists',
  SEV4: 'low: little user impact',
};

export class IncidentController implements IncidentHost, vscode.Disposable {
  prompter: Prompter = dialogPrompter;
  readonly commands: IncidentCommands;
  private readonly placeholders: IncidentPlaceholders;
  private readonly nudges: OverdueNudges;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly incidents: IncidentStore,
    readonly runbooks: RunbookStore,
  ) {
    this.nudges = new OverdueNudges(this);
    this.placeholders = new IncidentPlaceholders(this);
    this.commands = new IncidentCommands(this, this.placeholders);
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

  handleUri(uri: vscode.Uri): Promise<LoadedIncident | undefined> {
    return handleAlertLink(this, this.placeholders, (runbook, o) => this.start(runbook, o), uri);
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
      case 'resolveCause':
        return this.act(incidentId, { type: 'resolve-cause', stepId: message.stepId, resolution: message.resolution }, message.stepId);
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
        return this.commands.copy(incidentId, message.stepId, message.commandIndex);
      case 'insertCommand':
        return this.commands.insert(incidentId, message.stepId, message.commandIndex);
      case 'openCommandInEditor':
        return void (await this.commands.openInEditor(incidentId, message.stepId, message.commandIndex));
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
          case 'setSeverity':
            return this.setSeverity(incidentId);
          case 'setCommander':
            return this.setCommander(incidentId);
          case 'export':
            return void (await this.exportPostmortem(incidentId));
          case 'openRecord':
            return this.openRecord(incidentId);
          case 'chooseTerminal':
            return this.commands.chooseTerminal(incidentId);
          case 'setPlaceholders':
            return this.placeholders.edit(incidentId);
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
  refuse(incidentId: string, stepId: string | undefined, message: string | undefined): void {
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

  private async setSeverity(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const current = incident.state.severity;
    const items = loadLazyBundle().incidents.INCIDENT_SEVERITIES.map((severity) => ({ label: severity, description: `${SEVERITY_MEANING[severity]}${severity === current ? ' (current)' : ''}` }));
    const chosen = await this.prompter.pick(items, { title: 'Incident Severity', placeHolder: `Now ${current ?? 'not set'}: SEV1 is the worst` });
    if (chosen && chosen.label !== current) await this.act(incidentId, { type: 'set-severity', severity: chosen.label });
  }

  private async setCommander(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const value = incident.state.commander ?? incident.state.owner;
    const commander = await this.prompter.input({ title: 'Incident Commander', prompt: 'Who coordinates the response', value, validateInput: (v) => validateOneLine(v, 'The commander') });
    if (commander !== undefined && commander.trim() !== incident.state.commander) await this.act(incidentId, { type: 'set-commander', commander: commander.trim() });
  }

  private async openRecord(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (incident) await vscode.window.showTextDocument(incident.uri, { preview: true });
  }

  exportPostmortem(incidentId: string): Promise<{ markdown: vscode.Uri; html: vscode.Uri } | undefined> {
    return exportPostmortem(this, incidentId);
  }

  checkOverdue(): Promise<void> {
    return this.nudges.check();
  }

  terminalInfo(incidentId: string): TerminalInfo | undefined {
    return this.commands.terminalInfo(incidentId);
  }

  async record(incidentId: string, partial: CommandEvent): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    const event = { ...partial, at: new Date().toISOString(), by: incident.state.owner } as IncidentEvent;
    const result = await this.incidents.append(incidentId, [event]);
    if (!result.ok) void vscode.window.showErrorMessage(result.message);
  }

  dispose(): void {
    this.commands.dispose();
    this.nudges.dispose();
  }
}

/** Accepts what menus, links and tests pass for a runbook: a library tree node or an id. */
export function runbookFromArg(store: RunbookStore, arg: unknown): Runbook | undefined {
  if (typeof arg === 'string') return store.find(arg);
  const node = arg as TreeNode | undefined;
  if (node && typeof node === 'object' && node.type === 'runbook') return store.find(node.runbook.id);
  return undefined;
}
