// What the runbook and checklist panels need of the workspace scan: their runbook's findings, posted
// after each drawing and whenever they change, and "open this finding" handled. Each panel keeps one
// feed; the scan itself (workspaceFindings.ts) starts with the first feed shown.
import * as vscode from 'vscode';
import type { CauseSubject, RunbookEvidence, StepEvidence } from '../../core/lint/findingsByStep';
import type { EvidenceMessage, HostMessage, WebviewMessage } from '../../shared/protocol';
import { loadLazyBundle, type LazyBundle } from '../loadLazyBundle';
import { WorkspaceFindings, type EvidenceTarget } from './workspaceFindings';

/** The runbook a view shows, the steps it draws, its causes, and which causes may cite a finding now. */
export interface EvidenceSubject {
  runbookId: string;
  stepIds: readonly string[];
  causes?: readonly CauseSubject[];
  citable?: readonly string[];
}

/** The causes of a runbook's steps, each with the steps whose findings bear on it (core: causeSubjects). */
export function causeSubjects(steps: Parameters<LazyBundle['evidence']['causeSubjects']>[0]): CauseSubject[] {
  return loadLazyBundle().evidence.causeSubjects(steps);
}

export class EvidenceFeed implements vscode.Disposable {
  private lastPosted = '';
  private shownOnce = false;
  private subscription: vscode.Disposable | undefined;

  constructor(
    private readonly subject: () => EvidenceSubject | undefined,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** The view drew its runbook anew (its evidence is gone with the old page): post it again. */
  shown(): void {
    const source = WorkspaceFindings.instance();
    if (!source) return;
    // Subscribed on first use: a panel restored after a reload may be made before the linter is.
    this.subscription ??= source.onDidChange(() => this.refresh(false));
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

  /** The incident changed (a cause confirmed, the incident resolved): post what changed for the view. */
  changed(): void {
    if (this.shownOnce) this.refresh(false);
  }

  private refresh(force: boolean): void {
    const subject = this.subject();
    const evidence = this.current();
    if (!subject || !evidence) return;
    const status = WorkspaceFindings.instance()?.scanStatus();
    const note = status?.truncated ? `The workspace check ${status.truncated}: findings in the files after that are not shown.` : undefined;
    const { evidenceAt } = loadLazyBundle().evidence;
    const causes: Record<string, StepEvidence[]> = {};
    for (const cause of subject.causes ?? []) {
      const related = evidenceAt(evidence, cause.related);
      if (related.length > 0) causes[cause.id] = related;
    }
    const citable = (subject.citable ?? []).filter((id) => causes[id] !== undefined);
    const message: EvidenceMessage = {
      type: 'evidence',
      evidence,
      ...(note ? { note } : {}),
      ...(Object.keys(causes).length > 0 ? { causes } : {}),
      ...(citable.length > 0 ? { citable } : {}),
    };
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
