// Placeholder values of an incident: asked once per incident (secrets into VS Code's secret
// storage), edited from "Placeholders…", and filled into a command's text, quoted for the shell
// that will read it.
import * as vscode from 'vscode';
import type { Command, Runbook } from '../../core/runbook/runbookModel';
import { loadLazyBundle } from '../loadLazyBundle';
import { pickOne } from '../quickInput';
import type { IncidentHost } from './incidentHost';
import type { LoadedIncident } from './incidentStore';

/** A checklist command with its placeholders filled; `masked` hides the secret values, for the record and dialogs. */
export interface FilledCommand {
  incident: LoadedIncident;
  runbook: Runbook;
  command: Command;
  text: string;
  masked: string;
}

export class IncidentPlaceholders {
  constructor(private readonly host: IncidentHost) {}

  /** A declared variable's `secret`, else what its name says. */
  isSecret(runbook: Runbook | undefined, name: string): boolean {
    const { incidents } = loadLazyBundle();
    return incidents.isSecretVariable(runbook ? incidents.declaredVariable(runbook, name) : undefined, name);
  }

  /** Asks for each placeholder the runbook uses, showing the current value. */
  async edit(incidentId: string): Promise<void> {
    const incident = this.host.incidents.get(incidentId);
    if (!incident) return;
    const { incidents } = loadLazyBundle();
    const runbook = this.host.runbooks.find(incident.state.runbook.id);
    const names = runbook ? incidents.runbookPlaceholders(runbook) : Object.keys(incident.state.variables);
    if (names.length === 0) {
      void vscode.window.showInformationMessage('This runbook has no {{placeholders}} in its commands.');
      return;
    }
    const values = this.host.incidents.values(incident);
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
    if (picked) await this.ask(incidentId, picked.name, values[picked.name]);
  }

  async ask(incidentId: string, name: string, current?: string): Promise<string | undefined> {
    const { incidents } = loadLazyBundle();
    const incident = this.host.incidents.get(incidentId);
    const runbook = incident ? this.host.runbooks.find(incident.state.runbook.id) : undefined;
    const declared = runbook ? incidents.declaredVariable(runbook, name) : undefined;
    const hint = incidents.variablePrompt(declared, name);
    const secret = hint.password;
    const value = await this.host.prompter.input({
      title: `Placeholder {{${name}}}`,
      prompt: secret
        ? `${hint.prompt.replace(/[.\s]+$/, '')}. Kept in VS Code's secret storage, never written to the record or shown.`
        : `${hint.prompt.replace(/[.\s]+$/, '')}. Used in every command of this incident (recorded in the incident record).`,
      placeHolder: hint.placeholder || undefined,
      value: secret ? undefined : (current ?? hint.value),
      password: secret,
      ignoreFocusOut: true,
      validateInput: (v) => (v === '' ? 'Enter a value (Escape cancels).' : incidents.validateVariable(declared, v)),
    });
    if (value === undefined) return undefined;
    const result = await this.host.incidents.setVariable(incidentId, name, value, secret);
    if (!result.ok) {
      void vscode.window.showErrorMessage(result.message);
      return undefined;
    }
    return value;
  }

  /** The step and command of a message, looked up in the host's own parsed runbook: never taken from the message. */
  findCommand(incidentId: string, stepId: string, commandIndex: number) {
    const incident = this.host.incidents.get(incidentId);
    const runbook = this.host.runbooks.find(incident?.state.runbook.id ?? '');
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
  async fill(incidentId: string, stepId: string, commandIndex: number, shell?: 'posix' | 'fish' | 'powershell'): Promise<FilledCommand | undefined> {
    const { incidents } = loadLazyBundle();
    const found = this.findCommand(incidentId, stepId, commandIndex);
    if (!found) return undefined;
    const { runbook, command } = found;
    let incident = found.incident;
    for (const name of incidents.findPlaceholders(command.code)) {
      if (this.host.incidents.values(incident)[name] !== undefined) continue;
      if ((await this.ask(incidentId, name)) === undefined) return undefined;
      incident = this.host.incidents.get(incidentId) ?? incident;
    }
    const values = this.host.incidents.values(incident);
    const filled = incidents.fillPlaceholders(command.code, values, incidents.fillOptionsFor(command.language, runbook, shell));
    if (filled.invalid.length || filled.missing.length) {
      const names = [...filled.invalid, ...filled.missing].map((n) => `{{${n}}}`).join(', ');
      this.host.refuse(
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
}
