// What a person can do with an incident: start, tick steps, copy or insert commands, resolve,
// export. The checklist view, the tree, the palette and alert links all come through here, and
// every check that matters (Restricted Mode, destructive commands, control characters) is made
// here, in the handler, not only in the UI.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Command, Runbook } from '../../core/runbook/runbookModel';
import type { IncidentAction, IncidentEvent } from '../../core/incident/incidentModel';
import type { WebviewMessage } from '../../shared/protocol';
import { loadLazyBundle } from '../loadLazyBundle';
import { askText, pickOne, type TextOptions } from '../quickInput';
import type { RunbookStore } from '../runbookStore';
import type { TreeNode } from '../runbookTree';
import { IncidentPanel, captureOutput, executeDirectly, terminalAllowed } from './incidentPanel';
import type { IncidentStore, LoadedIncident } from './incidentStore';
import { IncidentTerminals, type ObservedRun, type TerminalInfo } from './incidentTerminals';

/** Questions asked of the person; the integration tests answer them in place of the dialogs. */
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

/** One terminal insertion, as the integration tests check it. */
export interface TerminalSend {
  incidentId: string;
  stepId: string;
  commandIndex: number;
  terminal: string;
  /** What was typed: the command itself, or the line that runs its script. */
  text: string;
  executed: boolean;
  mechanism: 'typed' | 'script';
  scriptPath?: string;
}

const ONE_LINE_MAX = 200;
const NUDGE_INTERVAL_MS = 15_000;

export class IncidentController implements vscode.Disposable {
  prompter: Prompter = dialogPrompter;
  private readonly sends: TerminalSend[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly nudgeTimer: NodeJS.Timeout;
  private readonly terminals: IncidentTerminals;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly incidents: IncidentStore,
    private readonly runbooks: RunbookStore,
  ) {
    // Overdue phases are checked on a timer, so a nudge comes while the view is closed too.
    this.nudgeTimer = setInterval(() => void this.checkOverdue(), NUDGE_INTERVAL_MS);
    this.disposables.push(incidents.onDidChange(() => void this.checkOverdue()));
    this.terminals = new IncidentTerminals((run) => void this.recordRun(run), captureOutput);
    this.disposables.push(
      this.terminals,
      this.terminals.onDidChange((id) => {
        const info = this.terminals.info(id);
        IncidentPanel.get(id)?.post({ type: 'terminalChanged', terminal: info });
        if (info?.shellIntegration === false) void this.recordNoShellIntegration(id, info.name);
      }),
    );
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
    const { incidents } = loadLazyBundle();
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
    // Declared secrets whose names do not look secret: set after the start, so they never reach the record in clear.
    const declaredSecrets: Record<string, string> = {};
    const refused: string[] = [];
    for (const [key, value] of query) {
      if (!key.startsWith('var.')) continue;
      const name = key.slice(4);
      const invalid = !incidents.isValidPlaceholderName(name)
        ? 'not a placeholder name'
        : incidents.validateVariable(incidents.declaredVariable(runbook, name), value);
      if (invalid) refused.push(`${name.slice(0, 40)}: ${invalid}`);
      else if (this.isSecret(runbook, name) && !incidents.isSecretName(name)) declaredSecrets[name] = value;
      else variables[name] = value;
    }
    if (refused.length) void vscode.window.showWarningMessage(`Placeholder values from the alert link were refused: ${refused.join('; ')}`);
    // The same alert firing again focuses its incident instead of starting a second one.
    const existing = this.incidents
      .active()
      .find((i) => i.state.runbook.id === runbook.id && (title === undefined || i.state.title === title));
    const setAll = async (id: string, values: Record<string, string>): Promise<void> => {
      for (const [name, value] of Object.entries(values)) {
        const incident = this.incidents.get(id);
        if (incident && this.incidents.values(incident)[name] !== value) await this.incidents.setVariable(id, name, value, this.isSecret(runbook, name));
      }
    };
    if (existing) {
      await setAll(existing.state.id, { ...variables, ...declaredSecrets });
      this.open(existing.state.id);
      return this.incidents.get(existing.state.id);
    }
    const started = await this.start(runbook, { title, variables, origin: 'alert link' });
    if (started) await setAll(started.state.id, declaredSecrets);
    return started && this.incidents.get(started.state.id);
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
      case 'openCommandInEditor':
        return void (await this.openCommandInEditor(incidentId, message.stepId, message.commandIndex));
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
          case 'chooseTerminal':
            return this.chooseTerminal(incidentId);
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
    const { incidents } = loadLazyBundle();
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
    const { incidents } = loadLazyBundle();
    const runbook = this.runbooks.find(incident.state.runbook.id);
    const names = runbook ? incidents.runbookPlaceholders(runbook) : Object.keys(incident.state.variables);
    if (names.length === 0) {
      void vscode.window.showInformationMessage('This runbook has no {{placeholders}} in its commands.');
      return;
    }
    const values = this.incidents.values(incident);
    const picked = await pickOne(
      names.map((name) => {
        const declared = runbook ? incidents.declaredVariable(runbook, name) : undefined;
        return {
          label: `{{${name}}}`,
          description: values[name] === undefined ? 'not set' : this.isSecret(runbook, name) ? '•••• (secret)' : values[name],
          detail: declared?.description,
          name,
        };
      }),
      { title: 'Placeholder values for this incident', placeHolder: 'Pick one to set or change it' },
    );
    if (picked) await this.askVariable(incidentId, picked.name, values[picked.name]);
  }

