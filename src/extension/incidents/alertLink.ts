// Alert links: `vscode://runbook-assistant.runbook-assistant/start?runbook=ID&title=…&var.x=…`
// starts (or, when the same alert fires again, focuses) an incident with placeholder values set;
// `/open?incident=ID` opens one. Everything in the link is checked as hostile input, and anyone
// can send a link: it says what it will start and asks first (a modal), never changes a running
// incident's values without asking, and says what Restricted Mode limits.
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
  const secret = (name: string): boolean => placeholders.isSecret(runbook, name) || incidents.isSecretName(name);
  const shown = (name: string, value: string): string => `${name} = ${secret(name) ? '•••• (secret)' : clip(value)}`;
  const linkValues = { ...variables, ...declaredSecrets };
  // The same alert firing again focuses its incident instead of starting a second one.
  const existing = host.incidents.active().find((i) => i.state.runbook.id === runbook.id && (title === undefined || i.state.title === title));
  if (existing) {
    const id = existing.state.id;
    const current = host.incidents.values(existing);
    const changes = Object.entries(linkValues).filter(([name, value]) => current[name] !== value);
    host.open(id);
    if (changes.length === 0) return host.incidents.get(id);
    // A link (an alert, or anyone's link) never changes a running incident's values unasked.
    const detail = [
      `The link has other placeholder values than the running incident "${existing.state.title}":`,
      ...changes.map(([name, value]) => `  ${name}: ${current[name] === undefined ? 'not set' : secret(name) ? '••••' : clip(current[name])} → ${secret(name) ? '•••• (secret)' : clip(value)}`),
      ...refusedLines(refused),
      '',
      'Change them only if this alert is about the same incident; the change goes into its record.',
    ].join('\n');
    if (await host.prompter.confirm(`Change placeholder values of "${existing.state.title}" from the alert link?`, detail, 'Change Values')) {
      for (const [name, value] of changes) await host.incidents.setVariable(id, name, value, placeholders.isSecret(runbook, name));
    }
    return host.incidents.get(id);
  }
  const values = Object.entries(linkValues);
  const detail = [
    `Runbook: ${runbook.title} (${runbook.id})`,
    `Title: ${title ?? runbook.title}`,
    values.length ? 'Placeholder values:' : 'No placeholder values.',
    ...values.map(([name, value]) => `  ${shown(name, value)}`),
    ...refusedLines(refused),
    '',
    'A record of the incident is written to .runbooks/incidents/ as it goes.',
    ...(vscode.workspace.isTrusted
      ? []
      : ['', 'Restricted Mode: this workspace is not trusted. The checklist and its record work, and commands can be copied, but nothing is inserted into or run in a terminal, and runbook folders named in workspace settings are not read. Trust the workspace to lift these limits.']),
  ].join('\n');
  if (!(await host.prompter.confirm('Start an incident from this alert link?', detail, 'Start'))) return undefined;
  const started = await start(runbook, { title, variables, origin: 'alert link' });
  if (started) {
    for (const [name, value] of Object.entries(declaredSecrets)) await host.incidents.setVariable(started.state.id, name, value, true);
  }
  return started && host.incidents.get(started.state.id);
}

function refusedLines(refused: string[]): string[] {
  return refused.length ? ['Refused (not used):', ...refused.map((r) => `  ${r}`)] : [];
}

/** A value as shown in a dialog: one line, at most 120 characters. */
function clip(value: string): string {
  const line = value.replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
