// Alert links: `vscode://runbook-assistant.runbook-assistant/start?runbook=ID&title=…&var.x=…`
// starts (or, when the same alert fires again, focuses) an incident with placeholder values set;
// `/open?incident=ID` opens one. Everything in the link is checked as hostile input.
import * as vscode from 'vscode';
import type { Runbook } from '../../core/runbook/runbookModel';
import { loadLazyBundle } from '../loadLazyBundle';
import { type IncidentHost, validateOneLine } from './incidentHost';
import type { IncidentPlaceholders } from './incidentPlaceholders';
import type { LoadedIncident } from './incidentStore';

export type StartIncident = (runbook: Runbook, o: { title?: string; variables?: Record<string, string>; origin: string }) => Promise<LoadedIncident | undefined>;

export async function handleAlertLink(
  host: IncidentHost,
  placeholders: IncidentPlaceholders,
  start: StartIncident,
  uri: vscode.Uri,
): Promise<LoadedIncident | undefined> {
  const { incidents } = loadLazyBundle();
  const query = new URLSearchParams(uri.query);
  if (uri.path === '/open') {
    const id = query.get('incident') ?? '';
    if (host.incidents.get(id)) host.open(id);
    else void vscode.window.showWarningMessage(`No incident "${id.slice(0, 80)}" in this window.`);
    return host.incidents.get(id);
  }
  if (uri.path !== '/start') {
    void vscode.window.showWarningMessage(`Runbook Assistant links are /start?runbook=ID or /open?incident=ID, not ${uri.path.slice(0, 80)}.`);
    return undefined;
  }
  await host.runbooks.whenLoaded();
  await host.incidents.whenLoaded();
  const runbookId = query.get('runbook') ?? '';
  const runbook = host.runbooks.find(runbookId);
  if (!runbook) {
    void vscode.window.showErrorMessage(`The alert link names the runbook "${runbookId.slice(0, 80)}", which is not in the Runbook Library.`);
    return undefined;
  }
  const title = query.get('title')?.trim() || undefined;
  const badTitle = title && validateOneLine(title, 'The title');
  if (badTitle) {
    void vscode.window.showErrorMessage(`The alert link's title is refused: ${badTitle}`);
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
    else if (placeholders.isSecret(runbook, name) && !incidents.isSecretName(name)) declaredSecrets[name] = value;
    else variables[name] = value;
  }
  if (refused.length) void vscode.window.showWarningMessage(`Placeholder values from the alert link were refused: ${refused.join('; ')}`);
  // The same alert firing again focuses its incident instead of starting a second one.
  const existing = host.incidents.active().find((i) => i.state.runbook.id === runbook.id && (title === undefined || i.state.title === title));
  const setAll = async (id: string, values: Record<string, string>): Promise<void> => {
    for (const [name, value] of Object.entries(values)) {
      const incident = host.incidents.get(id);
      if (incident && host.incidents.values(incident)[name] !== value) await host.incidents.setVariable(id, name, value, placeholders.isSecret(runbook, name));
    }
  };
  if (existing) {
    await setAll(existing.state.id, { ...variables, ...declaredSecrets });
    host.open(existing.state.id);
    return host.incidents.get(existing.state.id);
  }
  const started = await start(runbook, { title, variables, origin: 'alert link' });
  if (started) await setAll(started.state.id, declaredSecrets);
  return started && host.incidents.get(started.state.id);
}