  /** A declared variable's `secret`, else what its name says. */
  private isSecret(runbook: Runbook | undefined, name: string): boolean {
    const { incidents } = loadLazyBundle();
    return incidents.isSecretVariable(runbook ? incidents.declaredVariable(runbook, name) : undefined, name);
  }

  private async askVariable(incidentId: string, name: string, current?: string): Promise<string | undefined> {
    const { incidents } = loadLazyBundle();
    const incident = this.incidents.get(incidentId);
    const runbook = incident ? this.runbooks.find(incident.state.runbook.id) : undefined;
    const declared = runbook ? incidents.declaredVariable(runbook, name) : undefined;
    const hint = incidents.variablePrompt(declared, name);
    const secret = hint.password;
    const value = await this.prompter.input({
      title: `Placeholder {{${name}}}`,
      prompt: secret
        ? `${hint.prompt.replace(/[.\s]+$/, "")}. Kept in VS Code's secret storage, never written to the record or shown.`
        : `${hint.prompt.replace(/[.\s]+$/, "")}. Used in every command of this incident (recorded in the incident record).`,
      placeHolder: hint.placeholder || undefined,
      value: secret ? undefined : (current ?? hint.value),
      password: secret,
      ignoreFocusOut: true,
      validateInput: (v) => (v === '' ? 'Enter a value (Escape cancels).' : incidents.validateVariable(declared, v)),
    });
    if (value === undefined) return undefined;
    const result = await this.incidents.setVariable(incidentId, name, value, secret);
    if (!result.ok) {
      void vscode.window.showErrorMessage(result.message);
      return undefined;
    }
    return value;
  }

  /** The step and command of a message, looked up in the host's own parsed runbook: never taken from the message. */
  private findCommand(incidentId: string, stepId: string, commandIndex: number) {
    const incident = this.incidents.get(incidentId);
    const runbook = this.runbooks.find(incident?.state.runbook.id ?? '');
    const step = runbook?.phases.flatMap((p) => p.steps).find((s) => s.id === stepId);
    const command = step?.commands[commandIndex];
    return incident && runbook && step && command ? { incident, runbook, step, command } : undefined;
  }

  /**
   * The command text with every placeholder filled (asking once per incident for those not set),
   * each value quoted for `shell` (the shell that will read it; by default the block's own) or
   * escaped as SQL. Undefined when the person cancelled, the step/command does not exist, or a
   * value cannot be made literal where its placeholder stands (the person is told why).
   */
  private async resolveCommand(
    incidentId: string,
    stepId: string,
    commandIndex: number,
    shell?: 'posix' | 'fish' | 'powershell',
  ): Promise<{ incident: LoadedIncident; runbook: Runbook; command: Command; text: string; masked: string } | undefined> {
    const { incidents } = loadLazyBundle();
    const found = this.findCommand(incidentId, stepId, commandIndex);
    if (!found) return undefined;
    const { runbook, command } = found;
    let incident = found.incident;
    for (const name of incidents.findPlaceholders(command.code)) {
      if (this.incidents.values(incident)[name] !== undefined) continue;
      if ((await this.askVariable(incidentId, name)) === undefined) return undefined;
      incident = this.incidents.get(incidentId) ?? incident;
    }
    const values = this.incidents.values(incident);
    const filled = incidents.fillPlaceholders(command.code, values, incidents.fillOptionsFor(command.language, runbook, shell));
    if (filled.invalid.length || filled.missing.length) {
      const names = [...filled.invalid, ...filled.missing].map((n) => `{{${n}}}`).join(', ');
      this.refuse(
        incidentId,
        stepId,
        filled.invalid.length
          ? `The value of ${names} cannot be quoted safely where it stands in this command (only letters, digits and _ @ % + = : , . / - are accepted there). Change it with "Placeholders…".`
          : `${names} has no value.`,
      );
      return undefined;
    }
    // Trailing whitespace-only lines go: invisible in the view, and an Enter in a terminal.
    const text = incidents.trimCommandText(filled.text);
    return { incident, runbook, command, text, masked: incidents.maskSecrets(text, values, incident.state.secretVariables) };
  }

