// A checklist command leaving the checklist: copied, opened in an editor, or typed into the
// incident's terminal, and what shell integration then sees run there. What Insert may do is
// decided by the core's terminal policy (src/core/incident/terminalPolicy.ts); this file gathers
// the facts it asks for and carries out each step it answers.
import * as vscode from 'vscode';
import type { CommandFacts, InsertFacts, TerminalFacts } from '../../core/incident/terminalPolicy';
import { loadLazyBundle } from '../loadLazyBundle';
import { errorText, type IncidentHost } from './incidentHost';
import { IncidentPanel, captureOutput, executeDirectly, terminalAllowed } from './incidentPanel';
import type { FilledCommand, IncidentPlaceholders } from './incidentPlaceholders';
import { IncidentTerminals, type ObservedRun, type TerminalInfo } from './incidentTerminals';

/** One command typed into a terminal, as `onDidSend` reports it. */
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

export class IncidentCommands implements vscode.Disposable {
  private readonly terminals: IncidentTerminals;
  private readonly sent = new vscode.EventEmitter<TerminalSend>();
  private readonly disposables: vscode.Disposable[] = [this.sent];
  /** Fires after each command typed into a terminal (and recorded). */
  readonly onDidSend = this.sent.event;

  constructor(
    private readonly host: IncidentHost,
    private readonly placeholders: IncidentPlaceholders,
  ) {
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

  terminalInfo(incidentId: string): TerminalInfo | undefined {
    return this.terminals.info(incidentId);
  }

  async copy(incidentId: string, stepId: string, commandIndex: number): Promise<void> {
    const filled = await this.placeholders.fill(incidentId, stepId, commandIndex);
    if (!filled) return;
    const { incidents } = loadLazyBundle();
    await vscode.env.clipboard.writeText(filled.text);
    const risk = incidents.assessCommand(filled.text, filled.command.language);
    const copy = incidents.decideCopy({ detectedReasons: risk.reasons, declaredDestructive: filled.command.destructive === true, declaredRisk: filled.command.risk });
    await this.host.record(incidentId, { type: 'command-copied', stepId, commandIndex, text: filled.masked, destructive: copy.destructive });
    IncidentPanel.get(incidentId)?.post({ type: 'copied', stepId, commandIndex });
    if (copy.warning) void this.host.prompter.notify(copy.warning, [], 'warning');
  }

  /** Opens a block that no shell runs (SQL, Redis, Java, properties...) in an untitled editor of its language. */
  async openInEditor(incidentId: string, stepId: string, commandIndex: number): Promise<vscode.TextDocument | undefined> {
    const filled = await this.placeholders.fill(incidentId, stepId, commandIndex);
    if (!filled) return undefined;
    const { incidents } = loadLazyBundle();
    const known = await vscode.languages.getLanguages();
    const id = incidents.editorLanguageId(filled.command.language, known);
    const document = await vscode.workspace.openTextDocument({ language: id, content: `${filled.text}\n` });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return document;
  }

  /** The checklist's "Change…": which terminal this incident's commands go to. */
  async chooseTerminal(incidentId: string): Promise<void> {
    const incident = this.host.incidents.get(incidentId);
    if (!incident) return;
    const step = loadLazyBundle().incidents.decideTerminalChoice({ workspaceTrusted: terminalAllowed() });
    if (step.kind === 'refuse') return this.host.refuse(incidentId, undefined, step.why);
    await this.terminals.choose(incidentId, incident.state.title, this.host.prompter);
  }

  /**
   * Types the command into the incident's terminal, WITHOUT Enter unless the policy says so. A
   * block of several lines is written to a private script file and the one line that runs it is
   * typed (a line break would be Enter). Each step comes from `decideTerminalInsert`.
   */
  async insert(incidentId: string, stepId: string, commandIndex: number): Promise<void> {
    const { incidents } = loadLazyBundle();
    const found = this.placeholders.findCommand(incidentId, stepId, commandIndex);
    if (!found) return;
    const language = found.command.language;
    let terminal: vscode.Terminal | undefined;
    let filled: FilledCommand | undefined;
    let commandFacts: CommandFacts | undefined;
    const confirmed: NonNullable<InsertFacts['confirmed']> = {};
    for (;;) {
      const step = incidents.decideTerminalInsert({
        workspaceTrusted: terminalAllowed(),
        language,
        shellLanguage: incidents.isShellLanguage(language),
        executeDirectly: executeDirectly(),
        terminal: terminal && this.terminalFacts(terminal),
        command: commandFacts,
        confirmed,
      });
      switch (step.kind) {
        case 'refuse':
          if (step.offerCopy && filled) {
            const copy = await this.host.prompter.confirm(step.why, incidents.describeForConfirmation(filled.masked), 'Copy to Clipboard');
            if (copy) return this.copy(incidentId, stepId, commandIndex);
            return this.host.refuse(incidentId, stepId, undefined);
          }
          return this.host.refuse(incidentId, stepId, step.why);
        case 'pick-terminal':
          terminal = await this.terminals.target(incidentId, found.incident.state.title, this.host.prompter);
          if (!terminal) return this.host.refuse(incidentId, stepId, undefined);
          break;
        case 'fill-command': {
          const choice = incidents.chooseInsertion(found.command.code, language, terminal?.state.shell);
          filled = await this.placeholders.fill(incidentId, stepId, commandIndex, choice.parsedBy);
          if (!filled) return this.host.refuse(incidentId, stepId, undefined);
          const risk = incidents.assessCommand(filled.text, language);
          commandFacts = {
            controlCharacters: risk.controlCharacters,
            detectedReasons: risk.destructive ? risk.reasons : [],
            declaredDestructive: filled.command.destructive === true,
            declaredRisk: filled.command.risk,
            readable: risk.readable,
            mechanism: choice.mechanism,
            lines: filled.text.split('\n').length,
          };
          break;
        }
        case 'confirm': {
          const shown =
            step.about === 'lineLeftTyped' && terminal
              ? incidents.describeForConfirmation(this.terminals.leftTyped(terminal) ?? '')
              : incidents.describeForConfirmation(filled?.masked ?? '');
          if (!(await this.host.prompter.confirm(step.message, shown, step.action))) return this.host.refuse(incidentId, stepId, undefined);
          confirmed[step.about] = true;
          break;
        }
        case 'send':
          if (!terminal || !filled) return;
          return this.send({ incidentId, stepId, commandIndex }, terminal, filled, step);
      }
    }
  }

  private terminalFacts(terminal: vscode.Terminal): TerminalFacts {
    return {
      name: terminal.name,
      closed: terminal.exitStatus !== undefined,
      lineLeftTyped: this.terminals.leftTyped(terminal) !== undefined,
      canClearLine: this.terminals.canClearLine(terminal),
    };
  }

  private async send(
    at: { incidentId: string; stepId: string; commandIndex: number },
    terminal: vscode.Terminal,
    filled: FilledCommand,
    step: { execute: boolean; clearLineFirst: boolean; destructive: boolean },
  ): Promise<void> {
    const { incidents } = loadLazyBundle();
    const { incidentId, stepId, commandIndex } = at;
    const choice = incidents.chooseInsertion(filled.command.code, filled.command.language, terminal.state.shell);
    let typed = filled.text;
    let scriptPath: string | undefined;
    if (choice.mechanism === 'script') {
      const fileName = incidents.scriptFileName(incidentId, stepId, commandIndex, this.terminals.nextScriptNumber(), choice.scriptExtension ?? '.sh');
      try {
        scriptPath = this.terminals.writeScript(fileName, incidents.scriptContent(filled.text));
      } catch (err) {
        return this.host.refuse(incidentId, stepId, `Could not write the command's script file: ${errorText(err)}. Copy it instead.`);
      }
      typed = incidents.scriptCommandLine(choice, scriptPath, terminal.state.shell);
    }
    const script = scriptPath ? { scriptPath } : {};
    this.terminals.send(terminal, typed, step.execute, { incidentId, stepId, commandIndex, text: typed, ...script }, step.clearLineFirst);
    this.sent.fire({ incidentId, stepId, commandIndex, terminal: terminal.name, text: typed, executed: step.execute, mechanism: choice.mechanism, ...script });
    await this.host.record(incidentId, {
      type: step.execute ? 'command-executed' : 'command-inserted',
      stepId,
      commandIndex,
      text: filled.masked,
      destructive: step.destructive,
      terminal: terminal.name,
    });
    IncidentPanel.get(incidentId)?.post({ type: 'inserted', stepId, commandIndex, terminal: terminal.name });
    if (scriptPath) {
      const path = scriptPath;
      const lines = filled.text.split('\n').length;
      void this.host.prompter
        .notify(`Typed "${typed}" into "${terminal.name}": it runs the ${lines} lines shown in the checklist when you press Enter there.`, ['Show Script'])
        .then((choice) => (choice === 'Show Script' ? vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true, viewColumn: vscode.ViewColumn.Beside }) : undefined));
    }
  }

  /** A command shell integration saw run in a terminal that received one of this incident's commands. */
  private async recordRun(run: ObservedRun): Promise<void> {
    const incident = this.host.incidents.get(run.incidentId);
    if (!incident || incident.state.resolvedAt) return;
    const { incidents } = loadLazyBundle();
    const values = this.host.incidents.values(incident);
    const event = incidents.commandRanEvent(run, {
      by: incident.state.owner,
      captureOutput: captureOutput(),
      mask: (text: string) => incidents.maskCredentials(incidents.maskSecrets(text, values, incident.state.secretVariables)),
    });
    const result = await this.host.incidents.append(run.incidentId, [event]);
    if (!result.ok) void vscode.window.showErrorMessage(result.message);
  }

  /** Once per terminal and incident: the postmortem says which terminals' runs could not be recorded. */
  private async recordNoShellIntegration(incidentId: string, terminal: string): Promise<void> {
    const incident = this.host.incidents.get(incidentId);
    if (!incident || incident.state.events.some((e) => e.type === 'shell-integration-unavailable' && e.terminal === terminal)) return;
    await this.host.incidents.append(incidentId, [{ type: 'shell-integration-unavailable', terminal, at: new Date().toISOString(), by: incident.state.owner }]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
