// Wires the risky-config linter into the editor: diagnostics, code actions and their commands.
// Registration is cheap; the engine loads with the first lint, after activate() has returned.
import * as vscode from 'vscode';
import type { RunbookEvidence } from '../../core/lint/findingsByStep';
import type { Finding } from '../../core/lint/types';
import { RunbookPanel, type RevealedStep } from '../runbookPanel';
import type { RunbookStore } from '../runbookStore';
import { LintCodeActionProvider, OPEN_RUNBOOK_AT_STEP_COMMAND, fixAllEdit } from './lintCodeActions';
import { LintDiagnostics, lintKindOf } from './lintDiagnostics';
import { LiveDatabaseSizes, type DatabaseSizesApi } from './liveDatabase';
import { WorkspaceFindings, type ScanStatus } from './workspaceFindings';

/** What the integration tests can see of the linter. */
export interface RiskyConfigLintingApi {
  /** The findings behind the diagnostics currently shown for `uri` (empty when none or not linted). */
  lintFindings(uri: vscode.Uri): Finding[];
  /** The step "Open runbook" last asked a panel to reveal, and whether the webview showed it. */
  lastRevealedStep(): RevealedStep | undefined;
  /** Table sizes from the live database: its state, and a refresh without the password prompt. */
  database: DatabaseSizesApi;
  /** The workspace scan's findings at a runbook's steps (starting the scan), once the scan running now has finished. */
  workspaceEvidence(runbookId: string, stepIds: readonly string[]): Promise<{ evidence: RunbookEvidence; status: ScanStatus }>;
}

export function registerRiskyConfigLinting(context: vscode.ExtensionContext, store: RunbookStore): RiskyConfigLintingApi {
  // The linter reads the live sizes without waiting; new sizes re-lint the open files.
  let live: LiveDatabaseSizes | undefined = undefined;
  const linter = new LintDiagnostics(context.extensionUri, () => live?.current());
  live = new LiveDatabaseSizes(context, () => linter.relintAll());
  // The background lint of the whole workspace, for the evidence at runbook steps; idle until a view asks.
  const workspaceFindings = new WorkspaceFindings(linter);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];
  context.subscriptions.push(
    linter,
    live,
    workspaceFindings,
    // Every file and untitled document: the provider itself skips what the linter does not read.
    vscode.languages.registerCodeActionsProvider(
      selector,
      new LintCodeActionProvider(linter, store, context.extensionUri),
      LintCodeActionProvider.metadata,
    ),
    vscode.commands.registerCommand(OPEN_RUNBOOK_AT_STEP_COMMAND, async (runbookId?: unknown, stepId?: unknown) => {
      if (typeof runbookId !== 'string') return;
      await store.whenLoaded();
      const rb = store.find(runbookId);
      if (!rb) {
        void vscode.window.showWarningMessage(`The runbook "${runbookId}" is not loaded (is runbookAssistant.showBundled off?).`);
        return;
      }
      RunbookPanel.show(context.extensionUri, store, rb, typeof stepId === 'string' ? stepId : undefined);
    }),
    vscode.commands.registerCommand('runbookAssistant.lint.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !lintKindOf(editor.document)) {
        void vscode.window.showInformationMessage('The risky-config linter does not check this file.');
        return;
      }
      const result = await linter.findingsFor(editor.document);
      const edit = result && (await fixAllEdit(editor.document, result.findings));
      if (!edit) {
        void vscode.window.showInformationMessage('No risky-config finding in this file has an automatic fix.');
        return;
      }
      await vscode.workspace.applyEdit(edit);
    }),
  );
  return {
    lintFindings: (uri) => [...(linter.lastResult(uri)?.findings ?? [])],
    lastRevealedStep: () => RunbookPanel.lastRevealedStep(),
    database: live.api(),
    workspaceEvidence: async (runbookId, stepIds) => {
      workspaceFindings.start();
      await workspaceFindings.whenScanned();
      return { evidence: workspaceFindings.evidenceFor(runbookId, stepIds), status: workspaceFindings.scanStatus() };
    },
  };
}