  async copyCommand(incidentId: string, stepId: string, commandIndex: number): Promise<void> {
    const resolved = await this.resolveCommand(incidentId, stepId, commandIndex);
    if (!resolved) return;
    const { incidents } = loadLazyBundle();
    const { text } = resolved;
    await vscode.env.clipboard.writeText(text);
    const risk = incidents.assessCommand(text, resolved.command.language);
    const destructive = risk.destructive || resolved.command.destructive === true;
    await this.record(incidentId, { type: 'command-copied', stepId, commandIndex, text: resolved.masked, destructive });
    IncidentPanel.get(incidentId)?.post({ type: 'copied', stepId, commandIndex });
    if (destructive) {
      const why = [resolved.command.risk, ...risk.reasons].filter(Boolean).join(' ');
      void this.prompter.notify(`Copied a destructive command. ${why} Read it before you paste it.`, [], 'warning');
    }
  }

  /** Opens a block that no shell runs (SQL, Redis, Java, properties...) in an untitled editor of its language. */
  async openCommandInEditor(incidentId: string, stepId: string, commandIndex: number): Promise<vscode.TextDocument | undefined> {
    const resolved = await this.resolveCommand(incidentId, stepId, commandIndex);
    if (!resolved) return undefined;
    const { incidents } = loadLazyBundle();
    const known = await vscode.languages.getLanguages();
    const id = incidents.editorLanguageId(resolved.command.language, known);
    const document = await vscode.workspace.openTextDocument({ language: id, content: `${resolved.text}\n` });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return document;
  }

  /** The checklist's "Change…": which terminal this incident's commands go to. */
  async chooseTerminal(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return;
    if (!terminalAllowed()) {
      this.refuse(incidentId, undefined, 'Restricted Mode: commands are not sent to a terminal until you trust this workspace.');
      return;
    }
    await this.terminals.choose(incidentId, incident.state.title, this.prompter);
  }

