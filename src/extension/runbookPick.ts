// The quick pick of runbooks shared by "Open Runbook…" and "Start Incident…".
import * as vscode from 'vscode';
import type { Runbook } from '../core/runbook/runbookModel';
import { pickOne } from './quickInput';
import type { RunbookStore } from './runbookStore';

export async function pickRunbook(store: RunbookStore, title: string): Promise<Runbook | undefined> {
  const items = store
    .runbooks()
    .slice()
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((rb) => ({
      label: rb.title,
      description: rb.tags.join(', '),
      detail: rb.symptom,
      runbook: rb,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No runbooks found. Create one with "Runbook: New Runbook".');
    return undefined;
  }
  const picked = await pickOne(items, {
    title,
    placeHolder: 'Type a symptom, a title or a tag',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.runbook;
}
