// What the runbook and checklist panels need of the workspace scan: their runbook's findings, posted
// after each drawing and whenever they change, and "open this finding" handled. Each panel keeps one
// feed; the scan itself (workspaceFindings.ts) starts with the first feed shown.
import * as vscode from 'vscode';
import type { RunbookEvidence } from '../../core/lint/findingsByStep';
import type { EvidenceMessage, HostMessage, WebviewMessage } from '../../shared/protocol';
import { WorkspaceFindings, type EvidenceTarget } from './workspaceFindings';

/** The runbook a view shows and the steps it draws. */
export interface EvidenceSubject {
  runbookId: string;
  stepIds: readonly string[];
}

export class EvidenceFeed implements vscode.Disposable {
  private lastPosted = '';
  private shownOnce = false;
  private readonly subscription: vscode.Disposable | undefined;

  constructor(
    private readonly subject: () => EvidenceSubject | undefined,
    private readonly post: (message: HostMessage) => void,
  ) {
    this.subscription = WorkspaceFindings.instance()?.onDidChange(() => {
      if (this.shownOnce) this.refresh(false);
    });
  }

  /** The view drew its runbook anew (its evidence is gone with the old page): post it again. */
  shown(): void {
    const source = WorkspaceFindings.instance();
    if (!source) return;
    source.start();
    this.shownOnce = true;
    this.refresh(true);
  }

  /** The findings as last computed for this view, for the tests and the cause confirmation. */
  current(): RunbookEvidence | undefined {
    const subject = this.subject();
    return subject && WorkspaceFindings.instance()?.evidenceFor(subject.runbookId, subject.stepIds);
  }

  /** Handles the evidence messages of the view; false for any other message. */
  async handle(message: WebviewMessage): Promise<boolean> {
    if (message.type !== 'openEvidence') return false;
    await openEvidence(WorkspaceFindings.instance()?.target(message.key));
    return true;
  }

  private refresh(force: boolean): void {
    const evidence = this.current();
    if (!evidence) return;
    const status = WorkspaceFindings.instance()?.scanStatus();
    const note = status?.truncated ? `The workspace check ${status.truncated}: findings in the files after that are not shown.` : undefined;
    const message: EvidenceMessage = { type: 'evidence', evidence, ...(note ? { note } : {}) };
    const signature = JSON.stringify(message);
    if (!force && signature === this.lastPosted) return;
    this.lastPosted = signature;
    this.post(message);
  }

  dispose(): void {
    this.subscription?.dispose();
  }
}

/** Opens the finding's file with its line selected; says so when the finding has changed since it was shown. */
export async function openEvidence(target: EvidenceTarget | undefined): Promise<void> {
  if (!target) {
    void vscode.window.showWarningMessage('That finding is no longer in the workspace as shown: its file changed. The view shows the findings as they are now.');
    return;
  }
  const line = Math.max(0, target.finding.line - 1);
  const column = Math.max(0, target.finding.column - 1);
  const document = await vscode.workspace.openTextDocument(target.uri);
    // Beside the view: the runbook or checklist stays in sight while the file is read.
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, column, line, column), preview: true, viewColumn: vscode.ViewColumn.Beside });
}