  /**
   * Types the command into the incident's terminal WITHOUT pressing Enter. Refused in Restricted
   * Mode and for blocks no shell runs; destructive commands (detected or declared) need a modal
   * confirmation showing the exact text; a block of several lines is written to a private script
   * file and the one line that runs it is typed (a line break would be Enter); control characters
   * are never sent.
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
    const { incidents } = loadLazyBundle();
    const found = this.findCommand(incidentId, stepId, commandIndex);
    if (!found) return;
    if (!incidents.isShellLanguage(found.command.language)) {
      this.refuse(incidentId, stepId, `This is a ${found.command.language} block, not a shell command: copy it, or open it in an editor.`);
      return;
    }
    const terminal = await this.terminals.target(incidentId, found.incident.state.title, this.prompter);
    if (!terminal) return this.refuse(incidentId, stepId, undefined);
    const choice = incidents.chooseInsertion(found.command.code, found.command.language, terminal.state.shell);
    const resolved = await this.resolveCommand(incidentId, stepId, commandIndex, choice.parsedBy);
    if (!resolved) return this.refuse(incidentId, stepId, undefined);
    const { text } = resolved;
    const risk = incidents.assessCommand(text, resolved.command.language);
    const decision = incidents.decideInsert({
      controlCharacters: risk.controlCharacters,
      detectedDestructive: risk.destructive,
      declaredDestructive: resolved.command.destructive === true,
      readable: risk.readable,
      mechanism: choice.mechanism,
      executeDirectly: executeDirectly(),
    });
    const shown = incidents.describeForConfirmation(resolved.masked);
    if (decision.kind === 'refuse') {
      const copy = await this.prompter.confirm(`This command is not sent to a terminal. ${decision.why}`, shown, 'Copy to Clipboard');
      if (copy) await this.copyCommand(incidentId, stepId, commandIndex);
      else this.refuse(incidentId, stepId, undefined);
      return;
    }
    const how =
      choice.mechanism === 'script'
        ? `Its ${text.split('\n').length} lines will be saved as a script and the line that runs it typed into the terminal "${terminal.name}"`
        : `It will be typed into the terminal "${terminal.name}"`;
    if (decision.confirm) {
      const reasons = [resolved.command.risk, ...risk.reasons].filter(Boolean).join(' ');
      const ok = await this.prompter.confirm(
        `Destructive command: ${reasons || 'the runbook marks it destructive.'} ${how}; nothing runs until you press Enter there.`,
        shown,
        'Insert into Terminal',
      );
      if (!ok) return this.refuse(incidentId, stepId, undefined);
    }
    if (terminal.exitStatus !== undefined) {
      return this.refuse(incidentId, stepId, `The terminal "${terminal.name}" was closed. Insert again to pick another.`);
    }
    let typed = text;
    let scriptPath: string | undefined;
    if (choice.mechanism === 'script') {
      const fileName = incidents.scriptFileName(incidentId, stepId, commandIndex, this.terminals.nextScriptNumber(), choice.scriptExtension ?? '.sh');
      try {
        scriptPath = this.terminals.writeScript(fileName, incidents.scriptContent(text));
      } catch (err) {
        return this.refuse(incidentId, stepId, `Could not write the command's script file: ${errorText(err)}. Copy it instead.`);
      }
      typed = incidents.scriptCommandLine(choice, scriptPath, terminal.state.shell);
    }
    // An earlier insert not run yet: typing now would append to it, and Enter would run both as one line.
    const left = this.terminals.leftTyped(terminal);
    const clearLine = left !== undefined && this.terminals.canClearLine(terminal);
    if (left !== undefined && !clearLine) {
      const go = await this.prompter.confirm(
        `The terminal "${terminal.name}" may still have an earlier command typed at its prompt, not run. Clear that line first (Ctrl-C or Ctrl-U there), or the new command is appended to it.`,
        incidents.describeForConfirmation(left),
        'Insert Anyway',
      );
      if (!go) return this.refuse(incidentId, stepId, undefined);
    }
    const execute = decision.execute;
    this.terminals.send(terminal, typed, execute, { incidentId, stepId, commandIndex, text: typed, ...(scriptPath ? { scriptPath } : {}) }, clearLine);
    this.sends.push({ incidentId, stepId, commandIndex, terminal: terminal.name, text: typed, executed: execute, mechanism: choice.mechanism, ...(scriptPath ? { scriptPath } : {}) });
    await this.record(incidentId, {
      type: execute ? 'command-executed' : 'command-inserted',
      stepId,
      commandIndex,
      text: resolved.masked,
      destructive: decision.confirm,
      terminal: terminal.name,
    });
    IncidentPanel.get(incidentId)?.post({ type: 'inserted', stepId, commandIndex, terminal: terminal.name });
    if (scriptPath) {
      const path = scriptPath;
      void this.prompter
        .notify(`Typed "${typed}" into "${terminal.name}": it runs the ${text.split('\n').length} lines shown in the checklist when you press Enter there.`, ['Show Script'])
        .then((choice) => (choice === 'Show Script' ? vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true, viewColumn: vscode.ViewColumn.Beside }) : undefined));
    }
  }

  /** A command shell integration saw run in a terminal that received one of this incident's commands. */
  private async recordRun(run: ObservedRun): Promise<void> {
    const incident = this.incidents.get(run.incidentId);
    if (!incident || incident.state.resolvedAt) return;
    const { incidents } = loadLazyBundle();
    const values = this.incidents.values(incident);
    const event = incidents.commandRanEvent(run, {
      by: incident.state.owner,
      captureOutput: captureOutput(),
      mask: (text: string) => incidents.maskCredentials(incidents.maskSecrets(text, values, incident.state.secretVariables)),
    });
    const result = await this.incidents.append(run.incidentId, [event]);
    if (!result.ok) void vscode.window.showErrorMessage(result.message);
  }

  /** Once per terminal and incident: the postmortem says which terminals' runs could not be recorded. */
  private async recordNoShellIntegration(incidentId: string, terminal: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident || incident.state.events.some((e) => e.type === 'shell-integration-unavailable' && e.terminal === terminal)) return;
    await this.incidents.append(incidentId, [{ type: 'shell-integration-unavailable', terminal, at: new Date().toISOString(), by: incident.state.owner }]);
  }

  terminalInfo(incidentId: string): TerminalInfo | undefined {
    return this.terminals.info(incidentId);
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
    const { incidents } = loadLazyBundle();
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
