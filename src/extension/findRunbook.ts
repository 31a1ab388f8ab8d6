// "Runbook: Find Runbook for Alert…": paste an alert title, an error message or a chat line, see
// the runbooks ranked by the search engine with why each matched, and open one with Enter.
import * as vscode from 'vscode';
import type { Runbook } from '../core/runbook/runbookModel';
import { showUntilAnswered } from './quickInput';
import type { LibrarySearch } from './runbookSearch';
import type { RunbookStore } from './runbookStore';

const MAX_ITEMS = 20;
// The value of DEFAULT_MIN_RELATIVE_SCORE (src/core/search): a type-only import keeps the engine
// out of the activation bundle.
const MIN_RELATIVE_SCORE = 0.1;

interface RunbookItem extends vscode.QuickPickItem {
  runbook: Runbook;
}

function itemsFor(store: RunbookStore, search: LibrarySearch, query: string): RunbookItem[] {
  if (query.trim() === '') {
    return store
      .runbooks()
      .slice()
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((rb) => ({ label: rb.title, description: rb.id, detail: rb.symptom, runbook: rb }));
  }
  return search.search(query, { limit: MAX_ITEMS, minRelativeScore: MIN_RELATIVE_SCORE }).map((hit) => ({
    label: hit.runbook.title,
    description: hit.runbook.id,
    detail: `$(search) ${search.describe(hit)}`,
    // Ranked by the engine, not by the pick's own label filter: every hit stays, in our order.
    alwaysShow: true,
    runbook: hit.runbook,
  }));
}

/** Asks for the alert text and resolves to the runbook picked, or undefined. */
export async function findRunbookForAlert(store: RunbookStore, search: LibrarySearch, initialQuery = ''): Promise<Runbook | undefined> {
  await store.whenLoaded();
  const pick = vscode.window.createQuickPick<RunbookItem>();
  pick.title = 'Find Runbook for Alert';
  pick.placeholder = 'Paste an alert title, an error message or a chat line, e.g. "x509: certificate has expired"';
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  const update = (value: string): void => {
    pick.items = itemsFor(store, search, value);
    pick.title = value.trim() && pick.items.length === 0 ? 'Find Runbook for Alert: no runbook matches' : 'Find Runbook for Alert';
  };
  pick.value = initialQuery;
  update(initialQuery);
  return new Promise<Runbook | undefined>((resolve) => {
    let answer: Runbook | undefined;
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      answer = (pick.selectedItems[0] ?? pick.activeItems[0])?.runbook;
      if (answer) pick.hide();
    });
    showUntilAnswered(pick, () => answer !== undefined, () => resolve(answer));
  });
}
