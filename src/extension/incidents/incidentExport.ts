// The postmortem draft (Markdown and HTML) written next to the incident record.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadLazyBundle } from '../loadLazyBundle';
import { errorText, type IncidentHost } from './incidentHost';

/** Writes the draft into `postmortems/` beside the record and opens the Markdown. */
export async function exportPostmortem(host: IncidentHost, incidentId: string): Promise<{ markdown: vscode.Uri; html: vscode.Uri } | undefined> {
  const incident = host.incidents.get(incidentId);
  if (!incident) return undefined;
  const { incidents } = loadLazyBundle();
  const runbook = host.runbooks.find(incident.state.runbook.id);
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
