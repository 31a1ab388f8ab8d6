// The "Get started" walkthrough: shown once on first use, and its steps checked off however the
// thing was done. VS Code's own `onCommand:` completion only sees commands run from the workbench
// (palette, menus, links), not those the extension runs itself (the runbook view's Start
// Incident button, an alert link), so each step also completes on a context key set here.
import * as vscode from 'vscode';
import type { RunbookStore } from './runbookStore';

export const WALKTHROUGH_ID = 'runbookAssistant.gettingStarted';

/** The context keys the walkthrough's `onContext:` completion events name (package.json). */
export const WALKTHROUGH_CONTEXT = {
  runbookOpened: 'runbookAssistant.walkthrough.runbookOpened',
  incidentOpened: 'runbookAssistant.walkthrough.incidentOpened',
  workspaceRunbook: 'runbookAssistant.walkthrough.workspaceRunbook',
} as const;

const SHOWN_KEY = 'runbookAssistant.walkthroughShown';

/**
 * Opens the walkthrough on the first activation ever (remembered in globalState), unless VS Code's
 * own "open walkthroughs on install" setting is off (the test launchers turn it off) or the
 * extension runs under a test launcher.
 */
export async function showWalkthroughOnFirstUse(context: vscode.ExtensionContext): Promise<void> {
  if (context.extensionMode === vscode.ExtensionMode.Test) return;
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return;
  await context.globalState.update(SHOWN_KEY, true);
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/** Sets the walkthrough's context keys when a runbook or an incident checklist is open, and when the workspace has a runbook. */
export function trackWalkthroughProgress(store: RunbookStore): vscode.Disposable {
  const set = (key: string): void => void vscode.commands.executeCommand('setContext', key, true);
  const seen = new Set<string>();
  const once = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    set(key);
  };
  const checkTabs = (): void => {
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (!(tab.input instanceof vscode.TabInputWebview)) continue;
      // Extension webviews' view types come prefixed ("mainThreadWebview-runbookAssistant.runbook").
      if (tab.input.viewType.endsWith('runbookAssistant.runbook')) once(WALKTHROUGH_CONTEXT.runbookOpened);
      if (tab.input.viewType.endsWith('runbookAssistant.incident')) once(WALKTHROUGH_CONTEXT.incidentOpened);
    }
  };
  const checkRunbooks = (): void => {
    if (store.runbooks().some((r) => r.source.kind === 'workspace')) once(WALKTHROUGH_CONTEXT.workspaceRunbook);
  };
  checkTabs();
  checkRunbooks();
  return vscode.Disposable.from(vscode.window.tabGroups.onDidChangeTabs(checkTabs), store.onDidChange(checkRunbooks));
}
